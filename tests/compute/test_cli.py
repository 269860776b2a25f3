"""``metricsmith compute`` end to end through ``metricsmith.cli.main``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from metricsmith.cli import main
from metricsmith.io.project_file import load_project, save_project

from .conftest import make_project, write_csv


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "shop.json"
    project = make_project("average_order_value", "return_rate_by_reason", "nps")
    project.metrics.append(project.metrics[0].model_copy(update={"id": "calls", "name": "Calls made", "catalog_id": None}))
    save_project(project, path)
    return path


def test_compute_records_actuals_with_period_and_segments(project_file: Path, orders_csv: Path, capsys) -> None:
    code = main(["compute", str(project_file), "--data", str(orders_csv), "--period", "2026-10", "--segment", "region"])
    out = capsys.readouterr().out
    assert code == 0
    assert "average_order_value: 200" in out and "from 6 rows of orders" in out
    assert "excluded 1 rows: cancelled orders (first at line 6)" in out
    assert "nps: needs table surveys in --data" in out
    assert "Calls made: no definition for this metric" in out
    project = load_project(project_file)
    aov = project.metric("average_order_value")
    assert aov.actual == pytest.approx(200.0)
    (obs,) = aov.history
    assert (obs.date, obs.period, obs.source) == (dt.date(2026, 10, 31), "2026-10", "compute")
    assert obs.note == "by segment — North: 150; South: 250"
    assert project.metric("nps").actual is None


def test_compute_as_baseline_is_idempotent(project_file: Path, orders_csv: Path) -> None:
    for _ in range(2):
        assert main(["compute", str(project_file), "--data", str(orders_csv), "--period", "2026-10", "--as", "baseline"]) == 0
    project = load_project(project_file)
    returns = project.metric("return_rate_by_reason")
    assert returns.baseline == pytest.approx(50.0) and returns.history == []


def test_failure_leaves_the_project_untouched(project_file: Path, tmp_path: Path, capsys) -> None:
    before = project_file.read_bytes()
    bad = write_csv(tmp_path / "orders.csv", ["order id", "customer", "date", "amount"],
                    [[1, "a", "2026-10-01", 10], [1, "b", "2026-10-02", 20]])
    assert main(["compute", str(project_file), "--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3" in err and "duplicate order id" in err and "Traceback" not in err
    assert project_file.read_bytes() == before


def test_nothing_computed_is_an_error_and_writes_nothing(project_file: Path, tmp_path: Path, capsys) -> None:
    before = project_file.read_bytes()
    events = write_csv(tmp_path / "events.csv", ["customer", "event", "timestamp"], [["a", "login", "2026-10-01"]])
    assert main(["compute", str(project_file), "--data", str(events)]) == 2
    assert "Nothing was computed" in capsys.readouterr().err
    assert project_file.read_bytes() == before


def test_dry_run_map_file_and_russian_output(tmp_path: Path, capsys) -> None:
    path = tmp_path / "магазин.json"
    save_project(make_project("average_order_value", language="ru"), path)
    before = path.read_bytes()
    data = write_csv(tmp_path / "выгрузка.csv", ["Покупатель", "Документ", "Дата", "Итого, ₽"],
                     [["Анна", "Д-1", "01.10.2026", "1 500"], ["Борис", "Д-2", "02.10.2026", "500"]], sep=";")
    map_file = tmp_path / "map.yaml"
    map_file.write_text("orders.order_id: Документ\n", encoding="utf-8")
    assert main(["compute", str(path), "--data", str(data), "--map-file", str(map_file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Рассчитано (1):" in out and "average_order_value: 1000" in out
    assert path.read_bytes() == before


def test_bad_period_and_bad_map(project_file: Path, orders_csv: Path, capsys) -> None:
    assert main(["compute", str(project_file), "--data", str(orders_csv), "--period", "October"]) == 2
    assert "cannot read the period 'October'" in capsys.readouterr().err
    assert main(["compute", str(project_file), "--data", str(orders_csv), "--map", "orders.sum=Сумма"]) == 2
    assert "unknown column 'orders.sum'" in capsys.readouterr().err
