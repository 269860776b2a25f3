"""Translating the metric SQL (DuckDB's dialect) into the user's warehouse dialect.

Why one function: the metric definitions are written once, in DuckDB's SQL,
and run in DuckDB by ``compute``; ``export --format sql --dialect`` and
``compute --source`` need the same queries in PostgreSQL, Snowflake, BigQuery
or Databricks. sqlglot translates most of it, but a few DuckDB functions come
out wrong or not at all in the installed sqlglot, and each fix lives here so
that every caller gets the same SQL:

* ``arg_min(x, y)`` / ``arg_max(x, y)`` (optionally with ``FILTER``): DuckDB
  skips rows where ``x`` or ``y`` is NULL. PostgreSQL has no such aggregate:
  ``(array_agg(x ORDER BY y) FILTER (WHERE x IS NOT NULL AND y IS NOT NULL
  AND …))[1]``. Snowflake, BigQuery and Databricks have ``min_by``/``max_by``,
  which skip rows whose *key* is NULL; sqlglot moves a ``FILTER`` into the
  *value* (``max_by(IFF(cond, x, NULL), y)``), which then returns NULL when the
  latest row is outside the filter, so the condition goes into the key instead.
* ``any_value(x)`` (NULLs ignored): PostgreSQL has it only from version 16 and
  the others spell "ignore NULLs" differently; ``min(x)`` is a valid choice of
  "any non-NULL value" everywhere.
* ``quantile_cont(x, p)``: BigQuery has no exact percentile aggregate
  (``PERCENTILE_CONT`` is a window function there), so the value is
  interpolated from the sorted ``ARRAY_AGG``; Databricks gets ``percentile(x,
  p)`` (exact, interpolating) instead of a two-argument ``percentile_cont``.
* ``epoch(t)``: sqlglot writes BigQuery's non-existent ``TIME_TO_UNIX`` and
  whole seconds elsewhere; microseconds ÷ 10⁶ keep fractions as DuckDB does.
* ``date_diff(unit, a, b)`` counts the unit's boundaries between a and b (whole
  weeks: days ÷ 7, toward zero). BigQuery's ``DATE_DIFF`` takes DATE values
  only, so a unit under a day becomes ``TIMESTAMP_DIFF`` over both values
  truncated to the unit, and a day or longer ``DATE_DIFF`` over both values cast
  to DATE. Databricks' ``DATEDIFF(unit, a, b)`` (``TIMESTAMPDIFF``) counts
  whole units elapsed (23:00 to 01:00 is 0 days), so both values are
  truncated to the unit first. Snowflake's ``DATEDIFF`` already counts
  boundaries, as PostgreSQL's translation does, except for weeks.

Everything else (``FILTER`` → ``COUNT_IF``/``IFF``, ``INTERVAL 90 DAY``,
``date_diff`` on PostgreSQL and Snowflake, ``quantile_cont`` → ``percentile_cont … WITHIN GROUP``, boolean
literals, division typing) is sqlglot's own translation, checked by the tests
that parse every metric back in each dialect and run it on PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlglot import exp

#: Dialects ``export --format sql --dialect`` writes (sqlglot's names).
DIALECTS: tuple[str, ...] = ("duckdb", "postgres", "snowflake", "bigquery", "databricks")
#: Other spellings people use (SQLAlchemy's dialect names among them).
ALIASES: dict[str, str] = {"postgresql": "postgres", "pg": "postgres", "psql": "postgres", "spark": "databricks"}


class DialectError(ValueError):
    """A construct in the metric SQL that cannot be written in the target dialect (a bug to report)."""


def dialect_name(name: str) -> str:
    """The canonical name of a dialect (``postgresql`` → ``postgres``); ValueError when unknown."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in DIALECTS:
        raise ValueError(f"unknown SQL dialect '{name}'; choose one of: {', '.join(DIALECTS)}")
    return key


