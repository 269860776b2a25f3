"""Workbench operations on a project, without any UI: what a cell edit, a move or a replacement does.

The workbench screen is a thin shell over these functions, so tests can check
an edit's effect on the project directly and the screen only maps keys and
cursor positions to them. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from metricsmith.errors import MetricsmithError
from metricsmith.formatting import format_quantity, number_text
from metricsmith.models.metric import Metric
from metricsmith.models.profile import parse_number
from metricsmith.models.project import Finding, Project
from metricsmith.models.tables import (
    KIND_LABELS,
    STATUS_LABELS,
    TRACKING_HEADERS,
    VALUE_HEADERS,
    derive_status,
)
from metricsmith.tui.strings import tr

if TYPE_CHECKING:
    from metricsmith.catalog import CatalogEntry

#: Columns of the tracking view, in order; ``badge`` holds the findings badge.
TRACKING_COLUMNS: tuple[str, ...] = (
    "badge", "goal", "metric", "kind", "baseline", "target", "actual", "status", "owner", "comment",
)
#: Columns of the Value Management view, in order.
VALUE_COLUMNS: tuple[str, ...] = ("badge", "metric", "formula", "why", "where_used", "example", "plan", "reason")

NUMBER_COLUMNS = frozenset({"baseline", "target", "actual"})
#: Columns whose text is often longer than a line: the detail view edits them in a multi-line box.
LONG_TEXT_COLUMNS = frozenset({"formula", "why", "where_used", "example", "plan", "reason", "comment"})
READ_ONLY_COLUMNS = frozenset({"badge", "status"})
#: View column → metric attribute.
ATTRIBUTE = {"metric": "name"}


def header(table: str, column: str, lang: str) -> str:
    if column == "badge":
        return "!"
    headers = TRACKING_HEADERS if table == "tracking" else VALUE_HEADERS
    return headers.get(lang, headers["en"]).get(column, column)


def badge(findings: list[Finding]) -> str:
    """``✖2`` when errors, else ``⚠1`` when warnings, ``ℹ1`` for infos only, else empty."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    if errors:
        return f"✖{errors + warnings}"
    if warnings:
        return f"⚠{warnings}"
    if findings:
        return f"ℹ{len(findings)}"
    return ""


def findings_by_metric(project: Project) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in project.findings:
        if f.metric_id:
            out.setdefault(f.metric_id, []).append(f)
    return out


def cell_text(metric: Metric, column: str, lang: str, today: dt.date | None = None, currency: str = "") -> str:
    """The text a view shows for ``column`` of ``metric`` (badge excluded)."""
    if column in NUMBER_COLUMNS:
        return format_quantity(getattr(metric, column), metric.unit, lang, currency, missing="")
    if column == "kind":
        return KIND_LABELS.get(lang, KIND_LABELS["en"])[metric.kind]
    if column == "status":
        return STATUS_LABELS.get(lang, STATUS_LABELS["en"])[derive_status(metric, today)]
    return str(getattr(metric, ATTRIBUTE.get(column, column)) or "")


def edit_text(metric: Metric, column: str, lang: str) -> str:
    """The editable text of a cell (numbers without the unit)."""
    if column in NUMBER_COLUMNS:
        return number_text(getattr(metric, column))
    return cell_text(metric, column, lang)


def parse_kind(text: str) -> str | None:
    low = text.strip().lower()
    for kind in ("leading", "lagging"):
        labels = {kind, KIND_LABELS["ru"][kind], KIND_LABELS["en"][kind]}
        if low in labels or (low and any(label.startswith(low) for label in labels)):
            return kind
    return None


def apply_edit(metric: Metric, column: str, text: str, lang: str) -> None:
    """Set ``column`` of ``metric`` from the typed ``text``; :class:`MetricsmithError` if it cannot be read.

    Numbers accept human forms ("12 %", "1 200", "3,5"); an empty number clears it.
    The metric is unchanged when the text is rejected.
    """
    text = text.strip()
    if column in READ_ONLY_COLUMNS:
        raise MetricsmithError(tr(lang, "not_editable"), field=column)
    if column in NUMBER_COLUMNS:
        if not text:
            setattr(metric, column, None)
            return
        number = parse_number(text)
        if number is None:
            raise MetricsmithError(tr(lang, "bad_number", text=text), field=column)
        setattr(metric, column, number)
        return
    if column == "kind":
        kind = parse_kind(text)
        if kind is None:
            raise MetricsmithError(tr(lang, "bad_kind"), field=column)
        metric.kind = kind  # type: ignore[assignment]
        return
    if column == "metric":
        if not text:
            raise MetricsmithError(tr(lang, "empty_name"), field="name")
        metric.name = text
        return
    setattr(metric, column, text)


