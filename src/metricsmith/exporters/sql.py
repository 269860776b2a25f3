"""SQL export: the project's metric recipes as standalone SQL for the user's warehouse.

Why: when the data outgrows a laptop, the same definitions that
``metricsmith compute`` runs in DuckDB should run where the data lives. The
export writes one ``CREATE OR REPLACE VIEW metricsmith_<metric id>`` per
metric that has a recipe, with the period and the metric's conventions filled
in as literals, and a header that lists the input tables and columns the
views read (the canonical names ``compute`` uses). The SQL is DuckDB's
dialect, which is close to PostgreSQL's; functions that differ elsewhere
(``quantile_cont``, ``arg_min``, ``date_diff``) are named in the header.

Options (``ExportOptions.extra``): ``period`` ("2026-10", "2026-Q4", …;
default: the last full month before the export date).
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
OPTIONS = ("period",)
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
-- Dialect: DuckDB (close to PostgreSQL). Elsewhere replace quantile_cont(x, p) with
-- percentile_cont(p) WITHIN GROUP (ORDER BY x), arg_min/arg_max with min_by/max_by, and
-- date_diff('day', a, b) / epoch(x) with the warehouse's date functions.
"""


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


def view_name(metric_id: str) -> str:
    import re

    return "metricsmith_" + (re.sub(r"[^0-9a-zA-Z_]+", "_", metric_id).strip("_").lower() or "metric")


def render_sql(project: "Project", options: "ExportOptions") -> str:
    """The whole SQL script as text."""
    from metricsmith.compute.definitions import definition, metric_query, models, render
    from metricsmith.compute.runner import ComputeOptions, metric_params, profile_margin

    period = _period(options)
    compute_options = ComputeOptions(gross_margin=profile_margin(project))
    profile_events = (project.profile.first_value.start_event, project.profile.first_value.value_event)
    name = project.profile.business.name or "metrics"
    out = [
        f"-- metricsmith: metric definitions for {_comment(name)}",
        f"-- Period: {period.label} ({period.start} .. {period.last_day}); change the TIMESTAMP/DATE literals for another one.",
        INPUT_DOC,
    ]
    skipped = []
    from metricsmith.compute.runner import base_params

    helpers: list[str] = []
    for metric in project.metrics:
        recipe = definition(metric.catalog_id)
        for variant in recipe.variants if recipe else ():
            helpers += [h for h in variant.helpers if h not in helpers]
    for helper in helpers:
        body = models()[helper].render(base_params(period)).strip().rstrip(";")
        out.append(f"-- Shared helper read by several order metrics\nCREATE OR REPLACE VIEW {helper} AS\n{body};\n")
    for metric in project.metrics:
        recipe = definition(metric.catalog_id)
        if recipe is None:
            skipped.append(metric)
            continue
        params, _notes, _reason = metric_params(metric, recipe, period, compute_options, profile_events, True)
        for variant in recipe.variants:
            suffix = "" if variant is recipe.variants[0] else "_from_" + variant.tables[0]
            conv = {k: v for k, v in metric.conventions.model_dump().items() if v is not None}
            out.append(f"-- {_comment(metric.name)} [{metric.catalog_id}] · unit {_comment(metric.unit or variant.unit_for(metric.conventions))}"
                       f" · {'higher' if metric.direction == 'up' else 'lower'} is better"
                       + (f" · conventions {conv}" if conv else "")
                       + f" · reads {', '.join(variant.tables)}")
            body = render(metric_query(variant, metric.conventions), params).strip().rstrip(";")
            out.append(f"CREATE OR REPLACE VIEW {view_name(metric.id)}{suffix} AS\n{body};\n")
    if skipped:
        out.append("-- Metrics without a data recipe (not exported): "
                   + ", ".join(_comment(m.name) for m in skipped))
    return "\n".join(out) + "\n"


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    """Write the SQL script; ``table`` does not apply (every metric with a recipe is written)."""
    return write_files({Path(path): render_sql(project, options).encode("utf-8")})
