"""Check-in periods: a day, an ISO week, a month or a quarter.

Why a period and not just a date: founders report "November's churn" or "week 48's
activations", and a correction for November must replace November's value whatever
day it is typed in. A period's check-in is dated by the period's last day (as
``compute`` dates its actuals), so the same period always has the same date and a
three-way merge of two saves matches check-ins by (date, period) correctly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from metricsmith.errors import CheckInError

Granularity = Literal["day", "week", "month", "quarter"]

_FORMS = "2026-11-29 (day), 2026-W48 (week), 2026-11 (month) or 2026-Q4 (quarter)"
_FORMS_RU = "2026-11-29 (день), 2026-W48 (неделя), 2026-11 (месяц) или 2026-Q4 (квартал)"


@dataclass(frozen=True)
class CheckInPeriod:
    """A labelled calendar period ``[start, end]`` (both days included)."""

    label: str
    start: dt.date
    end: dt.date
    granularity: Granularity


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def day_period(day: dt.date) -> CheckInPeriod:
    return CheckInPeriod(day.isoformat(), day, day, "day")


def period_of(day: dt.date, granularity: Granularity) -> CheckInPeriod:
    """The period of ``granularity`` that contains ``day``."""
    if granularity == "day":
        return day_period(day)
    if granularity == "week":
        year, week, _ = day.isocalendar()
        start = dt.date.fromisocalendar(year, week, 1)
        return CheckInPeriod(f"{year}-W{week:02d}", start, start + dt.timedelta(days=6), "week")
    if granularity == "quarter":
        q = (day.month - 1) // 3 + 1
        return CheckInPeriod(f"{day.year}-Q{q}", dt.date(day.year, 3 * q - 2, 1), _month_end(day.year, 3 * q), "quarter")
    return CheckInPeriod(f"{day:%Y-%m}", dt.date(day.year, day.month, 1), _month_end(day.year, day.month), "month")


def parse_period(text: str, lang: str = "en") -> CheckInPeriod:
    """Read a period label; :class:`CheckInError` with the accepted forms when it is not one."""
    raw = text.strip()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
        if m:
            return day_period(dt.date(int(m[1]), int(m[2]), int(m[3])))
        m = re.fullmatch(r"(\d{4})-?[Ww](\d{1,2})", raw)
        if m:
            return period_of(dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week")
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", raw)
        if m:
            return period_of(dt.date(int(m[1]), int(m[2]), 1), "month")
        m = re.fullmatch(r"(\d{4})-?[QqКк]([1-4])", raw)
        if m:
            return period_of(dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter")
    except ValueError:
        pass  # 2026-13, 2026-02-30, 2026-W54: shaped right, not a real period
    if lang == "ru":
        raise CheckInError(f"не удаётся прочитать период «{text}»", field="--period", hint="укажите " + _FORMS_RU)
    raise CheckInError(f"cannot read the period '{text}'", field="--period", hint="use " + _FORMS)


def granularity_of(window: str) -> Granularity:
    """The check-in granularity a metric's measurement window suggests (month when it says nothing)."""
    w = window.lower()
    if any(k in w for k in ("quarter", "квартал", "90")):
        return "quarter"
    if any(k in w for k in ("week", "недел")):
        return "week"
    if any(k in w for k in ("day", "daily", "день", "дн")):
        return "day"
    return "month"


def sort_key(label: str, fallback: dt.date) -> dt.date:
    """The day a stored period label ends on (for ordering check-ins); ``fallback`` when unreadable."""
    try:
        return parse_period(label).end if label else fallback
    except CheckInError:
        return fallback
