"""Metric models, semantic models and metrics, generated from the metric definitions.

Why this shape: a definition's model is row-level SQL for *one* period, with
``${start}``, ``${end}``, ``${mrr_start}`` … filled by compute. MetricFlow
aggregates a model's measures by a time dimension, so each model becomes a
dbt model that repeats the template for every month of the data (a Jinja loop
over :file:`macros/metricsmith_months.sql`) and tags each repetition with its
``period_month``. Grouped by ``metric_time__month``, a measure then sees
exactly the rows compute aggregates for that month, and the metric built from
the definition's value (simple / ratio / derived) gives compute's figure.

Nothing here knows a metric by its id: models, measures, values, parts and
breakdowns all come from :mod:`metricsmith.compute.definitions`, and the
period bounds come from compute's own parameter function, evaluated for two
reference months so that each bound can be written as "this many months from
the period's start" in Jinja.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from metricsmith.errors import ExportError
from metricsmith.exporters.dbt._settings import DbtSettings, identifier

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.definitions import Definition, Model, Value, Variant
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

#: Two months far apart with different lengths: a bound that moves with the period is told from a constant.
_REFERENCE_MONTHS = ("2001-01", "2003-06")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TOKENS = re.compile(r"\$\{(\w+)\}|'(?:[^']|'')*'|\b([a-z_][a-z0-9_]*)\b")
_INPUT_TABLES = ("orders", "mrr", "surveys", "tickets", "events")
_ORDERED_AGGS = frozenset({"median", "percentile", "average", "min", "max"})


@dataclass
class DbtModel:
    """A definition model rendered with one set of parameters: one dbt model (and semantic model)."""

    key: str
    source: "Model"
    body: str  # the template with every placeholder filled (Jinja for the period bounds)
    dimensions: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"metricsmith_{self.key}"

    def measure_name(self, measure: str) -> str:
        """A measure's name in the manifest (measure names are global in MetricFlow)."""
        return f"{self.key}_{measure}"


@dataclass
class ExportedMetric:
    """One project metric as MetricFlow metrics: its value, parts and the row count it rests on."""

    metric: "Metric"
    name: str
    model: DbtModel
    variant: "Variant"
    value: "Value"
    params: dict[str, str]
    parts: dict[str, str] = field(default_factory=dict)  # part name → metric name
    definition: "Definition | None" = None


@dataclass
class Plan:
    """What the package holds: input tables, models (helpers first) and metrics, plus what was left out."""

    tables: tuple[str, ...]
    helpers: dict[str, DbtModel]
    models: dict[str, DbtModel]
    metrics: list[ExportedMetric]
    skipped: list[tuple["Metric", str]]


def _months_between(day: str, month_start: str) -> int:
    y, m, _ = (int(x) for x in day.split("-"))
    y0, m0, _ = (int(x) for x in month_start.split("-"))
    return (y - y0) * 12 + (m - m0)


def jinja_params(first: dict[str, str], second: dict[str, str], names: set[str]) -> dict[str, str]:
    """Parameters for the month loop: constants stay literals, period bounds become Jinja month arithmetic.

    ``first`` and ``second`` are compute's parameters for the two reference months. A value equal in
    both is a constant (a convention, a weight). One that differs must be the same SQL with only
    first-of-month dates changed, each at the same distance from its reference month's start; each
    date is then written as ``metricsmith_add_months(month, offset)``.
    """
    out: dict[str, str] = {}
    starts = [f"{m}-01" for m in _REFERENCE_MONTHS]
    for name in names:
        a, b = first.get(name), second.get(name)
        if a is None or b is None:
            raise ExportError(f"the definitions use the parameter ${{{name}}}, which compute does not fill")
        if a == b:
            out[name] = a
            continue
        dates_a, dates_b = _DATE.findall(a), _DATE.findall(b)
        offsets = [(_months_between("-".join(x), starts[0]), _months_between("-".join(y), starts[1]))
                   for x, y in zip(dates_a, dates_b)]
        if (len(dates_a) != len(dates_b) or _DATE.sub("D", a) != _DATE.sub("D", b)
                or any(x[2] != "01" or y[2] != "01" for x, y in zip(dates_a, dates_b))
                or any(i != j for i, j in offsets)):
            raise ExportError(f"the parameter ${{{name}}} moves with the period but not by whole months "
                              f"({a} / {b}); the dbt export repeats models per month only")
        out[name] = _DATE.sub(lambda _m, moved=iter(offsets): _month_expr(next(moved)[0]), a)
    return out


def _month_expr(offset: int) -> str:
    return "{{ month }}" if offset == 0 else f"{{{{ metricsmith_add_months(month, {offset}) }}}}"


def _placeholders(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"\$\{(\w+)\}", text)}


