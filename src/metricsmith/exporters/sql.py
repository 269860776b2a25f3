"""SQL export: the project's metric definitions as standalone SQL for the user's warehouse.

Why: when the data outgrows a laptop, the same definitions that
``metricsmith compute`` runs in DuckDB should run where the data lives. The
export writes one ``CREATE OR REPLACE VIEW metricsmith_<metric id>`` per
metric that has a definition, with the period and the metric's conventions filled
in as literals, and a header that lists the input tables and columns the
views read (the canonical names ``compute`` uses).

The queries are DuckDB SQL; for another warehouse they are translated by
:func:`metricsmith.compute.dialects.transpile` (sqlglot plus the fixes it
lists), the one place that knows how DuckDB's functions are spelled elsewhere.

Options (``ExportOptions.extra``): ``period`` ("2026-10", "2026-Q4", …;
default: the last full month before the export date); ``dialect`` (duckdb,
postgres, snowflake, bigquery, databricks; default duckdb; on the command line
also ``--dialect``); ``definitions`` (a user's definitions file, as
``compute --definitions``: custom metrics are exported too).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from metricsmith.exporters._common import write_files

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.models.project import Project

FORMAT = "sql"
SUFFIX = ".sql"
OPTIONS = ("period", "dialect", "definitions")
DESCRIPTION = "SQL views computing each metric from orders/MRR/surveys/tickets/events, for a warehouse"

INPUT_DOC = """\
-- Input tables (one row per order / customer-month / answer / ticket / event). Every table also
-- needs a text column `segment` ('all' for one overall figure, or e.g. the region to split by).
--   orders(customer_id, order_id, order_date TIMESTAMP, amount, is_returned BOOLEAN, return_reason, status)
--          cancelled orders removed; amounts in one currency
--   mrr(customer_id, month DATE first day of month, mrr)
--   surveys(customer_id, response_date TIMESTAMP, score, kind 'nps'|'csat')
--   tickets(customer_id, opened_at TIMESTAMP, resolved BOOLEAN, first_contact_resolved BOOLEAN, contacts)
--   events(customer_id, event_key lower-case event name, event_time TIMESTAMP)
-- Each view returns (segment, part, value, n): part IS NULL for the metric's value, otherwise a
-- secondary figure (p90, reason:<reason>, churn, ...). n = rows or customers the value rests on.
"""
#: What each dialect's reader should know beyond the canonical tables.
DIALECT_NOTES = {
    "duckdb": "-- Dialect: DuckDB. For another warehouse export with --dialect postgres|snowflake|bigquery|databricks.",
    "postgres": "-- Dialect: PostgreSQL. Text columns are text, timestamps `timestamp` (without time zone).",
    "snowflake": "-- Dialect: Snowflake. Timestamps are TIMESTAMP_NTZ; run in the database and schema of the input tables.",
    "bigquery": "-- Dialect: BigQuery. Timestamps are DATETIME; prefix the view and table names with your dataset.",
    "databricks": "-- Dialect: Databricks SQL. Timestamps are TIMESTAMP_NTZ; run in the catalog and schema of the input tables.",
}


def _period(options: "ExportOptions"):
    from metricsmith.compute.periods import add_months, parse_period

    raw = options.extra.get("period") if options.extra else None
    if raw:
        from metricsmith.errors import ExportError, MetricsmithError

        try:
            return parse_period(str(raw))
        except MetricsmithError as exc:  # name the -O key, not compute's --period
            raise ExportError(exc.message, field="period", hint=exc.hint) from exc
    first = add_months(options.date, -1)
    return parse_period(f"{first:%Y-%m}")


def _dialect(options: "ExportOptions") -> str:
    from metricsmith.compute.dialects import DIALECTS, dialect_name

    raw = options.extra.get("dialect") if options.extra else None
    try:
        return dialect_name(str(raw)) if raw else "duckdb"
    except ValueError:
        from metricsmith.errors import ExportError

        raise ExportError(f"unknown SQL dialect '{raw}'", field="dialect", hint="choose one of: " + ", ".join(DIALECTS)) from None


def translate(body: str, dialect: str) -> str:
    """A query (DuckDB SQL) in ``dialect``: its leading ``--`` comment lines kept as they are, the query
    translated with its inner comments (sqlglot writes them as ``/* … */``): they say why the SQL is so."""
    if dialect == "duckdb":
        return body
    from metricsmith.compute.dialects import DialectError, transpile

    lines = body.splitlines()
    head = 0
    while head < len(lines) and (not lines[head].strip() or lines[head].lstrip().startswith("--")):
        head += 1
    comments = [line for line in lines[:head] if line.strip()]
    try:
        query = transpile("\n".join(lines[head:]), dialect, pretty=True, comments=True)
    except DialectError as exc:  # a construct the definitions should not use: a bug to report, named here
        from metricsmith.errors import ExportError

        raise ExportError(str(exc), field="dialect") from exc
    return "\n".join([*comments, query])


def view_name(metric_id: str) -> str:
    import re

    return "metricsmith_" + (re.sub(r"[^0-9a-zA-Z_]+", "_", metric_id).strip("_").lower() or "metric")


def render_sql(project: "Project", options: "ExportOptions") -> str:
    """The whole SQL script as text."""
    from metricsmith.compute.definitions import metric_query, models, render
    from metricsmith.compute.definitions.user import export_definitions
    from metricsmith.compute.runner import ComputeOptions, metric_params, profile_margin

    period = _period(options)
    dialect = _dialect(options)
    compute_options = ComputeOptions(gross_margin=profile_margin(project))
    profile_events = (project.profile.first_value.start_event, project.profile.first_value.value_event)
    name = project.profile.business.name or "metrics"
    out = [
        f"-- metricsmith: metric definitions for {_comment(name)}",
        f"-- Period: {period.label} ({period.start} .. {period.last_day}); change the TIMESTAMP/DATE literals for another one.",
        INPUT_DOC + DIALECT_NOTES[dialect] + "\n",
    ]
    skipped = []
    from metricsmith.compute.runner import base_params

    defined = export_definitions(project, options.extra)
    helpers: list[str] = []
    for metric in project.metrics:
        recipe = defined.get(metric.id)
        for variant in recipe.variants if recipe else ():
            helpers += [h for h in variant.helpers if h not in helpers]
    for helper in helpers:
        body = translate(models()[helper].render(base_params(period)).strip().rstrip(";"), dialect)
        out.append(f"-- Shared helper read by several order metrics\nCREATE OR REPLACE VIEW {helper} AS\n{body};\n")
    for metric in project.metrics:
        recipe = defined.get(metric.id)
        if recipe is None:
            skipped.append(metric)
            continue
        params, _notes, _reason = metric_params(metric, recipe, period, compute_options, profile_events, True)
        for variant in recipe.variants:
            suffix = "" if variant is recipe.variants[0] else "_from_" + variant.tables[0]
            conv = ", ".join(f"{k}={v}" for k, v in metric.conventions.model_dump().items() if v is not None)
            origin = metric.catalog_id if metric.catalog_id and variant.source.origin is None else "own definition"
            out.append(f"-- {_comment(metric.name)} [{origin}] · unit {_comment(metric.unit or variant.unit_for(metric.conventions))}"
                       f" · {'higher' if metric.direction == 'up' else 'lower'} is better"
                       + (f" · conventions {_comment(conv)}" if conv else "")
                       + f" · reads {', '.join(variant.tables)}")
            body = translate(render(metric_query(variant, metric.conventions), params).strip().rstrip(";"), dialect)
            out.append(f"CREATE OR REPLACE VIEW {view_name(metric.id)}{suffix} AS\n{body};\n")
    if skipped:
        out.append("-- Metrics without a definition (not exported): "
                   + ", ".join(_comment(m.name) for m in skipped))
    return "\n".join(out) + "\n"


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    """Write the SQL script; ``table`` does not apply (every metric with a definition is written)."""
    return write_files({Path(path): render_sql(project, options).encode("utf-8")})
