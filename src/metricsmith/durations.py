"""Duration units and moving a number between them: one table for the whole product.

Goal measures ("с 3 дней до 6 часов"), known numbers ("2 hours") and catalog metrics (a TTV in
days) all speak of durations in different units; each conversion goes through here, so
"how many minutes is a week" is written once. Kept free of other imports: the goal parser
and the catalog matcher both sit on cold start paths.
"""

from __future__ import annotations

#: Minutes per duration unit.
DURATION_MINUTES: dict[str, float] = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080, "months": 43200}


def is_conversion(unit: str, wanted: str) -> bool:
    """Both are duration units and they differ: a number in ``unit`` must be converted."""
    return unit in DURATION_MINUTES and wanted in DURATION_MINUTES and unit != wanted


def convert_duration(value: float, unit: str, wanted: str, digits: int | None = 4) -> float:
    """``value`` in ``unit`` expressed in ``wanted`` (rounded to ``digits`` decimals, ``None`` = not
    rounded); unchanged unless :func:`is_conversion`."""
    if not is_conversion(unit, wanted):
        return value
    converted = value * DURATION_MINUTES[unit] / DURATION_MINUTES[wanted]
    return converted if digits is None else round(converted, digits)
