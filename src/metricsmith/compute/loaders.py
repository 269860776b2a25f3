"""Reading the user's files into DuckDB, column by column, never row by row in Python.

CSV goes through DuckDB's ``read_csv`` with every column read as text (so a
bad date is reported with its row rather than silently making the column
text), Parquet through ``read_parquet`` with its own types, and XLSX through
python-calamine into pyarrow columns registered with DuckDB. Every source
table gets a ``_row`` column so that validation can name the line (CSV) or
the sheet row (XLSX) of a problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from metricsmith.errors import InputTableError

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.parquet_check import Footer

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


@dataclass
class Source:
    """One loaded sheet or file: a DuckDB table named ``relation`` with its headers and types."""

    path: Path
    sheet: str | None
    relation: str
    headers: list[str]
    types: dict[str, str]
    rows: int
    row_kind: str  # "line" (CSV: file line), "row" (XLSX sheet row, Parquet data row)
    #: Parquet only: what the file's footer records about its columns. The pages are checked
    #: against it while the table is built (see :mod:`metricsmith.compute.parquet_check`), not
    #: when the file is loaded: a second full read would cost as much as building the table.
    footer: "Footer | None" = None

    @property
    def label(self) -> str:
        return f"{self.path}[{self.sheet}]" if self.sheet else str(self.path)

    def where(self, row: int | None) -> dict[str, Any]:
        """Keyword arguments for :class:`~metricsmith.errors.MetricsmithError` locating ``row``."""
        if row is None:
            return {"path": self.label}
        if self.row_kind == "line":
            return {"path": self.label, "line": int(row)}
        return {"path": self.label, "row": int(row)}


def quote_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def load_file(con: duckdb.DuckDBPyConnection, path: str | Path, index: int) -> list[Source]:
    """Load one file (every non-empty sheet of a workbook) into ``con``."""
    p = Path(path)
    if not p.exists():
        raise InputTableError("data file not found", path=p)
    if p.is_dir():
        raise InputTableError("is a folder, not a data file", path=p)
    import stat

    from metricsmith.limits import check_size, current, exceeded

    info = p.stat()
    if not stat.S_ISREG(info.st_mode):  # /dev/zero never ends, a FIFO may never answer
        raise InputTableError("is not a regular file (a device, pipe or socket)", path=p)
    limits = current()
    check_size(p, info.st_size, limits, data=True)
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        sources = [_load_csv(con, p, index)]
    elif suffix in PARQUET_SUFFIXES:
        sources = [_load_parquet(con, p, index)]
    elif suffix in XLSX_SUFFIXES:
        sources = _load_workbook(con, p, index)
    else:
        sources = []
    for source in sources:
        if source.rows > limits.data_rows:
            raise exceeded("data_rows", f"more than {limits.data_rows:,} rows", limits.data_rows, path=source.label)
    if sources:
        return sources
    raise InputTableError(
        f"unsupported file type '{p.suffix or '(none)'}'", path=p, hint="give a CSV, Parquet or XLSX file"
    )


def _describe(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[list[str], dict[str, str], int]:
    cols = con.execute(f"DESCRIBE {relation}").fetchall()
    headers = [c[0] for c in cols if c[0] != "_row"]
    types = {c[0]: str(c[1]) for c in cols}
    rows = con.execute(f"SELECT count(*) FROM {relation}").fetchall()[0][0]
    return headers, types, int(rows)


def _load_csv(con: duckdb.DuckDBPyConnection, p: Path, index: int) -> Source:
    if p.stat().st_size == 0:
        raise InputTableError("the file is empty", path=p)
    relation = f"src_{index}"
    delim = "\t" if p.suffix.lower() == ".tsv" else None
    opts = "all_varchar=true, header=true" + (", delim='\\t'" if delim else "")

    def create(source: Path) -> None:
        con.execute(
            f"CREATE TABLE {relation} AS SELECT CAST(row_number() OVER () + 1 AS BIGINT) AS _row, * "
            f"FROM read_csv({quote_literal(str(source))}, {opts})"
        )

    try:
        create(p)
    except duckdb.Error as exc:
        utf8 = _as_utf8(p)
        if utf8 is None:
            raise InputTableError(f"cannot read as CSV: {_short(exc)}", path=p,
                                  hint="save the file as UTF-8 CSV with one header row") from exc
        import tempfile

        # DuckDB reads UTF-8 only; a cp1251 (Russian Excel) or UTF-16 export is transcoded
        # line for line, so row numbers in messages still match the user's file.
        with tempfile.TemporaryDirectory(prefix="metricsmith-") as folder:
            copy = Path(folder) / "data.csv"
            copy.write_text(utf8, encoding="utf-8")
            try:
                create(copy)
            except duckdb.Error as exc2:
                raise InputTableError(f"cannot read as CSV: {_short(exc2).replace(str(copy), p.name)}", path=p,
                                      hint="save the file as UTF-8 CSV with one header row") from exc2
    headers, types, rows = _describe(con, relation)
    return Source(p, None, relation, headers, types, rows, "line")


def _as_utf8(p: Path) -> str | None:
    """The file's text when it is not UTF-8 (cp1251, UTF-16); None when it already is UTF-8."""
    from metricsmith.readers.decode import decode_bytes

    data = p.read_bytes()
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
            return None
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, str(p))  # raises, naming the line, for a file mixing two encodings


