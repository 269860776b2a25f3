"""The two KPI tables as views over a project's metrics, and the derived status.

Nothing here is stored: rows are built from the metric list on demand, so an
edit to a metric shows in both tables at once and status can never go stale.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from metricsmith.models.metric import Metric
from metricsmith.models.project import Project

Status = Literal["not_started", "on_track", "at_risk", "off_track", "achieved"]
STATUSES: tuple[Status, ...] = ("not_started", "on_track", "at_risk", "off_track", "achieved")

STATUS_LABELS: dict[str, dict[Status, str]] = {
    "en": {
        "not_started": "not started",
        "on_track": "on track",
        "at_risk": "at risk",
        "off_track": "off track",
        "achieved": "achieved",
    },
    "ru": {
        "not_started": "не начато",
        "on_track": "по плану",
        "at_risk": "под угрозой",
        "off_track": "отстаёт",
        "achieved": "достигнуто",
    },
}

KIND_LABELS: dict[str, dict[str, str]] = {
    "en": {"leading": "leading", "lagging": "lagging"},
    "ru": {"leading": "опережающая", "lagging": "запаздывающая"},
}

#: Share of the planned progress that still counts as "on track".
ON_TRACK_SHARE = 0.9
#: Below this share of the planned progress a metric is "off track" rather than "at risk".
AT_RISK_SHARE = 0.5


def progress(metric: Metric) -> float | None:
    """Share of the way from baseline to target covered by the actual (0 = baseline, 1 = target).

    Negative when the actual moved the wrong way. ``None`` when baseline, target
    or actual is missing, or baseline equals target.
    """
    b, t, a = metric.baseline, metric.target, metric.actual
    if b is None or t is None or a is None or t == b:
        return None
    return (a - b) / (t - b)


def expected_progress(metric: Metric, today: dt.date) -> float | None:
    """Share of the time from start to target date that has elapsed, or ``None`` if unknown.

    The start is ``start_date``, else the first recorded observation.
    """
    if metric.target_date is None:
        return None
    start = metric.start_date or (metric.history[0].date if metric.history else None)
    if start is None or metric.target_date <= start:
        return None
    elapsed = (today - start).days / (metric.target_date - start).days
    return min(max(elapsed, 0.0), 1.0)


def derive_status(metric: Metric, today: dt.date | None = None) -> Status:
    """Status of a tracking row from baseline, target, actual, direction and target date.

    - no actual or no target: ``not_started``;
    - actual at or beyond the target in the metric's direction: ``achieved``;
    - target date passed without reaching it: ``off_track``;
    - actual worse than the baseline: ``off_track``;
    - with a target date and a start, progress is compared with the time elapsed:
      at least 90 % of the planned progress is ``on_track``, at least 50 % ``at_risk``,
      less ``off_track``;
    - without a timeline: past half way is ``on_track``, any progress ``at_risk``,
      none ``off_track``.
    """
    today = today or dt.date.today()
    a, t = metric.actual, metric.target
    if a is None or t is None:
        return "not_started"
    if a == t or metric.is_better(a, t):
        return "achieved"
    if metric.target_date is not None and today > metric.target_date:
        return "off_track"
    b = metric.baseline
    if b is None:
        return "at_risk"
    if metric.is_better(b, a):
        return "off_track"
    done = progress(metric)
    if done is None:
        return "at_risk"
    planned = expected_progress(metric, today)
    if planned is not None:
        if planned <= 0 or done >= planned * ON_TRACK_SHARE:
            return "on_track"
        return "at_risk" if done >= planned * AT_RISK_SHARE else "off_track"
    if done >= 0.5:
        return "on_track"
    return "at_risk" if done > 0 else "off_track"


class TrackingRow(BaseModel):
    """A row of the value-delivery tracking table (goal × metric)."""

    metric_id: str
    goal: str
    metric: str
    kind: str
    unit: str
    direction: str
    baseline: float | None
    target: float | None
    actual: float | None
    owner: str
    comment: str
    status: Status
    target_date: dt.date | None = None


class ValueRow(BaseModel):
    """A row of the Value Management table (one per metric)."""

    metric_id: str
    metric: str
    formula: str
    why: str
    where_used: str
    example: str
    plan: str
    reason: str = ""
    data_source: str = ""


def goal_order(project: Project) -> list[str]:
    """Goal titles in the profile's order, then any goal only metrics mention, then ''."""
    order = [g.title for g in project.profile.goals if g.title]
    for m in project.metrics:
        if m.goal not in order and m.goal:
            order.append(m.goal)
    if any(not m.goal for m in project.metrics):
        order.append("")
    return order


def tracking_order(project: Project) -> list[Metric]:
    """Metrics in tracking-table order: grouped by goal (profile order), list order within a goal."""
    rank = {title: i for i, title in enumerate(goal_order(project))}
    ordered = sorted(enumerate(project.metrics), key=lambda im: (rank.get(im[1].goal, len(rank)), im[0]))
    return [m for _, m in ordered]


def tracking_rows(project: Project, today: dt.date | None = None) -> list[TrackingRow]:
    """Tracking table rows grouped by goal (profile order), metrics in list order within a goal."""
    return [
        TrackingRow(
            metric_id=m.id,
            goal=m.goal,
            metric=m.name,
            kind=m.kind,
            unit=m.unit,
            direction=m.direction,
            baseline=m.baseline,
            target=m.target,
            actual=m.actual,
            owner=m.owner,
            comment=m.comment,
            status=derive_status(m, today),
            target_date=m.target_date,
        )
        for m in tracking_order(project)
    ]


def value_rows(project: Project) -> list[ValueRow]:
    """Value Management table rows, one per metric in list order."""
    return [
        ValueRow(
            metric_id=m.id,
            metric=m.name,
            formula=m.formula,
            why=m.why,
            where_used=m.where_used,
            example=m.example,
            plan=m.plan,
            reason=m.reason,
            data_source=m.data_source,
        )
        for m in project.metrics
    ]


#: Column headers of both tables in both languages, shared by exporters and the UI.
TRACKING_HEADERS: dict[str, dict[str, str]] = {
    "en": {
        "goal": "Goal",
        "metric": "Metric / KPI",
        "kind": "Type",
        "baseline": "Baseline (before)",
        "target": "Target (after)",
        "actual": "Actual",
        "status": "Status",
        "owner": "Owner",
        "comment": "Comment",
    },
    "ru": {
        "goal": "Цель",
        "metric": "Метрика / KPI",
        "kind": "Тип",
        "baseline": "Было",
        "target": "Стало (цель)",
        "actual": "Факт",
        "status": "Статус",
        "owner": "Ответственный",
        "comment": "Комментарий",
    },
}

VALUE_HEADERS: dict[str, dict[str, str]] = {
    "en": {
        "metric": "Metric",
        "formula": "Formula / how to calculate",
        "why": "Why it matters",
        "where_used": "Where and how it is used",
        "example": "Example",
        "plan": "Plan / initiatives",
        "reason": "Why it was picked",
    },
    "ru": {
        "metric": "Метрика",
        "formula": "Формула / способ расчёта",
        "why": "Почему важна",
        "where_used": "Где и как применяется",
        "example": "Пример",
        "plan": "План / инициативы",
        "reason": "Почему выбрана",
    },
}
