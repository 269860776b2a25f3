"""``compute --source``: the metric queries run inside the user's database.

The same queries as the files path (:mod:`metricsmith.compute.runner`), from
the same loop (:func:`~metricsmith.compute.runner.run_metrics`: parameters,
variants, reasons for skipping a metric), but each one
is sent to the database with the canonical tables as CTEs in front of it and
translated to the database's dialect. Only aggregates come back: the data
never leaves the warehouse, and nothing is created in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from metricsmith.compute.periods import Period, add_months, month_of, parse_period
from metricsmith.compute.runner import (
    _CHECK_BAND,
    _NEW_RETURNING,
    DATE_COLUMN,
    VIEW_COLUMNS,
    ComputeOptions,
    ComputeReport,
    MetricResult,
    Rows,
    _ts,
    merge_segments,
    profile_margin,
    run_metrics,
    segment_columns,
)
from metricsmith.compute.schema import normalise
from metricsmith.compute.texts import t
from metricsmith.compute.warehouse.canonical import canonical_sql, empty_sql, kept_condition, profile
from metricsmith.compute.warehouse.query import compose
from metricsmith.compute.warehouse.tables import SourceTable, find_tables, src_sql
from metricsmith.errors import InputTableError

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.definitions import Variant
    from metricsmith.compute.warehouse.connection import Session
    from metricsmith.models.project import Project


@dataclasses.dataclass
class SourceReport(ComputeReport):
    """A :class:`ComputeReport` whose inputs are a database's tables (the report says ``--source``)."""

    inputs: str = "--source"


def compute_from_source(
    project: "Project",
    url: str,
    *,
    period: str | Period | None = None,
    tables: Mapping[str, str] | None = None,
    mapping: Mapping[str, str] | None = None,
    segment: str | None = None,
    options: ComputeOptions | None = None,
    password: str | None = None,
) -> ComputeReport:
    """Compute every metric of ``project`` that has a definition from the database at ``url``.

    ``tables`` maps canonical tables to the user's (``{"orders": "shop.orders"}``);
    ``mapping`` names columns as for files (``{"orders.amount": "total"}``);
    ``password`` is used when the URL has none. The project is not changed.
    """
    from metricsmith.compute.warehouse.connection import open_source

    lang = project.language
    options = options or ComputeOptions()
    if options.gross_margin is None:
        options = dataclasses.replace(options, gross_margin=profile_margin(project))
    if isinstance(period, str):
        period = parse_period(period)  # before connecting: a typo should not wait for the network
    source = open_source(url, password)
    with source.session() as session:
        found = find_tables(session, dict(tables or {}), dict(mapping or {}), lang)
        for data in found.values():
            profile(session, data, lang)
        notes = [note for data in found.values() for note in data.notes]
        if period is None:
            period = month_of(_latest_date(session, found))
        events = (project.profile.first_value.start_event, project.profile.first_value.value_event)
        overall = _run_all(session, project, found, period, options, events, segment=None, lang=lang)
        if segment:
            merge_segments(overall, _run_all(session, project, found, period, options, events, segment=segment,
                                             lang=lang))
    return SourceReport(period, lang, found, overall, notes, segment)  # type: ignore[arg-type]


def table_sql(found: Mapping[str, SourceTable], segments: Mapping[str, tuple[str, str]] | None = None,
              extra: Mapping[str, str] | None = None, seg_map: str | None = None) -> dict[str, str]:
    """Name → SELECT for ``src_*``, ``seg_map`` and the canonical tables, in dependency order."""
    segments, extra = segments or {}, extra or {}
    out = {f"src_{name}": src_sql(data, extra.get(name)) for name, data in found.items()}
    if seg_map is not None:
        out["seg_map"] = seg_map
    for name in VIEW_COLUMNS:
        if name in found:
            out[name] = canonical_sql(found[name], *segments.get(name, ("'all'", "")))
        else:
            out[name] = empty_sql(name)
    return out


def _latest_date(session: "Session", found: Mapping[str, SourceTable]) -> dt.date:
    tables = table_sql(found)
    latest: dt.date | None = None
    for name, data in found.items():
        ((value,),) = session.rows(compose(f"SELECT max({DATE_COLUMN[name]}) FROM {name}", tables),
                                   table=data.display)
        if value is None:
            continue
        day = value.date() if isinstance(value, dt.datetime) else value
        if name == "mrr":
            day = add_months(day, 1) - dt.timedelta(days=1)
        latest = day if latest is None or day > latest else latest
    return latest or dt.date.today()


