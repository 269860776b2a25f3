"""Turning a recognised source into a typed, checked DuckDB table.

Parsing happens in SQL (``try_cast``/``try_strptime``), so a value that does
not parse becomes NULL next to its raw text, and one query finds the first bad
row and how many there are. Problems that make a number wrong are errors that
stop the computation (unparseable dates or amounts, negative amounts,
duplicate order ids, several currencies, an empty table). Rows that are
legitimately left out (cancelled orders, rows without a customer or a date,
surveys of another type) are excluded, counted and reported, never dropped
silently.

The result is a view ``t_<table>`` over the parsed table with canonical
column names, plus derived columns the recipes rely on (``returned`` for
orders, ``resolved``/``first_contact_resolved`` for tickets).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from metricsmith.compute.loaders import Source, quote_ident, quote_literal
from metricsmith.compute.parquet_check import reading, verify_parquet
from metricsmith.compute.recognise import Recognised
from metricsmith.compute.schema import TABLES, Column, normalise, segment_column
from metricsmith.compute.texts import t
from metricsmith.errors import InputTableError

_DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d/%m/%Y", "%d/%m/%Y %H:%M",
                 "%Y/%m/%d", "%d.%m.%y", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"]
_MONTH_FORMATS = ["%Y-%m", "%m.%Y", "%m/%Y", "%Y.%m", "%Y%m"]
_YES = ("true", "yes", "y", "1", "да", "д", "+", "x", "returned", "возврат", "возвращен", "истина", "t", "✓")
_NO = ("false", "no", "n", "0", "нет", "н", "-", "ложь", "f")
CANCELLED_STATUS = ("cancel%", "void%", "отмен%", "аннулир%")
RETURNED_STATUS = ("return%", "refund%", "возврат%", "возвращ%")


def status_like(patterns: tuple[str, ...]) -> str:
    """SQL true when the status (lower case, ё as е) starts with one of ``patterns``."""
    status = "replace(lower(status), 'ё', 'е')"
    return "(" + " OR ".join(f"{status} LIKE {quote_literal(p)}" for p in patterns) + ")"


def _status_in(con, parsed: str, patterns: tuple[str, ...], cache: dict[str, list]) -> str:
    """Like :func:`status_like`, but as ``status IN (...)`` over the distinct statuses when there are few.

    Order exports have a handful of statuses; classifying those once is much cheaper than
    lower-casing and matching every one of millions of rows. ``cache`` keeps the distinct
    statuses between the calls for one table.
    """
    if "found" not in cache:
        # No WHERE: a filter makes DuckDB expand the column's dictionary row by row, which costs
        # twice the grouping itself; NULL is dropped here instead (hence one more than 1001).
        found = con.execute(f"SELECT DISTINCT status FROM {parsed} LIMIT 1002").fetchall()
        cache["found"] = [v for v in found if v[0] is not None][:1001]
    found = cache["found"]
    if len(found) > 1000:
        return status_like(patterns)
    prefixes = tuple(p.rstrip("%") for p in patterns)
    hits = [v for (v,) in found if v.lower().replace("ё", "е").startswith(prefixes)]
    return f"(status IN ({', '.join(quote_literal(v) for v in hits)}))" if hits else "false"


@dataclass
class Exclusion:
    """Rows left out of a table, why, and where the first one is."""

    table: str
    reason_en: str
    reason_ru: str
    count: int
    first: dict


@dataclass
class TableData:
    """A checked input table: its view, columns present, row counts, exclusions."""

    name: str
    source: Source
    columns: set[str]
    rows: int
    kept: int = 0
    exclusions: list[Exclusion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    id_type: str = "VARCHAR"
    mapped: dict[str, str] = field(default_factory=dict)

    @property
    def view(self) -> str:
        return f"t_{self.name}"


def _is_numeric(duck_type: str) -> bool:
    return duck_type.upper().split("(")[0] in {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
        "FLOAT", "DOUBLE", "DECIMAL", "REAL",
    }


def _is_integer(duck_type: str) -> bool:
    return duck_type.upper() in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                                 "UBIGINT", "HUGEINT"}


def _is_temporal(duck_type: str) -> bool:
    return duck_type.upper().startswith(("DATE", "TIMESTAMP"))


#: Typed columns that parsing turns into the same values (an integer id, a DOUBLE or a narrower
#: number as DOUBLE, a DATE as a TIMESTAMP): the checked table holds them as the file does.
_UNCHANGED = {
    "id": {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"},
    "bool": {"BOOLEAN"},
    "number": {"DOUBLE", "FLOAT", "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "UINTEGER"},
    "int": {"DOUBLE", "FLOAT", "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "UINTEGER"},
    "date": {"DATE", "TIMESTAMP"},
}


def _unchanged(col: Column, duck_type: str) -> bool:
    """Whether parsing keeps every value of a typed column as it is in the file.

    Why: a Parquet file's values are checked against its footer; a column the checked table
    holds unchanged is checked there, instead of decoding the file a second time for it.
    Text is trimmed and months are truncated, so those are read from the file.
    """
    return duck_type.upper() in _UNCHANGED.get(col.kind, set())


def _text_expr(src: str) -> str:
    return f"nullif(trim(CAST({src} AS VARCHAR)), '')"


def parse_expr(col: Column, src: str, duck_type: str) -> tuple[str, bool]:
    """SQL that parses ``src`` for ``col``; second item: whether the raw text must be kept for errors."""
    up = duck_type.upper()
    if col.kind in ("id", "text"):
        if col.kind == "id" and _is_integer(duck_type):
            return src, False
        if _is_numeric(duck_type):
            return f"regexp_replace(CAST({src} AS VARCHAR), '\\.0$', '')", False
        return _text_expr(src), False
    if col.kind in ("date", "month"):
        if _is_temporal(duck_type):
            expr = f"CAST({src} AS TIMESTAMP)"
            return (f"CAST(date_trunc('month', {expr}) AS DATE)" if col.kind == "month" else expr), False
        if _is_numeric(duck_type):  # spreadsheet serial day numbers
            expr = f"CAST(DATE '1899-12-30' + CAST({src} AS INTEGER) AS TIMESTAMP)"
            return (f"CAST(date_trunc('month', {expr}) AS DATE)" if col.kind == "month" else expr), True
        v = _text_expr(src)
        formats = ", ".join(quote_literal(f) for f in _DATE_FORMATS)
        expr = f"coalesce(try_cast({v} AS TIMESTAMP), try_strptime({v}, [{formats}]))"
        if col.kind == "month":
            months = ", ".join(quote_literal(f) for f in _MONTH_FORMATS)
            expr = f"CAST(date_trunc('month', coalesce({expr}, try_strptime({v}, [{months}]))) AS DATE)"
        return expr, True
    if col.kind in ("number", "int"):
        if _is_numeric(duck_type):
            return f"CAST({src} AS DOUBLE)", False
        v = _text_expr(src)
        bare = f"replace(regexp_replace({v}, '[\\s\u00a0\u202f₽$€£%]|руб\\.?|rub|usd|eur', '', 'gi'), '−', '-')"
        # "1,200.50" (comma thousands) loses its commas; otherwise a comma is the decimal mark ("3,5").
        cleaned = (f"CASE WHEN regexp_matches({bare}, '^-?[1-9]\\d{{0,2}}(,\\d{{3}})+(\\.\\d+)?$') "
                   f"THEN replace({bare}, ',', '') ELSE replace({bare}, ',', '.') END")
        return f"try_cast(nullif({cleaned}, '') AS DOUBLE)", True
    if col.kind == "bool":
        if up == "BOOLEAN":
            return src, False
        if _is_numeric(duck_type):
            return f"({src} <> 0)", False
        v = f"lower({_text_expr(src)})"
        yes = ", ".join(quote_literal(x) for x in _YES)
        no = ", ".join(quote_literal(x) for x in _NO)
        return f"CASE WHEN {v} IN ({yes}) THEN true WHEN {v} IN ({no}) THEN false END", True
    raise ValueError(col.kind)


def _first_row(con: duckdb.DuckDBPyConnection, relation: str, condition: str, show: str | None = None):
    """(count, first _row, shown value of first row) of rows matching ``condition``."""
    shown = f", arg_min({show}, _row)" if show else ", NULL"
    count, first, value = con.execute(
        f"SELECT count(*), min(_row){shown} FROM {relation} WHERE {condition}"
    ).fetchall()[0]
    return int(count), first, value


#: Columns the recipes never read once checks and derived columns are done; not kept in memory
#: unless they are the segment column.
_CHECK_ONLY = {"orders": ("status", "currency", "returned", "channel", "region")}


def prepare(con: duckdb.DuckDBPyConnection, rec: Recognised, lang: str, segment: str | None = None) -> TableData:
    """Parse, check and expose ``rec`` as the view ``t_<table>``; raises on bad input.

    ``segment`` (the ``--segment`` value) keeps that column available; other columns the
    recipes do not read are dropped after the checks, so big tables stay small in memory.
    """
    spec = TABLES[rec.table]
    source = rec.source
    data = TableData(rec.table, source, set(rec.columns), source.rows, mapped=dict(rec.columns))
    if source.rows == 0:
        raise InputTableError(
            t(lang, f"the {rec.table} table is empty: a header but no rows", f"таблица {rec.table} пуста: есть заголовок, но нет строк"),
            **source.where(None),
        )
    selects = ["_row"]
    raw_cols: dict[str, str] = {}
    unchanged: dict[str, str] = {}  # header → the column of the checked table holding its values as they are
    for col in spec.columns:
        if col.name not in rec.columns:
            continue
        header = rec.columns[col.name]
        src = quote_ident(header)
        duck_type = source.types.get(header, "VARCHAR")
        expr, keep_raw = parse_expr(col, src, duck_type)
        selects.append(f"{expr} AS {col.name}")
        if keep_raw:
            raw_cols[col.name] = header
            selects.append(f"{_text_expr(src)} AS {quote_ident('_raw_' + col.name)}")
        if _unchanged(col, duck_type):
            unchanged[header] = col.name
    # A non-canonical segment column (any header) stays available under its header.
    wanted = segment_column(spec, rec.columns, source.headers, normalise(segment)) if segment else None
    if wanted is not None and wanted not in rec.columns:
        selects.append(quote_ident(wanted))
    dropped = [c for c in _CHECK_ONLY.get(rec.table, ()) if c in rec.columns and c not in raw_cols and c != wanted]
    unchanged = {header: name for header, name in unchanged.items() if name not in dropped}
    parsed = f"p_{rec.table}"
    con.execute(f"CREATE OR REPLACE VIEW {parsed} AS SELECT {', '.join(selects)} FROM {source.relation}")
    if source.footer is not None:
        # A Parquet file's other columns are checked against its footer before any value is used.
        verify_parquet(con, source, {h: h for h in source.headers if h not in unchanged}, source.relation)

    # Reading the file's values starts here: for Parquet, an undecodable page is a damaged file.
    with reading(source):
        full, reasons = _build(con, rec, data, parsed, dropped, lang)
        if source.footer is not None:
            verify_parquet(con, source, unchanged, full, built=True)

    # 1. Values that do not parse: an error naming the column, the first row and the value.
    for name, header in raw_cols.items():
        col = spec.column(name)
        count, first, value = _first_row(con, full, f"{quote_ident('_raw_' + name)} IS NOT NULL AND {name} IS NULL",
                                         quote_ident("_raw_" + name))
        if count:
            kind = {"date": t(lang, "a date", "дата"), "month": t(lang, "a month", "месяц"),
                    "number": t(lang, "a number", "число"), "int": t(lang, "a whole number", "целое число"),
                    "bool": t(lang, "yes/no", "да/нет")}[col.kind]
            more = t(lang, f" ({count} such rows)", f" (таких строк: {count})") if count > 1 else ""
            raise InputTableError(
                t(lang, f"'{value}' is not {kind}{more}", f"«{value}» — не {kind}{more}"),
                **source.where(first), field=header,
                hint=t(lang, "fix the value or clear the cell", "исправьте значение или очистите ячейку"),
            )

    # 1b. Numbers that parse but are not finite ("nan", "inf", 1e400, a Parquet NaN): no metric holds them.
    for col in spec.columns:
        if col.kind not in ("number", "int") or col.name not in rec.columns:
            continue
        show = quote_ident("_raw_" + col.name) if col.name in raw_cols else f"CAST({col.name} AS VARCHAR)"
        count, first, value = _first_row(con, full, f"{col.name} IS NOT NULL AND NOT isfinite({col.name})", show)
        if count:
            more = t(lang, f" ({count} such rows)", f" (таких строк: {count})") if count > 1 else ""
            raise InputTableError(
                t(lang, f"'{value}' is not a finite number{more}", f"«{value}» — не конечное число{more}"),
                **source.where(first), field=rec.columns[col.name],
                hint=t(lang, "write a number, or clear the cell", "впишите число или очистите ячейку"),
            )

    # 2. Values that parse but make the numbers wrong.
    if rec.table == "orders":
        _check_orders(con, full, rec, lang)
    elif rec.table == "mrr":
        _check_negative(con, full, rec, "mrr", lang)
        _check_duplicates(con, full, rec, ["customer_id", "month"], lang)
    elif rec.table == "surveys":
        _check_scores(con, full, rec, lang)
    elif rec.table == "tickets":
        _check_tickets(con, full, rec, lang)

    # 3. Rows left out: counted per reason with the first row, never dropped silently.
    excluded = 0
    for code, count, first in con.execute(
        f"SELECT _why, count(*), min(_row) FROM {full} WHERE _why > 0 GROUP BY _why ORDER BY _why"
    ).fetchall():
        _, en, ru = reasons[code - 1]
        data.exclusions.append(Exclusion(rec.table, en, ru, int(count), source.where(first)))
        excluded += int(count)
    drop = ["_why"] + [quote_ident("_raw_" + n) for n in raw_cols]
    con.execute(f"CREATE OR REPLACE VIEW {data.view} AS SELECT * EXCLUDE ({', '.join(drop)}) FROM {full} WHERE _why = 0")
    data.kept = source.rows - excluded
    if data.kept == 0:
        raise all_excluded(rec.table, data.exclusions, lang, source.where(None))
    if "customer_id" in rec.columns:
        types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {data.view})").fetchall())
        data.id_type = types.get("customer_id", "VARCHAR")
    return data


def _build(con: duckdb.DuckDBPyConnection, rec: Recognised, data: TableData, parsed: str, dropped: list[str],
           lang: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Materialise the parsed view ``parsed`` as the table ``a_<table>``, with the derived columns
    the recipes rely on and ``_why``: 0 for a kept row, else the 1-based reason it is left out
    (the first that applies). Returns the table's name and the reasons (SQL, English, Russian).
    """
    spec = TABLES[rec.table]
    derived: list[str] = []
    reasons: list[tuple[str, str, str]] = []
    for col in spec.columns:
        if col.required and col.name in rec.columns:
            header = rec.columns[col.name]
            reasons.append((f"{col.name} IS NULL", f"empty '{header}'", f"пустое «{header}»"))
    statuses: dict[str, list] = {}
    if rec.table == "orders":
        if "status" in rec.columns:
            reasons.append((_status_in(con, parsed, CANCELLED_STATUS, statuses), "cancelled orders", "отменённые заказы"))
        returned_parts = []
        if "returned" in rec.columns:
            returned_parts.append("coalesce(returned, false)")
        if "status" in rec.columns:
            returned_parts.append(f"coalesce({_status_in(con, parsed, RETURNED_STATUS, statuses)}, false)")
        if "return_reason" in rec.columns and "returned" not in rec.columns:
            returned_parts.append("return_reason IS NOT NULL")
        derived.append(f"{' OR '.join(returned_parts) if returned_parts else 'false'} AS is_returned")
    elif rec.table == "surveys":
        kind = _survey_kind(con, parsed, rec, data, lang)
        derived.append(f"{kind} AS kind")
        reasons.append((f"({kind}) IS NULL", *NO_SURVEY_KIND))
    elif rec.table == "tickets":
        has_resolved = "resolved_at" in rec.columns
        flag = " OR coalesce(fcr, false)" if "fcr" in rec.columns else ""
        resolved = f"(resolved_at IS NOT NULL{flag})" if has_resolved else "true"
        if "fcr" in rec.columns:
            fcr = (f"coalesce(fcr, contacts = 1 AND {resolved})" if "contacts" in rec.columns else "coalesce(fcr, false)")
        else:
            fcr = f"(contacts = 1 AND {resolved})" if "contacts" in rec.columns else "false"
        derived.append(f"{resolved} AS resolved")
        derived.append(f"{fcr} AS first_contact_resolved")
    elif rec.table == "events":
        derived.append("lower(event) AS event_key")
    why = "CASE " + " ".join(f"WHEN coalesce({cond}, false) THEN {i + 1}" for i, (cond, _, _) in enumerate(reasons)) \
        + " ELSE 0 END" if reasons else "0"
    extra = "".join(", " + d for d in derived)
    # Materialised once (one pass over the file): checks and recipes then scan typed columns.
    full = f"a_{rec.table}"
    if rec.table == "orders":
        _check_currencies(con, parsed, rec, lang)
    drop_now = f" EXCLUDE ({', '.join(dropped)})" if dropped else ""
    con.execute(f"CREATE OR REPLACE TABLE {full} AS SELECT *{drop_now}{extra}, CAST({why} AS TINYINT) AS _why FROM {parsed}")
    return full, reasons


