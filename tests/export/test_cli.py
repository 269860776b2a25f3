"""``metricsmith export`` through the real CLI entry point: outputs, exit codes, nothing lost."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from metricsmith.cli import main


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("md", ["shop.md"]), ("csv", ["shop.tracking.csv", "shop.value.csv"]), ("xlsx", ["shop.xlsx"]), ("json", ["shop.export.json"])],
)
def test_default_output_next_to_the_project(fmt: str, expected: list[str], project_file: Path, capsys) -> None:
    assert main(["export", str(project_file), "--format", fmt, "--date", "2026-11-24"]) == 0
    out = capsys.readouterr().out.split()
    assert out == [str(project_file.with_name(name)) for name in expected]
    assert files(project_file.parent) == sorted(["shop.json", *expected])


def test_written_files_read_back(project_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(project_file), "-f", "xlsx", "-o", str(tmp_path / "out" / "client.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "out" / "client.xlsx").sheetnames[0] == "Value tracking"
    assert main(["export", str(project_file), "-f", "csv", "--table", "value", "--bom", "-o", str(tmp_path / "v.csv")]) == 0
    with (tmp_path / "v.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "Metric" and len(rows) == 5
    assert main(["export", str(project_file), "-f", "JSON", "-o", str(tmp_path / "d.json")]) == 0
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["format"] == "metricsmith-export"
    capsys.readouterr()


def test_existing_output_is_kept_without_force(project_file: Path, capsys) -> None:
    report = project_file.with_name("shop.md")
    report.write_text("my notes", encoding="utf-8")
    assert main(["export", str(project_file), "--format", "md"]) == 2
    err = capsys.readouterr().err
    assert "shop.md" in err and "already exists" in err and "--force" in err and "Traceback" not in err
    assert report.read_text(encoding="utf-8") == "my notes"
    assert main(["export", str(project_file), "--format", "md", "--force"]) == 0
    assert report.read_text(encoding="utf-8").startswith("# Bean")


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_project_file_is_never_overwritten(force: list[str], project_file: Path, capsys) -> None:
    before = project_file.read_bytes()
    assert main(["export", str(project_file), "--format", "json", "-o", str(project_file), *force]) == 2
    assert "project file" in capsys.readouterr().err
    assert project_file.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [("{ broken", "broken JSON"), ("", "empty"), ('{"schema_version": 99, "metrics": []}', "newer")],
)
def test_bad_project_file_exits_2_and_writes_nothing(content: str, message: str, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["export", str(bad), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and message in err and "Traceback" not in err
    assert files(tmp_path) == ["bad.json"]


def test_missing_project_file(tmp_path: Path, capsys) -> None:
    assert main(["export", str(tmp_path / "nope.json"), "--format", "md"]) == 2
    assert "file not found" in capsys.readouterr().err
    assert files(tmp_path) == []


def test_unwritable_output_exits_2_naming_it(project_file: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    assert main(["export", str(project_file), "--format", "md", "-o", str(blocker / "r.md")]) == 2
    assert str(blocker / "r.md") in capsys.readouterr().err
    assert files(tmp_path) == ["blocker", "shop.json"]


def test_unknown_format_lists_the_registered_ones(project_file: Path, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", str(project_file), "--format", "pdf"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "pdf" in err and all(name in err for name in ("md", "csv", "xlsx", "json"))


def test_bad_date_is_rejected(project_file: Path, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", str(project_file), "--format", "md", "--date", "24.11.2026"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_format_options_reach_the_exporter(project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import metricsmith.exporters as exporters

    seen: dict = {}
    real = exporters.export_project

    def spy(*args, **kwargs):
        seen.update(kwargs["extra"])
        return real(*args, **kwargs)

    monkeypatch.setattr(exporters, "export_project", spy)
    out = tmp_path / "o.sql"
    assert main(["export", str(project_file), "-f", "sql", "-o", str(out), "-O", "period = 2026-Q3"]) == 0
    assert seen == {"period": "2026-Q3"} and out.exists()
    assert "2026-Q3" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["export", str(project_file), "-f", "md", "-O", "novalue"])
    assert "KEY=VALUE" in capsys.readouterr().err


def test_unknown_format_option_is_refused_before_writing(project_file: Path, tmp_path: Path, capsys) -> None:
    # A typo in -O (or an option another format takes) must not be silently ignored.
    out = tmp_path / "o.md"
    assert main(["export", str(project_file), "-f", "md", "-o", str(out), "-O", "dialect=postgres"]) == 2
    err = capsys.readouterr().err
    assert "dialect" in err and "takes no -O options" in err and "Traceback" not in err
    assert not out.exists()
    sql = tmp_path / "o.sql"
    assert main(["export", str(project_file), "-f", "sql", "-o", str(sql), "-O", "perod=2026-10"]) == 2
    assert "options it takes: period" in capsys.readouterr().err and not sql.exists()
    assert main(["export", str(project_file), "-f", "sql", "-o", str(sql), "-O", "period=soon"]) == 2
    err = capsys.readouterr().err
    assert "field 'period'" in err and "--period" not in err and not sql.exists()