def _input_tables(sql: str) -> list[str]:
    """Canonical tables a template reads (``FROM orders``, ``JOIN events e``), in a stable order."""
    used = {m.group(1).lower() for m in re.finditer(r"\b(?:FROM|JOIN)\s+(\w+)\b", sql, re.IGNORECASE)}
    return [t for t in _INPUT_TABLES if t in used]


def _params(metric: "Metric", definition: "Definition", settings: DbtSettings, project: "Project",
            has_tickets: bool) -> tuple[dict[str, str], dict[str, str], str | None]:
    """compute's parameters of one metric for both reference months, and the reason it cannot run."""
    from metricsmith.compute.periods import parse_period
    from metricsmith.compute.runner import metric_params

    events = (project.profile.first_value.start_event, project.profile.first_value.value_event)
    runs = [metric_params(metric, definition, parse_period(m), settings.compute_options, events, has_tickets)
            for m in _REFERENCE_MONTHS]
    return runs[0][0], runs[1][0], runs[0][2]


def _helper_params() -> tuple[dict[str, str], dict[str, str]]:
    from metricsmith.compute.periods import parse_period
    from metricsmith.compute.runner import base_params

    # One overall figure per month: the staging models' segment is the constant 'all', as in compute
    # without --segment, which also renders the helpers' segment lookups as 'all'.
    first, second = (base_params(parse_period(m), split=False) for m in _REFERENCE_MONTHS)
    return first, second


def plan(project: "Project", settings: DbtSettings) -> Plan:
    """Decide the package's content from the project's metrics and their definitions."""
    from metricsmith.compute.definitions import models, render

    found = settings.definitions(project)
    defined = [(m, found[m.id]) for m in project.metrics if m.id in found]
    tables = settings.tables
    if tables is None:  # every table the first variant of each metric needs
        tables = tuple(t for t in _INPUT_TABLES if any(t in d.variants[0].tables for _, d in defined))
    has_tickets = "tickets" in tables
    helper_first, helper_second = _helper_params()
    helpers: dict[str, DbtModel] = {}
    rendered: dict[tuple[str, str], DbtModel] = {}
    out_models: dict[str, DbtModel] = {}
    exported: list[ExportedMetric] = []
    skipped: list[tuple[Metric, str]] = []
    for metric, spec in defined:
        if spec.grain != "month":
            skipped.append((metric, f"its grain is {spec.grain}; the package repeats models per month"))
            continue
        variant = next((v for v in spec.variants if set(v.tables) <= set(tables)), None)
        if variant is None:
            need = " or ".join(" + ".join(v.tables) for v in spec.variants)
            skipped.append((metric, f"needs the table {need}"))
            continue
        first, second, reason = _params(metric, spec, settings, project, has_tickets)
        if reason:
            skipped.append((metric, _REASONS.get(reason.split(":")[0], reason)))
            continue
        for helper in variant.helpers:
            if helper not in helpers:
                source = models()[helper]
                values = jinja_params(helper_first, helper_second, _placeholders(source.template))
                helpers[helper] = DbtModel(identifier(helper), source, render(source.template, values))
        source = variant.source
        params = jinja_params(first, second, set(first) & set(second))
        body = render(source.template, params)
        model = rendered.get((source.name, body))
        if model is None:
            key = identifier(source.name)
            if key in out_models or key in {h.key for h in helpers.values()}:
                key = identifier(f"{source.name}_for_{metric.id}")
            n = 2
            while key in out_models:
                key, n = identifier(f"{source.name}_for_{metric.id}_{n}"), n + 1
            model = rendered[(source.name, body)] = out_models[key] = DbtModel(key, source, body)
        if variant.breakdown and variant.breakdown.dimension not in model.dimensions:
            model.dimensions.append(variant.breakdown.dimension)
        exported.append(ExportedMetric(metric, "", model, variant, variant.value_for(metric.conventions), params,
                                       definition=spec))
    _name_metrics(exported, out_models)
    return Plan(tables, helpers, out_models, exported, skipped)


_REASONS = {
    "events": "needs the start and value events (the metric's conventions or the profile's first value)",
    "feature": "needs the feature event: -O feature=EVENT",
}


def _name_metrics(exported: list[ExportedMetric], dbt_models: dict[str, DbtModel]) -> None:
    """Unique MetricFlow names: the project metrics' own ids first, never a measure's metric name."""
    taken = {m.measure_name(name) for m in dbt_models.values() for name in m.source.measures}
    for item in exported:
        base = identifier(item.metric.id, "metric")
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        item.name = name
        taken.add(name)
        for part in item.variant.parts:
            pname = identifier(f"{name}_{part.name}", "metric")
            while pname in taken:
                pname += "_part"
            item.parts[part.name] = pname
            taken.add(pname)


# ---------------------------------------------------------------------------------------------
# The dbt models