def _check_negative(con, parsed: str, rec: Recognised, column: str, lang: str) -> None:
    count, first, value = _first_row(con, parsed, f"{column} < 0", column)
    if count:
        header = rec.columns[column]
        raise InputTableError(
            t(lang, f"negative amount {value:g} ({count} such rows)", f"отрицательная сумма {value:g} (таких строк: {count})"),
            **rec.source.where(first), field=header,
            hint=t(lang, "record refunds as returns (a 'returned' column), not as negative amounts",
                   "отражайте возвраты колонкой «возврат», а не отрицательной суммой"),
        )


def _all_distinct_integers(con, relation: str, column: str) -> bool:
    """True when an integer column provably has no repeats, using a bitmap instead of a hash table.

    One pass with ``bitstring_agg`` over the id range is about ten times faster than
    grouping ten million ids; it applies when the ids are integers in a range of at most
    2^28 (a 32 MiB bitmap). Otherwise (or when repeats exist) the caller groups to find them.
    """
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {relation})").fetchall())
    if not _is_integer(types.get(column, "")):
        return False
    count, low, high = con.execute(f"SELECT count({column}), min({column}), max({column}) FROM {relation}").fetchall()[0]
    if not count:
        return True
    if high - low >= 1 << 28 or high - low + 1 < count:
        return False
    bits = con.execute(f"SELECT bit_count(bitstring_agg({column}, {int(low)}, {int(high)})) FROM {relation}").fetchall()[0][0]
    return int(bits) == int(count)


