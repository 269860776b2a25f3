"""The one place the terminal UI records a check-in (an actual value for a date or period).

It calls ``Metric.record_actual`` today; when the library's own check-in API
(``metricsmith.tracking.check_in``) lands, only this function changes.
"""

from __future__ import annotations

import datetime as dt

from metricsmith.models.metric import Metric


def check_in(metric: Metric, value: float, on: dt.date, *, period: str = "", note: str = "") -> None:
    """Record ``value`` for ``on`` (and ``period``) on ``metric``, typed in by hand."""
    metric.record_actual(value, on, period=period, source="manual", note=note)