def model_sql(model: DbtModel, plan_: Plan) -> str:
    """The dbt model: the template repeated for every month, tagged with ``period_month``."""
    from metricsmith.compute.runner import VIEW_COLUMNS

    source = model.source
    ctes = []
    for table in _input_tables(model.body):
        if table in plan_.tables:
            ctes.append(f"{table} AS (\n    SELECT * FROM {{{{ ref('metricsmith_stg_{table}') }}}}\n)")
        else:  # compute reads an absent table as an empty one
            nulls = ", ".join(f"CAST(NULL AS {typ}) AS {col}" for col, typ in VIEW_COLUMNS[table].items())
            ctes.append(f"{table} AS (\n    SELECT {nulls}, CAST(NULL AS VARCHAR) AS segment WHERE false\n)")
    body = model.body.strip().rstrip(";")
    for token in ("{%", "{#"):
        if token in body:
            raise ExportError(f"the model {source.name} holds the Jinja token {token!r}")
    inner = "\n".join("        " + line if line else line for line in body.splitlines())
    reads = [plan_.helpers[h] for h in source.reads]
    if reads:
        helper_ctes = ",\n        ".join(
            f"{h.source.name} AS (\n            SELECT * FROM {{{{ ref('{h.file_name}') }}}}\n"
            f"            WHERE period_month = CAST('{{{{ month }}}}' AS DATE)\n        )" for h in reads)
        inner = f"    WITH {helper_ctes}\n    SELECT * FROM (\n{inner}\n    ) AS month_rows"
    description = " ".join((source.description or source.name).split())
    lines = [
        "{{ config(materialized='table') }}",
        f"-- metricsmith: {description}",
        "-- The definition's model repeated for every month of the data (macros/metricsmith_months.sql):",
        "-- the rows for period_month are exactly those `metricsmith compute --period <that month>` aggregates.",
        "{%- set months = metricsmith_months() %}",
    ]
    if ctes:
        lines.append("WITH " + ",\n".join(ctes))
    lines += [
        "{%- for month in months %}",
        "{% if not loop.first %}UNION ALL\n{% endif -%}",
        "SELECT CAST('{{ month }}' AS DATE) AS period_month, model_rows.*",
        "FROM (",
        inner,
        ") AS model_rows",
        "{%- endfor %}",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Semantic models and metrics


def semantic_model(model: DbtModel) -> dict[str, Any]:
    """The semantic model over one dbt model: month time dimension, segment, its measures."""
    source = model.source
    measures = []
    for name, measure in source.measures.items():
        entry: dict[str, Any] = {"name": model.measure_name(name), "description": measure.description or name,
                                 "agg": measure.agg, "expr": measure.expr, "create_metric": True}
        if measure.agg == "percentile":
            entry["agg_params"] = {"percentile": measure.percentile, "use_discrete_percentile": False}
        measures.append(entry)
    dimensions: list[dict[str, Any]] = [
        {"name": "period_month", "type": "time", "type_params": {"time_granularity": "month"},
         "description": "The month the row belongs to (the period compute would be run for)."},
        {"name": "segment", "type": "categorical", "description": "The segment ('all' without a split)."},
    ]
    dimensions += [{"name": d, "type": "categorical"} for d in model.dimensions]
    return {
        "name": model.key,
        "description": " ".join((source.description or source.name).split()),
        "model": f"ref('{model.file_name}')",
        "primary_entity": model.key,
        "defaults": {"agg_time_dimension": "period_month"},
        "dimensions": dimensions,
        "measures": measures,
    }


def _expr(text: str, model: DbtModel, params: dict[str, str], where: str) -> tuple[str, list[str]]:
    """An expression over measure names as one over their metrics; placeholders filled; inputs in order."""
    used: list[str] = []

    def swap(match: re.Match[str]) -> str:
        if match.group(1):
            value = params.get(match.group(1))
            if value is None or "{{" in value:
                raise ExportError(f"{where}: the parameter ${{{match.group(1)}}} must be a constant")
            return value
        word = match.group(2)
        if word and word in model.source.measures:
            name = model.measure_name(word)
            if name not in used:
                used.append(name)
            return name
        return match.group(0)

    return _TOKENS.sub(swap, text), used


def _number(value: float) -> str:
    return f"{value:.1f}" if float(value).is_integer() else repr(float(value))


def _guarded(expr: str, inputs: list[str], n: str) -> tuple[str, list[str]]:
    """Only where the counting measure is above 0, as compute reports a value only there."""
    if n not in inputs:
        inputs = [*inputs, n]
    return f"CASE WHEN {n} > 0 THEN {expr} END", inputs


def _derived(expr: str, inputs: list[str]) -> dict[str, Any]:
    return {"type": "derived", "type_params": {"expr": expr, "metrics": [{"name": i} for i in inputs]}}


def value_type(item: ExportedMetric) -> dict[str, Any]:
    """The metric's ``type`` and ``type_params``: ratio, derived or simple, as the definition says."""
    model, value = item.model, item.value
    n = model.measure_name(item.variant.n)
    where = f"metric {item.metric.id}"
    if value.type == "ratio":
        num, den = model.measure_name(value.numerator or ""), model.measure_name(value.denominator or "")
        if value.scale == 1 and den == n:  # a ratio has no value where its denominator is 0
            return {"type": "ratio", "type_params": {"numerator": num, "denominator": den}}
        expr = f"{_number(value.scale)} * {num} / NULLIF({den}, 0)"
        if den != n:
            return _derived(*_guarded(expr, [num, den], n))
        return _derived(expr, [num, den])
    if value.type == "simple":
        measure = model.source.measures[value.measure or ""]
        counter = model.source.measures[item.variant.n]
        empty_is_null = measure.agg in _ORDERED_AGGS and (
            (counter.agg == "count" and counter.expr == measure.expr) or (counter.agg == "sum" and counter.expr == "1"))
        if value.measure == item.variant.n or empty_is_null:
            return {"type": "simple", "type_params": {"measure": model.measure_name(value.measure or "")}}
        return _derived(*_guarded(model.measure_name(value.measure or ""), [model.measure_name(value.measure or "")], n))
    expr, inputs = _expr(value.expr or "", model, item.params, where)
    return _derived(*_guarded(f"({expr})", inputs, n))


def part_metrics(item: ExportedMetric) -> list[dict[str, Any]]:
    """The definition's secondary figures (p90, shares per band …) as derived metrics."""
    out = []
    for part in item.variant.parts:
        expr, inputs = _expr(part.expr, item.model, item.params, f"metric {item.metric.id}, part {part.name}")
        n = item.model.measure_name(part.n)
        out.append({"name": item.parts[part.name], "label": f"{item.metric.name}: {part.name}",
                    "description": f"'{part.name}' of {item.metric.name}, reported beside its value.",
                    **_derived(*_guarded(f"({expr})", inputs, n)),
                    "config": {"meta": {"metricsmith_id": item.metric.id, "part": part.name}}})
    return out


def metric_meta(item: ExportedMetric) -> dict[str, Any]:
    """What reviews need beside the number: which way is good, the target, owner and thresholds."""
    from metricsmith.models.tables import AT_RISK_SHARE, ON_TRACK_SHARE

    metric = item.metric
    meta: dict[str, Any] = {
        "metricsmith_id": metric.id,
        "catalog_id": metric.catalog_id,
        "direction": metric.direction,
        "better": "higher" if metric.direction == "up" else "lower",
        "window": metric.period or (item.definition.grain if item.definition else "month"),
        "unit": metric.unit or item.variant.unit_for(metric.conventions),
        "kind": metric.kind,
        "category": metric.category,
        "owner": metric.owner or None,
        "baseline": metric.baseline,
        "target": metric.target,
        "target_date": metric.target_date.isoformat() if metric.target_date else None,
        # How derive_status reads an actual against the target: the same everywhere a status is shown.
        "thresholds": {"on_track_share": ON_TRACK_SHARE, "at_risk_share": AT_RISK_SHARE},
        "lookahead_or_lookback": item.definition.window if item.definition else None,
        "model": item.model.key,
        "rows_metric": item.model.measure_name(item.variant.n),
    }
    # The constants the model was generated with (weights, bands, events, conventions as SQL literals).
    constants = {name: item.params[name] for name in sorted(_placeholders(item.model.source.template))
                 if name in item.params and "{{" not in item.params[name] and not name.startswith("segment_")}
    if constants:
        meta["parameters"] = constants
    conventions = {k: v for k, v in metric.conventions.model_dump().items() if v is not None}
    if conventions:
        meta["conventions"] = conventions
    if item.parts:
        meta["parts"] = dict(item.parts)
    if item.variant.breakdown:
        b = item.variant.breakdown
        meta["breakdown"] = {"dimension": f"{item.model.key}__{b.dimension}", "prefix": b.prefix}
    return {k: v for k, v in meta.items() if v is not None}


def metrics_document(plan_: Plan, settings: DbtSettings) -> dict[str, Any]:
    """The ``semantic_models`` and ``metrics`` YAML as plain data."""
    metrics = []
    for item in plan_.metrics:
        metric = item.metric
        metrics.append({
            "name": item.name,
            "label": metric.name,
            "description": " ".join((metric.formula or metric.name).split()),
            **value_type(item),
            "config": {"meta": metric_meta(item)},
        })
        metrics.extend(part_metrics(item))
    return {"version": 2, "semantic_models": [semantic_model(m) for m in plan_.models.values()], "metrics": metrics}
