"""XLSX export read back with openpyxl and python-calamine: sheets, styling, types, safety."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from metricsmith.exporters import export_project
from metricsmith.exporters._workbook import column_letter, sheet_titles
from metricsmith.exporters.xlsx import MAX_CELL_CHARS, MAX_WIDTH, MIN_WIDTH
from metricsmith.models import Metric, Project


@pytest.fixture
def workbook_path(make_project, tmp_path: Path, today) -> Path:
    return export_project(make_project("en"), "xlsx", tmp_path / "shop.xlsx", today=today)[0]


def rows_by_id(sheet) -> dict[str, dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    return {r[header.index("ID")]: dict(zip(header, r)) for r in values[1:]}


def test_one_sheet_per_table_plus_findings(project, tmp_path: Path, today) -> None:
    path = export_project(project, "xlsx", tmp_path / "x.xlsx", today=today)[0]
    book = openpyxl.load_workbook(path)
    expected = {
        "en": ["Value tracking", "Value Management", "Findings"],
        "ru": ["Отслеживание ценности", "Управление ценностью", "Замечания"],
    }[project.language]
    assert book.sheetnames == expected
    tracking = book[expected[0]]
    assert tracking.max_row == len(project.metrics) + 1
    assert book[expected[2]].max_row == len(project.findings) + 1


def test_header_is_styled_frozen_and_filtered(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{column_letter(sheet.max_column - 1)}{sheet.max_row}"
        for cell in sheet[1]:
            assert cell.font.b is True
            assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith("DDE7F3")
        assert sheet["A2"].font.b is not True


def test_column_widths_follow_content_within_bounds(make_project, tmp_path: Path, today) -> None:
    project = make_project("en")
    project.metrics[0].why = "long " * 60
    path = export_project(project, "xlsx", tmp_path / "w.xlsx", today=today)[0]
    book = openpyxl.load_workbook(path)
    value = book["Value Management"]
    # XlsxWriter stores a width plus the cell padding Excel adds (under one character).
    widths = {k: int(d.width) for k, d in value.column_dimensions.items()}
    assert all(MIN_WIDTH <= w <= MAX_WIDTH for w in widths.values())
    assert widths["C"] == MAX_WIDTH  # the long 'why' column is capped ...
    assert value["C2"].alignment.wrap_text is True  # ... and wraps
    assert widths["A"] == len("Repeat purchase rate") + 2
    assert not value["A2"].alignment.wrap_text


def test_numbers_are_numbers_and_text_is_neutralised(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    rows = rows_by_id(book["Value tracking"])
    repeat, margin = rows["repeat-rate"], rows["margin-change"]
    assert repeat["Baseline (before)"] == 35 and isinstance(repeat["Baseline (before)"], int)
    assert repeat["Target (after)"] == 45.5
    assert margin["Baseline (before)"] == -1500.25 and margin["Target (after)"] == -200
    assert margin["Actual"] is None
    assert repeat["Target date"] == dt.datetime(2026, 12, 31)
    assert repeat["Comment"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert margin["Metric / KPI"] == "'+margin change" and margin["Owner"] == "'@owner"
    assert rows["ttv"]["Comment"] == "back\\slash | and\nCRLF"  # a cell line break is LF in Excel
    value = rows_by_id(book["Value Management"])["margin-change"]
    assert value["Formula / how to calculate"] == "'=A1-B1"
    assert value["Example"] == "'\tcmd" and value["Plan / initiatives"] == "'\ncmd"  # neutralised, CR as LF
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_second_reader_sees_the_same_cells(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    other = CalamineWorkbook.from_path(str(workbook_path))
    assert other.sheet_names == book.sheetnames
    for name in book.sheetnames:
        mine = [[("" if v is None else v) for v in row] for row in book[name].iter_rows(values_only=True)]
        theirs = other.get_sheet_by_name(name).to_python()
        assert len(theirs) == len(mine)
        for a, b in zip(mine, theirs):
            for x, y in zip(a, b):
                if isinstance(x, dt.datetime):
                    assert y == x.date()
                else:
                    assert x == y


def test_russian_project(make_project, tmp_path: Path, today) -> None:
    path = export_project(make_project("ru"), "xlsx", tmp_path / "ru.xlsx", today=today)[0]
    sheet = openpyxl.load_workbook(path)["Отслеживание ценности"]
    assert [c.value for c in sheet[1]][:3] == ["Цель", "Метрика / KPI", "Тип"]
    assert sheet["A2"].value == "Удержание" and sheet["I2"].value == "под угрозой"
    assert sheet["E1"].value == "Направление" and sheet["E2"].value in ("чем больше, тем лучше", "чем меньше, тем лучше")


def test_hostile_text_still_gives_a_valid_workbook(tmp_path: Path, today) -> None:
    project = Project(
        metrics=[
            Metric(id="a", name="bell\x07 and nul\x00 <b>&amp;</b> \"q\"", why="x" * (MAX_CELL_CHARS + 10)),
            Metric(id="b", name="  spaces kept  "),
        ]
    )
    path = export_project(project, "xlsx", tmp_path / "h.xlsx", table="value", today=today)[0]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A2"].value == "bell and nul <b>&amp;</b> \"q\""
    assert len(sheet["C2"].value) == MAX_CELL_CHARS and sheet["C2"].value.endswith("…")
    assert sheet["A3"].value == "  spaces kept  "
    assert zipfile.ZipFile(path).testzip() is None


def test_same_project_gives_the_same_bytes(make_project, tmp_path: Path, today) -> None:
    a = export_project(make_project("ru"), "xlsx", tmp_path / "a.xlsx", today=today)[0]
    b = export_project(make_project("ru"), "xlsx", tmp_path / "b.xlsx", today=today)[0]
    assert a.read_bytes() == b.read_bytes()


def test_table_selection_and_empty_project(make_project, tmp_path: Path, today) -> None:
    path = export_project(make_project(), "xlsx", tmp_path / "t.xlsx", table="tracking", today=today)[0]
    assert openpyxl.load_workbook(path).sheetnames == ["Value tracking"]
    empty = export_project(Project(), "xlsx", tmp_path / "e.xlsx", today=today)[0]
    book = openpyxl.load_workbook(empty)
    assert book.sheetnames == ["Value tracking", "Value Management"]
    assert book.worksheets[0].max_row == 1


def test_sheet_titles_are_made_valid_and_unique() -> None:
    assert sheet_titles(["a/b:c", "x" * 40, "Same", "same", ""]) == ["a b c", "x" * 31, "Same", "same (2)", "Sheet"]
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
