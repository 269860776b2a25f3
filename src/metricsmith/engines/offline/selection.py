"""Stage 3 of the offline engine: choosing 5–7 metrics and binding each to the goal it serves.

First each goal's own measure (the catalog's entry when it is exactly that, else the user's
words) and its early signal; then anchors for goals that name no measure; then the seeds'
three questions; then a leading and a lagging metric for every goal, the clearest pair first;
then quality metrics up to the minimum. Every pick records a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from metricsmith.catalog import CatalogEntry
from metricsmith.catalog.packs import load_packs
from metricsmith.durations import DURATION_MINUTES, convert_duration
from metricsmith.engines.goal_measure import GoalMeasure
from metricsmith.catalog.matcher import exact_entries, in_unit, measure_stems
from metricsmith.engines.goal_metrics import custom_entry, early_signal_entry, slug
from metricsmith.engines.offline.context import DraftContext
from metricsmith.engines.offline.scoring import _first_value_ids, _related
from metricsmith.engines.offline_texts import t
from metricsmith.models.metric import Metric
from metricsmith.models.project import Finding, Notice


@dataclass
class Pick:
    """One chosen catalog (or custom) entry, the goal it serves and why it was chosen."""

    entry: CatalogEntry
    goal: int
    role: str  # anchor | signal | seed | cover | fill | replace
    primary: bool = False  # the goal's main metric: the one its expected result is about
    reason: str = ""
    measure: GoalMeasure | None = None
    known_key: str = ""  # the known number the measure's baseline came from


class SelectionStage:
    """The metric set (mixed into :class:`~metricsmith.engines.offline.OfflineEngine`)."""

    def _select(self, ctx: DraftContext) -> list[Pick]:
        packs = load_packs()
        picks: list[Pick] = []
        taken: set[str] = set()
        n_goals = len(ctx.goals)

        def kinds(goal: int) -> set[str]:
            return {p.entry.kind for p in picks if p.goal == goal}

        def load(goal: int) -> int:
            return sum(1 for p in picks if p.goal == goal)

        def unmet() -> int:
            return sum(2 - len(kinds(g)) for g in range(n_goals))

        def add(entry: CatalogEntry, goal: int, role: str) -> None:
            picks.append(Pick(entry, goal, role))
            taken.add(entry.id)
            for family in packs.families:
                if entry.id in family:
                    taken.update(family)

        def partners(goal: int) -> list[CatalogEntry]:
            """The goal's metrics a new one should relate to: its anchor when it has one (the
            metric the goal is about), else everything chosen for it so far."""
            mine = [p for p in picks if p.goal == goal]
            return [p.entry for p in mine if p.role == "anchor"] or [p.entry for p in mine]

        def grounded(entry: CatalogEntry) -> bool:
            """Some goal's words point at the entry (a driver relation alone is not enough: LTV
            is driven by nearly everything, which does not make it any goal's speedometer)."""
            if not any(ctx.scores):
                return True  # our own default goal: the seeds decide
            return any(s.get(entry.id, 0.0) >= self.weights.cover_threshold for s in ctx.scores)

        def related_to_picks(entry: CatalogEntry) -> bool:
            return any(_related(entry, p.entry) for p in picks)

        # 0. the measure each goal names itself, with its numbers; and its early signal
        self._pick_goal_measures(ctx, picks, taken, add)

        # 1. anchors: the metric each goal is really about (goals that name no measure of their own)
        for g, scores in enumerate(ctx.scores):
            if any(p.goal == g for p in picks):
                continue
            ranked = self._ranked(ctx, scores, taken)
            if ranked and scores[ranked[0].id] >= self.weights.anchor_threshold:
                add(ranked[0], g, "anchor")
                picks[-1].reason = t("reason_words", ctx.lang, goal=ctx.goals[g].title)

        # 2. the seeds' three questions
        repeat_ids = packs.repeat_by_model(ctx.model) + packs.repeat(ctx.industry)
        seed_lists = (
            _first_value_ids(ctx),
            repeat_ids,
            packs.monetisation(ctx.model),
        )
        postponed: list[CatalogEntry] = []
        for ids in seed_lists:
            if any(p.entry.id in ids for p in picks):
                continue  # a goal already answers this question (e.g. its anchor is the repeat metric)
            entry = self._best_of(ctx, ids, taken)
            if entry is None:
                continue
            if not grounded(entry):
                # No goal is about it and it drives none of their metrics: pairing it with a goal
                # now would give that goal an unrelated speedometer. It may still fill the set.
                postponed.append(entry)
                continue
            goal = self._goal_for(ctx, entry, kinds, load, partners)
            covers = entry.kind not in kinds(goal)
            if len(picks) + 1 + unmet() - (1 if covers else 0) > self.weights.max_metrics:
                continue
            add(entry, goal, "seed")
            picks[-1].reason = self._seed_reason(ctx, ids, seed_lists)

        # 3. every goal gets a leading and a lagging metric; the clearest (goal, metric) pair
        #    is settled first, so one goal does not take the metric another needs more
        needs = [(g, kind) for g in range(n_goals) for kind in ("lagging", "leading") if kind not in kinds(g)]
        while needs:
            options = []
            for i, (g, kind) in enumerate(needs):
                found = self._cover(ctx, g, kind, taken, partners(g))
                if found is not None:
                    options.append((found[1], -i, g, kind, found[0]))
            if not options:
                break
            _, _, g, kind, entry = max(options, key=lambda o: (o[0], o[1]))
            add(entry, g, "cover")
            picks[-1].reason = self._cover_reason(ctx, entry, g, partners(g))
            needs.remove((g, kind))

        # 4. postponed seeds, then quality / health fill up to the minimum; metrics related to
        #    the chosen ones first, and those that fit the monetisation model before those that do not
        fill_ids = packs.quality(ctx.industry) + packs.general.quality + packs.general.first_value + packs.general.repeat
        fill = [e for e in postponed if e.id not in taken] + self._listed(ctx, fill_ids)
        fill.sort(
            key=lambda e: (
                not (grounded(e) or related_to_picks(e)), e.id not in ctx.known, not e.fits_monetisation(ctx.model)
            )
        )
        for entry in fill:
            if len(picks) >= self.weights.min_metrics:
                break
            if entry.id not in taken:
                add(entry, self._goal_for(ctx, entry, kinds, load, partners), "fill")
                picks[-1].reason = self._fill_reason(ctx, picks[-1], picks)
        if len(picks) < self.weights.min_metrics:
            fitting = {e.id: self._fit(ctx, e) for e in self.catalog if self._usable(ctx, e)}
            for entry in self._ranked(ctx, fitting, taken):
                if len(picks) >= self.weights.min_metrics:
                    break
                add(entry, self._goal_for(ctx, entry, kinds, load, partners), "fill")
                picks[-1].reason = self._fill_reason(ctx, picks[-1], picks)
        return self._ordered(picks[:self.weights.max_metrics], n_goals)

    def _pick_goal_measures(
        self, ctx: DraftContext, picks: list[Pick], taken: set[str], add: Callable[[CatalogEntry, int, str], None]
    ) -> None:
        """Each goal's own measure as its lagging metric, with the user's numbers, unit and period
        (a known number that names it supplies a missing baseline, converted into the goal's
        unit), and, for a measure in the user's words with no catalog driver, its early signal."""
        first_value_free = True
        for g, measure in enumerate(ctx.measures):
            if measure is None or not measure.phrase:
                continue
            known = self._measure_known(ctx, measure)
            if known is not None:
                ctx.used_keys.add(known[0])
                written = ctx.profile.known_units.get(known[0], "")
                measure = _with_known_unit(measure, written)
                if measure.baseline is None:
                    # "2 hours" known, "down to 15 minutes" stated: the baseline in the goal's unit
                    measure = measure.with_baseline(in_unit(known[1], written, measure.unit))
                else:
                    known = None  # the goal's own numbers were used; the known number only confirmed them
            entry = self._measure_entry(ctx, g, measure, taken)
            measure = _in_entry_unit(measure, entry)
            add(entry, g, "anchor")
            picks[-1].primary, picks[-1].measure = True, measure
            picks[-1].known_key = known[0] if known is not None else ""
            goal = ctx.goals[g]
            custom = self._entry(entry.id) is None
            result = goal.expected_result or goal.title
            picks[-1].reason = t("reason_measure_custom" if custom else "reason_measure_catalog", ctx.lang,
                                 goal=goal.title, result=result)
            if custom:
                ctx.notices.append(Notice(step="metric_set", message=t(
                    "notice_custom_measure", ctx.lang, name=entry.name.get(ctx.lang), goal=goal.title)))
            if custom and not self._relation_bonus(ctx, "leading", [entry], taken):
                signal = early_signal_entry(
                    measure, entry, goal, ctx.profile, entry_id=f"{entry.id}_signal", use_first_value=first_value_free
                )
                if signal is not None:
                    first_value_free = first_value_free and measure.kind == "duration"
                    add(signal, g, "signal")
                    picks[-1].reason = t("reason_signal", ctx.lang, lagging=entry.name.get(ctx.lang), goal=goal.title)

    def _measure_entry(self, ctx: DraftContext, goal: int, measure: GoalMeasure, taken: set[str]) -> CatalogEntry:
        """The catalog entry that is exactly the goal's measure (as the goal's lagging metric), or a
        custom entry in the user's words. A catalog entry over another period or unit is not the
        same measure: "monthly logo churn" is not the annual one, so the user's words win and the
        catalog entry only lends its drivers and plan."""
        related = None
        candidates = exact_entries(measure.phrase, self.catalog)
        fv = ctx.profile.first_value
        echo = measure_stems(measure.phrase) & measure_stems(" ".join([fv.description, fv.value_event]))
        if measure.kind == "duration" and len(echo) >= self.weights.answer_echo_min:
            # "time to first paid invoice" when the first value *is* the paid invoice: the seeds' TTV.
            candidates += [e for e in self._listed(ctx, _first_value_ids(ctx)) if e not in candidates]
        for entry in candidates:
            if entry.id in taken or not entry.fits_channel(ctx.channel):
                continue
            if not _same_unit(measure, entry):
                continue
            if measure.period and measure.period != entry.period:
                related = related or entry
                continue
            return entry if entry.kind == "lagging" else entry.model_copy(update={"kind": "lagging"})
        same_measure = related is not None  # the catalog's measure over another period
        if related is None:
            ranked = [e for e in self._ranked(ctx, ctx.scores[goal], taken) if e.kind == "lagging"]
            if ranked and ctx.scores[goal][ranked[0].id] >= self.weights.anchor_threshold and _same_unit(measure, ranked[0]):
                related = ranked[0]
        entry_id = f"goal_{slug(measure.phrase, 32)}"
        while entry_id in taken:
            entry_id += "_2"
        if related is not None:
            taken.add(related.id)  # the user's variant replaces it: both would be duplicates
        return custom_entry(measure, ctx.goals[goal], ctx.profile, entry_id=entry_id, related=related,
                            borrow_plan=same_measure)

    def _measure_known(self, ctx: DraftContext, measure: GoalMeasure) -> tuple[str, float] | None:
        """The known number that names the goal's measure (most of its words are the measure's),
        as ``(key, value)``; effort and reach numbers and numbers already used never qualify."""
        wanted = measure_stems(measure.phrase)
        best: tuple[float, int, str, float] | None = None
        for i, (key, value) in enumerate(ctx.profile.known_numbers.items()):
            if not isinstance(value, float) or key in ctx.effort_keys or key in ctx.used_keys:
                continue
            if measure.unit == "%" and measure.baseline is not None and measure.baseline > 1 >= abs(value) > 0:
                value = value * 100  # "0.4" written for 40 %
            have = measure_stems(key)
            shared = len(have & wanted)
            if not have or not shared or shared / len(have) < 0.5:
                continue
            rank = (shared / len(have) + shared / max(len(wanted), 1), -i, key, value)
            if best is None or rank > best:
                best = rank
        return (best[2], best[3]) if best is not None else None

    def _seed_reason(self, ctx: DraftContext, ids: tuple[str, ...], seed_lists: tuple[tuple[str, ...], ...]) -> str:
        profile, lang = ctx.profile, ctx.lang
        index = seed_lists.index(ids)
        if index == 0:
            answer = profile.first_value.value_event or profile.first_value.description
            return t("reason_first_value", lang, answer=answer or "—")
        if index == 1:
            return t("reason_repeat", lang, answer=profile.repeat.description or "—")
        return t("reason_monetisation", lang, answer=profile.monetisation.model or "—")

    def _cover_reason(self, ctx: DraftContext, entry: CatalogEntry, goal: int, partners: list[CatalogEntry]) -> str:
        title = ctx.goals[goal].title
        for partner in partners:
            if partner.id != entry.id and _related(entry, partner):
                lagging, leading = (partner, entry) if entry.kind == "leading" else (entry, partner)
                return t("reason_driver", ctx.lang, lagging=lagging.name.get(ctx.lang), goal=title)
        if ctx.scores[goal].get(entry.id, 0.0) >= self.weights.cover_threshold:
            return t("reason_words", ctx.lang, goal=title)
        return self._fill_reason(ctx, Pick(entry, goal, "cover"), [])

    def _fill_reason(self, ctx: DraftContext, pick: Pick, picks: list[Pick]) -> str:
        title = ctx.goals[pick.goal].title
        related = next((p.entry for p in picks if p is not pick and _related(pick.entry, p.entry)), None)
        if related is not None:
            return t("reason_fill", ctx.lang, goal=title, related=related.name.get(ctx.lang))
        return t("reason_fill_plain", ctx.lang, goal=title)

    def _mark_primary(self, ctx: DraftContext, picks: list[Pick]) -> None:
        """Flag, per goal, the drafted metric its words point at most clearly (if any clearly)."""
        for g in range(len(ctx.goals)):
            mine = [p for p in picks if p.goal == g]
            if any(p.measure is not None for p in mine):
                continue
            scored = [(ctx.scores[g].get(p.entry.id, 0.0), -i, p) for i, p in enumerate(mine)]
            if scored:
                score, _, best = max(scored, key=lambda x: (x[0], x[1]))
                best.primary = score >= self.weights.anchor_threshold

    def _goal_for(self, ctx: DraftContext, entry: CatalogEntry, kinds, load, partners) -> int:  # type: ignore[no-untyped-def]
        """The goal an entry serves best.

        A goal the entry is relevant to (its words point at it, or it drives / is driven by one
        of the goal's metrics) and that still misses this kind comes first, so a repeat metric
        driven by FCR becomes the speedometer of the FCR goal; then the goal whose words point at
        it most, then a related one, then one still missing this kind, then the one with the
        fewest metrics, then the first.
        """

        def key(g: int) -> tuple:  # type: ignore[type-arg]
            score = ctx.scores[g].get(entry.id, 0.0)
            related = any(_related(entry, other) for other in partners(g))
            missing = entry.kind not in kinds(g)
            return ((score >= self.weights.cover_threshold or related) and missing, score, related, missing, -load(g), -g)

        return max(range(len(ctx.goals)), key=key)

    def _cover(
        self, ctx: DraftContext, goal: int, kind: str, taken: set[str], partners: list[CatalogEntry] | tuple = ()
    ) -> tuple[CatalogEntry, float] | None:
        """Best unused entry of ``kind`` for ``goal``, with its score.

        A metric that drives one of the goal's chosen metrics (or is driven by it: catalog
        ``drivers``) gets :data:`RELATION_BONUS` instead of the curated bonus, a little more the
        earlier it stands in the drivers list, so the steering wheel turns this goal's
        speedometer ("fit guidance" for the return rate, not loyalty-card sales).

        The industry's usual metrics of that kind (curated lists above) start with a bonus of
        :data:`CURATED_BONUS` (general-pack ones with half of it), so a weak word coincidence
        ("share", «работа») with some other catalog entry never beats them; an entry outside the
        lists needs a clear word match
        (:data:`COVER_THRESHOLD`). Among equals, the curated order decides.
        """
        packs = load_packs()
        if kind == "leading":
            own, general = packs.own(ctx.industry, "leading"), packs.general.leading
        else:
            own = (
                packs.own(ctx.industry, "quality")
                + packs.own(ctx.industry, "repeat")
                + packs.monetisation(ctx.model)
            )
            general = packs.general.quality
        listed = [e.id for e in self._listed(ctx, own + general)]
        bonus = {e.id: self.weights.curated_bonus / 2 for e in self._listed(ctx, general)}
        bonus.update({e.id: self.weights.curated_bonus for e in self._listed(ctx, own)})
        scores = ctx.scores[goal]
        relation = self._relation_bonus(ctx, kind, partners, taken)
        if relation:
            # The industry's usual metric is a fallback for a goal we know nothing about; when
            # metrics related to the goal's own exist, an unrelated one has only its words.
            bonus = dict.fromkeys(bonus, 0.0)
        candidates: dict[str, float] = {}
        for entry_id, score in scores.items():
            if self.catalog.get(entry_id).kind == kind and entry_id not in taken and score >= self.weights.cover_threshold:
                candidates[entry_id] = score + relation.get(entry_id, 0.0) + self._known_bonus(
                    ctx, self.catalog.get(entry_id)
                )
        for entry_id in listed:
            if self.catalog.get(entry_id).kind == kind and entry_id not in taken:
                candidates[entry_id] = scores.get(entry_id, 0.0) + relation.get(entry_id, bonus[entry_id]) + (
                    self._known_bonus(ctx, self.catalog.get(entry_id))
                )
        for entry_id, extra in relation.items():
            if entry_id not in candidates:
                candidates[entry_id] = scores.get(entry_id, 0.0) + extra + self._known_bonus(
                    ctx, self.catalog.get(entry_id)
                )
        if candidates:
            order = {e.id: i for i, e in enumerate(self.catalog)}
            position = {entry_id: i for i, entry_id in enumerate(listed)}
            best = min(candidates, key=lambda i: (-candidates[i], position.get(i, len(position)), order[i]))
            return self.catalog.get(best), candidates[best]
        for entry in self.catalog:
            if entry.kind == kind and entry.id not in taken and self._usable(ctx, entry):
                return entry, 0.0
        return None

    @staticmethod
    def _ordered(picks: list[Pick], n_goals: int) -> list[Pick]:
        """Group by goal (profile order), leading before lagging within a goal, else selection order."""
        rank = {id(p): i for i, p in enumerate(picks)}
        return sorted(picks, key=lambda p: (p.goal, p.entry.kind != "leading", rank[id(p)]))

    def _replacement_entry(
        self, ctx: DraftContext, old: Metric, goal: int, findings: list[Finding], used: set[str]
    ) -> CatalogEntry | None:
        for f in findings:
            if f.metric_id == old.id and f.suggestion_catalog_id and f.suggestion_catalog_id not in used:
                entry = self._entry(f.suggestion_catalog_id)
                if entry is not None:
                    return entry
        if goal >= 0:
            found = self._cover(ctx, goal, old.kind, used)
            if found is not None:
                return found[0]
        for entry in self.catalog:
            if entry.id not in used and entry.kind == old.kind and self._usable(ctx, entry):
                return entry
        return None


