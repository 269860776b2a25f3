"""CSV export read back with the csv module: exact cells, safe text, BOM on request."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest

from metricsmith.exporters import export_project
from metricsmith.exporters._common import text_cell, tracking_table, value_table


def read_csv(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_both_tables_round_trip_exactly(project, tmp_path: Path, today) -> None:
    written = export_project(project, "csv", tmp_path / "shop.csv", today=today)
    assert written == [tmp_path / "shop.tracking.csv", tmp_path / "shop.value.csv"]
    for path, (headers, rows) in zip(written, [tracking_table(project, today), value_table(project)]):
        expected = [headers] + [[text_cell(c) for c in row] for row in rows]
        assert read_csv(path) == expected
        assert len(expected) == len(project.metrics) + 1


def test_cells_hold_what_a_reader_expects(make_project, tmp_path: Path, today) -> None:
    project = make_project("en")
    export_project(project, "csv", tmp_path / "x.csv", today=today)
    tracking = read_csv(tmp_path / "x.tracking.csv")
    header = tracking[0]
    assert header[:3] == ["Goal", "Metric / KPI", "Type"]
    rows = {r[header.index("ID")]: dict(zip(header, r)) for r in tracking[1:]}
    repeat = rows["repeat-rate"]
    assert repeat["Baseline (before)"] == "35" and repeat["Target (after)"] == "45.5"
    assert repeat["Status"] == "at risk" and repeat["Type"] == "lagging" and repeat["Target date"] == "2026-12-31"
    assert repeat["Comment"].startswith("'=HYPERLINK(")
    margin = rows["margin-change"]
    # negative numbers stay numbers; text that looks like a formula is neutralised
    assert margin["Baseline (before)"] == "-1500.25" and margin["Target (after)"] == "-200"
    assert margin["Actual"] == "" and margin["Status"] == "not started"
    assert margin["Metric / KPI"] == "'+margin change" and margin["Owner"] == "'@owner"
    ttv = rows["ttv"]
    assert ttv["Comment"] == "back\\slash | and\r\nCRLF"  # newlines and pipes survive intact
    assert ttv["Goal"] == "# Growth"
    assert rows["orphan"]["Goal"] == "" and rows["orphan"]["Baseline (before)"] == "1e-07"

    value = read_csv(tmp_path / "x.value.csv")
    vrow = dict(zip(value[0], value[2]))
    assert vrow["Formula / how to calculate"] == "'=A1-B1"
    assert vrow["Why it matters"] == "'-2+3"
    assert vrow["Where and how it is used"] == "'@SUM(A1:A2)"
    assert vrow["Example"] == "'\tcmd" and vrow["Plan / initiatives"] == "'\rcmd"
    assert dict(zip(value[0], value[3]))["Why it matters"] == "日本語 and emoji ☕"


def test_no_text_cell_starts_with_a_formula_character(project, tmp_path: Path, today) -> None:
    for path in export_project(project, "csv", tmp_path / "x.csv", today=today):
        for row in read_csv(path)[1:]:
            for cell in row:
                if cell and cell[0] in "=+-@\t\r":
                    float(cell)  # only real numbers may start with '-'


def test_russian_headers_and_labels(make_project, tmp_path: Path, today) -> None:
    export_project(make_project("ru"), "csv", tmp_path / "x.csv", today=today)
    rows = read_csv(tmp_path / "x.tracking.csv")
    assert rows[0][:5] == ["Цель", "Метрика / KPI", "Тип", "Ед. изм.", "Направление"]
    assert rows[1][2] == "запаздывающая" and rows[1][8] == "под угрозой"
    assert rows[1][4] in ("чем больше, тем лучше", "чем меньше, тем лучше")


@pytest.mark.parametrize("table", ["tracking", "value"])
def test_single_table_goes_to_the_exact_path(table: str, make_project, tmp_path: Path, today) -> None:
    target = tmp_path / "only.csv"
    assert export_project(make_project(), "csv", target, table=table, today=today) == [target]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["only.csv"]
    first = read_csv(target)[0][0]
    assert first == ("Goal" if table == "tracking" else "Metric")


def test_bom_only_when_asked(make_project, tmp_path: Path, today) -> None:
    plain = export_project(make_project("ru"), "csv", tmp_path / "a.csv", table="value", today=today)[0]
    with_bom = export_project(make_project("ru"), "csv", tmp_path / "b.csv", table="value", bom=True, today=today)[0]
    assert not plain.read_bytes().startswith(codecs.BOM_UTF8)
    assert with_bom.read_bytes().startswith(codecs.BOM_UTF8)
    assert with_bom.read_bytes()[len(codecs.BOM_UTF8):] == plain.read_bytes()
    assert read_csv(with_bom, encoding="utf-8-sig") == read_csv(plain)


def test_empty_project_writes_headers_only(tmp_path: Path, today) -> None:
    from metricsmith.models import Project

    written = export_project(Project(), "csv", tmp_path / "e.csv", today=today)
    assert [len(read_csv(p)) for p in written] == [1, 1]


def test_unit_codes_become_readable_units(make_project, tmp_path: Path, today) -> None:
    project = make_project("ru")
    project.metrics[1].unit = "currency"
    export_project(project, "csv", tmp_path / "u.csv", table="tracking", today=today)
    rows = read_csv(tmp_path / "u.csv")
    units = {r[-1]: r[3] for r in rows[1:]}
    assert units == {"repeat-rate": "%", "margin-change": "₽", "ttv": "дн.", "orphan": ""}


@pytest.mark.parametrize(("given", "delimiter"), [(";", ";"), ("semicolon", ";"), ("tab", "\t")])
def test_delimiter_option_for_excel_locales_that_split_on_semicolons(
    given: str, delimiter: str, make_project, tmp_path: Path, today
) -> None:
    project = make_project("ru")
    path = export_project(project, "csv", tmp_path / "t.csv", table="tracking", today=today, extra={"delimiter": given})[0]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    headers, body = tracking_table(project, today)
    assert rows[0] == [text_cell(h) for h in headers]
    assert rows[1:] == [[text_cell(c) for c in row] for row in body]


def test_unknown_delimiter_is_refused_before_anything_is_written(make_project, tmp_path: Path, today) -> None:
    from metricsmith.errors import ExportError

    with pytest.raises(ExportError, match="delimiter"):
        export_project(make_project("en"), "csv", tmp_path / "t.csv", today=today, extra={"delimiter": "x"})
    assert list(tmp_path.iterdir()) == []