def _load_parquet(con: duckdb.DuckDBPyConnection, p: Path, index: int) -> Source:
    relation = f"src_{index}"
    try:
        # A view: the Parquet file is scanned in place, never copied into memory first.
        con.execute(
            f"CREATE VIEW {relation} AS SELECT CAST(file_row_number + 1 AS BIGINT) AS _row, * EXCLUDE (file_row_number) "
            f"FROM read_parquet({quote_literal(str(p))}, file_row_number=true)"
        )
        headers, types, rows = _describe(con, relation)  # the footer's row count: no page is read
    except duckdb.Error as exc:
        raise InputTableError(f"cannot read as Parquet: {_short(exc)}", path=p) from exc
    from metricsmith.compute.parquet_check import read_footer

    return Source(p, None, relation, headers, types, rows, "row", footer=read_footer(con, p, types))


def _load_workbook(con: duckdb.DuckDBPyConnection, p: Path, index: int) -> list[Source]:
    import pyarrow as pa
    from python_calamine import CalamineWorkbook

    from metricsmith.io.workbook_guard import check_workbook
    from metricsmith.limits import current

    check_workbook(p, current(), row_limit="data_rows")  # before calamine expands a bomb
    try:
        book = CalamineWorkbook.from_path(str(p))
    except Exception as exc:  # calamine raises its own error types for broken archives
        raise InputTableError(f"cannot read as a workbook: {exc}", path=p) from exc
    sources: list[Source] = []
    for n, name in enumerate(book.sheet_names):
        try:
            sheet = book.get_sheet_by_name(name)
            cells = sheet.to_python(skip_empty_area=True)
        except Exception as exc:
            raise InputTableError(f"cannot read sheet '{name}': {exc}", path=p) from exc
        if not cells or not any(str(v).strip() for v in cells[0]):
            continue
        # skip_empty_area drops empty rows above the data: cells[0] is sheet row start+1.
        first_row = (sheet.start[0] + 1) if sheet.start else 1
        at = _header_index(cells)
        header_cells = cells[at]
        width = len(header_cells)
        headers = _unique_headers([_cell_text(v) or f"column {i + 1}" for i, v in enumerate(header_cells)])
        body = cells[at + 1 :]
        columns = list(zip(*body)) if body else [() for _ in range(width)]
        data_row = first_row + at + 1
        arrays = {"_row": pa.array(range(data_row, data_row + len(body)), type=pa.int64())}
        for header, values in zip(headers, columns):
            arrays[header] = _column_array(values)
        table = pa.table(arrays)
        relation = f"src_{index}_{n}"
        con.register(f"{relation}_arrow", table)
        con.execute(f"CREATE TABLE {relation} AS SELECT * FROM {relation}_arrow")
        con.unregister(f"{relation}_arrow")
        h, types, rows = _describe(con, relation)
        sources.append(Source(p, name, relation, h, types, rows, "row"))
    if not sources:
        raise InputTableError("the workbook has no sheet with a header row", path=p)
    return sources


def _header_index(cells: list[list[Any]]) -> int:
    """The header row: the first of the top rows with two or more filled cells.

    Exports from accounting and CRM systems often put a title ("Orders for October") in
    a row of its own above the header; that row has one filled cell.
    """
    def filled(row: list[Any]) -> int:
        return sum(1 for v in row if v is not None and str(v).strip())

    if filled(cells[0]) >= 2:
        return 0
    return next((i for i, row in enumerate(cells[:10]) if filled(row) >= 2), 0)


def _column_array(values: tuple[Any, ...]):
    """A pyarrow array for one sheet column: typed when uniform, text otherwise."""
    import pyarrow as pa

    kinds = {type(v) for v in values if v is not None and v != ""}
    if kinds and kinds <= {int, float}:
        return pa.array([None if v == "" else v for v in values], type=pa.float64())
    if kinds and kinds <= {dt.datetime, dt.date} and dt.datetime in kinds:
        return pa.array([None if v == "" else v for v in values], type=pa.timestamp("us"))
    if kinds == {dt.date}:
        return pa.array([None if v == "" else v for v in values], type=pa.date32())
    return pa.array([_cell_text(v) for v in values], type=pa.string())


def _cell_text(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    return str(v).strip()


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        if h in seen or h == "_row":
            seen[h] = seen.get(h, 1) + 1
            h = f"{h} ({seen[h]})"
        seen.setdefault(h, 1)
        out.append(h)
    return out


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
