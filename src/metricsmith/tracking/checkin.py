"""Recording a check-in: which metric, which period, which value, and whether it may be recorded.

Everything is checked before the project is touched, so a bad check-in (unknown
metric, text that is not a number, a period in the future or unreadable, a value the
metric cannot take) raises :class:`~metricsmith.errors.CheckInError` with one line and
leaves the project exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
import math
import re
from typing import TYPE_CHECKING

from metricsmith.errors import CheckInError
from metricsmith.tracking.periods import CheckInPeriod, day_period, granularity_of, parse_period, period_of

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.models.metric import Metric, Observation
    from metricsmith.models.project import Project

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def _tr(lang: str, en: str, ru: str) -> str:
    return ru if lang == "ru" else en


def parse_value(value: float | int | str, lang: str = "en") -> float:
    """A check-in value: a finite number, or text that is exactly one (``12,5``, ``−3``, ``1 200``, ``12 %``)."""
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ").replace("−", "-")
        text = re.sub(r"(?<=\d)[ '](?=\d{3}\b)", "", text).removesuffix("%").strip()
        number = float(text.replace(",", ".")) if _NUMBER.fullmatch(text) else None
    if number is None or not math.isfinite(number):
        raise CheckInError(_tr(lang, f"'{value}' is not a number", f"«{value}» — не число"), field="VALUE",
                           hint=_tr(lang, "write it like 12.5 or -3", "запишите как 12,5 или -3"))
    return number


def _catalog_entry(metric: "Metric"):  # -> CatalogEntry | None
    if not metric.catalog_id:
        return None
    from metricsmith.catalog import load_catalog

    return load_catalog().find(metric.catalog_id)


def _names(metric: "Metric") -> list[str]:
    """Every name a metric answers to: id, its name, and its catalog entry's names and short form in both languages."""
    names = [metric.id, metric.name]
    entry = _catalog_entry(metric)
    if entry is not None:
        names += [entry.name.en, entry.name.ru, entry.id]
        if entry.short is not None:
            names += [entry.short.en, entry.short.ru]
    return names


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def find_metric(project: "Project", ref: str) -> "Metric":
    """The metric ``ref`` names: its id or name (either language, any case); else an error listing close names."""
    key = _norm(ref)
    for metric in project.metrics:  # cheap pass first: ids and names as stored
        if key in (_norm(metric.id), _norm(metric.name)):
            return metric
    matches = [m for m in project.metrics if key in {_norm(n) for n in _names(m)}]
    if len(matches) == 1:
        return matches[0]
    lang = project.language
    if len(matches) > 1:
        raise CheckInError(_tr(lang, f"'{ref}' names several metrics", f"«{ref}» подходит к нескольким метрикам"),
                           field="METRIC", hint=_tr(lang, "use the id: ", "укажите id: ") + ", ".join(m.id for m in matches))
    shown = close_names(project, key)
    if shown:
        hint = _tr(lang, "did you mean: ", "может быть: ") + "; ".join(shown)
    else:
        hint = _tr(lang, "metrics: ", "метрики: ") + ", ".join(m.id for m in project.metrics[:8]) + (
            " …" if len(project.metrics) > 8 else "")
    raise CheckInError(_tr(lang, f"no metric '{ref}' in the project", f"в проекте нет метрики «{ref}»"),
                       field="METRIC", hint=hint)


def close_names(project: "Project", key: str, limit: int = 5) -> list[str]:
    """``id (name)`` of the metrics whose id, name or a word of them looks like ``key`` (typos, parts)."""
    scored: dict[str, float] = {}
    for m in project.metrics:
        words = {_norm(m.id), _norm(m.name), *re.split(r"[\s_\-/]+", _norm(m.id + " " + m.name))}
        best = max((difflib.SequenceMatcher(None, key, w).ratio() for w in words if w), default=0.0)
        if key and any(key in w or (len(w) > 3 and w in key) for w in words):
            best = max(best, 0.8)
        if best >= 0.6:
            label = f"{m.id} ({m.name})"
            scored[label] = max(scored.get(label, 0.0), best)
    return sorted(scored, key=lambda k: -scored[k])[:limit]


def bounds_of(metric: "Metric") -> tuple[float | None, float | None]:
    """What values the metric can take: its catalog entry's bounds, else 0…100 for a share in %.

    A custom metric in % whose baseline or target already lies outside 0…100 is a rate
    (growth, NRR), not a share, and gets no bounds.
    """
    entry = _catalog_entry(metric)
    if entry is not None:
        return entry.bounds
    if metric.unit.strip() == "%":
        known = [v for v in (metric.baseline, metric.target, metric.actual) if v is not None]
        if all(0 <= v <= 100 for v in known):
            return (0.0, 100.0)
    return (None, None)


def check_bounds(metric: "Metric", value: float, lang: str = "en") -> None:
    low, high = bounds_of(metric)
    if (low is None or value >= low) and (high is None or value <= high):
        return
    from metricsmith.formatting import number_text

    span = f"{number_text(low) if low is not None else '−∞'}…{number_text(high) if high is not None else '∞'}"
    raise CheckInError(
        _tr(lang, f"{number_text(value)} is outside what '{metric.name}' can be ({span})",
            f"{number_text(value)} — вне возможных значений «{metric.name}» ({span})"),
        field="VALUE")


def resolve_period(metric: "Metric", period: "str | CheckInPeriod | None", on: dt.date | None,
                   today: dt.date, lang: str = "en") -> CheckInPeriod:
    """The period of a check-in: given, or the day ``on``, or the period of today that the metric's window suggests."""
    if period is not None and on is not None:
        raise CheckInError(_tr(lang, "give either a period or a date, not both", "укажите период или дату, не оба"),
                           field="--period")
    if isinstance(period, CheckInPeriod):
        chosen = period
    elif period is not None:
        chosen = parse_period(period, lang)
    elif on is not None:
        chosen = day_period(on)
    else:
        chosen = period_of(today, granularity_of(metric.period))
    if chosen.start > today:
        raise CheckInError(
            _tr(lang, f"the period {chosen.label} has not started yet (today is {today})",
                f"период {chosen.label} ещё не начался (сегодня {today})"), field="--period")
    return chosen


def default_author() -> str:
    """Who is recording, when not named: the login name, or nothing when there is none."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container or a service: record no author rather than fail
        return ""


def check_in(project: "Project", metric_ref: str, value: float | int | str, *, period: "str | CheckInPeriod | None" = None,
             on: dt.date | None = None, comment: str = "", author: str | None = None, source: str = "manual",
             today: dt.date | None = None) -> "Observation":
    """Record ``value`` for ``metric_ref`` in ``project`` (in memory; the caller saves).

    A second check-in for the same period replaces the first and keeps the old value in
    the check-in's ``superseded`` list. Nothing changes when any check fails.
    """
    lang = project.language
    today = today or dt.date.today()
    metric = find_metric(project, metric_ref)
    number = parse_value(value, lang)
    chosen = resolve_period(metric, period, on, today, lang)
    check_bounds(metric, number, lang)
    return metric.record_actual(number, chosen.end, period=chosen.label, source=source, note=comment.strip(),
                                author=default_author() if author is None else author.strip(), corrected_on=today)
