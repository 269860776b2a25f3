"""dbt export: the metrics as dbt semantic-layer (MetricFlow) YAML.

Why: a team that already runs dbt should get the same definitions as
``metricsmith compute`` in its own warehouse, queryable by any dimension.
The file follows the MetricFlow spec with top-level ``semantic_models`` and
``metrics`` (dbt Core 1.6+):

* one semantic model per input table the project's metrics read (orders,
  mrr, surveys, tickets, events) with its entities, dimensions (a time
  dimension plus the columns worth splitting by) and measures;
* per metric: ``simple`` / ``ratio`` / ``derived`` metrics where the semantic
  layer can express it (AOV, frequency, return rate, NPS, CSAT, FCR,
  adoption); metrics that need cohorts or per-customer steps (retention, GRR,
  NRR, churn, LTV, TTV, health score) read a model built from the exported
  SQL recipe (``metricsmith export --format sql``) and are ``simple`` metrics
  over its ``value`` column;
* every metric carries ``config.meta`` with ``direction`` (up/down is
  better), ``window`` (the measurement period), the unit, conventions and the
  metricsmith id, so reviews keep the "which way is good" information.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from metricsmith.exporters._common import write_files

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

FORMAT = "dbt"
SUFFIX = ".yml"
DESCRIPTION = "dbt semantic-layer YAML (semantic models and metrics with direction and window)"


def _dim(name: str, kind: str = "categorical", expr: str | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"name": name, "type": kind}
    if kind == "time":
        d["type_params"] = {"time_granularity": "day"}
    if expr:
        d["expr"] = expr
    return d


def _measure(name: str, agg: str, expr: str, description: str, **extra: Any) -> dict[str, Any]:
    m: dict[str, Any] = {"name": name, "description": description, "agg": agg, "expr": expr}
    m.update(extra)
    return m


SEMANTIC_MODELS: dict[str, dict[str, Any]] = {
    "orders": {
        "name": "orders",
        "description": "One row per order (cancelled orders removed, one currency).",
        "model": "ref('orders')",
        "defaults": {"agg_time_dimension": "order_date"},
        "entities": [{"name": "order", "type": "primary", "expr": "order_id"},
                     {"name": "customer", "type": "foreign", "expr": "customer_id"}],
        "dimensions": [_dim("order_date", "time"), _dim("segment"), _dim("return_reason"), _dim("is_returned"),
                       _dim("status")],
        "measures": [
            _measure("revenue", "sum", "amount", "Sum of order amounts."),
            _measure("order_count", "sum", "1", "Number of orders."),
            _measure("buyers", "count_distinct", "customer_id", "Customers with at least one order."),
            _measure("returned_orders", "sum", "CASE WHEN is_returned THEN 1 ELSE 0 END", "Orders returned."),
        ],
    },
    "surveys": {
        "name": "surveys",
        "description": "One row per survey answer; kind is 'nps' (0–10) or 'csat' (1–5).",
        "model": "ref('surveys')",
        "defaults": {"agg_time_dimension": "response_date"},
        "entities": [{"name": "customer", "type": "foreign", "expr": "customer_id"}],
        "dimensions": [_dim("response_date", "time"), _dim("segment"), _dim("kind")],
        "measures": [
            _measure("nps_answers", "sum", "CASE WHEN kind = 'nps' THEN 1 ELSE 0 END", "NPS answers."),
            _measure("nps_promoters", "sum", "CASE WHEN kind = 'nps' AND score >= 9 THEN 1 ELSE 0 END", "Scores 9–10."),
            _measure("nps_detractors", "sum", "CASE WHEN kind = 'nps' AND score <= 6 THEN 1 ELSE 0 END", "Scores 0–6."),
            _measure("csat_answers", "sum", "CASE WHEN kind = 'csat' THEN 1 ELSE 0 END", "CSAT answers."),
            _measure("csat_top2", "sum", "CASE WHEN kind = 'csat' AND score >= 4 THEN 1 ELSE 0 END", "CSAT 4–5."),
            _measure("csat_score_sum", "sum", "CASE WHEN kind = 'csat' THEN score ELSE 0 END", "Sum of CSAT ratings."),
        ],
    },
    "tickets": {
        "name": "tickets",
        "description": "One row per support ticket.",
        "model": "ref('tickets')",
        "defaults": {"agg_time_dimension": "opened_at"},
        "entities": [{"name": "customer", "type": "foreign", "expr": "customer_id"}],
        "dimensions": [_dim("opened_at", "time"), _dim("segment")],
        "measures": [
            _measure("tickets_opened", "sum", "1", "Tickets (each issue has one first contact)."),
            _measure("tickets_resolved", "sum", "CASE WHEN resolved THEN 1 ELSE 0 END", "Tickets resolved."),
            _measure("contacts_made", "sum", "coalesce(contacts, 1)", "Contacts, repeats included."),
            _measure("first_contact_resolutions", "sum", "CASE WHEN first_contact_resolved THEN 1 ELSE 0 END",
                     "Tickets resolved at the first contact."),
        ],
    },
    "events": {
        "name": "events",
        "description": "One row per product event.",
        "model": "ref('events')",
        "defaults": {"agg_time_dimension": "event_time"},
        "entities": [{"name": "customer", "type": "foreign", "expr": "customer_id"}],
        "dimensions": [_dim("event_time", "time"), _dim("segment"), _dim("event_key")],
        "measures": [_measure("active_customers", "count_distinct", "customer_id", "Customers with any event.")],
    },
}

_FCR_DENOMINATOR = {"all_contacts": "contacts_made", "resolved_contacts": "tickets_resolved",
                    "first_contacts": "tickets_opened"}


def _simple(name: str, measure: str, label: str) -> dict[str, Any]:
    return {"name": name, "label": label, "type": "simple", "type_params": {"measure": measure}}


def _metric_defs(metric: "Metric", models: dict[str, dict[str, Any]], helpers: dict[str, dict[str, Any]],
                 lang: str) -> dict[str, Any]:
    """The dbt metric for one project metric; adds helper metrics and recipe models as needed."""
    from metricsmith.exporters.sql import view_name

    cid = metric.catalog_id
    name = view_name(metric.id).removeprefix("metricsmith_")
    base: dict[str, Any] = {"name": name, "label": metric.name, "description": metric.formula or metric.name}

    def need(table: str) -> None:
        models.setdefault(table, SEMANTIC_MODELS[table])

    def helper(measure: str) -> str:
        helpers.setdefault(measure, _simple(measure, measure, measure.replace("_", " ")))
        return measure

    if cid == "average_order_value":
        need("orders")
        base.update(type="ratio", type_params={"numerator": helper("revenue"), "denominator": helper("order_count")})
    elif cid == "purchase_frequency":
        need("orders")
        base.update(type="ratio", type_params={"numerator": helper("order_count"), "denominator": helper("buyers")})
    elif cid == "return_rate_by_reason":
        need("orders")
        base.update(type="derived", type_params={
            "expr": "100.0 * returned_orders / order_count",
            "metrics": [{"name": helper("returned_orders")}, {"name": helper("order_count")}]})
    elif cid == "nps":
        need("surveys")
        base.update(type="derived", type_params={
            "expr": "100.0 * (nps_promoters - nps_detractors) / nps_answers",
            "metrics": [{"name": helper("nps_promoters")}, {"name": helper("nps_detractors")},
                        {"name": helper("nps_answers")}]})
    elif cid in ("csat", "csat_after_visit"):
        need("surveys")
        if metric.conventions.csat_method == "average":
            base.update(type="ratio", type_params={"numerator": helper("csat_score_sum"),
                                                   "denominator": helper("csat_answers")})
        else:
            base.update(type="derived", type_params={
                "expr": "100.0 * csat_top2 / csat_answers",
                "metrics": [{"name": helper("csat_top2")}, {"name": helper("csat_answers")}]})
    elif cid == "fcr":
        need("tickets")
        denominator = _FCR_DENOMINATOR[metric.conventions.fcr_denominator or "first_contacts"]
        base.update(type="derived", type_params={
            "expr": f"100.0 * first_contact_resolutions / {denominator}",
            "metrics": [{"name": helper("first_contact_resolutions")}, {"name": helper(denominator)}]})
    else:
        # Cohort and per-customer recipes: a model built from the exported SQL view.
        model_name = view_name(metric.id)
        models.setdefault(model_name, {
            "name": model_name,
            "description": f"Built from the SQL recipe of '{metric.name}' (metricsmith export --format sql); "
                           "add a period_end date column when materialising it per period.",
            "model": f"ref('{model_name}')",
            "defaults": {"agg_time_dimension": "period_end"},
            "entities": [{"name": f"{name}_row", "type": "primary",
                          "expr": "cast(period_end as varchar) || '|' || segment || '|' || coalesce(part, '')"}],
            "dimensions": [_dim("period_end", "time"), _dim("segment"), _dim("part")],
            "measures": [_measure(f"{name}_value", "max", "CASE WHEN part IS NULL THEN value END",
                                  "The metric's value for the period and segment.")],
        })
        base.update(type="simple", type_params={"measure": f"{name}_value"})
    conv = {k: v for k, v in metric.conventions.model_dump().items() if v is not None}
    meta: dict[str, Any] = {
        "metricsmith_id": metric.id,
        "catalog_id": cid,
        "direction": metric.direction,
        "better": "higher" if metric.direction == "up" else "lower",
        "window": metric.period or "month",
        "unit": metric.unit,
        "kind": metric.kind,
        "category": metric.category,
    }
    if conv:
        meta["conventions"] = conv
    if metric.target is not None:
        meta["target"] = metric.target
    if metric.baseline is not None:
        meta["baseline"] = metric.baseline
    if metric.owner:
        meta["owner"] = metric.owner
    base["config"] = {"meta": meta}
    return base


def document(project: "Project") -> dict[str, Any]:
    """The YAML document as plain data."""
    from metricsmith.compute.definitions import definitions

    models: dict[str, dict[str, Any]] = {}
    helpers: dict[str, dict[str, Any]] = {}
    metrics = []
    for metric in project.metrics:
        if metric.catalog_id not in definitions():
            continue
        metrics.append(_metric_defs(metric, models, helpers, project.language))
    taken = {m["name"] for m in metrics}
    extra = [h for name, h in helpers.items() if name not in taken]
    return {"version": 2, "semantic_models": list(models.values()), "metrics": metrics + extra}


def render_yaml(project: "Project") -> str:
    import yaml

    head = ("# metricsmith: dbt semantic-layer definitions (MetricFlow spec, top-level semantic_models/metrics).\n"
            "# Input models: orders, mrr, surveys, tickets, events with the columns listed in the SQL export,\n"
            "# plus one model per cohort metric built from its SQL recipe.\n")
    return head + yaml.safe_dump(document(project), allow_unicode=True, sort_keys=False, width=120)


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    """Write the dbt YAML; ``table`` does not apply (every metric with a recipe is written)."""
    return write_files({Path(path): render_yaml(project).encode("utf-8")})
