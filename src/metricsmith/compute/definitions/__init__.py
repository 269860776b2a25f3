"""One structured definition per computable catalog metric, and the SQL built from it.

Why: a metric used to be described four times (the catalog's formula text, a
``.sql`` recipe, a recipe table here and an if/elif by id in the dbt export),
and the copies could drift apart. Now ``definitions.yaml`` holds each metric
once, in MetricFlow's vocabulary:

* a **model**: row-level SQL (``models/<name>.sql``) over the canonical tables
  ``orders``, ``mrr``, ``surveys``, ``tickets``, ``events`` and helper models,
  with ``${name}`` placeholders for the period bounds and conventions, plus the
  model's entity and **measures** (name, aggregation, expression);
* per metric, **variants** tried in order (LTV from MRR, else from orders),
  each naming its model and its **value**: ``simple`` (one measure), ``ratio``
  (numerator ÷ denominator × scale) or ``derived`` (an expression over
  measures), optionally chosen by a convention (``value_by``), with the
  measure that counts what the value rests on, secondary **parts** and a
  **breakdown** by a dimension.

DuckDB ``compute``, the SQL export (every dialect, through sqlglot) and the
dbt export are all generated from these objects: :func:`metric_query` gives
the query ``compute`` runs, returning rows ``(segment, part, value, n)``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.metric import Conventions

#: Aggregations a measure may use (MetricFlow's names).
AGGREGATIONS = ("sum", "count", "count_distinct", "average", "min", "max", "median", "percentile")
VALUE_TYPES = ("simple", "ratio", "derived")


class DefinitionError(ValueError):
    """A packaged or user-supplied definition is inconsistent (a bug in the data, named precisely)."""


@dataclass(frozen=True)
class Measure:
    """An aggregation over a model's rows, e.g. ``sum(CASE WHEN is_returned THEN 1 ELSE 0 END)``."""

    name: str
    agg: str
    expr: str
    description: str = ""
    percentile: float | None = None

    def sql(self) -> str:
        """The aggregate in DuckDB's dialect (other dialects are produced by transpiling it)."""
        if self.agg == "count_distinct":
            return f"count(DISTINCT {self.expr})"
        if self.agg == "average":
            return f"avg({self.expr})"
        if self.agg == "median":
            return f"quantile_cont({self.expr}, 0.5)"
        if self.agg == "percentile":
            return f"quantile_cont({self.expr}, {self.percentile!r})"
        return f"{self.agg}({self.expr})"


@dataclass(frozen=True)
class Model:
    """Row-level data a metric aggregates: its SQL template, entity, inputs and measures."""

    name: str
    entity: str
    tables: tuple[str, ...]
    description: str = ""
    helper: bool = False
    reads: tuple[str, ...] = ()  # helper models this one reads, built first
    measures: dict[str, Measure] = field(default_factory=dict)
    sql: str | None = None  # inline SQL (a user's definitions file); packaged models read models/<name>.sql
    origin: str | None = None  # the definitions file a user's model comes from (named when its SQL fails)

    @property
    def template(self) -> str:
        """The model's SQL with ``${name}`` placeholders (DuckDB dialect)."""
        return self.sql if self.sql is not None else model_template(self.name)

    def render(self, params: Mapping[str, str]) -> str:
        """The model's SQL with its placeholders filled (``params`` are SQL literals)."""
        return render(self.template, params)


@dataclass(frozen=True)
class Value:
    """How a variant's value is formed from its model's measures."""

    type: str  # simple | ratio | derived
    measure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    expr: str | None = None
    unit: str | None = None  # when the convention changes the unit (CSAT as an average rating)
    any_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # columns this value needs

    @property
    def measures(self) -> tuple[str, ...]:
        """The measure names the value reads."""
        if self.type == "simple":
            return (self.measure or "",)
        if self.type == "ratio":
            return (self.numerator or "", self.denominator or "")
        return _names_in(self.expr or "")

    def sql(self) -> str:
        """The value as an SQL expression over measure columns (division by zero gives NULL)."""
        if self.type == "simple":
            return str(self.measure)
        if self.type == "ratio":
            scale = _number(self.scale)
            return f"{scale} * {self.numerator} / nullif({self.denominator}, 0)"
        return str(self.expr)


@dataclass(frozen=True)
class Part:
    """A secondary figure reported beside the value (p90, reactivated revenue, band shares)."""

    name: str
    expr: str
    n: str


@dataclass(frozen=True)
class Breakdown:
    """One part per value of a model column: a measure's share of another, per value."""

    dimension: str
    prefix: str
    numerator: str
    denominator: str
    scale: float = 1.0