def _check_duplicates(con, parsed: str, rec: Recognised, columns: list[str], lang: str) -> None:
    if len(columns) == 1 and _all_distinct_integers(con, parsed, columns[0]):
        return
    cols = ", ".join(columns)
    rows = con.execute(
        f"SELECT min(_row) AS a, max(_row) AS b, count(*) OVER () AS groups FROM {parsed} "
        f"WHERE {' AND '.join(c + ' IS NOT NULL' for c in columns)} "
        f"GROUP BY {cols} HAVING count(*) > 1 ORDER BY a LIMIT 1"
    ).fetchall()
    if rows:
        row = rows[0]
        first, second, groups = row
        headers = ", ".join(rec.columns[c] for c in columns)
        other = rec.source.where(first)
        where_first = f"line {other['line']}" if "line" in other else f"row {other['row']}"
        where_first_ru = f"строке {other.get('line', other.get('row'))}"
        raise InputTableError(
            t(lang, f"duplicate {headers}: the same value as {where_first} ({groups} duplicated values)",
              f"повтор {headers}: то же значение, что и в {where_first_ru} (повторяющихся значений: {groups})"),
            **rec.source.where(second), field=rec.columns[columns[0]],
            hint=t(lang, "each order must appear once; remove the duplicate rows",
                   "каждый заказ должен быть в таблице один раз; удалите повторы"),
        )


