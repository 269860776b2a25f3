"""The one place the terminal UI records a check-in (an actual value for a date or period).

It goes through the tracking library's own checks, so a value typed in the workbench obeys the
same rules as ``metricsmith track``: the period is parsed (day, week, month or quarter) and may
not lie in the future, the value must fit the metric (a share within 0…100 %, NPS within
−100…100), and a second value for the same period replaces the first while keeping it in the
check-in's ``superseded`` list, with who recorded it.
"""

from __future__ import annotations

import datetime as dt

from metricsmith.models.metric import Metric


def check_in(metric: Metric, value: float, on: dt.date, *, period: str = "", note: str = "", lang: str = "en",
             today: dt.date | None = None) -> None:
    """Record ``value`` on ``metric`` for ``period`` when one is typed, else for the day ``on``."""
    from metricsmith.tracking.checkin import check_bounds, default_author, resolve_period

    today = today or dt.date.today()
    chosen = resolve_period(metric, period.strip() or None, None if period.strip() else on, today, lang)
    check_bounds(metric, value, lang)
    metric.record_actual(value, chosen.end, period=chosen.label, source="manual", note=note,
                         author=default_author(), corrected_on=today)
