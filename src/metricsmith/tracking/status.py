"""Where every metric stands: last check-in, change since the one before, progress, status, pace.

One row per metric, built on demand from the project (nothing stored), so the CLI
``status`` command, the HTML report and the TUI show the same numbers. The status is
the tracking table's own (:func:`metricsmith.models.tables.derive_status`), so the
two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.metric import Metric, Observation
    from metricsmith.models.project import Project


@dataclass(frozen=True)
class StatusRow:
    """One metric's standing as of a day."""

    metric_id: str
    metric: str
    goal: str
    kind: str
    unit: str
    direction: str
    owner: str
    baseline: float | None
    target: float | None
    target_date: dt.date | None
    last_value: float | None
    last_period: str
    previous_value: float | None
    change: float | None
    progress_pct: float | None
    status: str
    on_pace: bool | None
    checkins: int

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["target_date"] = self.target_date.isoformat() if self.target_date else None
        return data


def trend(metric: "Metric") -> list["Observation"]:
    """The metric's check-ins in time order (what a trend chart draws)."""
    return list(metric.history)


def on_pace(metric: "Metric", today: dt.date, status: str) -> bool | None:
    """Whether the metric will reach its target by the target date at its current pace.

    With two check-ins or more the pace is the straight line through the first and the
    last one, carried on to the target date; with fewer, progress so far is compared with
    the share of the time elapsed. ``None`` when there is no target or no target date.
    """
    from metricsmith.models.tables import expected_progress, progress

    if metric.target is None or metric.target_date is None:
        return None
    if status == "achieved":
        return True
    if today > metric.target_date:
        return False
    history = metric.history
    if len(history) >= 2 and history[-1].date > history[0].date:
        first, last = history[0], history[-1]
        per_day = (last.value - first.value) / (last.date - first.date).days
        projected = last.value + per_day * (metric.target_date - last.date).days
        return projected == metric.target or metric.is_better(projected, metric.target)
    done, planned = progress(metric), expected_progress(metric, today)
    if done is None or planned is None:
        return None
    return done >= planned


def status_row(metric: "Metric", today: dt.date) -> StatusRow:
    from metricsmith.models.tables import derive_status, progress

    history = metric.history
    last = history[-1] if history else None
    prev = history[-2] if len(history) >= 2 else None
    status = derive_status(metric, today)
    done = progress(metric)
    return StatusRow(
        metric_id=metric.id, metric=metric.name, goal=metric.goal, kind=metric.kind, unit=metric.unit,
        direction=metric.direction, owner=metric.owner, baseline=metric.baseline, target=metric.target,
        target_date=metric.target_date,
        last_value=last.value if last else metric.actual,
        last_period=(last.period or last.date.isoformat()) if last else "",
        previous_value=prev.value if prev else None,
        # Rounded past float noise: 102.5 - 99.1 is 3.4, not 3.4000000000000057, in JSON too.
        change=round(last.value - prev.value, 9) if last and prev else None,
        progress_pct=round(done * 100, 1) if done is not None else None,
        status=status, on_pace=on_pace(metric, today, status), checkins=len(history),
    )


def status_rows(project: "Project", today: dt.date | None = None) -> list[StatusRow]:
    """One :class:`StatusRow` per metric, in the tracking table's order (goals in profile order)."""
    from metricsmith.models.tables import goal_order

    today = today or dt.date.today()
    rank = {title: i for i, title in enumerate(goal_order(project))}
    ordered = sorted(enumerate(project.metrics), key=lambda im: (rank.get(im[1].goal, len(rank)), im[0]))
    return [status_row(m, today) for _, m in ordered]