def _check_orders(con, parsed: str, rec: Recognised, lang: str) -> None:
    _check_negative(con, parsed, rec, "amount", lang)
    _check_duplicates(con, parsed, rec, ["order_id"], lang)


def _check_currencies(con, parsed: str, rec: Recognised, lang: str) -> None:
    if "currency" in rec.columns:
        found = con.execute(
            f"SELECT upper(currency) AS c, count(*), min(_row) FROM {parsed} WHERE currency IS NOT NULL "
            f"GROUP BY c ORDER BY count(*) DESC, c"
        ).fetchall()
        if len(found) > 1:
            listed = ", ".join(f"{c} ({n})" for c, n, _ in found)
            raise InputTableError(
                t(lang, f"several currencies in one table: {listed}; amounts in different currencies cannot be added",
                  f"несколько валют в одной таблице: {listed}; суммы в разных валютах нельзя складывать"),
                **rec.source.where(found[1][2]), field=rec.columns["currency"],
                hint=t(lang, "convert to one currency, or split the file by currency",
                       "пересчитайте в одну валюту или разделите файл по валютам"),
            )


#: A survey row's kind: 'nps', 'csat', or the survey type itself in lower case (CES, eNPS, …: read by the
#: user's own definitions; the packaged metrics take only NPS and CSAT rows). No type: no kind.
KIND_SQL = ("CASE WHEN lower(survey_type) LIKE '%nps%' OR lower(survey_type) LIKE '%рекоменд%' THEN 'nps' "
             "WHEN lower(survey_type) LIKE '%csat%' OR lower(survey_type) LIKE '%удовлетвор%' THEN 'csat' "
             "ELSE nullif(lower(trim(survey_type)), '') END")
