"""Check-in periods: the four forms, their dates, and what is not a period."""

from __future__ import annotations

import datetime as dt

import pytest

from metricsmith.errors import CheckInError
from metricsmith.tracking.periods import granularity_of, parse_period, period_of


@pytest.mark.parametrize(("text", "label", "start", "end", "granularity"), [
    ("2026-11-29", "2026-11-29", dt.date(2026, 11, 29), dt.date(2026, 11, 29), "day"),
    ("2026-W48", "2026-W48", dt.date(2026, 11, 23), dt.date(2026, 11, 29), "week"),
    ("2026w1", "2026-W01", dt.date(2025, 12, 29), dt.date(2026, 1, 4), "week"),
    ("2026-11", "2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30), "month"),
    ("2024-2", "2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),
    ("2026-Q4", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "quarter"),
    ("2026-К1", "2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "quarter"),
    (" 2026-12 ", "2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31), "month"),
])
def test_forms(text: str, label: str, start: dt.date, end: dt.date, granularity: str) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end, period.granularity) == (label, start, end, granularity)


@pytest.mark.parametrize("text", ["2026-13", "2026-02-30", "2026-W54", "2026-Q5", "November", "", "2026/11", "26-11"])
def test_malformed_periods_name_the_forms(text: str) -> None:
    with pytest.raises(CheckInError) as info:
        parse_period(text)
    assert "2026-W48" in info.value.one_line() and "\n" not in info.value.one_line()


def test_russian_message() -> None:
    with pytest.raises(CheckInError, match="не удаётся прочитать период"):
        parse_period("ноябрь", "ru")


def test_period_of_and_granularity_of_windows() -> None:
    day = dt.date(2026, 11, 29)
    assert [period_of(day, g).label for g in ("day", "week", "month", "quarter")] == [
        "2026-11-29", "2026-W48", "2026-11", "2026-Q4"]
    assert [granularity_of(w) for w in ("month", "quarter", "90 days", "неделя", "day", "")] == [
        "month", "quarter", "quarter", "week", "day", "month"]
