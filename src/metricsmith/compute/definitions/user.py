"""Definitions for the metrics the catalog cannot compute: a skeleton to complete, then a file to use.

Why: a custom metric ("share of installs finished in one visit") has no packaged definition, so
``compute`` skips it and the SQL and dbt exports leave it out. ``export --format definitions``
writes a skeleton in the packaged schema for every such metric (a model with its SQL, measures
and a value of the kind the metric's unit suggests), marked ``TODO`` where only the user knows
the answer. Completed and passed back with ``--definitions FILE``, it runs like a packaged one.
A file is refused while a ``TODO`` is left, with the model or metric named, so a half-written
definition can never produce a number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metricsmith.compute.definitions import (
    Definition,
    DefinitionError,
    Model,
    _definition,
    _model,
    definition,
    models,
)
from metricsmith.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

TODO = "TODO"

#: Words that point a custom metric at one canonical table (first match wins; events otherwise).
_TABLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("surveys", ("nps", "csat", "survey", "rating", "score", "опрос", "оценк", "отзыв")),
    ("tickets", ("ticket", "support", "complaint", "request", "обращени", "заявк", "жалоб", "поддержк")),
    ("mrr", ("mrr", "subscription", "recurring", "подписк", "абонемент")),
    ("orders", ("order", "purchase", "sale", "revenue", "check", "basket", "заказ", "покуп", "продаж", "выручк",
                "чек")),
)


def load_definitions_file(path: str | Path) -> dict[str, Definition]:
    """The metrics a user's definitions file defines, by project metric id (or catalog id).

    :class:`ConfigError` names the file and the model or metric at fault.
    """
    from metricsmith.io.reading import decode_utf8, read_user_file
    from metricsmith.io.user_yaml import compose_user_yaml, construct

    p = Path(path).expanduser()
    text = decode_utf8(read_user_file(p, ConfigError, noun="definitions file"), p, ConfigError)
    try:
        data = construct(compose_user_yaml(text, p, ConfigError))
    except ConfigError:
        raise
    except Exception as exc:  # yaml.YAMLError: keep the first line, name the file
        raise ConfigError(f"not valid YAML: {exc}".splitlines()[0], path=p) from None
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict) or not data["metrics"]:
        raise ConfigError("expected 'metrics:' mapping metric ids to definitions (and 'models:')", path=p,
                          hint="write a skeleton with 'metricsmith export PROJECT --format definitions'")
    try:
        own = {name: dataclasses.replace(model, origin=str(p))
               for name, model in _user_models(data.get("models") or {}).items()}
        available = {**models(), **own}
        out = {}
        for mid, spec in data["metrics"].items():
            _no_todo(spec, f"metric {mid}")
            out[str(mid)] = _definition(str(mid), spec, available)
    except DefinitionError as exc:
        raise ConfigError(str(exc), path=p, hint="see the comments at the top of the skeleton") from None
    return out


def _user_models(raw: Any) -> dict[str, Model]:
    if not isinstance(raw, dict):
        raise DefinitionError("'models' must map model names to models")
    helpers = {name for name, m in models().items() if m.helper}
    out = {}
    for name, spec in raw.items():
        where = f"model {name}"
        if name in models():
            raise DefinitionError(f"{where}: the name is taken by a packaged model; give it another one")
        sql = spec.get("sql") if isinstance(spec, dict) else None
        if not isinstance(sql, str) or not sql.strip():
            raise DefinitionError(f"{where}: 'sql' is missing (one row per entity, with the measures' columns)")
        _no_todo(spec, where)
        unknown = [r for r in spec.get("reads") or () if r not in helpers]
        if unknown:
            raise DefinitionError(f"{where}: 'reads' may name {', '.join(sorted(helpers))}, not {', '.join(unknown)}")
        out[str(name)] = _model(str(name), spec, sql)
    return out


def _no_todo(spec: Any, where: str) -> None:
    """Refuse a definition that still holds a TODO (in its SQL, an expression or a name)."""
    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, str) and TODO in value:
            raise DefinitionError(f"{where}: '{path}' still has a {TODO} to complete")

    walk(spec, "")


def project_definitions(project: "Project", extra: Mapping[str, Definition] | None = None) -> dict[str, Definition]:
    """The definition each metric of ``project`` is computed with, by metric id.

    A user's definition (keyed by the metric's id, or by its catalog id to replace a packaged
    one) comes first; then the packaged one for the metric's catalog id.
    """
    extra = extra or {}
    out = {}
    for metric in project.metrics:
        found = extra.get(metric.id) or extra.get(metric.catalog_id or "") or definition(metric.catalog_id)
        if found is not None:
            out[metric.id] = found
    return out


def undefined_metrics(project: "Project", extra: Mapping[str, Definition] | None = None) -> list["Metric"]:
    """The metrics of ``project`` that no definition covers (the skeleton's subjects)."""
    have = project_definitions(project, extra)
    return [m for m in project.metrics if m.id not in have]


def skeleton(project: "Project", metrics: Iterable["Metric"] | None = None) -> str:
    """A definitions file to complete, for ``metrics`` (default: every metric without a definition)."""
    from metricsmith.compute.runner import VIEW_COLUMNS

    chosen = list(metrics) if metrics is not None else undefined_metrics(project)
    head = [
        "# metricsmith definitions: complete every TODO, then pass this file back with",
        "#   metricsmith compute PROJECT --data FILES --definitions THIS_FILE",
        "#   metricsmith export PROJECT --format sql|dbt -O definitions=THIS_FILE",
        "# A model is SQL giving one row per entity for the period ${start} (inclusive) .. ${end}",
        "# (exclusive), with a text column `segment` and the columns its measures read. It reads the",
        "# canonical tables (every one has `segment` too):",
    ]
    head += [f"#   {name}({', '.join(cols)})" for name, cols in VIEW_COLUMNS.items()]
    head += [
        "# surveys.kind is 'nps', 'csat' or the survey type in lower case (e.g. 'ces'); a model may",
        "# read the helper order_customers (add `reads: [order_customers]`).",
        "# Measures: agg is sum, count, count_distinct, average, min, max, median or percentile (with",
        "# `percentile: 0.9`). Value: simple (measure), ratio (numerator, denominator, scale) or derived",
        "# (expr over measure names). `n` names the measure counting what the value rests on.",
    ]
    if not chosen:
        return "\n".join(head) + "\n# Every metric of this project already has a definition.\nmodels: {}\nmetrics: {}\n"
    models_text, metrics_text = [], []
    taken: set[str] = set()
    for metric in chosen:
        model_text, metric_text = _skeleton_for(metric, taken)
        models_text.append(model_text)
        metrics_text.append(metric_text)
    return "\n".join(head) + "\nmodels:\n" + "".join(models_text) + "metrics:\n" + "".join(metrics_text)


def _q(text: str) -> str:
    """A YAML scalar for any text: a JSON string is a valid double-quoted YAML scalar."""
    import json

    return json.dumps(text, ensure_ascii=False)


#: Per kind of value: the model's row SQL, its measures, and the value with its counting measure.
_SHAPES: dict[str, tuple[str, str, str]] = {
    "share": (
        "SELECT segment, customer_id, 1 AS counted, CASE WHEN TODO THEN 1 ELSE 0 END AS meets_it",
        '      counted: {agg: sum, expr: counted, description: "TODO: what is counted."}\n'
        '      meeting: {agg: sum, expr: meets_it, description: "TODO: of them, those that count."}\n',
        "{type: ratio, numerator: meeting, denominator: counted, scale: 100}\n        n: counted",
    ),
    "duration": (
        "SELECT segment, customer_id, TODO AS duration  -- in the metric's unit",
        '      cases: {agg: count, expr: duration, description: "Cases with a duration."}\n'
        '      median_duration: {agg: median, expr: duration, description: "Median duration."}\n',
        "{type: simple, measure: median_duration}\n        n: cases",
    ),
    "total": (
        "SELECT segment, customer_id, TODO AS amount",
        '      rows: {agg: sum, expr: "1", description: "Rows counted."}\n'
        '      total: {agg: sum, expr: amount, description: "TODO: what is added up."}\n',
        "{type: simple, measure: total}\n        n: rows",
    ),
}
_DURATION_UNITS = frozenset({"minutes", "hours", "days", "weeks", "months", "мин", "ч", "дн"})


def _skeleton_for(metric: "Metric", taken: set[str]) -> tuple[str, str]:
    """The YAML text of one metric's model and of its definition (``taken``: model names used so far).

    Written from a template rather than through a YAML dumper: a project of thousands of custom
    metrics gets its skeleton at once, and every piece of the user's text is quoted as a JSON
    string, which YAML reads as a double-quoted scalar.
    """
    import re

    from metricsmith.compute.runner import DATE_COLUMN

    words = " ".join(filter(None, [metric.name, metric.formula])).lower()
    table = next((t for t, keys in _TABLE_WORDS if any(k in words for k in keys)), "events")
    date = DATE_COLUMN[table]
    stem = re.sub(r"[^0-9a-z_]+", "_", metric.id.lower()).strip("_") or "metric"
    base, n = stem, 1
    while base in taken:  # "a-b" and "a_b" must not share a model
        n += 1
        base = f"{stem}_{n}"
    taken.add(base)
    unit = (metric.unit or "").strip().lower()
    shape = "share" if unit == "%" else "duration" if unit in _DURATION_UNITS else "total"
    select, measures, value = _SHAPES[shape]
    about = " ".join(f"{metric.name}: {metric.formula or metric.name}".split())
    model = (
        f"  {base}_rows:\n"
        "    entity: customer\n"
        f"    tables: [{table}]\n"
        f"    description: {_q(f'TODO: rows behind {metric.name!r}.')}\n"
        "    sql: |\n"
        f"      -- {about}\n"
        "      -- TODO: one row per entity the metric counts, for the period.\n"
        f"      {select}\n"
        f"      FROM {table}\n"
        f"      WHERE {date} >= ${{start}} AND {date} < ${{end}}\n"
        "    measures:\n"
        f"{measures}"
    )
    definition_text = (
        f"  {_q(metric.id)}:\n"
        "    variants:\n"
        f"      - model: {base}_rows\n"
        f"        unit: {_q(metric.unit or '')}\n"
        f"        value: {value}\n"
    )
    return model, definition_text


def export_definitions(project: "Project", extra: Mapping[str, Any] | None = None) -> dict[str, Definition]:
    """The definitions an export (SQL, dbt) writes, by metric id: ``-O definitions=FILE`` first."""
    path = (extra or {}).get("definitions")
    return project_definitions(project, load_definitions_file(str(path)) if path else None)