#: Why a survey row without a kind is left out (English, Russian).
NO_SURVEY_KIND = ("no survey type", "тип опроса не указан")


def _survey_kind(con, parsed: str, rec: Recognised, data: TableData, lang: str) -> str:
    """SQL for the column ``kind`` ('nps', 'csat', another survey type, or NULL) of a survey row."""
    if "survey_type" in rec.columns:
        return KIND_SQL
    top = con.execute(f"SELECT max(score) FROM {parsed}").fetchall()[0][0]
    kind = "nps" if top is not None and top > 5 else "csat"
    data.notes.append(t(lang, f"{rec.source.label}: no survey type column; scores up to {top:g} are read as {kind.upper()}",
                        f"{rec.source.label}: нет колонки типа опроса; оценки до {top:g} считаются {kind.upper()}"))
    return f"'{kind}'"


def all_excluded(table: str, exclusions: list["Exclusion"], lang: str, where: dict[str, object]) -> InputTableError:
    """The error for a table none of whose rows is usable, with the count behind each reason."""
    return InputTableError(
        t(lang, f"no usable rows in the {table} table: every row was excluded ("
                + "; ".join(f"{e.reason_en}: {e.count}" for e in exclusions) + ")",
          f"в таблице {table} не осталось строк: все исключены ("
                + "; ".join(f"{e.reason_ru}: {e.count}" for e in exclusions) + ")"),
        **where,  # type: ignore[arg-type]
    )