def parse_date(text: str, lang: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise MetricsmithError(tr(lang, "bad_date", text=text), field="date") from None


def record_actual(
    metric: Metric, value_text: str, date_text: str, lang: str, *, period: str = "", note: str = ""
) -> tuple[float, dt.date]:
    """Parse and record an actual value for a date (and period), with an optional comment."""
    from metricsmith.tui.checkin import check_in

    value = parse_number(value_text)
    if value is None:
        raise MetricsmithError(tr(lang, "bad_number", text=value_text), field="actual")
    on = parse_date(date_text, lang)
    check_in(metric, value, on, period=period.strip(), note=note.strip(), lang=lang)
    return value, on


def change_metric(project: Project, metric_id: str, change: Callable[[Metric], object]) -> Metric:
    """Apply ``change`` to a copy of the metric and put the copy in its place; returns the copy.

    Metrics are never changed in place, so an undo snapshot (the old list of
    metric objects) stays exactly as it was. When ``change`` raises, the
    project is untouched. Drafted texts the change made stale are recomputed.
    """
    from metricsmith.tui.derived import refresh_derived

    i = index_of(project, metric_id)
    before = project.metrics[i]
    after = before.model_copy(deep=True)
    change(after)
    refresh_derived(before, after, project.profile)
    metrics = list(project.metrics)
    metrics[i] = after
    project.metrics = metrics
    return after


def copy_fields(source: Metric, target: Metric) -> None:
    """Set every field of ``target`` from ``source`` except the id (the detail view's edit)."""
    for name in type(source).model_fields:
        if name != "id":
            setattr(target, name, getattr(source, name))


def goal_titles(project: Project) -> list[str]:
    """The profile's goal titles, then goals metrics name that the profile does not (kept, not lost)."""
    titles = [g.title for g in project.profile.goals if g.title]
    for m in project.metrics:
        if m.goal and m.goal not in titles:
            titles.append(m.goal)
    return titles


def add_goal(project: Project, title: str) -> None:
    """Add a goal to the profile, unless one with that title exists."""
    from metricsmith.models.profile import Goal

    if any(g.title == title for g in project.profile.goals):
        return
    project.profile.goals = [*project.profile.goals, Goal(title=title)]


def default_period(metric: Metric, today: dt.date) -> str:
    """The period a check-in made today most likely covers: this month for monthly metrics, else empty."""
    period = metric.period.strip().lower()
    if period in ("month", "monthly", "месяц", "30 days", "30 дней"):
        return f"{today.year:04d}-{today.month:02d}"
    if period in ("quarter", "quarterly", "квартал"):
        return f"{today.year:04d}-Q{(today.month - 1) // 3 + 1}"
    return ""


def catalog_name(catalog_id: str | None, lang: str) -> str:
    """A catalog entry's name in ``lang`` (for searching in the other language), or ``""``."""
    from metricsmith.catalog.extra import active_catalog

    if not catalog_id:
        return ""
    try:
        return active_catalog().get(catalog_id).name.get(lang)
    except Exception:  # noqa: BLE001 - an entry from another catalog: just not searchable by that name
        return ""


def index_of(project: Project, metric_id: str) -> int:
    for i, m in enumerate(project.metrics):
        if m.id == metric_id:
            return i
    raise KeyError(metric_id)


def move_metric(project: Project, metric_id: str, delta: int) -> bool:
    """Move a metric ``delta`` places in the list; ``False`` when already at that end."""
    i = index_of(project, metric_id)
    j = i + delta
    if j < 0 or j >= len(project.metrics):
        return False
    metrics = list(project.metrics)
    metrics[i], metrics[j] = metrics[j], metrics[i]
    project.metrics = metrics
    return True


def delete_metric(project: Project, metric_id: str) -> Metric:
    i = index_of(project, metric_id)
    metrics = list(project.metrics)
    removed = metrics.pop(i)
    project.metrics = metrics
    project.findings = [f for f in project.findings if f.metric_id != metric_id]
    return removed


def metric_from_catalog(entry: "CatalogEntry", project: Project, lang: str, *, origin: str = "user") -> Metric:
    """A new metric built from a catalog entry, with an id not yet used in ``project``."""
    return Metric(
        id=project.new_metric_id(entry.id),
        name=entry.name.get(lang),
        category=entry.category,
        kind=entry.kind,
        formula=entry.formula.get(lang),
        unit=entry.unit,
        direction=entry.direction,
        period=entry.period,
        why=entry.why.get(lang),
        where_used=entry.where_used.get(lang),
        example=entry.example.get(lang),
        plan=entry.plan.get(lang),
        data_source=entry.data_source.get(lang) if entry.data_source else "",
        catalog_id=entry.id,
        conventions=entry.conventions,
        origin=origin,
    )


def blank_metric(project: Project, lang: str) -> Metric:
    return Metric(id=project.new_metric_id("metric"), name=tr(lang, "blank_name"), origin="user")


def add_metric(project: Project, metric: Metric, after_id: str | None = None) -> None:
    """Insert ``metric`` after ``after_id`` (or at the end); its id is made unique."""
    if any(m.id == metric.id for m in project.metrics):
        metric.id = project.new_metric_id(metric.id)
    metrics = list(project.metrics)
    pos = index_of(project, after_id) + 1 if after_id else len(metrics)
    metrics.insert(pos, metric)
    project.metrics = metrics


#: What a replacement keeps when it measures the same thing as the metric it replaces.
MEASURED_VALUES = ("baseline", "target", "actual", "history", "unit", "direction", "target_date", "start_date")


def same_measure(old: Metric, new: Metric) -> bool:
    """Whether ``new`` measures what ``old`` measured, so its recorded numbers still mean the same.

    Deliberately strict (the same catalog entry, the same name, or the same
    formula in the same unit): carrying a baseline of 100 calls over to a
    conversion rate would be a silent error, while dropping is always said.
    """
    if old.catalog_id and old.catalog_id == new.catalog_id:
        return True
    if " ".join(old.name.casefold().split()) == " ".join(new.name.casefold().split()):
        return True
    return bool(old.formula.strip()) and old.formula.strip() == new.formula.strip() and old.unit == new.unit


def dropped_values(old: Metric, new: Metric, lang: str, currency: str = "") -> list[str]:
    """What replacing ``old`` with ``new`` would lose, as short texts ("baseline 100", "2 recorded values")."""
    if same_measure(old, new):
        return []
    out = []
    for column in ("baseline", "target", "actual"):
        value = getattr(old, column)
        if value is not None:
            label = header("tracking", column, lang)
            out.append(f"{label} {format_quantity(value, old.unit, lang, currency)}")
    if old.history:
        out.append(tr(lang, "n_recorded", n=len(old.history)))
    return out


def replace_metric(project: Project, old_id: str, new: Metric) -> Metric:
    """Put ``new`` in place of ``old_id``, keeping the goal, owner and dates the user set.

    The replacement serves the same goal, so what the user decided about the
    goal, owner and timeline carries over when the replacement does not say.
    When it measures the same thing (:func:`same_measure`) the baseline,
    target, actual and history carry over too.
    """
    i = index_of(project, old_id)
    old = project.metrics[i]
    new = new.model_copy(deep=True)
    for attr in ("goal", "owner", "owner_role", "target_date", "start_date"):
        if not getattr(new, attr) and getattr(old, attr):
            setattr(new, attr, getattr(old, attr))
    if same_measure(old, new):
        for attr in MEASURED_VALUES:
            value = getattr(old, attr)
            if value not in (None, "", []):
                setattr(new, attr, value)
    taken = {m.id for j, m in enumerate(project.metrics) if j != i}
    if new.id in taken:
        base, n = new.id, 2
        while f"{base}-{n}" in taken:
            n += 1
        new.id = f"{base}-{n}"
    metrics = list(project.metrics)
    metrics[i] = new
    project.metrics = metrics
    project.findings = [f for f in project.findings if f.metric_id != old_id]
    return new


def replacement_candidates(
    project: Project, old: Metric, lang: str, first: list[Metric] | None = None
) -> list[tuple[str, Metric]]:
    """Metrics that could replace ``old``, best first: the engine's picks, the findings' suggestions,
    then catalog entries of the same kind and category, the same kind, and the rest.

    Keys are ``engine:N`` or ``catalog:ID`` (for the caller, never shown); catalog
    entries already in the project are left out.
    """
    from metricsmith.catalog.extra import active_catalog

    out: list[tuple[str, Metric]] = [(f"engine:{i}", m) for i, m in enumerate(first or [])]
    seen = {m.catalog_id for _, m in out if m.catalog_id}
    used = {m.catalog_id for m in project.metrics if m.catalog_id and m.id != old.id}
    try:
        entries = list(active_catalog())
    except Exception:  # noqa: BLE001 - a broken catalog leaves the engine's picks
        entries = []
    suggested = [f.suggestion_catalog_id for f in project.findings_for(old.id) if f.suggestion_catalog_id]

    def rank(entry: "CatalogEntry") -> tuple[int, int]:
        if entry.id in suggested:
            return (0, suggested.index(entry.id))
        same_kind = entry.kind == old.kind
        same_category = entry.category == old.category
        return (1 + (not same_kind) * 2 + (not same_category), 0)

    for entry in sorted(entries, key=rank):
        if entry.id in seen or entry.id in used or entry.id == old.catalog_id:
            continue
        seen.add(entry.id)
        out.append((f"catalog:{entry.id}", metric_from_catalog(entry, project, lang)))
    return out


def apply_suggestion(project: Project, finding: Finding, lang: str) -> Metric:
    """Replace the finding's metric with the catalog metric it suggests."""
    from metricsmith.catalog.extra import active_catalog

    if not finding.metric_id or not finding.suggestion_catalog_id:
        raise MetricsmithError(tr(lang, "no_suggestion"))
    entry = active_catalog().get(finding.suggestion_catalog_id)
    new = metric_from_catalog(entry, project, lang)
    return replace_metric(project, finding.metric_id, new)


def run_rules(project: Project) -> str | None:
    """Re-run the rule layer; returns an error text when the rules cannot run (findings kept)."""
    try:
        from metricsmith.api import audit_project

        audit_project(project)
    except ImportError as exc:  # the rule layer is optional while it is being built
        return str(exc)
    return None
