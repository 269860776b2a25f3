"""Finding the user's tables in the database and describing them as the canonical tables.

The files path of ``compute`` loads a file, recognises it by its headers and
parses every column; here the tables stay in the database. A canonical table
(``orders``, ``mrr``, ``surveys``, ``tickets``, ``events``) is the table the
user names (``--map orders=shop.orders``, or ``tables:`` in the mapping file)
or, without one, a table of exactly that name. Its columns are recognised by
the same aliases and ``--map orders.amount=total`` mappings as file headers,
and their database types must fit: a date column must be a date or timestamp,
an amount a number. Each table becomes two CTEs (see
:mod:`metricsmith.compute.warehouse.query`): ``src_<name>``, the user's columns
cast to canonical names and types, and ``<name>``, with the derived columns
and exclusions of :mod:`metricsmith.compute.validate` (cancelled orders,
surveys that are neither NPS nor CSAT, rows without a customer or a date),
so both paths compute the same values from the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from metricsmith.compute.schema import TABLES, Column, TableSpec, match_columns
from metricsmith.compute.texts import t
from metricsmith.errors import InputTableError

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.validate import Exclusion
    from metricsmith.compute.warehouse.connection import Session

#: What each column kind accepts, by the database type's family (see :func:`type_family`).
FITS: dict[str, tuple[str, ...]] = {
    "id": ("text", "integer", "number"),
    "text": ("text", "integer", "number", "bool", "date", "timestamp"),
    "date": ("date", "timestamp"),
    "month": ("date", "timestamp"),
    "number": ("integer", "number"),
    "int": ("integer", "number"),
    "bool": ("bool", "integer", "number", "text"),  # text: yes/no words, parsed as a file's are
}
_NEEDS = {"id": ("text or a number", "текст или число"), "text": ("text", "текст"),
          "date": ("a date or timestamp", "дата или время"), "month": ("a date or timestamp", "дата или время"),
          "number": ("a number", "число"), "int": ("a number", "число"),
          "bool": ("a boolean or yes/no text", "логическое значение или текст да/нет")}


_CYRILLIC_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def type_family(sa_type: Any) -> str:
    """A SQLAlchemy column type as one of text, integer, number, date, timestamp, bool or other."""
    from sqlalchemy import types as T

    if isinstance(sa_type, T.Boolean):
        return "bool"
    if isinstance(sa_type, T.Integer):
        return "integer"
    if isinstance(sa_type, (T.Numeric, T.Float)):
        return "number"
    if isinstance(sa_type, T.DateTime):
        return "timestamp"
    if isinstance(sa_type, T.Date):
        return "date"
    if isinstance(sa_type, (T.String, T.Uuid, T.Enum)):
        return "text"
    return "other"


def quote(name: str) -> str:
    """An identifier in DuckDB's SQL (always quoted: the database's own spelling is kept)."""
    return '"' + name.replace('"', '""') + '"'


def stored_name(dialect: Any, name: str) -> str:
    """How the database stores a name SQLAlchemy reports: Snowflake (like Oracle) keeps case-insensitive
    names in upper case and SQLAlchemy shows them in lower case, so a quoted lower-case name would miss."""
    if getattr(dialect, "requires_name_normalize", False):
        return str(dialect.denormalize_name(name))
    return name


@dataclass
class SourceTable:
    """One user table standing for a canonical table, with what ``compute`` reports about it.

    It has the attributes the report and the runner read from a file's
    :class:`~metricsmith.compute.validate.TableData` (``source.label``, ``rows``,
    ``kept``, ``exclusions``, ``notes``, ``columns``, ``mapped``).
    """

    name: str
    schema: str | None
    table: str
    url: str  # the source's redacted URL
    headers: list[str]
    families: dict[str, str]
    type_names: dict[str, str]
    mapped: dict[str, str] = field(default_factory=dict)
    stored: dict[str, str] = field(default_factory=dict)  # name → the database's spelling (see stored_name)
    rows: int = 0
    kept: int = 0
    exclusions: list["Exclusion"] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    survey_kind: str | None = None

    @property
    def display(self) -> str:
        return f"{self.schema}.{self.table}" if self.schema else self.table

    @property
    def label(self) -> str:
        """Source and table, as reports and errors name them."""
        return f"{self.url} table {self.display}"

    @property
    def relation(self) -> str:
        return (quote(self.spelled(self.schema)) + "." if self.schema else "") + quote(self.spelled(self.table))

    def spelled(self, name: str) -> str:
        """``name`` (a schema, table or column as SQLAlchemy reports it) as the database stores it."""
        return self.stored.get(name, name)

    @property
    def columns(self) -> set[str]:
        return set(self.mapped)

    @property
    def source(self) -> "SourceTable":
        return self

    def where(self, column: str | None = None) -> dict[str, Any]:
        """Keyword arguments for an error about this table (and one of its columns)."""
        return {"path": self.label, "field": column}


def find_tables(session: "Session", names: dict[str, str], columns: dict[str, str],
                lang: str) -> dict[str, SourceTable]:
    """The canonical tables found in the source: named ones must exist, the rest are looked up by name."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    source = session.source
    try:
        insp = inspect(session.con)
        default = sorted(set(insp.get_table_names()) | set(insp.get_view_names()))
    except SQLAlchemyError as exc:
        raise InputTableError(f"cannot list the tables: {source._first_line(exc)}", path=source.label,
                              field="--source") from None
    found: dict[str, SourceTable] = {}
    for name, spec in TABLES.items():
        if name in names:
            schema, _, table = names[name].rpartition(".")
            schema = _resolve_schema(insp, schema) if schema else ""
            table = _resolve(insp, schema or None, table, default)
            if table is None:
                raise InputTableError(_missing_table(insp, schema or None, names[name], name, default, lang),
                                      path=source.label, field=f"--map {name}={names[name]}")
            found[name] = _describe(session, insp, spec, schema or None, table, columns, lang)
        else:
            match = next((n for n in default if n.lower() == name), None)
            if match is not None:
                found[name] = _describe(session, insp, spec, None, match, columns, lang)
    if not found:
        listed = ", ".join(default) or t(lang, "(none)", "(нет)")
        raise InputTableError(
            t(lang, f"no input tables: name them, e.g. --map orders=TABLE (tables found: {listed})",
              f"нет входных таблиц: укажите их, например --map orders=ТАБЛИЦА (найдены таблицы: {listed})"),
            path=source.label, field="--source")
    stray = [k for k in columns if k.split(".")[0] not in found]
    if stray:
        table = stray[0].split(".")[0]
        raise InputTableError(
            t(lang, f"--map {stray[0]}={columns[stray[0]]}: there is no {table} table in the source",
              f"--map {stray[0]}={columns[stray[0]]}: в источнике нет таблицы {table}"),
            path=source.label, field=stray[0],
            hint=t(lang, f"name it with --map {table}=TABLE", f"укажите её: --map {table}=ТАБЛИЦА"))
    return found