#: Survey scores accepted, by kind (whole scores only): files, warehouses and dbt staging all check these.
SCORE_RANGES: tuple[tuple[str, int, int], ...] = (("nps", 0, 10), ("csat", 1, 5))


def _check_scores(con, parsed: str, rec: Recognised, lang: str) -> None:
    for kind, low, high in SCORE_RANGES:
        count, first, value = _first_row(
            con, parsed, f"kind = '{kind}' AND (score < {low} OR score > {high} OR score <> floor(score))", "score")
        if count:
            raise InputTableError(
                t(lang, f"{kind.upper()} score {value:g} is outside {low}–{high} ({count} such rows)",
                  f"оценка {kind.upper()} {value:g} вне диапазона {low}–{high} (таких строк: {count})"),
                **rec.source.where(first), field=rec.columns["score"],
                hint=t(lang, "NPS uses whole scores 0–10, CSAT 1–5", "NPS — целые оценки 0–10, CSAT — 1–5"),
            )


def _check_tickets(con, parsed: str, rec: Recognised, lang: str) -> None:
    if "resolved_at" in rec.columns:
        count, first, _ = _first_row(con, parsed, "resolved_at < opened_at")
        if count:
            raise InputTableError(
                t(lang, f"resolved before it was opened ({count} such rows)", f"решено раньше, чем открыто (таких строк: {count})"),
                **rec.source.where(first), field=rec.columns["resolved_at"],
            )
    if "contacts" in rec.columns:
        count, first, value = _first_row(con, parsed, "contacts < 1 OR contacts <> floor(contacts)", "contacts")
        if count:
            raise InputTableError(
                t(lang, f"contacts until resolution must be a whole number from 1, got {value:g}",
                  f"число контактов до решения должно быть целым от 1, указано {value:g}"),
                **rec.source.where(first), field=rec.columns["contacts"],
            )