@dataclass(frozen=True)
class Variant:
    """One way to compute a metric: a model, how the value is formed, and what it needs."""

    source: Model
    unit: str
    n: str
    value: Value | None = None
    value_by: str | None = None  # the convention that picks the value
    values: dict[str, Value] = field(default_factory=dict)  # convention value → value ("default" too)
    parts: tuple[Part, ...] = ()
    breakdown: Breakdown | None = None
    any_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def model(self) -> str:
        """The name of the variant's model."""
        return self.source.name

    @property
    def tables(self) -> tuple[str, ...]:
        """The canonical input tables the variant needs."""
        return self.source.tables

    @property
    def helpers(self) -> tuple[str, ...]:
        """Helper models to build before this variant's model runs."""
        return self.source.reads

    def value_for(self, conventions: "Conventions | None" = None) -> Value:
        """The value under the metric's conventions (the default when none applies)."""
        if self.value is not None:
            return self.value
        chosen = getattr(conventions, self.value_by or "", None) if conventions is not None else None
        return self.values.get(str(chosen), self.values["default"]) if chosen else self.values["default"]

    def unit_for(self, conventions: "Conventions | None" = None) -> str:
        """The value's unit under the metric's conventions."""
        return self.value_for(conventions).unit or self.unit

    @property
    def referenced(self) -> set[str]:
        """Every measure name any value, part or breakdown of the variant reads."""
        used: set[str] = {self.n}
        for value in ([self.value] if self.value else list(self.values.values())):
            used.update(value.measures)
        for part in self.parts:
            used.update(_names_in(part.expr))
            used.add(part.n)
        if self.breakdown:
            used.update((self.breakdown.numerator, self.breakdown.denominator))
        return used

    @property
    def measures(self) -> tuple[str, ...]:
        """The measures the variant reads, in the model's order."""
        used = self.referenced
        return tuple(name for name in self.source.measures if name in used)


@dataclass(frozen=True)
class Definition:
    """A computable catalog metric: its variants, tried in order."""

    catalog_id: str
    variants: tuple[Variant, ...]
    order_based: bool = False
    grain: str = "month"  # the period a value is computed for (dbt: the agg time dimension's grain)
    window: str | None = None  # a look-ahead or look-back the value needs, e.g. "90 days", "12 months"


def render(template: str, params: Mapping[str, str]) -> str:
    """A template with its ``${name}`` placeholders replaced by SQL literals."""
    return string.Template(template).substitute(params)


@lru_cache(maxsize=None)
def model_template(name: str) -> str:
    """The SQL text of a packaged model (comments kept: they say why the SQL is as it is)."""
    return resources.files(__name__).joinpath("models", f"{name}.sql").read_text(encoding="utf-8")