def transpile(sql: "str | exp.Expression", dialect: str, *, pretty: bool = False, comments: bool = False) -> str:
    """``sql`` (DuckDB's dialect: text with one or more statements, or a parsed tree) written in ``dialect``.

    DuckDB text comes back unchanged. Raises :class:`DialectError` naming the
    construct when sqlglot cannot write something in the target dialect.
    """
    import sqlglot
    from sqlglot.errors import ErrorLevel, SqlglotError

    target = dialect_name(dialect)
    if target == "duckdb" and isinstance(sql, str):
        return sql
    try:
        if isinstance(sql, str):
            trees = [t for t in sqlglot.parse(sql, read="duckdb") if t is not None]
        else:
            trees = [sql.copy()]
        out = [(tree if target == "duckdb" else _fix(tree, target)).sql(dialect=target, pretty=pretty, comments=comments,
                                      unsupported_level=ErrorLevel.RAISE) for tree in trees]
    except SqlglotError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DialectError(f"cannot write this SQL for {target}: {first}") from exc
    return ";\n".join(out)


def parses(sql: str, dialect: str) -> bool:
    """Whether ``sql`` parses in ``dialect`` (used by tests and as a self-check)."""
    import sqlglot
    from sqlglot.errors import ErrorLevel, SqlglotError

    try:
        return all(t is not None for t in sqlglot.parse(sql, read=dialect_name(dialect), error_level=ErrorLevel.RAISE))
    except SqlglotError:
        return False


def _fix(tree: "exp.Expression", target: str) -> "exp.Expression":
    """The fixes listed in the module docstring, applied to a parsed DuckDB statement."""
    from sqlglot import exp

    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.IgnoreNulls) and isinstance(node.this, exp.AnyValue):
            return exp.Min(this=node.this.this)
        if isinstance(node, exp.AnyValue):
            return exp.Min(this=node.this)
        if isinstance(node, exp.Filter) and isinstance(node.this, (exp.ArgMin, exp.ArgMax)):
            return _arg_extreme(node.this, node.expression.this, target)
        if isinstance(node, (exp.ArgMin, exp.ArgMax)):
            return _arg_extreme(node, None, target)
        if isinstance(node, exp.PercentileCont) and not node.find_ancestor(exp.Window):
            return _percentile(node.this, node.expression, target) or node
        if isinstance(node, exp.TimeToUnix):
            return _epoch(node.this, target) or node
        if isinstance(node, exp.DateDiff):
            return _date_diff(node, target) or node
        return node

    return tree.transform(fix)


def _sql(node: "exp.Expression", target: str) -> str:
    """A sub-expression in ``target``'s SQL, with the fixes applied inside it too."""
    return _fix(node.copy(), target).sql(dialect=target)


def _operand(node: "exp.Expression", target: str) -> str:
    """``node`` as an operand of ``IS NOT NULL``/``AND``: bare when it is a column, else in parentheses."""
    from sqlglot import exp

    text = _sql(node, target)
    return text if isinstance(node, (exp.Column, exp.Literal, exp.Boolean)) else f"({text})"


def _arg_extreme(node: "exp.Expression", condition: "exp.Expression | None", target: str) -> "exp.Expression":
    """``arg_min``/``arg_max`` with DuckDB's NULL handling (rows with a NULL value or key are skipped)."""
    from sqlglot import exp

    value, key = node.this, node.expression
    is_max = isinstance(node, exp.ArgMax)
    keep = [f"{_operand(value, target)} IS NOT NULL", f"{_operand(key, target)} IS NOT NULL"]
    if condition is not None:
        keep.append(_operand(condition, target))
    keep_sql = " AND ".join(keep)
    if target == "postgres":
        order = "DESC" if is_max else "ASC"
        text = f"(array_agg({_sql(value, target)} ORDER BY {_sql(key, target)} {order}) FILTER (WHERE {keep_sql}))[1]"
    else:
        func = "MAX_BY" if is_max else "MIN_BY"
        text = f"{func}({_sql(value, target)}, CASE WHEN {keep_sql} THEN {_sql(key, target)} END)"
    return _select_expr(text, target)


