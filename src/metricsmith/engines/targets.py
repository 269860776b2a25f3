"""Targets with a one-line rationale, target dates, and the number formatting they need.

Why: a target without a baseline is a wish. Targets move the baseline by the catalog's
``typical_change`` in the metric's direction, stay within the metric's bounds, and are
rounded to a precision a person would write down — but never rounded back onto the
baseline. When the goal itself states the target for its main metric ("from X to Y",
"by 10 %", «не больше 3»), that is used instead, as the user's own commitment. (Baselines are matched in :mod:`metricsmith.catalog.matcher`.)
"""

from __future__ import annotations

import datetime as dt
import math
import re

from metricsmith.catalog import CatalogEntry


def in_bounds(value: float, entry: CatalogEntry) -> bool:
    low, high = entry.bounds
    return (low is None or value >= low) and (high is None or value <= high)


def clamp(value: float, entry: CatalogEntry) -> float:
    low, high = entry.bounds
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    return value


def rounding_step(value: float) -> float:
    """The precision people write a number of this size with: 0.01, 0.1, 1, or 3 significant digits."""
    size = abs(value)
    if size >= 1000:
        return float(10 ** (int(math.floor(math.log10(size))) - 2))
    if size >= 10:
        return 1.0
    if size >= 1:
        return 0.1
    return 0.01


def round_to(value: float, step: float) -> float:
    rounded = round(value / step) * step
    digits = max(0, -int(math.floor(math.log10(step)))) if step < 1 else 0
    return round(rounded, digits)


def propose_target(baseline: float, entry: CatalogEntry) -> float | None:
    """Baseline moved by ``typical_change`` in the right direction, within bounds, sensibly rounded.

    ``None`` when the baseline already sits at the best possible bound (nothing to improve).
    """
    change = abs(entry.typical_change) or 0.1
    low, high = entry.bounds
    if baseline != 0:
        delta = abs(baseline) * change
    elif low is not None and high is not None:
        delta = (high - low) * change
    else:
        delta = 1.0
    raw = baseline + delta if entry.direction == "up" else baseline - delta
    target = clamp(raw, entry)
    step = rounding_step(target if target else delta)
    rounded = clamp(round_to(target, step), entry)
    better = (lambda a, b: a > b) if entry.direction == "up" else (lambda a, b: a < b)
    if not better(rounded, baseline):
        nudged = clamp(round_to(baseline + (step if entry.direction == "up" else -step), step), entry)
        if better(nudged, baseline):
            rounded = nudged
        elif better(target, baseline):
            rounded = round(target, 4)
        else:
            return None
    return rounded


_NUMBER = r"(?P<n>[-+]?\d+(?:[.,]\d+)?)"
_FROM_TO = re.compile(
    r"(?<!\w)(?:from|с|со)\s+(?P<a>[-+]?\d+(?:[.,]\d+)?)\s*%?\s*(?:\S+\s+){0,2}?(?:to|до)\s+(?P<b>[-+]?\d+(?:[.,]\d+)?)",
    re.IGNORECASE,
)
_BY_PERCENT = re.compile(r"(?<!\w)(?:by|на)\s+" + _NUMBER + r"\s*%", re.IGNORECASE)
_LIMIT = {
    "down": re.compile(
        r"(?<!\w)(?:below|under|less than|at most|no more than|to|не больше|не более|не выше|меньше|ниже|до)\s+"
        + _NUMBER, re.IGNORECASE,
    ),
    "up": re.compile(
        r"(?<!\w)(?:above|over|more than|at least|no less than|to|не меньше|не менее|не ниже|больше|выше|до)\s+"
        + _NUMBER, re.IGNORECASE,
    ),
}


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def goal_target(expected_result: str, baseline: float | None, direction: str) -> tuple[float, float] | None:
    """``(baseline, target)`` that a goal's expected result states for its main metric, or ``None``.

    Understood, in Russian and English: "from X to Y" (X must be the known baseline, or becomes
    it when none is known), "by N %" / «на N %» (relative to the baseline, in the metric's
    direction), and a limit such as "below 5" / «не больше 3» / "at least 60". The caller checks
    that the target is better than the baseline and within bounds.
    """
    text = expected_result.replace("\u00a0", " ")
    match = _FROM_TO.search(text)
    if match:
        start, end = _num(match.group("a")), _num(match.group("b"))
        if baseline is None:
            return start, end
        return (baseline, end) if math.isclose(start, baseline, rel_tol=1e-6) else None
    if baseline is None:
        return None
    match = _BY_PERCENT.search(text)
    if match:
        share = abs(_num(match.group("n"))) / 100
        raw = baseline * (1 + share) if direction == "up" else baseline * (1 - share)
        return baseline, round_to(raw, rounding_step(raw or 1.0))
    matches = _LIMIT["down" if direction == "down" else "up"].findall(text)
    if len(matches) == 1:
        return baseline, _num(matches[0])
    return None


def format_number(value: float, lang: str = "en") -> str:
    """A number as people write it in ``lang``: no trailing ``.0``; "3,1" and "185 000" in Russian."""
    if value == int(value):
        text = f"{int(value):,}"
    else:
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def end_of_next_quarter(today: dt.date) -> dt.date:
    """Last day of the first full calendar quarter after ``today``'s quarter."""
    quarter = (today.month - 1) // 3  # 0..3
    year, next_q = (today.year + 1, 0) if quarter == 3 else (today.year, quarter + 1)
    last_month = next_q * 3 + 3
    if last_month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, last_month + 1, 1) - dt.timedelta(days=1)
