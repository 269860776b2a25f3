"""The period a computation covers: ``2026-10``, ``2026-Q4``, ``2026`` or ``2026-10-01..2026-12-31``.

Every recipe is evaluated over a half-open window ``[start, end)``; recurring
revenue recipes also need whole months (the month before the period and the
period's last month). Without ``--period`` the month of the latest date in
the data is used, which is what a monthly review wants.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from metricsmith.errors import InputTableError


def add_months(day: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A half-open window ``[start, end)`` and its label."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def months(self) -> int:
        """Whole calendar months covered (at least 1)."""
        return max(1, (self.end.year - self.start.year) * 12 + self.end.month - self.start.month)

    @property
    def previous(self) -> "Period":
        """The window of the same length just before this one (by months when month-aligned)."""
        if self.start.day == 1 and self.end.day == 1:
            return Period(add_months(self.start, -self.months), self.start, "previous")
        length = self.end - self.start
        return Period(self.start - length, self.start, "previous")

    @property
    def last_month(self) -> dt.date:
        """First day of the period's last calendar month."""
        return dt.date(self.last_day.year, self.last_day.month, 1)


def parse_period(text: str) -> Period:
    """Read ``--period``; raises :class:`InputTableError` with the accepted forms."""
    raw = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", raw)
    if m and 1 <= int(m.group(2)) <= 12:
        start = dt.date(int(m.group(1)), int(m.group(2)), 1)
        return Period(start, add_months(start, 1), f"{start:%Y-%m}")
    m = re.fullmatch(r"(\d{4})-?[QqКк]([1-4])", raw)
    if m:
        start = dt.date(int(m.group(1)), 3 * (int(m.group(2)) - 1) + 1, 1)
        return Period(start, add_months(start, 3), f"{m.group(1)}-Q{m.group(2)}")
    m = re.fullmatch(r"(\d{4})", raw)
    if m:
        start = dt.date(int(raw), 1, 1)
        return Period(start, dt.date(int(raw) + 1, 1, 1), raw)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", raw)
    if m:
        try:
            a, b = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
        except ValueError:
            a = b = None
        if a and b and a <= b:
            return Period(a, b + dt.timedelta(days=1), f"{a}..{b}")
    raise InputTableError(
        f"cannot read the period '{text}'",
        field="--period",
        hint="use 2026-10, 2026-Q4, 2026 or 2026-10-01..2026-12-31",
    )


def month_of(day: dt.date) -> Period:
    start = dt.date(day.year, day.month, 1)
    return Period(start, add_months(start, 1), f"{start:%Y-%m}")
