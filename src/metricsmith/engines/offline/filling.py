"""Stage 4 of the offline engine: filling both tables' columns for each chosen metric.

Owner (a person, by role), baseline (the goal's own number, a known number, or the average
check), target with a one-line rationale, comment with the first initiative that fits this
business, data sources, TTV events, and the pick's reason with the number it came from.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from metricsmith.catalog import Catalog, CatalogEntry
from metricsmith.catalog.packs import load_packs
from metricsmith.catalog.matcher import content_stems, derived
from metricsmith.engines.offline.context import DraftContext
from metricsmith.engines.offline.selection import Pick
from metricsmith.engines.deadlines import deadline_of
from metricsmith.engines.goal_metrics import unit_words
from metricsmith.engines.offline_texts import MISSING_ANSWER_HINTS, period_name, period_text, t
from metricsmith.engines.owners import OwnerPicker
from metricsmith.engines.targets import end_of_next_quarter, format_number, goal_target, in_bounds, propose_target
from metricsmith.models.metric import Metric
from metricsmith.models.profile import Goal, Profile
from metricsmith.models.project import Notice

_GENERIC_PLAN_STEMS: dict[int, tuple[Catalog, frozenset[str]]] = {}


class FillingStage:
    """Metric columns (mixed into :class:`~metricsmith.engines.offline.OfflineEngine`)."""

    def _metric(self, ctx: DraftContext, pick: Pick, owners: OwnerPicker, today: dt.date) -> Metric:
        packs = load_packs()
        entry, lang, profile = pick.entry, ctx.lang, ctx.profile
        goal = ctx.goals[pick.goal]
        owner, owner_role = owners.pick(entry.id, entry.category, entry.owner_areas)
        unit = entry.unit
        if unit == "currency" and profile.monetisation.currency:
            unit = profile.monetisation.currency
        custom = self._entry(entry.id) is None
        if pick.measure is not None and pick.measure.baseline is not None:
            baseline, source = pick.measure.baseline, pick.known_key or goal.title
        else:
            baseline, source = self._baseline(ctx, entry)
        baseline, target_value, rationale = self._target(ctx, entry, goal, pick, baseline, source)
        reason = pick.reason
        known_key = pick.known_key or (ctx.known[entry.id][0] if entry.id in ctx.known else "")
        if known_key and baseline is not None:
            reason = f"{reason} {t('reason_known', lang, name=known_key)}".strip()
        period = entry.period
        formula = entry.formula.get(lang)
        plan = entry.plan.get(lang)
        first_step = _first_step(
            plan,
            self._generic_plan_stems(),
            " ".join([goal.title, goal.problem, goal.expected_result]),
            " ".join([profile.business.description, profile.repeat.description, profile.monetisation.model]),
        )
        comment = t("comment", lang, goal=goal.title, period=period_text(period, lang), first_step=first_step)
        if baseline is None:
            measure_first = t(
                "comment_no_baseline", lang, name=entry.name.get(lang), period=period_text(period, lang),
                period_name=period_name(period, lang),
            )
            comment = f"{measure_first} {comment}"
        sources = ", ".join(profile.data_sources)
        where_used = entry.where_used.get(lang)
        if sources:
            where_used = f"{where_used.rstrip()} {t('data_sources', lang, sources=sources)}"
        data_source = sources or (entry.data_source.get(lang) if entry.data_source else "")
        conventions = entry.conventions
        if entry.id in packs.first_value_clock:
            update = {}
            if profile.first_value.start_event:
                update["ttv_start_event"] = profile.first_value.start_event
            if profile.first_value.value_event:
                update["ttv_value_event"] = profile.first_value.value_event
            if update:
                conventions = conventions.model_copy(update=update)
            if profile.first_value.start_event and profile.first_value.value_event:
                # The catalog's wording is for every business; this one names the user's own events.
                formula = t("formula_ttv_events", lang, start=profile.first_value.start_event.strip().rstrip("."),
                            value=profile.first_value.value_event.strip().rstrip("."),
                            unit=unit_words(entry.unit, lang))
        return Metric(
            id=entry.id,
            name=entry.name.get(lang),
            category=entry.category,
            kind=entry.kind,
            formula=formula,
            unit=unit,
            direction=entry.direction,
            goal=goal.title,
            owner=owner,
            owner_role=owner_role,
            baseline=baseline,
            target=target_value,
            target_date=(deadline_of(goal.expected_result, today) or deadline_of(goal.title, today)
                         or end_of_next_quarter(today)),
            start_date=today,
            period=period,
            data_source=data_source,
            why=entry.why.get(lang),
            where_used=where_used,
            example=entry.example.get(lang),
            plan=plan,
            comment=comment,
            target_rationale=rationale,
            reason=reason,
            catalog_id=None if custom else entry.id,
            conventions=conventions.model_copy(deep=True),
            origin=self.name,
        )

    def _generic_plan_stems(self) -> frozenset[str]:
        """Stems used by many catalog plans («клиент», "customer", "first"): they say nothing about
        which initiative suits this business, so plan steps are not chosen by them."""
        cached = _GENERIC_PLAN_STEMS.get(id(self.catalog))
        if cached is not None and cached[0] is self.catalog:
            return cached[1]

        def count() -> dict[str, int]:
            counts: dict[str, int] = {}
            for entry in self.catalog:
                for text in (entry.plan.en, entry.plan.ru):
                    for item in _plan_items(text):
                        for stem in set(content_stems(item)):
                            counts[stem] = counts.get(stem, 0) + 1
            return counts

        counts = derived(self.catalog, "plan-stems", count)
        generic = frozenset(st for st, n in counts.items() if n >= self.weights.generic_plan_stem_items)
        _GENERIC_PLAN_STEMS[id(self.catalog)] = (self.catalog, generic)
        return generic

    def _baseline(self, ctx: DraftContext, entry: CatalogEntry) -> tuple[float | None, str]:
        packs = load_packs()
        found = ctx.known.get(entry.id)
        if found is not None:
            if in_bounds(found[1], entry):
                return found[1], found[0]
            low, high = entry.bounds
            ctx.notices.append(Notice(level="warning", step="tracking", message=t(
                "known_out_of_bounds", ctx.lang, name=found[0], value=format_number(found[1], ctx.lang),
                metric=entry.name.get(ctx.lang), low=_bound(low, ctx.lang), high=_bound(high, ctx.lang),
            )))
        check = ctx.profile.monetisation.average_check_value()
        if entry.id in packs.average_check and check is not None and in_bounds(check, entry):
            return check, t("average_check", ctx.lang)
        return None, ""

    def _target(
        self, ctx: DraftContext, entry: CatalogEntry, goal: Goal, pick: Pick, baseline: float | None, source: str
    ) -> tuple[float | None, float | None, str]:
        """``(baseline, target, rationale)``: what the goal's expected result states for its main
        metric, else the baseline moved by the catalog's typical change; no target without a baseline."""
        lang = ctx.lang

        def better(a: float, b: float) -> bool:
            return a > b if entry.direction == "up" else a < b

        measure = pick.measure
        if measure is not None and measure.target is not None and measure.baseline is not None:
            start, end = measure.baseline, measure.target
            if in_bounds(start, entry) and in_bounds(end, entry) and not math.isclose(start, end):
                text = t("rationale_stated", lang, baseline=format_number(start, lang), target=format_number(end, lang))
                return start, end, text
        if pick.primary and measure is None:
            stated = goal_target(goal.expected_result, baseline, entry.direction)
            if stated is not None:
                start, end = stated
                if in_bounds(start, entry) and in_bounds(end, entry) and better(end, start):
                    text = t("rationale_stated", lang, baseline=format_number(start, lang), target=format_number(end, lang))
                    return start, end, text
        if baseline is None:
            return None, None, t("rationale_none", lang)
        target = propose_target(baseline, entry)
        if target is None:
            return baseline, baseline, t("rationale_hold", lang, baseline=format_number(baseline, lang))
        change = format_number(round(abs(entry.typical_change) * 100, 1), lang)
        text = t(
            "rationale_typical", lang, baseline=format_number(baseline, lang), source=source, change=change,
            target=format_number(target, lang),
        )
        return baseline, target, text