def _percentile(value: "exp.Expression", fraction: "exp.Expression", target: str) -> "exp.Expression | None":
    """An exact, interpolating percentile aggregate where sqlglot's translation is not one."""
    x, p = _sql(value, target), _sql(fraction, target)
    if target == "databricks":
        return _select_expr(f"PERCENTILE({x}, {p})", target)
    if target == "bigquery":
        # k = p·(n − 1) into the sorted values; linear interpolation between its floor and ceiling.
        k = f"({p}) * (COUNT({x}) - 1)"
        ordered = f"ARRAY_AGG({x} IGNORE NULLS ORDER BY {x})"
        low = f"{ordered}[SAFE_OFFSET(CAST(FLOOR({k}) AS INT64))]"
        high = f"{ordered}[SAFE_OFFSET(CAST(CEIL({k}) AS INT64))]"
        return _select_expr(f"({low} + ({k} - FLOOR({k})) * ({high} - {low}))", target)
    return None


def _epoch(value: "exp.Expression", target: str) -> "exp.Expression | None":
    """Seconds since 1970 with fractions, as DuckDB's ``epoch`` (PostgreSQL's ``date_part`` already is)."""
    x = _sql(value, target)
    if target == "bigquery":
        return _select_expr(f"(UNIX_MICROS(CAST({x} AS TIMESTAMP)) / 1000000.0)", target)
    if target == "snowflake":
        return _select_expr(f"(DATE_PART(EPOCH_MICROSECOND, {x}) / 1000000.0)", target)
    if target == "databricks":
        return _select_expr(f"(UNIX_MICROS(CAST({x} AS TIMESTAMP)) / 1000000.0)", target)
    return None


#: date_diff units shorter than a day (BigQuery: TIMESTAMP_DIFF) and from a day on (DATE_DIFF).
_SUB_DAY = ("MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR")
_DATE_UNITS = ("DAY", "MONTH", "QUARTER", "YEAR")


def _as_date(node: "exp.Expression", target: str) -> str:
    """``node`` cast to DATE (left as it is when it already is such a cast)."""
    from sqlglot import exp

    if isinstance(node, exp.Cast) and node.to.this == exp.DataType.Type.DATE:
        return _sql(node, target)
    return f"CAST({_sql(node, target)} AS DATE)"


def _date_diff(node: "exp.Expression", target: str) -> "exp.Expression | None":
    """DuckDB's ``date_diff(unit, a, b)`` (unit boundaries from a to b) where sqlglot's translation differs."""
    unit_node = node.args.get("unit")
    unit = (unit_node.name if unit_node is not None else "DAY").upper()
    b, a = node.this, node.expression
    if unit == "WEEK":  # DuckDB: whole weeks of days between the dates, toward zero
        days = {"postgres": f"({_as_date(b, target)} - {_as_date(a, target)})",
                "snowflake": f"DATEDIFF(DAY, {_as_date(a, target)}, {_as_date(b, target)})",
                "bigquery": f"DATE_DIFF({_as_date(b, target)}, {_as_date(a, target)}, DAY)",
                "databricks": f"DATEDIFF({_as_date(b, target)}, {_as_date(a, target)})"}[target]
        text = {"postgres": f"({days} / 7)", "snowflake": f"CAST(TRUNC({days} / 7) AS BIGINT)",
                "bigquery": f"DIV({days}, 7)", "databricks": f"({days} DIV 7)"}[target]
        return _select_expr(text, target)
    if unit not in _SUB_DAY + _DATE_UNITS:
        return None
    if target == "bigquery":
        if unit in _SUB_DAY:
            def trunc(x: "exp.Expression") -> str:
                return f"TIMESTAMP_TRUNC(CAST({_sql(x, target)} AS TIMESTAMP), {unit})"

            return _select_expr(f"TIMESTAMP_DIFF({trunc(b)}, {trunc(a)}, {unit})", target)
        return _select_expr(f"DATE_DIFF({_as_date(b, target)}, {_as_date(a, target)}, {unit})", target)
    if target == "databricks":
        def trunc(x: "exp.Expression") -> str:
            return f"DATE_TRUNC('{unit}', {_sql(x, target)})"

        return _select_expr(f"TIMESTAMPDIFF({unit}, {trunc(a)}, {trunc(b)})", target)
    return None


def _select_expr(text: str, target: str) -> "exp.Expression":
    """One expression written in ``target``'s own syntax, parsed so that it is generated back verbatim."""
    import sqlglot

    return sqlglot.parse_one(f"SELECT {text}", read=target).expressions[0]
