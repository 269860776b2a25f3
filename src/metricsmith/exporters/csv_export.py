"""CSV export: one file per table, UTF-8, optionally with a BOM so Excel detects the encoding.

CSV has no types, so numbers are written plainly (``12``, ``-3.5``) and every
text cell that a spreadsheet would run as a formula is neutralised. Reading
the file back with the ``csv`` module gives exactly the cells written.

Excel in a Russian (or German, French …) locale splits CSV on ``;``, not
``,``: ``-O delimiter=;`` (or ``tab``) writes for it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from metricsmith.exporters._common import Cell, text_cell, tracking_table, value_table, write_files

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.models.project import Project

FORMAT = "csv"
SUFFIX = ".csv"
DESCRIPTION = "CSV, one file per table (<name>.tracking.csv, <name>.value.csv), --bom for Excel"
OPTIONS = ("delimiter",)

#: Delimiters ``-O delimiter=…`` accepts (names for the ones a shell makes awkward).
DELIMITERS = {",": ",", ";": ";", "comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "|": "|"}


def output_paths(path: Path, table: str) -> list[Path]:
    """``--table both`` writes two files next to ``path``; a single table goes to ``path`` itself."""
    if table != "both":
        return [path]
    stem = path.name[: -len(SUFFIX)] if path.name.lower().endswith(SUFFIX) else path.name
    return [path.with_name(f"{stem}.tracking{SUFFIX}"), path.with_name(f"{stem}.value{SUFFIX}")]


def delimiter_of(options: "ExportOptions") -> str:
    """The field delimiter from ``-O delimiter=…`` (default ``,``); anything else is an :class:`ExportError`."""
    from metricsmith.errors import ExportError

    given = str(options.extra.get("delimiter", ","))
    if given not in DELIMITERS:
        raise ExportError(
            f"unknown CSV delimiter '{given}'",
            field="delimiter",
            hint="use one of: " + ", ".join(sorted(DELIMITERS)),
        )
    return DELIMITERS[given]


def csv_text(headers: list[str], rows: list[list[Cell]], delimiter: str = ",") -> str:
    """The CSV text of one table (RFC 4180 quoting, CRLF line ends as Excel expects)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([text_cell(h) for h in headers])
    writer.writerows([text_cell(c) for c in row] for row in rows)
    return buffer.getvalue()


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    delimiter = delimiter_of(options)
    targets = output_paths(Path(path), table)
    tables = []
    if table in ("tracking", "both"):
        tables.append(tracking_table(project, options.date))
    if table in ("value", "both"):
        tables.append(value_table(project))
    encoding = "utf-8-sig" if options.bom else "utf-8"
    files = {target: csv_text(*t, delimiter=delimiter).encode(encoding) for target, t in zip(targets, tables)}
    return write_files(files)
