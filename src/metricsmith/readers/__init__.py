"""Read metric tables people already have: CSV, XLSX, Markdown, JSON, YAML or a project file.

``load_audit_input(path, column=None)`` returns an :class:`AuditInput` (metrics + the source
row of each + which fields the table really had) or raises :class:`InputTableError` /
:class:`ProjectFileError` with the file, row or line and a hint. Formats are chosen by file
extension; text files may be UTF-8, UTF-8 with BOM or cp1251.
"""

from __future__ import annotations

from pathlib import Path

from metricsmith.errors import InputTableError
from metricsmith.io.reading import read_user_file
from metricsmith.readers.table import AuditInput, RawTable

__all__ = ["AuditInput", "RawTable", "FORMATS", "load_audit_input", "read_raw_tables"]

FORMATS: dict[str, str] = {
    ".csv": "csv", ".tsv": "tsv", ".txt": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx", ".xlsb": "xlsx", ".ods": "xlsx",
    ".md": "md", ".markdown": "md",
    ".json": "json", ".yaml": "yaml", ".yml": "yaml",
}


def _read_bytes(p: Path) -> bytes:
    data = read_user_file(p, InputTableError)
    if not data.strip():
        raise InputTableError("the file is empty", path=p)
    return data


def _format_of(p: Path) -> str:
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        shown = p.suffix or "no extension"
        raise InputTableError(
            f"unknown format ({shown})", path=p,
            hint="use .csv, .tsv, .xlsx, .md, .json, .yaml or a metricsmith project .json",
        )
    return fmt


def read_raw_tables(path: str | Path) -> list[RawTable] | AuditInput:
    """The tables in a file (several for a workbook), or a ready AuditInput for a project file."""
    from metricsmith.readers.decode import decode_bytes

    p = Path(path)
    fmt = _format_of(p)
    data = _read_bytes(p)
    name = str(path)
    if fmt == "xlsx":
        from metricsmith.readers.spreadsheet import read_spreadsheet

        if p.suffix.lower() in (".xlsx", ".xlsm") and not data.startswith(b"PK"):
            raise InputTableError("not an XLSX workbook (the file is not a zip archive)", path=p)
        tables = read_spreadsheet(p)
        if not tables:
            raise InputTableError("the workbook has no filled cells", path=p)
        return tables
    text = decode_bytes(data, name)
    if not text.strip():
        raise InputTableError("the file is empty", path=p)
    if fmt in ("csv", "tsv"):
        from metricsmith.readers.delimited import read_delimited

        return [read_delimited(text, name, "\t" if fmt == "tsv" else None)]
    if fmt == "md":
        from metricsmith.readers.markdown import read_markdown

        return [read_markdown(text, name)]
    from metricsmith.readers import structured

    parsed = structured.parse_json(text, name) if fmt == "json" else structured.parse_yaml(text, name)
    if parsed is None:
        raise InputTableError("the file is empty", path=p)
    if structured.is_project(parsed):
        from metricsmith.io.project_file import project_from_dict
        from metricsmith.rules.context import ALL_FIELDS

        project = project_from_dict(parsed, path=name)
        if not project.metrics:
            raise InputTableError("the project has no metrics", path=p)
        return AuditInput(
            path=name, metrics=list(project.metrics), rows=list(range(1, len(project.metrics) + 1)),
            fields=ALL_FIELDS | {"name"}, profile=project.profile,
        )
    return [structured.to_table(parsed, name)]


def load_audit_input(path: str | Path, column: str | None = None) -> AuditInput:
    """Read ``path`` and map it to metrics (see module docstring)."""
    from metricsmith.gcpause import paused_gc

    with paused_gc():
        return _load(path, column)


def _load(path: str | Path, column: str | None) -> AuditInput:
    from metricsmith.readers.mapping import table_to_input

    got = read_raw_tables(path)
    if isinstance(got, AuditInput):
        return got
    first_error: InputTableError | None = None
    first_list: AuditInput | None = None
    for table in got:
        try:
            found = table_to_input(table, column)
        except InputTableError as exc:
            first_error = first_error or exc
            continue
        if found.name_column is not None or column is not None or len(got) == 1:
            return found
        # A sheet read as a bare list of names (a cover sheet with a title, notes) loses to a
        # later sheet whose metric column was found by its header.
        first_list = first_list or found
    if first_list is not None:
        return first_list
    assert first_error is not None
    raise first_error