def _resolve_schema(insp: Any, schema: str) -> str:
    """The schema's name as the database spells it (case-insensitive match), or ``schema`` as given."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        schemas = list(insp.get_schema_names())
    except (SQLAlchemyError, NotImplementedError):
        return schema
    if schema in schemas:
        return schema
    return next((n for n in schemas if n.lower() == schema.lower()), schema)


def _missing_table(insp: Any, schema: str | None, asked: str, name: str, default: list[str], lang: str) -> str:
    """The message for a named table that is not there, listing the tables where it was looked for.

    Why the schema's own tables: for ``sales.orders_2025`` the tables of ``sales`` show the
    right spelling; the default schema's tables would send the user looking in the wrong place.
    """
    from sqlalchemy.exc import SQLAlchemyError

    none = t(lang, "(none)", "(нет)")
    if schema is None:
        listed = ", ".join(default) or none
        return t(lang, f"no table '{asked}' for {name}; tables in the default schema: {listed}",
                 f"нет таблицы «{asked}» для {name}; таблицы в схеме по умолчанию: {listed}")
    try:
        schemas = sorted(insp.get_schema_names())
    except (SQLAlchemyError, NotImplementedError):
        schemas = None
    if schemas is not None and schema not in schemas:
        listed = ", ".join(s for s in schemas if s not in ("information_schema", "pg_catalog", "pg_toast")) or none
        return t(lang, f"no table '{asked}' for {name}: there is no schema '{schema}'; schemas: {listed}",
                 f"нет таблицы «{asked}» для {name}: схемы «{schema}» нет; схемы: {listed}")
    try:
        tables = sorted(set(insp.get_table_names(schema=schema)) | set(insp.get_view_names(schema=schema)))
    except SQLAlchemyError:
        tables = []
    listed = ", ".join(tables) or none
    return t(lang, f"no table '{asked}' for {name}; tables in the schema {schema}: {listed}",
             f"нет таблицы «{asked}» для {name}; таблицы в схеме {schema}: {listed}")


def _resolve(insp: Any, schema: str | None, table: str, default: list[str]) -> str | None:
    """The table's name as the database spells it (case-insensitive match), or None when absent."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        names = default if schema is None else sorted(set(insp.get_table_names(schema=schema))
                                                      | set(insp.get_view_names(schema=schema)))
    except SQLAlchemyError:
        return None
    if table in names:
        return table
    return next((n for n in names if n.lower() == table.lower()), None)


