"""Bad values get one line naming file, row and field, never a traceback (issue 14, defects 8–10)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from metricsmith.io.project_file import load_project, save_project
from metricsmith.models.metric import Metric
from metricsmith.models.project import Project

PROFILE = "language: en\nbusiness: {name: Tidy, description: Office cleaning, industry: services}\n"


@pytest.mark.parametrize("answer", ["known_numbers: {NPS: .inf}", "known_numbers: {NPS: .nan}",
                                    "known_numbers: {NPS: -.inf}", "monetisation: {average_check: .inf}"])
def test_non_finite_profile_numbers_are_refused(tmp_path, cli, refused, answer):
    (tmp_path / "p.yaml").write_text(PROFILE + answer + "\n", encoding="utf-8")
    line = refused(cli("propose", "p.yaml"))
    assert "p.yaml" in line and "not a finite number" in line
    assert not (tmp_path / "p.json").exists()


def test_a_400_digit_answer_is_text_not_infinity(tmp_path, cli):
    (tmp_path / "p.yaml").write_text(PROFILE + f"known_numbers: {{NPS: '{'9' * 400}'}}\n", encoding="utf-8")
    assert cli("propose", "p.yaml", "--quiet").returncode == 0
    text = (tmp_path / "p.json").read_text(encoding="utf-8")
    assert "Infinity" not in text and "NaN" not in text
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in the project"))


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    project = Project(profile={"language": "en"},
                      metrics=[Metric(id="aov", name="AOV", catalog_id="average_order_value")])
    save_project(project, tmp_path / "shop.json")
    return tmp_path / "shop.json"


@pytest.mark.parametrize("amount", ["nan", "inf", "-inf", "1e400", "NaN", "Infinity"])
def test_compute_refuses_non_finite_amounts_with_line_and_field(tmp_path, shop, cli, refused, amount):
    (tmp_path / "o.csv").write_text(f"order_id,customer,date,amount,status\n1,c1,2026-10-05,200,done\n"
                                    f"2,c2,2026-10-07,{amount},done\n", encoding="utf-8")
    line = refused(cli("compute", "shop.json", "--data", "o.csv"))
    assert "o.csv:3" in line and "field 'amount'" in line
    assert load_project(shop).metric("aov").history == []


def _orders_parquet(path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 400
    table = pa.table({"order_id": list(range(n)), "customer": [f"c{i % 37}" for i in range(n)],
                      "date": [dt.date(2026, 1, 1) + dt.timedelta(days=i % 300) for i in range(n)],
                      "amount": [float(10 + i % 90) for i in range(n)], "status": ["done"] * n})
    pq.write_table(table, path, compression="NONE", use_dictionary=False)
    return path


def test_parquet_with_flipped_bytes_never_crashes(tmp_path, shop, cli):
    good = _orders_parquet(tmp_path / "good.parquet").read_bytes()
    outcomes = set()
    for offset in range(4, len(good) - 8, max(1, len(good) // 40)):
        damaged = bytearray(good)
        for i in range(offset, min(len(good), offset + 12)):
            damaged[i] ^= 0xA5
        (tmp_path / "bad.parquet").write_bytes(bytes(damaged))
        result = cli("compute", "shop.json", "--data", "bad.parquet", "--dry-run", "--period", "2026-10")
        assert result.returncode in (0, 2), result.stderr[-1500:]
        assert "Traceback" not in result.stderr
        if result.returncode == 2:
            assert len(result.stderr.strip().splitlines()) == 1
        outcomes.add(result.returncode)
    assert 2 in outcomes


def test_parquet_with_zeroed_values_is_detected(tmp_path, shop, cli, refused):
    import pyarrow.parquet as pq

    path = _orders_parquet(tmp_path / "orders.parquet")
    chunk = pq.ParquetFile(path).metadata.row_group(0).column(2)  # the dates
    data = bytearray(path.read_bytes())
    middle = chunk.data_page_offset + chunk.total_compressed_size // 2
    data[middle:middle + 200] = bytes(200)  # the dates there become 1970-01-01
    path.write_bytes(bytes(data))
    line = refused(cli("compute", "shop.json", "--data", "orders.parquet", "--period", "2026-10"))
    assert "corrupted Parquet" in line and "'date'" in line


@pytest.mark.parametrize("dictionary", [False, True])
def test_parquet_with_a_damaged_text_value_is_detected(tmp_path, shop, cli, refused, dictionary):
    """Text is checked against the footer by its own read of the file (grouped when the footer
    shows small dictionaries, scanned otherwise): a value that still decodes but lies outside
    the footer's range is a damaged file, not a new status."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 400
    table = pa.table({"order_id": list(range(n)), "customer": [f"c{i % 37}" for i in range(n)],
                      "date": [dt.date(2026, 1, 1) + dt.timedelta(days=i % 300) for i in range(n)],
                      "amount": [float(10 + i % 90) for i in range(n)],
                      "status": ["done" if i % 9 else "shipped" for i in range(n)]})
    path = tmp_path / "orders.parquet"
    pq.write_table(table, path, compression="NONE", use_dictionary=["status"] if dictionary else False)
    chunk = pq.ParquetFile(path).metadata.row_group(0).column(4)  # the statuses
    data = bytearray(path.read_bytes())
    at = data.index(b"\x04\x00\x00\x00done", chunk.dictionary_page_offset or chunk.data_page_offset) + 4
    data[at] = 0  # "done" becomes "\x00one": it decodes, and sorts before the footer's minimum
    path.write_bytes(bytes(data))
    line = refused(cli("compute", "shop.json", "--data", "orders.parquet", "--period", "2026-10"))
    assert "corrupted Parquet" in line and "'status'" in line