def segment_plan(found: Mapping[str, SourceTable], segment: str | None, period: Period,
                 lang: str) -> tuple[dict[str, tuple[str, str]], dict[str, str], str | None]:
    """Per table (segment expression, join); extra ``_segment`` columns; the ``seg_map`` query.

    The same choices as the files path (:func:`metricsmith.compute.runner._segment_sql`).
    """
    if segment is None:
        return {}, {}, None
    key = normalise(segment)
    join = (" LEFT JOIN seg_map ON seg_map.customer_id = src.customer_id", "coalesce(seg_map.segment, '(unknown)')")

    def by_customer() -> dict[str, tuple[str, str]]:
        return {name: ((join[1], join[0]) if "customer_id" in data.columns else ("CAST(NULL AS VARCHAR)", ""))
                for name, data in found.items()}

    if key in _NEW_RETURNING or key in _CHECK_BAND:
        orders = found.get("orders")
        if orders is None:
            raise InputTableError(t(lang, f"the segment '{segment}' needs an orders table",
                                    f"сегменту «{segment}» нужна таблица заказов"), field="--segment")
        kept = kept_condition(orders)
        if key in _NEW_RETURNING:
            seg_map = (f"SELECT customer_id, CASE WHEN min(order_date) >= {_ts(period.start)} THEN 'new' "
                       f"ELSE 'returning' END AS segment FROM src_orders AS src WHERE {kept} GROUP BY customer_id")
        else:
            seg_map = ("SELECT customer_id, CASE ntile(3) OVER (ORDER BY avg(amount)) WHEN 1 THEN 'small' "
                       "WHEN 2 THEN 'medium' ELSE 'large' END AS segment FROM src_orders AS src "
                       f"WHERE {kept} AND order_date < {_ts(period.end)} GROUP BY customer_id")
        return by_customer(), {}, seg_map
    found_in = segment_columns({n: (d.mapped, d.headers) for n, d in found.items()}, segment, lang,
                               ("name", "имя"))
    extra = {name: column for name, column in found_in.items() if column not in found[name].mapped}
    ref = {name: "src._segment" if name in extra else f"src.{column}" for name, column in found_in.items()}
    donor = next((n for n in ("orders", "mrr", "events", "surveys", "tickets")
                  if n in found_in and "customer_id" in found[n].columns), None)
    seg_map = None
    plan = by_customer() if donor else {}
    if donor:
        seg_map = (f"SELECT customer_id, CAST(arg_max({ref[donor]}, {DATE_COLUMN[donor]}) AS VARCHAR) AS segment "
                   f"FROM src_{donor} AS src WHERE {kept_condition(found[donor])} GROUP BY customer_id")
    for name in found:
        if name in found_in:
            plan[name] = (f"coalesce(CAST({ref[name]} AS VARCHAR), '(empty)')", "")
        elif name not in plan:
            plan[name] = ("CAST(NULL AS VARCHAR)", "")
    return plan, extra, seg_map


def _run_all(session: "Session", project: "Project", found: Mapping[str, SourceTable], period: Period,
             options: ComputeOptions, profile_events: tuple[str, str], *, segment: str | None,
             lang: str) -> list[MetricResult] | dict[str, Rows]:
    """Run every metric once in the database (the loop is :func:`~metricsmith.compute.runner.run_metrics`)."""
    tables = table_sql(found, *segment_plan(found, segment, period, lang))
    known_events: set[str] | None = None
    if "events" in found:
        rows = session.rows(compose("SELECT DISTINCT event_key FROM events LIMIT 10000", tables),
                            table=found["events"].display)
        known_events = {e for (e,) in rows if e is not None}

    def run(sql: str, variant: "Variant") -> Rows:
        raw = session.rows(compose(sql, tables), table=", ".join(found[n].display for n in variant.tables))
        return [(r[0], r[1], None if r[2] is None else float(r[2]), int(r[3] or 0)) for r in raw]

    return run_metrics(project, found, period, options, profile_events, known_events, segment=segment,
                       build_helper=tables.__setitem__, run=run)