def _describe(session: "Session", insp: Any, spec: TableSpec, schema: str | None, table: str,
              explicit: dict[str, str], lang: str) -> SourceTable:
    """Columns, types and the canonical mapping of one table; errors for missing or ill-typed columns."""
    cols = insp.get_columns(table, schema=schema)
    headers = [str(c["name"]) for c in cols]
    data = SourceTable(spec.name, schema, table, session.source.label, headers,
                       {str(c["name"]): type_family(c["type"]) for c in cols},
                       {str(c["name"]): _type_name(c["type"]) for c in cols})
    dialect = session.con.dialect
    data.stored = {n: stored_name(dialect, n) for n in [*headers, table, *([schema] if schema else [])]}
    for key, column in explicit.items():
        if key.split(".")[0] == spec.name and column.lower() not in {h.lower() for h in headers}:
            raise InputTableError(
                t(lang, f"--map {key}={column}: no such column; columns: {', '.join(headers)}",
                  f"--map {key}={column}: такой колонки нет; колонки: {', '.join(headers)}"),
                **data.where(column))
    data.mapped = match_columns(spec, headers, explicit)
    missing = [c for c in spec.columns if c.required and c.name not in data.mapped]
    if not missing and spec.any_of and not any(c in data.mapped for c in spec.any_of):
        missing = [spec.column(n) for n in spec.any_of]
    if missing:
        first = missing[0].name
        names = ", ".join(f"{m.name} ({m.label_ru if lang == 'ru' else m.label_en})" for m in missing)
        raise InputTableError(
            t(lang, f"no column for {spec.name}.{first}: missing {names}; columns: {', '.join(headers)}",
              f"нет колонки для {spec.name}.{first}: не хватает {names}; колонки: {', '.join(headers)}"),
            **data.where(first),
            hint=t(lang, f"name it: --map {spec.name}.{first}=COLUMN", f"укажите её: --map {spec.name}.{first}=КОЛОНКА"))
    for name, header in data.mapped.items():
        col = spec.column(name)
        family = data.families[header]
        if family not in FITS[col.kind]:
            en, ru = _NEEDS[col.kind]
            raise InputTableError(
                t(lang, f"type {data.type_names[header]} does not fit {spec.name}.{name}, which needs {en}",
                  f"тип {data.type_names[header]} не подходит для {spec.name}.{name}: нужно {ru}"),
                **data.where(header),
                hint=t(lang, "cast it in a view, or map another column with --map "
                             f"{spec.name}.{name}=COLUMN",
                       f"приведите тип в представлении или укажите другую колонку: --map {spec.name}.{name}=КОЛОНКА"))
    return data


def _type_name(sa_type: Any) -> str:
    try:
        return str(sa_type)
    except Exception:  # some dialect types cannot compile without a dialect
        return type(sa_type).__name__.upper()


def cast_expr(col: Column, ref: str, family: str) -> str:
    """SQL (DuckDB's dialect) turning the user's column ``ref`` into the canonical column ``col``.

    Text is trimmed and empty text is NULL, as when a file is read.
    """
    if col.kind in ("id", "text"):
        return f"nullif(trim(CAST({ref} AS VARCHAR)), '')" if family == "text" else f"CAST({ref} AS VARCHAR)"
    if col.kind == "date":
        return f"CAST({ref} AS TIMESTAMP)"
    if col.kind == "month":
        return f"CAST(date_trunc('month', CAST({ref} AS TIMESTAMP)) AS DATE)"
    if col.kind in ("number", "int"):
        return f"CAST({ref} AS DOUBLE)"
    if col.kind == "bool":
        if family == "text":
            # The yes/no words a file may hold (да/нет, true/false, 1/0, …), with the file path's SQL;
            # any other word is NULL here and refused by the checks (see text_parsed). Cyrillic
            # capitals are lowered by translate() first: a database's lower() leaves them as they
            # are under the C locale ('ДА' would not be 'да').
            from metricsmith.compute.validate import parse_expr

            lowered = f"translate(CAST({ref} AS VARCHAR), '{_CYRILLIC_UPPER}', '{_CYRILLIC_UPPER.lower()}')"
            return parse_expr(col, lowered, "VARCHAR")[0]
        return ref if family == "bool" else f"({ref} <> 0)"
    raise ValueError(col.kind)


def text_parsed(data: SourceTable) -> list[str]:
    """Canonical columns of ``data`` parsed from text (yes/no words), whose values can fail to parse."""
    spec = TABLES[data.name]
    return [name for name, header in data.mapped.items()
            if spec.column(name).kind == "bool" and data.families[header] == "text"]


def src_sql(data: SourceTable, extra: str | None = None, raw: bool = False) -> str:
    """``src_<name>``: the mapped columns under canonical names and types (plus ``_segment`` from ``extra``).

    ``raw`` adds ``_raw_<column>``, the trimmed text of each column parsed from text, for the
    check that refuses a value that is not a yes/no word (as a file's is refused).
    """
    spec = TABLES[data.name]
    exprs = [f"{cast_expr(spec.column(name), quote(data.spelled(header)), data.families[header])} AS {name}"
             for name, header in data.mapped.items()]
    if raw:
        exprs += [f"nullif(trim(CAST({quote(data.spelled(data.mapped[name]))} AS VARCHAR)), '') AS _raw_{name}"
                  for name in text_parsed(data)]
    if extra is not None:
        exprs.append(f"CAST({quote(data.spelled(extra))} AS VARCHAR) AS _segment")
    return f"SELECT {', '.join(exprs)} FROM {data.relation}"