def test_audit_yaml_with_an_infinite_value_names_row_and_field(tmp_path, cli, refused):
    (tmp_path / "k.yaml").write_text("- {metric: NPS, baseline: 10}\n- {metric: Churn, baseline: .inf}\n",
                                     encoding="utf-8")
    line = refused(cli("audit", "k.yaml"))
    assert "row 2" in line and "field 'baseline'" in line


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_project_with_non_finite_numbers_is_refused(tmp_path, shop, value):
    from metricsmith.errors import ProjectFileError

    text = shop.read_text(encoding="utf-8").replace('"baseline": null', f'"baseline": {value}', 1)
    assert value in text
    shop.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError, match="not a finite number") as caught:
        load_project(shop)
    assert caught.value.line == text[:text.index(f'"baseline": {value}')].count("\n") + 1


def test_a_project_is_not_accepted_as_a_profile(tmp_path, shop, cli, refused):
    line = refused(cli("propose", "shop.json", "-o", "new.json"))
    assert "this is a metricsmith project, not a profile" in line


def test_duplicate_metric_ids_are_refused(tmp_path, shop, cli, refused):
    doc = json.loads(shop.read_text(encoding="utf-8"))
    doc["metrics"].append(dict(doc["metrics"][0], name="Another"))
    shop.write_text(json.dumps(doc), encoding="utf-8")
    for command in (["audit", "shop.json"], ["export", "shop.json", "-f", "csv"]):
        line = refused(cli(*command))
        assert "metric id 'aov' is used twice" in line and "field 'metrics'" in line


def test_utf16_without_bom_profile_gives_a_clean_message(tmp_path, cli, refused):
    (tmp_path / "p.yaml").write_bytes(PROFILE.encode("utf-16-le"))
    line = refused(cli("propose", "p.yaml"))
    assert "UTF-16" in line and "\x00" not in line


def test_utf16_without_bom_table_is_read(tmp_path, cli):
    (tmp_path / "k.csv").write_bytes("Metric,Owner\nDeals closed,Ana\nNPS,Ben\n".encode("utf-16-le"))
    result = cli("audit", "k.csv", "--format", "json", "--fail-on", "never")
    assert result.returncode == 0 and "\x00" not in result.stdout
    assert [m["metric"] for m in json.loads(result.stdout)["metrics"]] == ["Deals closed", "NPS"]


def test_compute_refuses_a_read_only_project(tmp_path, shop, cli, refused):
    (tmp_path / "o.csv").write_text("order_id,customer,date,amount,status\n1,c1,2026-10-05,200,done\n",
                                    encoding="utf-8")
    shop.chmod(0o444)
    before = shop.read_bytes()
    line = refused(cli("compute", "shop.json", "--data", "o.csv", "--period", "2026-10"))
    assert "read-only" in line and shop.read_bytes() == before


DANGEROUS = ["\x00=1+1", "\x0b=1+1", " =1+1", "\uff1d1+1", "\n=1+1", "|=1+1", "=HYPERLINK(\"http://x\")"]


@pytest.fixture
def injected(tmp_path: Path) -> Path:
    metrics = [Metric(id=f"m{i}", name=text, goal=text, owner=text) for i, text in enumerate(DANGEROUS)]
    path = tmp_path / "inj.json"
    save_project(Project(profile={"language": "en"}, metrics=metrics), path)
    return path


def _runnable(value: object) -> bool:
    """Would a spreadsheet run this cell? (text whose first visible character starts a formula)."""
    from metricsmith.exporters._common import formula_like

    return isinstance(value, str) and not value.startswith("'") and formula_like(value)


def test_xlsx_export_leaves_no_runnable_formula(tmp_path, injected, cli):
    import openpyxl

    assert cli("export", injected.name, "-f", "xlsx").returncode == 0
    book = openpyxl.load_workbook(tmp_path / "inj.xlsx")
    cells = [c.value for ws in book.worksheets for r in ws.iter_rows() for c in r]
    assert not [v for v in cells if _runnable(v)]
    assert not [v for v in cells if isinstance(v, str) and v.startswith("=")]
    assert all(c.data_type != "f" for ws in book.worksheets for r in ws.iter_rows() for c in r)


def test_csv_export_leaves_no_runnable_formula(tmp_path, injected, cli):
    assert cli("export", injected.name, "-f", "csv").returncode == 0
    cells = [cell for name in ("inj.tracking.csv", "inj.value.csv")
             for row in csv.reader((tmp_path / name).open(encoding="utf-8", newline="")) for cell in row]
    assert not [v for v in cells if _runnable(v)]
    assert sum(1 for v in cells if v.startswith("'")) >= len(DANGEROUS)