def missing_answer_notices(profile: Profile, lang: str) -> list[Notice]:
    """One notice per empty interview answer, saying what it would improve (any engine's draft)."""
    notices = []
    for path in profile.missing_answers():
        hint = MISSING_ANSWER_HINTS.get(path, {}).get(lang) or path
        notices.append(Notice(level="info", step="metric_set", message=t("missing", lang, hint=hint)))
    return notices


def _bound(value: float | None, lang: str) -> str:
    return "∞" if value is None else format_number(value, lang)


def _plan_items(plan: str) -> list[str]:
    return [i for i in (x.strip() for x in re.split(r"\s*[;\n]\s*|(?<=[.!?])\s+", plan.strip())) if i]


def _first_step(plan: str, generic: frozenset[str] = frozenset(), goal_text: str = "", business_text: str = "") -> str:
    """The initiative of a catalog plan ("A; B; C" or "A. B.") to start with.

    Catalog plans are written for every business; the one that shares most words with the
    goal (twice as much) and the business's own answers is the one this client can act on
    («запустить допродажу после второй покупки» for a shop whose customers buy one item, not
    the SaaS-flavoured «сократить онбординг»). Words common to many plans (``generic``) do not
    count. Without any shared word the plan's first item.
    """
    items = _plan_items(plan)
    if not items:
        return ""
    goal_stems = set(content_stems(goal_text)) - generic
    business_stems = set(content_stems(business_text)) - generic

    def overlap(item: str) -> int:
        item_stems = set(content_stems(item))
        return 2 * len(item_stems & goal_stems) + len(item_stems & business_stems)

    first = max(items, key=lambda i: (overlap(i), -items.index(i)))
    first = first.strip().rstrip(".")
    return first[:1].lower() + first[1:] if first[:2].upper() != first[:2] else first