#: Catalog units a measure's unit may be stored in unchanged.
_UNIT_FAMILIES: dict[str, frozenset[str]] = {
    "%": frozenset({"%"}),
    "points": frozenset({"points", "score"}),
    "": frozenset({"count", "ratio", "score", "points"}),
}


def _same_unit(measure: GoalMeasure, entry: CatalogEntry) -> bool:
    """The catalog entry stores the measure's numbers as written (per cent as per cent, a duration
    as a duration, money as money); otherwise it is not the same measure. A measure that states
    no unit ("LTV up 15 %", "NPS from 30 to 45") takes the entry's."""
    if not measure.unit or (measure.kind == "count" and measure.unit == ""):
        return True
    if measure.kind == "money":
        return entry.unit == "currency"
    if measure.kind == "duration":
        return entry.unit in DURATION_MINUTES
    if measure.kind == "share" and not measure.unit:
        return entry.unit == "%"
    return entry.unit in _UNIT_FAMILIES.get(measure.unit, frozenset({measure.unit}))


def _with_known_unit(measure: GoalMeasure, unit: str) -> GoalMeasure:
    """A measure that stated no unit takes the one its known number was written with («срок
    ремонта: 4 дня» makes "halve the repair time" a duration in days)."""
    if measure.unit or not unit:
        return measure
    if unit in DURATION_MINUTES:
        return replace(measure, unit=unit, kind="duration")
    if unit == "%":
        return replace(measure, unit=unit, kind="share")
    if unit == "points":
        return replace(measure, unit=unit, kind="score")
    return replace(measure, unit=unit, kind="money")


def _in_entry_unit(measure: GoalMeasure, entry: CatalogEntry) -> GoalMeasure:
    """The measure's numbers in the catalog entry's duration unit ("36 hours" for a TTV in days: 1.5)."""
    if measure.kind != "duration" or entry.unit == measure.unit or entry.unit not in DURATION_MINUTES:
        return measure

    def convert(value: float | None) -> float | None:
        return None if value is None else convert_duration(value, measure.unit, entry.unit)

    return replace(measure, baseline=convert(measure.baseline), target=convert(measure.target), unit=entry.unit)
