"""XLSX/XLSM/XLS/ODS via python-calamine (fast, Rust), openpyxl as a fallback for XLSX.

The first sheet that has a recognisable metric column is used; the mapping step decides,
so this module returns every non-empty sheet in order.
"""

from __future__ import annotations

from pathlib import Path

from metricsmith.errors import InputTableError
from metricsmith.readers.table import RawTable


def _clean(v: object) -> str | float | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return float(v)
    return str(v).strip()


def _rows_to_table(path: str, raw_rows: list[list[object]]) -> RawTable:
    from metricsmith.limits import current, exceeded

    max_rows = current().rows
    rows, lines = [], []
    for n, r in enumerate(raw_rows, 1):
        if len(rows) > max_rows:  # .xls/.xlsb are not measured before reading: count here too
            raise exceeded("rows", f"a sheet has more than {max_rows:,} rows", max_rows, path=path)
        cells = [_clean(v) for v in r]
        while cells and cells[-1] is None:
            cells.pop()
        if any(c not in (None, "") for c in cells):
            rows.append(cells)
            lines.append(n)
    return RawTable(path=path, rows=rows, lines=lines)


def read_spreadsheet(path: Path) -> list[RawTable]:
    """Every non-empty sheet of the workbook as a RawTable.

    The archive is measured first (:mod:`metricsmith.io.workbook_guard`): a workbook that
    would expand past the row, cell or size limits is refused before any library reads it.
    """
    from metricsmith.io.workbook_guard import check_workbook
    from metricsmith.limits import current

    check_workbook(path, current())
    p = str(path)
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(p)
        tables = []
        for name in wb.sheet_names:
            data = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            t = _rows_to_table(p, data)
            if t.rows:
                tables.append(t)
        return tables
    except ImportError:
        pass
    except Exception as exc:  # calamine raises its own error types for broken files
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise InputTableError(f"cannot read the spreadsheet: {exc}", path=p) from exc
    return _read_openpyxl(path)


def _read_openpyxl(path: Path) -> list[RawTable]:
    p = str(path)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:
        raise InputTableError(f"cannot read the spreadsheet: {type(exc).__name__}: {exc}", path=p) from exc
    try:
        tables = []
        for ws in wb.worksheets:
            t = _rows_to_table(p, [list(r) for r in ws.iter_rows(values_only=True)])
            if t.rows:
                tables.append(t)
        return tables
    finally:
        wb.close()
