"""Running the metric definitions of a project over the user's data.

:func:`compute` loads and checks the data files, decides the period, and runs
the query built from the definition (:mod:`metricsmith.compute.definitions`)
of every metric whose ``catalog_id`` has one, with that metric's conventions
filled in. It returns a :class:`ComputeReport` and changes
nothing; :func:`apply_report` then records the values in the project (as
actuals with date and period, or as baselines). Keeping the two apart lets
the CLI write the project only when the whole computation succeeded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metricsmith.compute.periods import Period, add_months, month_of, parse_period
from metricsmith.compute.definitions import Definition, Variant, metric_query, models, render
from metricsmith.compute.definitions.user import project_definitions
from metricsmith.compute.schema import TABLES, normalise, segment_column
from metricsmith.compute.texts import t
from metricsmith.errors import InputTableError

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

    from metricsmith.compute.validate import TableData
    from metricsmith.models.metric import Conventions, Metric
    from metricsmith.models.project import Project

#: Rows of a metric query: (segment, part, value, n); part None is the metric's value.
Rows = list[tuple[str | None, str | None, float | None, int]]

#: Health score defaults: component weights and band thresholds (score ≥ green → green, ≥ yellow → yellow).
HEALTH_WEIGHTS: dict[str, float] = {"usage": 0.35, "depth": 0.2, "satisfaction": 0.3, "support": 0.15}
HEALTH_BANDS: dict[str, float] = {"green": 70.0, "yellow": 40.0}

#: Column types of the canonical views; absent tables become empty views of these columns.
VIEW_COLUMNS: dict[str, dict[str, str]] = {
    "orders": {"customer_id": "VARCHAR", "order_id": "VARCHAR", "order_date": "TIMESTAMP", "amount": "DOUBLE",
               "status": "VARCHAR", "is_returned": "BOOLEAN", "return_reason": "VARCHAR", "channel": "VARCHAR",
               "region": "VARCHAR", "currency": "VARCHAR"},
    "mrr": {"customer_id": "VARCHAR", "month": "DATE", "mrr": "DOUBLE"},
    "surveys": {"customer_id": "VARCHAR", "response_date": "TIMESTAMP", "score": "DOUBLE", "survey_type": "VARCHAR",
                "kind": "VARCHAR"},
    "tickets": {"ticket_id": "VARCHAR", "customer_id": "VARCHAR", "opened_at": "TIMESTAMP",
                "resolved_at": "TIMESTAMP", "contacts": "DOUBLE", "fcr": "BOOLEAN", "resolved": "BOOLEAN",
                "first_contact_resolved": "BOOLEAN"},
    "events": {"customer_id": "VARCHAR", "event": "VARCHAR", "event_time": "TIMESTAMP", "event_key": "VARCHAR"},
}
#: The date column of each canonical table (the period filter, the latest date in the data).
DATE_COLUMN = {"orders": "order_date", "mrr": "month", "surveys": "response_date", "tickets": "opened_at",
                "events": "event_time"}

_NEW_RETURNING = {"new returning", "new vs returning", "new or returning", "new_returning", "новые повторные",
                  "новые и повторные", "новые vs повторные", "новый повторный"}
_CHECK_BAND = {"check band", "check size", "check size band", "check_band", "чек", "средний чек", "размер чека"}


@dataclass
class ComputeOptions:
    """Settings beyond the metrics' own conventions."""

    feature_event: str | None = None
    gross_margin: float | None = None
    health_weights: dict[str, float] = field(default_factory=lambda: dict(HEALTH_WEIGHTS))
    health_bands: dict[str, float] = field(default_factory=lambda: dict(HEALTH_BANDS))
    memory_limit: str = "1536MB"
    threads: int = 0  # 0: all cores, at most 2
    #: A user's definitions (``--definitions FILE``) by metric id or catalog id; packaged ones otherwise.
    definitions: dict[str, Definition] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str | None = None) -> "ComputeOptions":
        """Options from a mapping file's ``options:`` section, validated."""
        opts = cls()
        known = {"feature_event", "gross_margin", "health"}
        for key in data:
            if key not in known:
                raise InputTableError(f"unknown option '{key}'", path=path, field=f"options.{key}",
                                      hint="known: " + ", ".join(sorted(known)))
        if data.get("feature_event") is not None:
            opts.feature_event = str(data["feature_event"])
        if data.get("gross_margin") is not None:
            opts.gross_margin = _margin(data["gross_margin"], path)
        health = data.get("health") or {}
        if not isinstance(health, Mapping):
            raise InputTableError("'health' must hold 'weights' and/or 'bands'", path=path, field="options.health")
        for part, target, allowed in (("weights", opts.health_weights, HEALTH_WEIGHTS),
                                      ("bands", opts.health_bands, HEALTH_BANDS)):
            values = health.get(part) or {}
            if not isinstance(values, Mapping):
                raise InputTableError(f"'health.{part}' must be 'name: number' pairs", path=path)
            for name, value in values.items():
                if name not in allowed:
                    raise InputTableError(f"unknown health {part[:-1]} '{name}'", path=path,
                                          field=f"options.health.{part}.{name}", hint="known: " + ", ".join(allowed))
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise InputTableError("must be a number ≥ 0", path=path, field=f"options.health.{part}.{name}")
                target[name] = float(value)
        if opts.health_bands["yellow"] > opts.health_bands["green"]:
            raise InputTableError("the yellow threshold must not exceed the green one", path=path,
                                  field="options.health.bands")
        if sum(opts.health_weights[k] for k in ("usage", "depth")) <= 0:
            raise InputTableError("usage and depth weights cannot both be 0", path=path, field="options.health.weights")
        return opts


