"""XLSX export: one sheet per table (plus findings), ready to hand to a client.

Header row bold on a fill and frozen, an auto-filter, column widths from the
content (capped; longer text wraps), numbers stored as numbers and dates as
dates. Text that Excel would run as a formula is neutralised (a leading
``'``), characters XML cannot hold are dropped, and text is cut at Excel's
32,767-character cell limit.

The workbook is written by :mod:`metricsmith.exporters._workbook` (see there
why not openpyxl) and saved all-or-nothing next to the target.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metricsmith.exporters._workbook import ILLEGAL_XML
from metricsmith.exporters._common import (
    SHEET_TITLES,
    Cell,
    findings_table,
    history_table,
    neutralise,
    number_value,
    tracking_table,
    value_table,
    write_files,
)

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.exporters._workbook import Sheet
    from metricsmith.models.project import Project

FORMAT = "xlsx"
SUFFIX = ".xlsx"
DESCRIPTION = "Excel workbook, one sheet per table plus findings, styled header"

#: Widest a column gets (in characters); longer text wraps.
MAX_WIDTH = 60
MIN_WIDTH = 8
#: Excel's limit for one cell's text.
MAX_CELL_CHARS = 32767


def clean_text(text: str) -> str:
    """Text as a cell may hold it: neutralised, line breaks as Excel writes them (LF), within the length limit.

    A CR inside a cell is not a line break for Excel; readers show it as ``_x000D_``.
    """
    # Characters XML cannot hold are dropped first, so that "\x00=1+1" is seen as the "=1+1" it becomes.
    if not text.isprintable():
        text = ILLEGAL_XML.sub("", text)
    text = neutralise(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def _value(cell: Cell) -> Any:
    if cell is None:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return number_value(cell)
    if isinstance(cell, dt.date):
        return cell
    return clean_text(str(cell))


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max(len(part) for part in value.split("\n")) if "\n" in value else len(value)
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


def build_sheet(title: str, headers: list[str], rows: list[list[Cell]]) -> "Sheet":
    """A sheet with cleaned values and column widths from the content (capped at :data:`MAX_WIDTH`)."""
    from metricsmith.exporters._workbook import Sheet

    values = [[_value(c) for c in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in values:
        for i, v in enumerate(row):
            w = _width(v)
            if w > widths[i]:
                widths[i] = w
    return Sheet(
        title=title,
        headers=[clean_text(h) for h in headers],
        rows=values,
        widths=[float(min(max(w + 2, MIN_WIDTH), MAX_WIDTH)) for w in widths],
        wrap_over=MAX_WIDTH,
    )


def render(project: "Project", *, table: str, options: "ExportOptions") -> bytes:
    """The workbook's bytes."""
    from metricsmith.exporters._workbook import workbook_bytes

    titles = SHEET_TITLES[project.language]
    sheets = []
    if table in ("tracking", "both"):
        sheets.append(build_sheet(titles["tracking"], *tracking_table(project, options.date)))
    if table in ("value", "both"):
        sheets.append(build_sheet(titles["value"], *value_table(project)))
    if table == "both" and project.findings:
        sheets.append(build_sheet(titles["findings"], *findings_table(project)))
    charts = []
    if table in ("tracking", "both") and any(m.history for m in project.metrics):
        history = build_sheet(titles["history"], *history_table(project))
        sheets.append(history)
        charts = _line_charts(project, history)
    return workbook_bytes(sheets, title=project.profile.business.name, created=options.date, charts=charts,
                          charts_title=titles["charts"])


def _line_charts(project: "Project", history: "Sheet") -> list:  # -> list[LineChart]
    """One native line chart per metric with check-ins: its values, and its baseline and target as dashed lines."""
    from metricsmith.exporters._common import HISTORY_COLUMNS, HISTORY_HEADERS
    from metricsmith.exporters._workbook import LineChart

    col = {name: i for i, name in enumerate(HISTORY_COLUMNS)}
    names = HISTORY_HEADERS[project.language]
    by_id = {m.id: m for m in project.metrics}
    charts, start = [], 0
    rows = history.rows
    while start < len(rows):
        end = start
        while end + 1 < len(rows) and rows[end + 1][0] == rows[start][0]:
            end += 1
        metric = by_id[str(rows[start][0]).lstrip("'")] if str(rows[start][0]).lstrip("'") in by_id else None
        series = [(names["value"], col["value"], "#1F5FA8", False)]
        if metric is None or metric.baseline is not None:
            series.append((names["baseline"], col["baseline"], "#8A8F98", True))
        if metric is None or metric.target is not None:
            series.append((names["target"], col["target"], "#1B7F3B", True))
        # Sheet rows are 1-based below the header: data row i is sheet row i + 1.
        charts.append(LineChart(title=str(rows[start][1]), data=history.title, first_row=start + 1, last_row=end + 1,
                                category_col=col["period"], series=series))
        start = end + 1
    return charts


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    return write_files({Path(path): render(project, table=table, options=options)})
