"""Tracking value over time: check-ins per period and where each metric stands.

The library API the CLI (``track``, ``status``), the exporters and the TUI share:

* :func:`check_in` records a value for a metric and period (a correction keeps the old value);
* :func:`find_metric` resolves a metric by id or name, with close names on a miss;
* :func:`status_rows` gives each metric's last value, change, progress, status and pace;
* :func:`trend` gives a metric's check-ins in time order, for charts.

Imports are lazy so ``metricsmith --help`` stays fast.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "check_in": "checkin", "find_metric": "checkin", "parse_value": "checkin", "bounds_of": "checkin",
    "status_rows": "status", "status_row": "status", "StatusRow": "status", "trend": "status", "on_pace": "status",
    "parse_period": "periods", "period_of": "periods", "CheckInPeriod": "periods",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_EXPORTS)
