"""``metricsmith track`` and ``metricsmith status`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metricsmith.cli import main
from metricsmith.io.project_file import load_project


def test_track_saves_a_check_in_and_a_correction(project_file: Path, capsys) -> None:
    assert main(["track", str(project_file), "NRR", "101", "--period", "2026-10", "--comment", "upsell",
                 "--by", "Anna"]) == 0
    assert "Net revenue retention: 101% for 2026-10" in capsys.readouterr().out
    assert main(["track", str(project_file), "net revenue retention", "102,5", "--period", "2026-10", "--by", "Boris"]) == 0
    assert "corrected, was 101%" in capsys.readouterr().out
    obs = load_project(project_file).metric("nrr").history
    assert [(o.period, o.value, o.author) for o in obs] == [("2026-10", 102.5, "Boris")]
    assert [(s.value, s.note, s.author) for s in obs[0].superseded] == [(101, "upsell", "Anna")]


def test_track_by_date(project_file: Path, capsys) -> None:
    assert main(["track", str(project_file), "ttv", "9", "--date", "2026-11-20", "--by", "x"]) == 0
    assert load_project(project_file).metric("ttv").history[0].period == "2026-11-20"


@pytest.mark.parametrize(("args", "message"), [
    (["retension", "100", "--period", "2026-10"], "no metric 'retension' in the project (did you mean: nrr"),
    (["nrr", "lots", "--period", "2026-10"], "'lots' is not a number"),
    (["nrr", "100", "--period", "2999-01"], "the period 2999-01 has not started yet"),
    (["nrr", "100", "--period", "2026-13"], "cannot read the period '2026-13'"),
    (["nrr", "100", "--date", "2026-11"], "'2026-11' is not a date"),
    (["seat-share", "140", "--period", "2026-10"], "140 is outside what 'Active seat share' can be (0…100)"),
    (["nps", "-120", "--period", "2026-10"], "-120 is outside what 'NPS' can be (-100…100)"),
])
def test_bad_input_one_line_exit_2_project_unchanged(project_file: Path, capsys, args, message) -> None:
    before = project_file.read_bytes()
    assert main(["track", str(project_file), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("metricsmith: error: ")
    assert project_file.read_bytes() == before


def test_status_table_and_json(project_file: Path, capsys) -> None:
    main(["track", str(project_file), "nrr", "99", "--period", "2026-09", "--by", "a"])
    main(["track", str(project_file), "nrr", "103", "--period", "2026-10", "--by", "a"])
    capsys.readouterr()
    assert main(["status", str(project_file), "--date", "2026-11-29"]) == 0
    out = capsys.readouterr().out
    assert "Where the metrics stand (as of 2026-11-29)" in out
    assert "103%" in out and "+4" in out and "50 %" in out and "at risk" in out
    assert main(["status", str(project_file), "--date", "2026-11-29", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-11-29"
    assert [m["metric_id"] for m in data["metrics"]] == ["nrr", "nps", "seat-share", "ttv", "growth"]
    assert (data["metrics"][0]["change"], data["metrics"][0]["on_pace"]) == (4, True)
    assert main(["status", str(project_file), "--date", "someday"]) == 2
    assert "'someday' is not a date" in capsys.readouterr().err


def test_status_in_russian(tmp_path: Path, make_project, capsys) -> None:
    from metricsmith.io.project_file import save_project

    path = tmp_path / "ru.json"
    save_project(make_project("ru"), path)
    assert main(["status", str(path), "--date", "2026-11-29"]) == 0
    out = capsys.readouterr().out
    assert "Где сейчас метрики" in out and "не начато" in out