def metric_query(variant: Variant, conventions: "Conventions | None" = None) -> str:
    """The query template computing one variant: rows ``(segment, part, value, n)``.

    ``part`` is NULL for the metric's value and names a secondary figure otherwise. A value
    row appears only where its counting measure is above 0, a part only where its own is, so
    an empty segment or period yields no row rather than a misleading 0. The result still
    holds the model's ``${name}`` placeholders (value expressions may use them too, e.g. the
    gross margin): fill them with :func:`render`. Helper models it reads (``order_customers``)
    must exist as tables or views, or be prepended as CTEs.
    """
    source = variant.source
    model_sql = source.template
    measures = [source.measures[name] for name in variant.measures]
    aggregates = ",\n       ".join(f"{m.sql()} AS {m.name}" for m in measures)
    value = variant.value_for(conventions)
    selects = [
        f"SELECT 0 AS ord, segment, CAST(NULL AS VARCHAR) AS part, {value.sql()} AS value, {variant.n} AS n\n"
        f"    FROM measures WHERE {variant.n} > 0"
    ]
    for i, part in enumerate(variant.parts, 1):
        selects.append(f"SELECT {i}, segment, {_literal(part.name)}, {part.expr}, {part.n}\n"
                       f"    FROM measures WHERE {part.n} > 0")
    body = (f"WITH model AS (\n{_indent(model_sql.strip().rstrip(';'))}\n),\n"
            f"measures AS (\n    SELECT segment,\n       {aggregates}\n    FROM model GROUP BY segment\n)")
    if variant.breakdown:
        b = variant.breakdown
        num = source.measures[b.numerator]
        body += (f",\nby_dimension AS (\n    SELECT segment, {b.dimension} AS dimension, {num.sql()} AS {b.numerator}\n"
                 f"    FROM model GROUP BY segment, {b.dimension}\n)")
        selects.append(
            f"SELECT {len(selects)}, d.segment, {_literal(b.prefix)} || d.dimension, "
            f"{_number(b.scale)} * d.{b.numerator} / nullif(m.{b.denominator}, 0), d.{b.numerator}\n"
            f"    FROM by_dimension d JOIN measures m ON m.segment = d.segment WHERE d.{b.numerator} > 0"
        )
    # Value first, then the parts in the definition's order, breakdown values sorted: the same
    # order in every engine and every run.
    body += ",\nresult_rows AS (\n    " + "\n    UNION ALL\n    ".join(selects) + "\n)"
    return body + "\nSELECT segment, part, value, n FROM result_rows ORDER BY ord, segment, part"


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, Model], dict[str, Definition]]:
    from metricsmith.io.fast_yaml import load_yaml

    text = resources.files(__name__).joinpath("definitions.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text)
    built_models = {name: _model(name, spec) for name, spec in raw["models"].items()}
    built = {cid: _definition(cid, spec, built_models) for cid, spec in raw["metrics"].items()}
    return built_models, built


def models() -> dict[str, Model]:
    """Every packaged model by name."""
    return _data()[0]


def definitions() -> dict[str, Definition]:
    """Every computable catalog metric's definition, by catalog id."""
    return _data()[1]


def definition(catalog_id: str | None) -> Definition | None:
    """The definition of one catalog metric, or None when it cannot be computed from data."""
    return definitions().get(catalog_id or "")


def _need(spec: Any, key: str, where: str) -> Any:
    if not isinstance(spec, Mapping):
        raise DefinitionError(f"{where}: expected a mapping of fields")
    if spec.get(key) in (None, "", [], {}):
        raise DefinitionError(f"{where}: '{key}' is missing")
    return spec[key]


def _model(name: str, spec: Mapping[str, Any], sql: str | None = None) -> Model:
    where = f"model {name}"
    measures = {}
    for mname, m in (_need(spec, "measures", where) if not spec.get("helper") else spec.get("measures") or {}).items():
        agg = _need(m, "agg", f"{where}: measure {mname}")
        if agg not in AGGREGATIONS:
            raise DefinitionError(f"{where}: measure {mname} has an unknown agg '{agg}' "
                                  f"(one of {', '.join(AGGREGATIONS)})")
        if agg == "percentile" and not isinstance(m.get("percentile"), (int, float)):
            raise DefinitionError(f"{where}: measure {mname} needs 'percentile' (e.g. 0.9)")
        measures[mname] = Measure(mname, agg, str(_need(m, "expr", f"{where}: measure {mname}")),
                                  str(m.get("description", "")), m.get("percentile"))
    tables = _need(spec, "tables", where)
    return Model(name, str(_need(spec, "entity", where)), tuple(tables if isinstance(tables, list) else [tables]),
                 str(spec.get("description", "")), bool(spec.get("helper")), tuple(spec.get("reads") or ()),
                 measures, sql)


def _value(spec: Mapping[str, Any], where: str) -> Value:
    kind = _need(spec, "type", where)
    if kind not in VALUE_TYPES:
        raise DefinitionError(f"{where}: value type must be one of {', '.join(VALUE_TYPES)}")
    needed = {"simple": ("measure",), "ratio": ("numerator", "denominator"), "derived": ("expr",)}[kind]
    for key in needed:
        _need(spec, key, where)
    return Value(kind, spec.get("measure"), spec.get("numerator"), spec.get("denominator"),
                 float(spec.get("scale", 1)), spec.get("expr"), spec.get("unit"),
                 {k: tuple(c) for k, c in (spec.get("any_columns") or {}).items()})


def _definition(cid: str, spec: Mapping[str, Any], built_models: Mapping[str, Model]) -> Definition:
    variants = []
    for i, v in enumerate(_need(spec, "variants", f"metric {cid}")):
        where = f"metric {cid}, variant {i + 1}"
        model = built_models.get(_need(v, "model", where))
        if model is None:
            raise DefinitionError(f"{where}: unknown model '{v['model']}'")
        value = _value(v["value"], where) if "value" in v else None
        values: dict[str, Value] = {}
        by = v.get("value_by")
        if by:
            values = {key: _value(val, f"{where}, {key}") for key, val in by.items() if key != "convention"}
        if (value is None) == (not values) or (values and "default" not in values):
            raise DefinitionError(f"{where}: give either value or value_by with a default")
        parts = tuple(Part(str(name), str(_need(p, "expr", f"{where}, part {name}")), _need(p, "n", f"{where}, part {name}"))
                      for name, p in (v.get("parts") or {}).items())
        b = v.get("breakdown")
        breakdown = (Breakdown(*(_need(b, k, f"{where}, breakdown") for k in ("dimension", "prefix", "numerator",
                                                                              "denominator")),
                               float(b.get("scale", 1))) if b else None)
        variant = Variant(model, str(v.get("unit", "")), _need(v, "n", where), value,
                          by["convention"] if by else None, values, parts, breakdown,
                          {k: tuple(c) for k, c in (v.get("any_columns") or {}).items()})
        missing = sorted(name for name in variant.referenced if name not in model.measures)
        if missing:
            raise DefinitionError(f"{where}: model {model.name} has no measure {', '.join(missing)}")
        variants.append(variant)
    return Definition(cid, tuple(variants), bool(spec.get("order_based")), str(spec.get("grain", "month")),
                      spec.get("window"))


_SQL_WORDS = frozenset({"nullif", "coalesce", "case", "when", "then", "else", "end", "and", "or", "not", "null",
                        "is", "least", "greatest", "cast", "as", "double"})


def _names_in(expr: str) -> tuple[str, ...]:
    """Identifiers in a value or part expression (measure names), placeholders and SQL words left out."""
    import re

    without_params = re.sub(r"\$\{\w+\}", " ", expr)
    found = re.findall(r"\b[a-z_][a-z0-9_]*\b", without_params)
    return tuple(dict.fromkeys(n for n in found if n not in _SQL_WORDS))


def _number(value: float) -> str:
    return f"{value:.1f}" if float(value).is_integer() else repr(value)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _indent(sql: str) -> str:
    return "\n".join("    " + line if line else line for line in sql.splitlines())