def _margin(value: Any, path: str | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputTableError("gross margin must be a number (0.6 or 60 for 60 %)", path=path, field="gross_margin")
    margin = float(value) / 100 if value > 1 else float(value)
    if not 0 < margin <= 1:
        raise InputTableError("gross margin must be above 0 and at most 100 %", path=path, field="gross_margin")
    return margin


@dataclass
class MetricResult:
    """What happened to one metric: its value (or why there is none), rows used, parts and segments."""

    metric_id: str
    name: str
    catalog_id: str | None
    status: str  # "computed", "undefined" (computed but no value: e.g. churn 0), "skipped"
    value: float | None = None
    unit: str = ""
    rows: int = 0
    table: str = ""
    recipe: str = ""
    parts: dict[str, float] = field(default_factory=dict)
    segments: dict[str, float | None] = field(default_factory=dict)
    segment_rows: dict[str, int] = field(default_factory=dict)
    reason: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class ComputeReport:
    """Everything a computation produced; nothing is written until :func:`apply_report`."""

    period: Period
    language: str
    tables: dict[str, "TableData"]
    results: list[MetricResult]
    notes: list[str]
    segment: str | None = None

    @property
    def computed(self) -> list[MetricResult]:
        return [r for r in self.results if r.status == "computed"]

    @property
    def not_computed(self) -> list[MetricResult]:
        return [r for r in self.results if r.status != "computed"]


def _connect(options: ComputeOptions) -> "duckdb.DuckDBPyConnection":
    import duckdb

    threads = options.threads or max(1, min(2, os.cpu_count() or 1))
    con = duckdb.connect(config={"threads": threads, "memory_limit": options.memory_limit})
    con.execute("SET enable_progress_bar = false")
    return con


def load_tables(con: "duckdb.DuckDBPyConnection", paths: Sequence[str | Path], mapping: Mapping[str, str],
                lang: str, segment: str | None = None) -> tuple[dict[str, "TableData"], list[str]]:
    """Load, recognise and check every data file; table name → checked table, plus notes."""
    from metricsmith.compute.loaders import load_file
    from metricsmith.compute.recognise import recognise
    from metricsmith.compute.validate import prepare

    if not paths:
        raise InputTableError(t(lang, "no data files given", "не указаны файлы с данными"), field="--data",
                              hint=t(lang, "add --data orders.csv (CSV, Parquet or XLSX)",
                                     "добавьте --data orders.csv (CSV, Parquet или XLSX)"))
    sources = []
    for i, path in enumerate(paths):
        sources.extend(load_file(con, path, i))
    recognised, notes = recognise(sources, dict(mapping), lang)
    tables: dict[str, TableData] = {}
    for name in TABLES:
        if name in recognised:
            tables[name] = prepare(con, recognised[name], lang, segment)
    for data in tables.values():
        notes.extend(data.notes)
    return tables, notes


def _lit(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(float(value))
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value:%Y-%m-%d %H:%M:%S}'"
    if isinstance(value, dt.date):
        return f"DATE '{value:%Y-%m-%d}'"
    return "'" + str(value).replace("'", "''") + "'"


def _ts(day: dt.date) -> str:
    return f"TIMESTAMP '{day:%Y-%m-%d} 00:00:00'"


def base_params(period: Period, *, split: bool = True) -> dict[str, str]:
    """Period parameters shared by all recipes, as SQL literals.

    ``split=False`` (one overall figure) turns the per-customer segment lookups of the
    helper recipes into the constant ``'all'``.
    """
    in_period = f"order_date >= {_ts(period.start)} AND order_date < {_ts(period.end)}"
    in_previous = f"order_date >= {_ts(period.previous.start)} AND order_date < {_ts(period.start)}"
    segments = {
        "segment_first": "arg_min(segment, order_date)",
        "segment_previous": f"arg_max(segment, order_date) FILTER (WHERE {in_previous})",
        "segment_first_in_period": f"arg_min(segment, order_date) FILTER (WHERE {in_period})",
    }
    if not split:
        segments = {key: "'all'" for key in segments}
    return segments | {
        "start": _ts(period.start),
        "end": _ts(period.end),
        "prev_start": _ts(period.previous.start),
        "mrr_start": _lit(add_months(period.start, -1)),
        "mrr_end": _lit(period.last_month),
        "ltv_start": _lit(add_months(period.last_month, -1)),
    }


def metric_params(metric: "Metric", recipe: Definition, period: Period, options: ComputeOptions,
                  profile_events: tuple[str, str], has_tickets: bool,
                  known_events: set[str] | None = None) -> tuple[dict[str, str], list[str], str | None]:
    """Parameters for one metric (period + conventions); notes; a reason when it cannot run.

    ``known_events`` (lower-case event names in the data, when there is data) lets
    event-based recipes check that the events they need occur at all.
    """
    conv = metric.conventions
    params = base_params(period)
    notes: list[str] = []
    used = placeholders(recipe, conv)
    if conv.nrr_period == "cohort_12m":
        params["mrr_start"] = _lit(add_months(period.last_month, -12))
    reason = None
    missing_event = None
    if "start_event" in used or "value_event" in used:
        pairs = [(conv.ttv_start_event or profile_events[0], conv.ttv_value_event or profile_events[1]),
                 (profile_events[0], profile_events[1])]
        start_event, value_event = pairs[0]
        if known_events is not None:
            # The metric's own events first; the profile's when the metric's do not occur in the data
            # (catalog conventions describe events in words, the profile names the real ones).
            usable = [(a, b) for a, b in pairs if a and b and a.strip().lower() in known_events
                      and b.strip().lower() in known_events]
            if usable:
                start_event, value_event = usable[0]
            elif start_event and value_event:
                missing_event = start_event if start_event.strip().lower() not in known_events else value_event
        if not (start_event and value_event):
            reason = "events"
        params["start_event"] = _lit((start_event or "").strip().lower())
        params["value_event"] = _lit((value_event or "").strip().lower())
    params["feature_event"] = _lit((options.feature_event or "").strip().lower())
    if "feature_event" in used:
        if not options.feature_event:
            reason = "feature"
        elif known_events is not None and options.feature_event.strip().lower() not in known_events:
            missing_event = options.feature_event
    params["gross_margin"] = _lit(options.gross_margin if options.gross_margin is not None else 1.0)
    if "gross_margin" in used and options.gross_margin is None:
        notes.append("no_margin")
    for key, value in options.health_weights.items():
        params[f"w_{key}"] = _lit(value)
    for key, value in options.health_bands.items():
        params[key] = _lit(value)
    params["has_tickets"] = _lit(has_tickets)
    if missing_event and reason is None:
        reason = "event_missing:" + missing_event
    return params, notes, reason


def placeholders(recipe: Definition, conventions: "Conventions | None" = None) -> set[str]:
    """The ``${name}`` parameters a metric's queries read (what it needs: events, a feature, a margin)."""
    import re

    found: set[str] = set()
    for variant in recipe.variants:
        found.update(re.findall(r"\$\{(\w+)\}", metric_query(variant, conventions)))
    return found


def _segment_sql(con, tables: dict[str, "TableData"], segment: str | None, period: Period,
                 lang: str) -> dict[str, tuple[str, str]]:
    """Per table: (extra FROM clause, segment expression). Builds customer maps when needed."""
    if segment is None:
        return {name: ("", "'all'") for name in VIEW_COLUMNS}
    key = normalise(segment)
    out: dict[str, tuple[str, str]] = {}
    if key in _NEW_RETURNING or key in _CHECK_BAND:
        base = "orders" if "orders" in tables else None
        if base is None:
            raise InputTableError(t(lang, f"the segment '{segment}' needs an orders table",
                                    f"сегменту «{segment}» нужна таблица заказов"), field="--segment")
        if key in _NEW_RETURNING:
            con.execute(
                "CREATE OR REPLACE TABLE seg_map AS SELECT CAST(customer_id AS VARCHAR) AS customer_id, "
                f"CASE WHEN min(order_date) >= {_ts(period.start)} THEN 'new' ELSE 'returning' END AS segment "
                "FROM t_orders GROUP BY customer_id"
            )
        else:
            con.execute(
                "CREATE OR REPLACE TABLE seg_map AS SELECT CAST(customer_id AS VARCHAR) AS customer_id, "
                "CASE ntile(3) OVER (ORDER BY avg(amount)) WHEN 1 THEN 'small' WHEN 2 THEN 'medium' ELSE 'large' END "
                f"AS segment FROM t_orders WHERE order_date < {_ts(period.end)} GROUP BY customer_id"
            )
        for name in VIEW_COLUMNS:
            if name in tables and "customer_id" in tables[name].columns:
                out[name] = (" LEFT JOIN seg_map USING (customer_id)", "coalesce(seg_map.segment, '(unknown)')")
            else:
                out[name] = ("", "NULL")  # rows without a customer cannot be placed in a segment
        return out
    found_in = segment_columns({n: (d.mapped, d.source.headers) for n, d in tables.items()}, segment, lang)
    donor = next((n for n in ("orders", "mrr", "events", "surveys", "tickets")
                  if n in found_in and "customer_id" in tables[n].columns), None)
    if donor:
        col = '"' + found_in[donor].replace('"', '""') + '"'
        con.execute(
            "CREATE OR REPLACE TABLE seg_map AS SELECT CAST(customer_id AS VARCHAR) AS customer_id, "
            f"CAST(arg_max({col}, {DATE_COLUMN[donor]}) AS VARCHAR) AS segment "
            f"FROM t_{donor} GROUP BY customer_id"
        )
    for name in VIEW_COLUMNS:
        if name in found_in:
            col = '"' + found_in[name].replace('"', '""') + '"'
            out[name] = ("", f"coalesce(CAST({col} AS VARCHAR), '(empty)')")
        elif donor and name in tables and "customer_id" in tables[name].columns:
            out[name] = (" LEFT JOIN seg_map USING (customer_id)", "coalesce(seg_map.segment, '(unknown)')")
        else:
            out[name] = ("", "NULL")  # not available for this table
    return out


def segment_columns(tables: Mapping[str, tuple[Mapping[str, str], list[str]]], segment: str,
                    lang: str, noun: tuple[str, str] = ("header", "заголовок")) -> dict[str, str]:
    """Per table (name → (mapped columns, headers)), the column that holds ``segment``; an error
    listing every table's columns when none has it (files and ``--source`` alike)."""
    key = normalise(segment)
    found_in: dict[str, str] = {}
    for name, (mapped, headers) in tables.items():
        column = segment_column(TABLES[name], mapped, headers, key)
        if column is not None:
            found_in[name] = column
    if not found_in:
        listed = "; ".join(f"{n}: {', '.join(headers)}" for n, (_, headers) in tables.items())
        raise InputTableError(
            t(lang, f"no table has the segment column '{segment}' ({listed})",
              f"ни в одной таблице нет колонки сегмента «{segment}» ({listed})"),
            field="--segment",
            hint=t(lang, f"use a column {noun[0]}, or new_returning / check_band",
                   f"укажите {noun[1]} колонки или new_returning / check_band"),
        )
    return found_in


def create_views(con, tables: dict[str, "TableData"], segments: dict[str, tuple[str, str]]) -> None:
    """(Re)create the canonical views ``orders``, ``mrr``, … that the recipes read."""
    int_ids = {d.id_type for d in tables.values() if "customer_id" in d.columns}
    keep_int = len(int_ids) == 1 and next(iter(int_ids)) in ("BIGINT", "INTEGER", "HUGEINT", "UBIGINT")
    for name, cols in VIEW_COLUMNS.items():
        join, seg = segments.get(name, ("", "'all'"))
        if name not in tables:
            nulls = ", ".join(f"CAST(NULL AS {typ}) AS {col}" for col, typ in cols.items())
            con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT {nulls}, CAST(NULL AS VARCHAR) AS segment WHERE false")
            continue
        present = set(con.execute(f"SELECT column_name FROM (DESCRIBE t_{name})").fetchall())
        present = {p[0] for p in present}
        exprs = []
        for col, typ in cols.items():
            if col == "customer_id" and col in present:
                ref = f"t_{name}.customer_id"
                exprs.append(f"{ref if keep_int else f'CAST({ref} AS VARCHAR)'} AS customer_id")
            elif col in present:
                exprs.append(f"t_{name}.{col}")
            else:
                exprs.append(f"CAST(NULL AS {typ}) AS {col}")
        if join:
            join = join.replace("USING (customer_id)", f"ON seg_map.customer_id = CAST(t_{name}.customer_id AS VARCHAR)")
        con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT {', '.join(exprs)}, {seg} AS segment FROM t_{name}{join}")


def run_query(con, sql: str) -> list[tuple[str, str | None, float | None, int]]:
    """Execute one metric's query; rows of (segment, part, value, n)."""
    rows = con.execute(sql).fetchall()
    return [(r[0], r[1], None if r[2] is None else float(r[2]), int(r[3] or 0)) for r in rows]


def _pick_variant(recipe: Definition, tables: dict[str, "TableData"]) -> tuple[Variant | None, str]:
    """The first variant whose tables and columns are present; otherwise what is missing."""
    missing: list[str] = []
    for variant in recipe.variants:
        absent = [n for n in variant.tables if n not in tables]
        if absent:
            missing.append("table " + " + ".join(absent))
            continue
        lacking = [f"{tbl}.{'/'.join(cols)}" for tbl, cols in variant.any_columns.items()
                   if not any(c in tables[tbl].columns for c in cols)]
        if lacking:
            missing.append("column " + ", ".join(lacking))
            continue
        return variant, ""
    return None, " or ".join(missing)


def profile_margin(project: "Project") -> float | None:
    for key in ("gross margin", "gross_margin", "margin", "валовая маржа", "маржа", "маржинальность"):
        value = project.profile.known_number(key)
        if value is not None:
            try:
                return _margin(value)
            except InputTableError:
                return None
    return None


def compute(
    project: "Project",
    data: Sequence[str | Path],
    *,
    period: str | Period | None = None,
    mapping: Mapping[str, str] | None = None,
    segment: str | None = None,
    options: ComputeOptions | None = None,
) -> ComputeReport:
    """Compute every metric of ``project`` that has a recipe; the project is not changed."""
    lang = project.language
    options = options or ComputeOptions()
    if options.gross_margin is None:
        options = dataclasses.replace(options, gross_margin=profile_margin(project))
    if isinstance(period, str):
        period = parse_period(period)  # before loading: a typo should not wait for a big file
    con = _connect(options)
    try:
        tables, notes = load_tables(con, data, mapping or {}, lang, segment)
        if period is None:
            period = month_of(_latest_date(con, tables))
        profile_events = (project.profile.first_value.start_event, project.profile.first_value.value_event)
        overall = _run_all(con, project, tables, period, options, profile_events, segment=None, lang=lang)
        if segment:
            merge_segments(overall, _run_all(con, project, tables, period, options, profile_events, segment=segment,
                                             lang=lang))
        return ComputeReport(period, lang, tables, overall, notes, segment)
    finally:
        con.close()


def merge_segments(overall: list[MetricResult], split: Mapping[str, Rows]) -> None:
    """Put the per-segment values of a split run into the overall results."""
    for result in overall:
        rows = split.get(result.metric_id)
        if result.status == "skipped" or rows is None:
            continue
        for seg, part, value, n in rows:
            if part is None and seg is not None:
                result.segments[seg] = value
                result.segment_rows[seg] = n
        if not result.segments:
            result.notes.append("no_segment")


def _latest_date(con, tables: dict[str, "TableData"]) -> dt.date:
    latest: dt.date | None = None
    for name, data in tables.items():
        value = con.execute(f"SELECT max({DATE_COLUMN[name]}) FROM t_{name}").fetchall()[0][0]
        if value is not None:
            day = value.date() if isinstance(value, dt.datetime) else value
            if name == "mrr":
                day = add_months(day, 1) - dt.timedelta(days=1)
            latest = day if latest is None or day > latest else latest
    return latest or dt.date.today()


def _run_all(con, project, tables, period, options, profile_events, *, segment, lang):
    """Run every metric once in DuckDB; overall (segment None) returns results, split returns raw rows per metric."""
    create_views(con, tables, _segment_sql(con, tables, segment, period, lang))
    known_events: set[str] | None = None
    if "events" in tables:
        known_events = {e for (e,) in con.execute("SELECT DISTINCT event_key FROM t_events LIMIT 10000").fetchall()}

    def build(name: str, sql: str) -> None:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")

    return run_metrics(project, tables, period, options, profile_events, known_events, segment=segment,
                       build_helper=build, run=lambda sql, variant: run_query(con, sql))


def run_metrics(project: "Project", tables: Mapping[str, Any], period: Period, options: ComputeOptions,
                profile_events: tuple[str, str], known_events: set[str] | None, *, segment: str | None,
                build_helper: Callable[[str, str], None],
                run: Callable[[str, Variant], Rows]) -> list[MetricResult] | dict[str, Rows]:
    """The metric loop shared by files (DuckDB) and ``--source`` (a database): which metrics run, how.

    ``tables`` are the input tables present (anything with ``columns``); ``build_helper(name,
    sql)`` makes a helper model readable under its name (once each); ``run(sql, variant)``
    executes a metric's query (DuckDB's dialect) and returns its rows. Overall (segment None)
    returns the results; a split run returns the raw rows per metric id.
    """
    built: set[str] = set()
    results: list[MetricResult] = []
    split_rows: dict[str, Rows] = {}
    defined = project_definitions(project, options.definitions)
    for metric in project.metrics:
        recipe = defined.get(metric.id)
        result = MetricResult(metric.id, metric.name, metric.catalog_id, "skipped")
        results.append(result)
        if recipe is None:
            result.reason = "no_recipe"
            continue
        variant, missing = _pick_variant(recipe, tables)
        if variant is None:
            result.reason = "missing:" + missing
            continue
        params, notes, reason = metric_params(metric, recipe, period, options, profile_events, "tickets" in tables,
                                              known_events)
        result.notes.extend(notes)
        result.recipe = variant.model
        result.table = ", ".join(variant.tables)
        result.unit = variant.unit_for(metric.conventions)
        lacking = [f"{tbl}.{'/'.join(cols)}" for tbl, cols in variant.value_for(metric.conventions).any_columns.items()
                   if not any(c in tables[tbl].columns for c in cols)]
        if lacking:
            reason = "missing:column " + ", ".join(lacking)  # e.g. counting every contact needs the contact counts
        if reason:
            result.reason = reason
            continue
        if (recipe.window == "1 month" and period.months > 1 and metric.conventions.nrr_period != "cohort_12m"
                and "${mrr_start}" in variant.source.template):
            result.notes.append("month_window")  # a month-on-month movement over a longer period: say so
        for helper in variant.helpers:
            if helper not in built:
                build_helper(helper, models()[helper].render(base_params(period, split=segment is not None)))
                built.add(helper)
        try:
            rows = run(render(metric_query(variant, metric.conventions), params), variant)
        except Exception as exc:
            if variant.source.origin is None:
                raise  # a packaged model: the data is at fault, and the caller names it
            raise _user_model_error(metric.id, variant, exc) from exc
        if segment is not None:
            split_rows[metric.id] = rows
            continue
        _fill(result, rows)
    return split_rows if segment is not None else results


def _user_model_error(metric_id: str, variant: Variant, exc: Exception) -> Exception:
    """A user's model whose SQL failed: name the definitions file, the metric and the model, not the data."""
    from metricsmith.errors import ConfigError, MetricsmithError

    detail = exc.message if isinstance(exc, MetricsmithError) else str(exc)
    first = (detail.strip().splitlines() or [type(exc).__name__])[0][:200]
    return ConfigError(f"metric {metric_id}: the SQL of model {variant.model} failed: {first}",
                       path=variant.source.origin, field=f"models.{variant.model}.sql",
                       hint="fix the model in the definitions file; it runs on the canonical tables named there")


def _fill(result: MetricResult, rows) -> None:
    head = [r for r in rows if r[1] is None]
    for _, part, value, _n in rows:
        if part is not None and value is not None:
            result.parts[part] = value
    if not head:
        result.status = "undefined"
        result.reason = "immature" if "immature" in result.parts else "no_rows"
        return
    _, _, value, n = head[0]
    result.rows = n
    if value is None:
        result.status = "undefined"
        if result.parts.get("churn") == 0:
            result.reason = "churn_zero"
        elif "churn" not in result.parts and ("aov" in result.parts or "arpa" in result.parts):
            result.reason = "churn_unknown"  # the period has data, the period before it has none
        else:
            result.reason = "no_rows"
        return
    result.value = value
    result.status = "computed"


def apply_report(project: "Project", report: ComputeReport, *, as_: str = "actual",
                 on: dt.date | None = None) -> list[str]:
    """Record the computed values in ``project``; returns the ids of the metrics changed."""
    from metricsmith.compute.report import segment_note

    day = on or report.period.last_day
    changed = []
    for result in report.computed:
        metric = project.metric(result.metric_id)
        value = round(result.value, 4)
        if as_ == "baseline":
            metric.baseline = value
        else:
            metric.record_actual(value, on=day, period=report.period.label, source="compute",
                                 note=segment_note(result, report.language))
        changed.append(metric.id)
    return changed
