"""Building the ``.xlsx`` bytes for plain, styled tables with XlsxWriter.

Why XlsxWriter rather than openpyxl for writing: a 10,000-metric project is
about 200,000 cells, and openpyxl builds a Python object and a style lookup
per cell (1.7–2 s here, even write-only); XlsxWriter streams rows and writes
the same workbook in about a third of the time, and it is a well-kept,
write-focused library. openpyxl stays the reader (``audit`` input, tests).

The tables need little of the format: text, numbers and dates, one bold
filled header row, a frozen pane, an auto-filter, column widths and wrapped
text. Output is deterministic: the same sheets and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

#: Characters XML 1.0 cannot hold at all (tab, LF and CR can be kept), and lone surrogates.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    """One worksheet: a header row and typed rows (``str``, ``int``, ``float``, ``date`` or ``None``).

    Text must already be clean (no characters XML cannot hold): the exporter
    cleans every cell once while it builds the rows.
    """

    title: str
    headers: list[str]
    rows: list[list[Any]]
    widths: list[float] = field(default_factory=list)
    #: Text longer than this (or with a line break) is written with wrapping on.
    wrap_over: int = 60
    header_fill: str = "DDE7F3"


@dataclass
class LineChart:
    """A native line chart over rows ``first_row..last_row`` (0-based, inclusive) of the sheet ``data``.

    ``series`` are ``(name, column, colour, dashed)``; categories come from ``category_col``.
    """

    title: str
    data: str
    first_row: int
    last_row: int
    category_col: int
    series: list[tuple[str, int, str, bool]]


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``."""
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(index)


def sheet_titles(titles: list[str]) -> list[str]:
    """Valid, unique sheet names: no ``[]:*?/\\``, at most 31 characters, never empty."""
    out: list[str] = []
    for title in titles:
        base = _SHEET_NAME_BAD.sub(" ", ILLEGAL_XML.sub("", title)).strip().strip("'")[:31] or "Sheet"
        name, n = base, 2
        while name.lower() in (o.lower() for o in out):
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        out.append(name)
    return out


def _write_sheet(workbook: Any, sheet: Sheet, name: str, formats: dict[str, Any]) -> None:
    ws = workbook.add_worksheet(name)
    ws.freeze_panes(1, 0)
    for i, width in enumerate(sheet.widths):
        ws.set_column(i, i, width)
    ws.write_row(0, 0, [ILLEGAL_XML.sub("", h) for h in sheet.headers], formats["header"])
    wrap_over = sheet.wrap_over
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
    wrap, date_fmt = formats["wrap"], formats["date"]
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                if len(value) > wrap_over or "\n" in value:
                    write_string(r, c, value, wrap)
                else:
                    write_string(r, c, value)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                write_number(r, c, value)
            elif isinstance(value, dt.date):
                moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
                write_datetime(r, c, moment, date_fmt)
            else:
                write_string(r, c, ILLEGAL_XML.sub("", str(value)))
    if sheet.rows and sheet.headers:
        ws.autofilter(0, 0, len(sheet.rows), len(sheet.headers) - 1)


def _write_charts(workbook: Any, name: str, charts: list[LineChart], names: dict[str, str]) -> None:
    """A sheet of line charts, two per row; each chart reads its numbers from its data sheet."""
    ws = workbook.add_worksheet(name)
    for n, spec in enumerate(charts):
        chart = workbook.add_chart({"type": "line"})
        data = names[spec.data]
        for label, col, colour, dashed in spec.series:
            line: dict[str, Any] = {"color": colour, "width": 1.5 if dashed else 2.25}
            if dashed:
                line["dash_type"] = "dash"
            chart.add_series({
                "name": ILLEGAL_XML.sub("", label),
                "categories": [data, spec.first_row, spec.category_col, spec.last_row, spec.category_col],
                "values": [data, spec.first_row, col, spec.last_row, col],
                "line": line,
                "marker": {"type": "none"} if dashed else {"type": "circle", "size": 4},
            })
        chart.set_title({"name": ILLEGAL_XML.sub("", spec.title)[:250], "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 520, "height": 260})
        ws.insert_chart(1 + (n // 2) * 14, 1 + (n % 2) * 9, chart)


def workbook_bytes(sheets: list[Sheet], *, title: str = "", created: dt.date | None = None,
                   charts: list[LineChart] | None = None, charts_title: str = "Charts") -> bytes:
    """The ``.xlsx`` file holding ``sheets`` in order (at least one), then a sheet of ``charts`` if any."""
    import xlsxwriter

    if not sheets:
        sheets = [Sheet(title="Sheet", headers=[], rows=[])]
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,  # text is never run as a formula
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    stamp = created or dt.date.today()
    workbook.set_properties(
        {"title": title, "author": "metricsmith", "created": dt.datetime(stamp.year, stamp.month, stamp.day)}
    )
    fill = "#" + sheets[0].header_fill
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": fill, "text_wrap": True, "valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    names = sheet_titles([s.title for s in sheets] + ([charts_title] if charts else []))
    for sheet, name in zip(sheets, names):
        _write_sheet(workbook, sheet, name, formats)
    if charts:
        _write_charts(workbook, names[-1], charts, {s.title: n for s, n in zip(sheets, names)})
    workbook.close()
    return buffer.getvalue()
