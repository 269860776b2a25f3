"""The exporter registry: discovery, default paths, and the guards in export_project."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import metricsmith.exporters as exporters
from metricsmith.errors import ExportError, SaveError
from metricsmith.exporters import default_path, export_project, formats, get_format
from metricsmith.exporters._common import neutralise, number_text, write_files



def test_builtin_formats_are_registered_with_their_constants() -> None:
    registry = formats()
    assert list(registry)[:4] == ["md", "csv", "xlsx", "json"]
    for name, spec in registry.items():
        assert spec.name == name == spec.module.FORMAT
        assert spec.suffix.startswith(".")
        assert spec.description
    assert exporters.FORMATS is registry


def test_a_new_format_module_is_discovered_without_editing_a_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_project) -> None:
    (tmp_path / "shout.py").write_text(
        textwrap.dedent(
            '''
            from pathlib import Path
            FORMAT = "shout"
            SUFFIX = ".txt"
            DESCRIPTION = "metric names in capitals"

            def write(project, path, *, table, options):
                Path(path).write_text("\\n".join(m.name.upper() for m in project.metrics), encoding="utf-8")
                return [Path(path)]
            '''
        ),
        encoding="utf-8",
    )
    (tmp_path / "_helper.py").write_text("FORMAT = 'hidden'\ndef write(*a, **k): return []\n", encoding="utf-8")
    original_path = list(exporters.__path__)
    monkeypatch.setattr(exporters, "__path__", [*original_path, str(tmp_path)])
    monkeypatch.setattr(exporters, "_REGISTRY", None)
    try:
        assert "shout" in formats() and "hidden" not in formats()
        out = export_project(make_project("en"), "shout", tmp_path / "names.txt")
        assert out == [tmp_path / "names.txt"]
        assert "REPEAT PURCHASE RATE" in out[0].read_text(encoding="utf-8")
        assert default_path(tmp_path / "p.json", "shout") == tmp_path / "p.txt"
    finally:
        sys.modules.pop("metricsmith.exporters.shout", None)
        sys.modules.pop("metricsmith.exporters._helper", None)
    monkeypatch.setattr(exporters, "__path__", original_path)
    monkeypatch.setattr(exporters, "_REGISTRY", None)
    assert "shout" not in formats()


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ExportError) as info:
        get_format("pdf")
    text = info.value.one_line()
    assert "pdf" in text and "md, csv, xlsx, json" in text
    assert get_format("Markdown").name == "md" and get_format("XLSX").name == "xlsx"


@pytest.mark.parametrize(
    ("source", "fmt", "expected"),
    [
        (Path("clients/shop.json"), "md", Path("clients/shop.md")),
        (Path("shop.json"), "xlsx", Path("shop.xlsx")),
        (Path("shop.json"), "csv", Path("shop.csv")),
        (Path("shop.json"), "json", Path("shop.export.json")),
        ("shop.json", "md", Path("shop.md")),
        ("Bean & Leaf", "md", Path("Bean-Leaf.md")),
        ("Кофе у дома", "csv", Path("Кофе-у-дома.csv")),
        ("", "md", Path("metrics.md")),
    ],
)
def test_default_path(source: str | Path, fmt: str, expected: Path) -> None:
    assert default_path(source, fmt) == expected


def test_export_never_replaces_the_project_file(project_file: Path, make_project) -> None:
    before = project_file.read_bytes()
    with pytest.raises(ExportError) as info:
        export_project(make_project(), "json", project_file, source=project_file)
    assert str(project_file) in info.value.one_line()
    assert project_file.read_bytes() == before


def test_default_json_export_lands_beside_the_project(project_file: Path, make_project, today) -> None:
    written = export_project(make_project(), "json", source=project_file, today=today)
    assert written == [project_file.with_name("shop.export.json")]


def test_overwrite_false_refuses_existing_files_before_writing_any(tmp_path: Path, make_project) -> None:
    (tmp_path / "r.value.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        export_project(make_project(), "csv", tmp_path / "r.csv", overwrite=False)
    assert "r.value.csv" in info.value.one_line() and "--force" in info.value.one_line()
    assert not (tmp_path / "r.tracking.csv").exists()
    assert (tmp_path / "r.value.csv").read_text(encoding="utf-8") == "mine"


def test_unknown_table_is_an_error(tmp_path: Path, make_project) -> None:
    with pytest.raises(ExportError, match="table"):
        export_project(make_project(), "md", tmp_path / "x.md", table="all")  # type: ignore[arg-type]


def test_unwritable_target_raises_save_error_naming_it_and_leaves_nothing(tmp_path: Path, make_project) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "report.xlsx"
    with pytest.raises(SaveError) as info:
        export_project(make_project(), "xlsx", target)
    assert str(target) in info.value.one_line()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_write_files_is_all_or_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    first = tmp_path / "new" / "a.csv"
    with pytest.raises(SaveError) as info:
        write_files({first: b"a", blocker / "b.csv": b"b"})
    assert "b.csv" in info.value.one_line()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # no a.csv, no temp file, no 'new' folder


def test_write_files_replaces_existing_files(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")
    assert write_files({target: b"new"}) == [target]
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@A1", "\tx", "\rx",
                                  # issue 14: what spreadsheets or XML writers skip before the "="
                                  " =1+1", "\x00=1+1", "\x0b=1+1", "\n=1+1", "|=1+1", "\uff1d1+1", " \u3000@SUM(A1)"])
def test_neutralise_dangerous_leads(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "plain", "not = at start", "1-2", "'already", "a|=b"])
def test_neutralise_leaves_safe_text(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize(("value", "text"), [(12.0, "12"), (-3.5, "-3.5"), (0.1, "0.1"), (None, ""), (-0.0, "0"), (7, "7")])
def test_number_text(value: float | None, text: str) -> None:
    assert number_text(value) == text
