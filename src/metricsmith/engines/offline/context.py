"""Stage 1 of the offline engine: what the draft knows about the business before choosing.

Industry and monetisation model (never refused: an industry outside the packs drafts from
the general pack), the goals (deduplicated, at most ``max_covered_goals``), each goal's own
measure, which catalog entries are relevant to this business at all, and which known numbers
count effort or reach (the rule layer's own reading) and so never become key metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from metricsmith.catalog import load_catalog
from metricsmith.catalog.packs import load_packs
from metricsmith.engines.detect import Detection, detect_channel, detect_industry, detect_model
from metricsmith.engines.goal_measure import GoalMeasure, goal_measure
from metricsmith.catalog.matcher import assign_known_numbers, content_stems, vocabulary
from metricsmith.engines.offline_texts import t
from metricsmith.errors import ProfileError
from metricsmith.models.profile import Goal, Profile
from metricsmith.models.project import Notice


@dataclass
class DraftContext:
    """Everything the selection needs, computed once per profile."""

    profile: Profile
    lang: str
    industry: str | None
    model: str | None
    goals: list[Goal]
    channel: str | None = None  # online | offline | None (both or unknown)
    scores: list[dict[str, float]] = field(default_factory=list)  # per goal: entry id -> score
    known: dict[str, tuple[str, float]] = field(default_factory=dict)  # entry id -> (key, value)
    notices: list[Notice] = field(default_factory=list)  # found while filling metrics
    measures: list[GoalMeasure | None] = field(default_factory=list)  # per goal: the measure it names
    allowed: frozenset[str] = frozenset()  # catalog ids relevant to this business
    effort_keys: dict[str, str] = field(default_factory=dict)  # known number -> "activity" | "vanity"
    used_keys: set[str] = field(default_factory=set)  # known numbers that became a baseline


class ContextStage:
    """Builds the :class:`DraftContext` (mixed into :class:`~metricsmith.engines.offline.OfflineEngine`)."""

    def _context(self, profile: Profile, strict: bool = True) -> tuple[DraftContext, list[Notice]]:
        packs = load_packs()
        lang = profile.language
        notices: list[Notice] = []
        industry: Detection | None
        try:
            industry = detect_industry(profile)
        except ProfileError:
            if strict:
                raise
            industry = None  # replacing metrics in a saved project must not fail on old answers
        ind = industry.value if industry is not None else None
        if industry is not None and industry.source == "detected" and ind:
            notices.append(Notice(step="metric_set", message=t("industry_detected", lang, industry=packs.industry_label(ind, lang))))
        elif industry is not None and industry.source == "unknown" and strict:
            notices.append(Notice(step="metric_set", message=t("industry_unknown", lang, industry=profile.business.industry)))
        elif ind is None and strict:
            notices.append(Notice(step="metric_set", message=t("industry_general", lang)))
        model = detect_model(profile, ind)
        if model.value and model.source in ("detected", "assumed"):
            key = "model_detected" if model.source == "detected" else "model_assumed"
            notices.append(Notice(step="metric_set", message=t(key, lang, model=packs.model_label(model.value, lang))))
        goals = [g for g in profile.goals if g.title or g.problem or g.expected_result]
        default_goal = not goals
        if default_goal:
            goals = [self._default_goal(profile, lang)]
        else:
            titled = [g if g.title else g.model_copy(update={"title": (g.problem or g.expected_result)[:80]}) for g in goals]
            # Metrics are bound to goals by title, so two goals with one title are one goal.
            goals = []
            for g in titled:
                if all(g.title != kept.title for kept in goals):
                    goals.append(g)
        if len(goals) > self.weights.max_covered_goals:
            rest = "; ".join(g.title for g in goals[self.weights.max_covered_goals:])
            notices.append(
                Notice(level="warning", step="metric_set", message=t("too_many_goals", lang, n=self.weights.max_covered_goals, rest=rest))
            )
            goals = goals[:self.weights.max_covered_goals]
        ctx = DraftContext(
            profile=profile, lang=lang, industry=ind, model=model.value, goals=goals, channel=detect_channel(profile)
        )
        ctx.effort_keys = _effort_keys(profile)
        ctx.allowed = self._relevant_ids(ctx, default_goal)
        currency = profile.monetisation.currency
        ctx.measures = [
            None if default_goal else goal_measure(g.title, g.problem, g.expected_result, currency=currency)
            for g in goals
        ]
        # A default goal is our own wording: it must not steer the choice, the seeds do.
        ctx.scores = [{} if default_goal else self._goal_scores(ctx, g) for g in goals]
        ctx.known = assign_known_numbers(self._usable_known(ctx), self.catalog)
        if not profile.people and strict:
            notices.append(Notice(level="warning", step="tracking", message=t("no_owner", lang)))
        return ctx, notices

    @staticmethod
    def _default_goal(profile: Profile, lang: str) -> Goal:
        """One goal built from the first-value answer (its value event, when short enough to quote)."""
        event = profile.first_value.value_event.strip().rstrip(".")
        title = t("default_goal_event", lang, event=event) if event and len(event) <= 60 else t("default_goal_title", lang)
        return Goal(
            title=title,
            problem=t("default_goal_problem", lang),
            expected_result=t("default_goal_result", lang),
        )

    def _relevant_ids(self, ctx: DraftContext, default_goal: bool) -> frozenset[str]:
        """Catalog ids this business may get: its industry pack, the seeds' core customer-value
        metrics, and any entry whose own phrase the business's answers contain.

        Why: a metric of another trade (shipping, CRM adoption, paper documents) bound to a
        bakery's goal is advice a consultant throws away; the business's own words ("club
        members", «предзаказ») are what makes an entry outside its pack worth proposing.
        """
        packs = load_packs()
        grounded = self._grounded_ids(ctx.profile, default_goal)
        builtin = set(load_catalog().ids())
        # A consultant's own catalog entries were put there on purpose: always candidates.
        allowed = set(grounded) | {e.id for e in self.catalog if e.id not in builtin}
        for entry in self.catalog:
            if ctx.industry is not None and ctx.industry in entry.industries:
                allowed.add(entry.id)
            elif entry.id in packs.general.core:
                allowed.add(entry.id)
            elif ctx.industry is None and default_goal and entry.fits_industry(None):
                allowed.add(entry.id)  # nothing to go on: the general pack as it is
        return frozenset(allowed)

    def _grounded_ids(self, profile: Profile, default_goal: bool) -> frozenset[str]:
        """Entries one of whose names or keyword phrases the business's own answers contain."""
        parts = [
            profile.business.description, profile.first_value.description, profile.first_value.start_event,
            profile.first_value.value_event, profile.repeat.description, profile.monetisation.model,
        ]
        if not default_goal:
            for goal in profile.goals:
                parts += [goal.title, goal.problem, goal.expected_result]
        text_stems = frozenset(content_stems("\n".join(p for p in parts if p)))
        vocab = vocabulary(self.catalog)
        limit = self.weights.grounding_max_df
        out = set()
        for entry_id, phrase_sets in vocab.phrase_sets.items():
            for phrase_stems in phrase_sets:
                if phrase_stems <= text_stems and (
                    len(phrase_stems) >= 2 or vocab.df.get(next(iter(phrase_stems)), 99) <= limit
                ):
                    out.add(entry_id)
                    break
        return frozenset(out)

    def _usable_known(self, ctx: DraftContext) -> dict[str, float | str]:
        """Known numbers that may become a catalog metric's baseline: not effort or reach, not
        already a goal measure's own number."""
        return {
            k: v for k, v in ctx.profile.known_numbers.items() if k not in ctx.effort_keys and k not in ctx.used_keys
        }

    def _known_notices(self, ctx: DraftContext) -> list[Notice]:
        """Why an effort or reach number is no key metric, and which numbers found no metric."""
        notices = []
        for key in ctx.profile.known_numbers:
            if key in ctx.effort_keys:
                what = t("effort_word" if ctx.effort_keys[key] == "activity" else "reach_word", ctx.lang)
                notices.append(Notice(step="tracking", message=t("known_effort", ctx.lang, name=key, what=what)))
        used = ctx.used_keys | {key for key, _ in ctx.known.values()}
        unmatched = [k for k in ctx.profile.known_numbers if k not in used and k not in ctx.effort_keys]
        if unmatched:
            keys = ", ".join(f"«{k}»" if ctx.lang == "ru" else f"“{k}”" for k in unmatched)
            notices.append(Notice(step="tracking", message=t("known_unmatched", ctx.lang, keys=keys)))
        return notices


def _effort_keys(profile: Profile) -> dict[str, str]:
    """Known numbers whose names count effort or reach ("flyers handed out", «подписчики»): the
    rule layer's own reading decides, so a draft never contradicts its audit."""
    from metricsmith.rules.classify import classify_name

    kinds = {k: classify_name(k).kind for k in profile.known_numbers}
    return {k: kind for k, kind in kinds.items() if kind in ("activity", "vanity")}
