"""Measuring a workbook before a spreadsheet library expands it.

Why: an XLSX is a zip of XML, and the reader (calamine) turns each sheet into a
dense rectangle of cells from the first to the last used cell. A 511 KB file
can declare 3 million rows, or one cell at A1 and one at XFD1048576; either
costs gigabytes before any of our code sees a row. So the archive is read here
first, streaming, with bounded memory: every member is decompressed (which also
checks its CRC, so a corrupted archive is refused), the bytes after decompression
are counted, and in each sheet the rows and the last column are found from the
cell references. Whatever exceeds a :mod:`metricsmith.limits` limit is refused
as soon as it is seen, so a bomb costs at most the limit, not the expansion.

OpenDocument (``.ods``) sheets are measured the same way from
``table:number-rows-repeated`` / ``number-columns-repeated``. Legacy binary
``.xls``/``.xlsb`` files are not zip archives; they get the file-size limit only.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from metricsmith.errors import InputTableError, MetricsmithError
from metricsmith.limits import Deadline, Limits, exceeded

_CHUNK = 1 << 20
#: A cell reference attribute (`` r="XFD12"``); rows have `` r="12"`` (no letters) and do not match.
#: The literal start lets the regex engine skip ahead instead of trying every ``<``.
_CELL_REF_RE = re.compile(rb" r=\"([A-Z]{1,3})(\d+)\"")
_ODS_ROW_RE = re.compile(rb"<table:table-row\b([^>]*)>")
_ODS_CELL_RE = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_REPEAT_ROWS = re.compile(rb"table:number-rows-repeated=\"(\d+)\"")
_REPEAT_COLS = re.compile(rb"table:number-columns-repeated=\"(\d+)\"")
_VALUE = re.compile(rb"office:value-type=")


@dataclass
class SheetSize:
    """What a sheet would expand to: rows and columns of its used rectangle."""

    member: str
    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def check_workbook(path: Path, limits: Limits, *, row_limit: str = "rows") -> list[SheetSize]:
    """Refuse a workbook that is corrupted or would exceed the limits; return its sheets' sizes.

    ``row_limit`` names the limit for rows per sheet: ``rows`` for metric tables,
    ``data_rows`` for data files. Non-zip files (``.xls``) pass through unmeasured.
    """
    if not zipfile.is_zipfile(path):
        return []
    deadline = Deadline(limits, path)
    max_rows = getattr(limits, row_limit)
    sizes: list[SheetSize] = []
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename
                is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
                is_ods = name == "content.xml"
                size = SheetSize(name)
                measure = _XlsxMeasure(size) if is_sheet else _OdsMeasure(size) if is_ods else None
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > limits.unzipped_bytes:
                            raise exceeded("unzipped_bytes", f"the workbook expands to more than "
                                           f"{limits.unzipped_bytes / (1 << 20):,.0f} MB", limits.unzipped_bytes,
                                           path=path)
                        if measure is not None:
                            measure.feed(chunk)
                            _check_sheet(size, path, limits, max_rows, row_limit)
                        deadline.check()
                if measure is not None:
                    measure.close()
                    _check_sheet(size, path, limits, max_rows, row_limit)
                    sizes.append(size)
    except MetricsmithError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib, bz2 and lzma each raise their own types
        raise InputTableError(f"the workbook is corrupted ({exc})", path=path,
                              hint="open it in a spreadsheet program and save it again") from exc
    return sizes


#: The largest sheet Excel itself can hold; anything beyond is not a workbook any program wrote for people.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


def _check_sheet(size: SheetSize, path: Path, limits: Limits, max_rows: int, row_limit: str) -> None:
    if size.member.startswith("xl/") and (size.rows > EXCEL_ROWS or size.columns > EXCEL_COLUMNS):
        raise InputTableError(f"a sheet claims {size.rows:,} rows × {size.columns:,} columns, beyond what Excel "
                              "allows; the workbook is corrupted or hostile", path=path)
    if size.rows > max_rows:
        raise exceeded(row_limit, f"a sheet has more than {max_rows:,} rows", max_rows, path=path)
    if size.cells > limits.cells:
        raise exceeded("cells", f"a sheet spans {size.rows:,} rows × {size.columns:,} columns, more than "
                       f"{limits.cells:,} cells", limits.cells, path=path)


class _XlsxMeasure:
    """Rows and last column of one ``xl/worksheets/*.xml``, fed in chunks."""

    def __init__(self, size: SheetSize) -> None:
        self.size = size
        self.tail = b""
        self.row_tags = 0

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b"<")  # a tag may continue in the next chunk: keep it for then
        if cut == -1:
            cut = len(data)
        body, self.tail = data[:cut], data[cut:]
        if len(self.tail) > 4096:  # one tag longer than this is not a row or a cell
            body, self.tail = data, b""
        self._scan(body)

    def close(self) -> None:
        self._scan(self.tail)
        self.tail = b""

    def _scan(self, body: bytes) -> None:
        # Row numbers come from the cell references (a row without cells expands nothing); rows
        # without an r attribute are counted by their tags.
        size = self.size
        self.row_tags += body.count(b"<row")  # (an occasional <rowBreaks> only makes the count safer)
        size.rows = max(size.rows, self.row_tags)
        refs = _CELL_REF_RE.findall(body)
        if refs:
            letters = {ref[0] for ref in refs}
            widest = max(letters, key=lambda ref: (len(ref), ref))
            size.columns = max(size.columns, _column_number(widest))
            longest = len(max((ref[1] for ref in refs), key=len))  # only the longest numbers can be the largest
            size.rows = max(size.rows, max(int(r[1]) for r in refs if len(r[1]) == longest))
        elif b"<c" in body and size.columns == 0:
            size.columns = 1


class _OdsMeasure:
    """Rows and columns of the sheets in an OpenDocument ``content.xml`` (repeats multiplied out)."""

    def __init__(self, size: SheetSize) -> None:
        self.size = size
        self.tail = b""
        self.row_repeat = 1
        self.row_columns = 0  # columns up to the last cell with a value in the current row
        self.position = 0
        self.rows_before = 0  # rows seen, counting repeats, including empty ones
        self.last_used_row = 0

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b"<")
        if cut == -1:
            cut = len(data)
        body, self.tail = data[:cut], data[cut:]
        if len(self.tail) > 4096:
            body, self.tail = data, b""
        self._scan(body)

    def close(self) -> None:
        self._scan(self.tail)
        self._end_row()

    def _end_row(self) -> None:
        if self.row_columns:
            self.last_used_row = self.rows_before + self.row_repeat
            self.size.columns = max(self.size.columns, self.row_columns)
        self.rows_before += self.row_repeat
        self.size.rows = max(self.size.rows, self.last_used_row)
        self.row_repeat, self.row_columns, self.position = 1, 0, 0

    def _scan(self, body: bytes) -> None:
        for match in re.finditer(_ODS_ROW_RE.pattern + b"|" + _ODS_CELL_RE.pattern, body):
            text = match.group(0)
            if text.startswith(b"<table:table-row"):
                if self.position or self.row_columns:
                    self._end_row()
                repeat = _REPEAT_ROWS.search(text)
                self.row_repeat = int(repeat.group(1)) if repeat else 1
                continue
            repeat = _REPEAT_COLS.search(text)
            self.position += int(repeat.group(1)) if repeat else 1
            if _VALUE.search(text) or not text.endswith(b"/>"):
                self.row_columns = self.position
