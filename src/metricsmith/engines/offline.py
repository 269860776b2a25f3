"""The offline engine: a deterministic draft of 5–7 value metrics from the built-in catalog.

Why it works the way it does (the seeds' method, made mechanical):

1. **Industry and monetisation** come first because they decide which metrics are even
   candidates (:mod:`metricsmith.engines.detect`; free text in Russian or English is fine).
   An unknown industry that nothing else in the answers explains is an error, because a
   wrong pack would silently give wrong metrics; "other" or no answer selects the general pack.
2. **Goals anchor the set.** Each goal's text is matched against every catalog entry's
   vocabulary (:mod:`metricsmith.engines.matching`: stems, rare words weigh more, shared
   phrases and abbreviations count extra); the expected result weighs most because it
   usually names the measure. The best match is the metric the goal is really about
   ("FCR from 78 % to 88 %" → FCR). A goal that restates the first-value or repeat answer
   is about that question, and its seed metric gets a bonus. Without goals a default goal is
   built from the first-value answer, in the profile's language — and, being our own words,
   it does not steer the choice.
3. **The seeds' three questions follow**: how fast the customer first gets value
   (TTV / activation-to-outcome / time to first reorder), whether value repeats (repeat
   purchase / retention / GRR / repeat requests; churn for recurring models), and how it is
   monetised (LTV / AOV / ARPA / NRR by model). A question a goal's anchor already answers
   is skipped; otherwise the metric is bound to the goal it serves best.
4. **Steering wheel and speedometer**: every goal gets a leading and a lagging metric, and
   they must be causally linked: the catalog's ``drivers`` say which leading metrics move a
   lagging one (fit guidance → return rate, FCR → repeat requests), and a missing kind is
   filled first from metrics related to the goal's anchor. Only for a goal with nothing
   related does the industry's curated list decide, unless another entry matches the goal's
   words clearly better, so a coincidence («доля», "share") never decides. A seed metric no
   goal talks about is not pinned to a goal as its speedometer; it may only fill the set.
   Metrics for the other sales channel (shelf availability for an online-only shop) are
   never candidates.
5. **Quality / health** metrics of the industry (NPS, CSAT after visit, OTIF, health
   score…) fill the set up to five. The set never exceeds seven: seeds are added only while
   slots remain for every goal's missing kind, near-synonyms (TTV and time to first reorder)
   never appear together, and at most three goals are covered (two kinds each).
6. Owners, baselines, targets, comments and plans are filled per metric
   (:mod:`~metricsmith.engines.owners`, :mod:`~metricsmith.engines.targets`); known numbers
   are matched to the metrics actually drafted.

Every choice is a pure function of the profile, the catalog and ``today`` (ties are broken by
list or catalog order), so the same profile always gives the same draft — which is what lets
a consultant diff two runs. The engine never touches the network.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace

from metricsmith.catalog import Catalog, CatalogEntry, load_catalog
from metricsmith.engines.base import ProgressCallback, no_progress
from metricsmith.engines.detect import Detection, detect_channel, detect_industry, detect_model
from metricsmith.engines.matching import (
    assign_known_numbers,
    assign_to_selected,
    content_stems,
    text_score,
    vocabulary,
)
from metricsmith.engines.offline_texts import (
    INDUSTRY_LABELS,
    MISSING_ANSWER_HINTS,
    MODEL_LABELS,
    period_name,
    period_text,
    t,
)
from metricsmith.engines.owners import OwnerPicker
from metricsmith.engines.targets import (
    end_of_next_quarter,
    format_number,
    in_bounds,
    goal_target,
    propose_target,
)
from metricsmith.engines.goal_measure import DURATION_MINUTES, GoalMeasure, goal_measure
from metricsmith.engines.goal_metrics import (
    custom_entry,
    early_signal_entry,
    exact_entries,
    measure_stems,
    slug,
)
from metricsmith.errors import ProfileError
from metricsmith.models.metric import Metric
from metricsmith.models.profile import Goal, Profile
from metricsmith.models.project import EngineInfo, Finding, Notice, Project

MIN_METRICS = 5
MAX_METRICS = 7
#: Goals that can get both a leading and a lagging metric within MAX_METRICS.
MAX_COVERED_GOALS = 3
#: Minimum goal-match score for a metric to be a goal's anchor (about one distinctive word).
ANCHOR_THRESHOLD = 2.5

#: First-value speed metrics by industry (question 1 of the seeds).
FIRST_VALUE: dict[str | None, tuple[str, ...]] = {
    "retail": ("time_to_first_reorder", "ttv"),
    "services": ("ttv", "fcr"),
    "education": ("activation_to_outcome_ttv", "ttv"),
    "saas": ("ttv", "activation_to_outcome_ttv", "activation_rate"),
    "logistics": ("ttv", "otif"),
    "marketplace": ("ttv", "activation_to_outcome_ttv"),
    None: ("ttv", "activation_to_outcome_ttv"),
}
#: Repeat / retention metrics by industry (question 2).
REPEAT: dict[str | None, tuple[str, ...]] = {
    "retail": ("repeat_purchase_rate", "retention_90d", "purchase_frequency"),
    "services": ("repeat_requests_6m", "retention_90d"),
    "education": ("retention_90d", "completion_rate", "repeat_purchase_rate"),
    "saas": ("grr", "customer_churn", "retention_90d"),
    "logistics": ("grr", "customer_churn", "retention_90d"),
    "marketplace": ("repeat_purchase_rate", "retention_90d"),
    None: ("retention_90d", "repeat_purchase_rate", "customer_churn"),
}
#: Recurring models measure repetition as churn/retention whatever the industry.
REPEAT_BY_MODEL: dict[str, tuple[str, ...]] = {
    "subscription": ("customer_churn", "retention_90d", "grr"),
    "seats": ("grr", "customer_churn"),
    "licences": ("grr", "customer_churn"),
}
#: Monetisation metrics by model (question 3).
MONETISATION: dict[str | None, tuple[str, ...]] = {
    "subscription": ("ltv", "arpa", "nrr"),
    "seats": ("nrr", "arpa", "ltv"),
    "licences": ("nrr", "ltv", "arpa"),
    "transactions": ("ltv", "average_order_value", "purchase_frequency"),
    "services": ("ltv", "average_order_value", "revenue_new_customers"),
    "ads": ("arpa", "ltv"),
    None: ("ltv", "average_order_value"),
}
#: Quality / health metrics by industry, used to fill the set.
QUALITY: dict[str | None, tuple[str, ...]] = {
    "retail": ("return_rate_by_reason", "nps", "csat"),
    "services": ("csat_after_visit", "fcr", "nps"),
    "education": ("completion_rate", "nps", "placement_rate", "csat"),
    "saas": ("health_score", "nps", "adoption_rate"),
    "logistics": ("otif", "errors_per_1000_orders", "nps"),
    "marketplace": ("nps", "csat", "first_response_time"),
    None: ("nps", "csat", "gross_margin"),
}
#: Weights of a goal's title, problem and expected result: the expected result usually names
#: the measure itself, the problem only describes the situation around it.
GOAL_PART_WEIGHTS = (1.0, 0.5, 1.5)
#: Extra goal-match weight when a goal names a metric by its abbreviation.
ABBREVIATION_BONUS = 4.0
#: Head start of the industry's curated metrics when covering a goal's missing kind.
CURATED_BONUS = 4.0
#: Minimum goal-match score for a word-matched metric to cover a goal's missing kind.
COVER_THRESHOLD = 2.0
#: Leading metrics ("steering wheels") to fall back on by industry when no goal words match.
LEADING: dict[str | None, tuple[str, ...]] = {
    "retail": ("time_to_first_reorder", "loyalty_sales_share", "search_to_purchase_conversion",
               "checkout_abandonment_rate", "on_shelf_availability", "first_attempt_delivery_rate",
               "first_response_time", "ttv"),
    "services": ("fcr", "on_time_arrival_rate", "quote_turnaround_time", "first_response_time", "billable_utilisation",
                 "ttv"),
    "education": ("activation_to_outcome_ttv", "completion_rate", "weekly_active_learners", "activation_rate", "ttv"),
    "saas": ("activation_rate", "health_score", "feature_usage_depth", "integration_adoption", "seat_utilisation",
             "adoption_rate", "ttv"),
    "logistics": ("first_attempt_delivery_rate", "time_per_unit", "dock_to_stock_time", "inventory_accuracy",
                  "vehicle_load_factor", "quote_turnaround_time", "ttv"),
    "marketplace": ("time_to_first_sale", "search_to_purchase_conversion", "listing_sell_through", "activation_rate",
                    "first_response_time", "ttv"),
    None: ("ttv", "first_response_time", "activation_rate", "customer_effort_score", "time_per_unit"),
}
#: Fit factor of an entry that lists the industry but was made for another one (listed first).
SECONDARY_INDUSTRY_FIT = 0.9
#: Head start of a metric that drives (or is driven by) a metric already chosen for the goal:
#: a steering wheel must turn *this* speedometer. Larger than :data:`CURATED_BONUS`, so a related
#: metric beats the industry's usual but unrelated one.
RELATION_BONUS = 6.0
#: Bonus for metrics whose unit class matches the unit a goal mentions.
UNIT_HINT_BONUS = 3.0
#: Catalog units by class, for matching the unit a goal mentions.
UNIT_CLASSES: dict[str, str] = {
    "days": "time", "hours": "time", "minutes": "time", "months": "time", "weeks": "time", "currency": "money",
}
_UNIT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("time", re.compile(r"\d\s*(?:days?|hours?|h|minutes?|min|weeks?|months?|дн|дней|дня|день|час|часа|часов|ч|"
                        r"минут|мин|недел[ьияю]|месяц)", re.IGNORECASE)),
    ("money", re.compile(r"\d\s*(?:₽|\$|€|руб|usd|eur|rub|k\b|тыс)|[₽$€]\s*\d", re.IGNORECASE)),
)


def unit_hint(text: str, currency: str = "") -> str | None:
    """The unit class a goal's numbers are in ("time" or "money"), when exactly one is named.

    Percentages are no hint: "+15 %" is said of revenue, days and shares alike; and a text with
    a percentage gives none at all, because then a time is usually the window («за 6 месяцев
    — 60 %»), not the measure.
    """
    if "%" in text or re.search(r"percent|процент", text, re.IGNORECASE):
        return None
    found = {name for name, pattern in _UNIT_PATTERNS if pattern.search(text)}
    if currency and re.search(r"\d\s*" + re.escape(currency), text, re.IGNORECASE):
        found.add("money")
    return found.pop() if len(found) == 1 else None


#: Bonus for the seed metrics of a question when a goal restates that answer (see ``_goal_scores``).
ANSWER_ECHO_BONUS = 6.0
#: Content stems a goal must share with an answer to count as restating it.
ANSWER_ECHO_MIN = 2
#: Near-synonyms: at most one of each family in a set (the rules would call the rest duplicates).
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"ttv", "activation_to_outcome_ttv", "time_to_first_reorder"}),
    frozenset({"repeat_purchase_rate", "retention_90d", "repeat_requests_6m"}),
    frozenset({"csat", "csat_after_visit"}),
    frozenset({"lead_conversion", "lead_to_job_conversion"}),
    frozenset({"completion_rate", "training_completion_share"}),
    frozenset({"arpa", "average_order_value"}),
    frozenset({"customer_churn", "retention_90d"}),
    frozenset({"customer_churn", "logo_churn"}),
)
#: Metrics whose conventions carry the profile's TTV start/value events.
TTV_IDS = frozenset({"ttv", "activation_to_outcome_ttv", "time_to_first_reorder"})
#: Metrics that can take ``monetisation.average_check`` as their baseline.
AVERAGE_CHECK_IDS = frozenset({"average_order_value", "arpa"})


#: Customer-value metrics of the seeds that fit any business: candidates even where the industry is
#: unknown. Every other entry outside the business's own pack needs the business's words behind it.
CORE_IDS = frozenset({
    "ttv", "nps", "csat", "ltv", "customer_churn", "retention_90d", "repeat_purchase_rate", "activation_rate",
    "customer_effort_score", "average_order_value", "first_response_time",
})
#: A single-word catalog phrase grounds an entry only when at most this many entries use the word.
GROUNDING_MAX_DF = 2


@dataclass
class _Pick:
    entry: CatalogEntry
    goal: int
    role: str  # measure | signal | anchor | seed | cover | fill | replace
    primary: bool = False  # the goal's main metric: the one its expected result is about
    reason: str = ""
    measure: GoalMeasure | None = None
    known_key: str = ""  # the known number the measure's baseline came from


@dataclass
class _Context:
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
    effort_keys: frozenset[str] = frozenset()  # known numbers that count effort or reach
    used_keys: set[str] = field(default_factory=set)  # known numbers that became a baseline


class OfflineEngine:
    """Deterministic catalog-based engine (no network, no key)."""

    name = "offline"

    def __init__(self, catalog: Catalog | None = None, today: dt.date | None = None) -> None:
        self._catalog = catalog
        self.today = today

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog()
        return self._catalog

    # ------------------------------------------------------------------ public API

    def propose(self, profile: Profile, *, progress: ProgressCallback = no_progress) -> Project:
        """Draft a project for ``profile``; raises :class:`ProfileError` for an unknown industry."""
        today = self.today or dt.date.today()
        lang = profile.language
        progress("metric_set", t("progress_metric_set", lang))
        ctx, notices = self._context(profile)
        picks = self._select(ctx)
        self._mark_primary(ctx, picks)
        ctx.known = assign_to_selected(
            self._usable_known(ctx), [p.entry for p in picks if p.measure is None], self.catalog
        )
        progress("tracking", t("progress_tracking", lang))
        owners = OwnerPicker(profile.people)
        metrics = [self._metric(ctx, p, owners, today) for p in picks]
        progress("value", t("progress_value", lang))
        notices += ctx.notices + self._known_notices(ctx) + missing_answer_notices(profile, ctx.lang)
        return Project(
            profile=profile.model_copy(deep=True),
            metrics=metrics,
            notices=notices,
            engine=EngineInfo(name=self.name),
        )

    def replace(
        self,
        project: Project,
        metric_ids: list[str],
        findings: list[Finding],
        *,
        progress: ProgressCallback = no_progress,
    ) -> list[Metric]:
        """Catalog alternatives for ``metric_ids`` (same order), keeping each metric's goal and owner.

        A finding's ``suggestion_catalog_id`` is used when it names an unused catalog entry;
        otherwise the best unused entry of the same kind for the metric's goal is chosen.
        """
        today = self.today or dt.date.today()
        ctx, _ = self._context(project.profile, strict=False)
        used = {m.catalog_id or m.id for m in project.metrics}
        titles = [g.title for g in ctx.goals]
        out: list[Metric] = []
        for metric_id in metric_ids:
            progress("replacements", t("progress_replace", ctx.lang, metric=metric_id))
            old = project.metric(metric_id)
            goal_index = titles.index(old.goal) if old.goal in titles else -1
            entry = self._replacement_entry(ctx, old, goal_index, findings, used)
            if entry is None:
                out.append(old)
                continue
            used.add(entry.id)
            owners = OwnerPicker([] if old.owner else project.profile.people)
            metric = self._metric(ctx, _Pick(entry, max(goal_index, 0), "replace"), owners, today)
            reason = next((f.message for f in findings if f.metric_id == metric_id and f.message), "")
            update: dict[str, object] = {
                "id": project.new_metric_id(entry.id, replacing=metric_id),
                "goal": old.goal,
                "owner": old.owner or metric.owner,
                "owner_role": old.owner_role if old.owner else metric.owner_role,
                "comment": f"{t('replaced', ctx.lang, old=old.name, reason=reason)} {metric.comment}"
                if reason
                else metric.comment,
            }
            out.append(metric.model_copy(update=update))
        return out

    # ------------------------------------------------------------------ context

    def _context(self, profile: Profile, strict: bool = True) -> tuple[_Context, list[Notice]]:
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
            notices.append(Notice(step="metric_set", message=t("industry_detected", lang, industry=INDUSTRY_LABELS[lang][ind])))
        elif industry is not None and industry.source == "unknown" and strict:
            notices.append(Notice(step="metric_set", message=t("industry_unknown", lang, industry=profile.business.industry)))
        elif ind is None and strict:
            notices.append(Notice(step="metric_set", message=t("industry_general", lang)))
        model = detect_model(profile, ind)
        if model.value and model.source in ("detected", "assumed"):
            key = "model_detected" if model.source == "detected" else "model_assumed"
            notices.append(Notice(step="metric_set", message=t(key, lang, model=MODEL_LABELS[lang][model.value])))
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
        if len(goals) > MAX_COVERED_GOALS:
            rest = "; ".join(g.title for g in goals[MAX_COVERED_GOALS:])
            notices.append(
                Notice(level="warning", step="metric_set", message=t("too_many_goals", lang, n=MAX_COVERED_GOALS, rest=rest))
            )
            goals = goals[:MAX_COVERED_GOALS]
        ctx = _Context(
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

    def _fit(self, ctx: _Context, entry: CatalogEntry) -> float:
        """Industry / model fit factor: the industry's own pack first, general metrics next,
        other packs' metrics stay possible but rank lower.

        An entry *made for* the industry (listed first) beats one that merely also lists it:
        for a shop, the return rate by reason is the returns metric, the refund rate of an
        online school only borrows the word. A metric for the other sales channel (shelf
        availability for an online-only shop) is no candidate at all.
        """
        if not entry.fits_channel(ctx.channel):
            return 0.0
        if ctx.industry is not None and ctx.industry in entry.industries:
            factor = 1.0 if entry.industries[0] == ctx.industry else SECONDARY_INDUSTRY_FIT
        elif "any" in entry.industries:
            factor = 0.9 if ctx.industry is not None else 1.0
        else:
            factor = 0.5
        if ctx.model is not None and not entry.fits_monetisation(ctx.model):
            factor *= 0.7
        return factor

    def _goal_scores(self, ctx: _Context, goal: Goal) -> dict[str, float]:
        """Goal → catalog match scores (title, problem and expected result weighed differently).

        When the goal names a unit ("below 5 days", «до 3 000 ₽»), metrics measured in that kind of
        unit get :data:`UNIT_HINT_BONUS`: "time to first paid invoice … 5 days" is a time, not a
        conversion rate. A goal that restates an answer to one of the seeds' questions ("shorten time to first
        paid invoice" when the value event is "first invoice paid") is about that question, so
        its seed metrics get a bonus: the user's own words about *their* aha moment beat a
        coincidental catalog phrase.
        """
        vocab = vocabulary(self.catalog)
        parts = [(p, w) for p, w in zip((goal.title, goal.problem, goal.expected_result), GOAL_PART_WEIGHTS) if p]
        scores: dict[str, float] = {}
        for entry in self.catalog:
            if entry.id not in ctx.allowed:
                continue
            hit = text_score(parts, entry.id, vocab, abbreviation_bonus=ABBREVIATION_BONUS)
            fit = self._fit(ctx, entry) if hit else 0.0
            if fit:
                scores[entry.id] = hit * fit
        hinted = unit_hint(" ".join([goal.title, goal.expected_result]), ctx.profile.monetisation.currency)
        if hinted is not None:
            for entry_id in scores:
                if UNIT_CLASSES.get(self.catalog.get(entry_id).unit) == hinted:
                    scores[entry_id] += UNIT_HINT_BONUS
        goal_stems = set(content_stems(" ".join(p for p, _ in parts)))
        fv = ctx.profile.first_value
        echoes = (
            (" ".join([fv.description, fv.value_event]), _first_value_ids(ctx)[:1] + ("ttv",)),
            (ctx.profile.repeat.description, REPEAT.get(ctx.industry, REPEAT[None])[:1]),
        )
        for answer, ids in echoes:
            if len(goal_stems & set(content_stems(answer))) >= ANSWER_ECHO_MIN:
                for entry_id in dict.fromkeys(ids):
                    if self._entry(entry_id) is not None:
                        scores[entry_id] = scores.get(entry_id, 0.0) + ANSWER_ECHO_BONUS
        return scores

    # ------------------------------------------------------------------ selection

    def _entry(self, entry_id: str) -> CatalogEntry | None:
        try:
            return self.catalog.get(entry_id)
        except KeyError:
            return None

    def _listed(self, ctx: _Context, ids: tuple[str, ...]) -> list[CatalogEntry]:
        """Catalog entries for ``ids`` that exist and fit the industry pack (general pack: ``any`` only)."""
        found = (self._entry(i) for i in dict.fromkeys(ids))
        return [e for e in found if e is not None and self._usable(ctx, e)]

    @staticmethod
    def _usable(ctx: _Context, entry: CatalogEntry) -> bool:
        """The entry is relevant to this business (its pack, the core, or its own words) and fits
        the business's sales channel."""
        return entry.id in ctx.allowed and entry.fits_channel(ctx.channel)

    def _relevant_ids(self, ctx: _Context, default_goal: bool) -> frozenset[str]:
        """Catalog ids this business may get: its industry pack, the seeds' core customer-value
        metrics, and any entry whose own phrase the business's answers contain.

        Why: a metric of another trade (shipping, CRM adoption, paper documents) bound to a
        bakery's goal is advice a consultant throws away; the business's own words ("club
        members", «предзаказ») are what makes an entry outside its pack worth proposing.
        """
        grounded = self._grounded_ids(ctx.profile, default_goal)
        allowed = set(grounded)
        for entry in self.catalog:
            if ctx.industry is not None and ctx.industry in entry.industries:
                allowed.add(entry.id)
            elif entry.id in CORE_IDS:
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
        text_stems = set(content_stems("\n".join(p for p in parts if p)))
        vocab = vocabulary(self.catalog)
        out = set()
        for entry in self.catalog:
            for phrase in (entry.name.en, entry.name.ru, *entry.keywords.all()):
                phrase_stems = set(content_stems(phrase))
                if not phrase_stems or not phrase_stems <= text_stems:
                    continue
                if len(phrase_stems) >= 2 or vocab.df.get(next(iter(phrase_stems)), 99) <= GROUNDING_MAX_DF:
                    out.add(entry.id)
                    break
        return frozenset(out)

    def _usable_known(self, ctx: _Context) -> dict[str, float | str]:
        """Known numbers that may become a catalog metric's baseline: not effort or reach, not
        already a goal measure's own number."""
        return {
            k: v for k, v in ctx.profile.known_numbers.items() if k not in ctx.effort_keys and k not in ctx.used_keys
        }

    def _known_notices(self, ctx: _Context) -> list[Notice]:
        """Why an effort or reach number is no key metric, and which numbers found no metric."""
        from metricsmith.rules.classify import classify_name

        notices = []
        for key in ctx.profile.known_numbers:
            if key in ctx.effort_keys:
                what = t("effort_word" if classify_name(key).kind == "activity" else "reach_word", ctx.lang)
                notices.append(Notice(step="tracking", message=t("known_effort", ctx.lang, name=key, what=what)))
        used = ctx.used_keys | {key for key, _ in ctx.known.values()}
        unmatched = [k for k in ctx.profile.known_numbers if k not in used and k not in ctx.effort_keys]
        if unmatched:
            keys = ", ".join(f"«{k}»" if ctx.lang == "ru" else f"“{k}”" for k in unmatched)
            notices.append(Notice(step="tracking", message=t("known_unmatched", ctx.lang, keys=keys)))
        return notices

    def _best_of(self, ctx: _Context, ids: tuple[str, ...], taken: set[str]) -> CatalogEntry | None:
        """The candidate that serves some goal best (ties: list order); skips taken/unknown ids."""
        entries = [e for e in self._listed(ctx, ids) if e.id not in taken]
        if not entries:
            return None

        def strength(e: CatalogEntry) -> float:
            best = max(s.get(e.id, 0.0) for s in ctx.scores)
            return (best if best >= COVER_THRESHOLD else 0.0) + self._known_bonus(ctx, e)

        return max(entries, key=lambda e: (strength(e), -entries.index(e)))

    @staticmethod
    def _known_bonus(ctx: _Context, entry: CatalogEntry) -> float:
        """A metric the business already measures is cheaper to start with."""
        return 0.75 if entry.id in ctx.known else 0.0

    def _select(self, ctx: _Context) -> list[_Pick]:
        picks: list[_Pick] = []
        taken: set[str] = set()
        n_goals = len(ctx.goals)

        def kinds(goal: int) -> set[str]:
            return {p.entry.kind for p in picks if p.goal == goal}

        def load(goal: int) -> int:
            return sum(1 for p in picks if p.goal == goal)

        def unmet() -> int:
            return sum(2 - len(kinds(g)) for g in range(n_goals))

        def add(entry: CatalogEntry, goal: int, role: str) -> None:
            picks.append(_Pick(entry, goal, role))
            taken.add(entry.id)
            for family in FAMILIES:
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
            return any(s.get(entry.id, 0.0) >= COVER_THRESHOLD for s in ctx.scores)

        def related_to_picks(entry: CatalogEntry) -> bool:
            return any(_related(entry, p.entry) for p in picks)

        # 0. the measure each goal names itself, with its numbers; and its early signal
        first_value_free = True
        for g, measure in enumerate(ctx.measures):
            if measure is None or not measure.phrase:
                continue
            known = self._measure_known(ctx, measure)
            if known is not None:
                ctx.used_keys.add(known[0])
                measure = _with_known_unit(measure, ctx.profile.known_units.get(known[0], ""))
                if measure.baseline is None:
                    measure = measure.with_baseline(known[1])
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

        # 1. anchors: the metric each goal is really about (goals that name no measure of their own)
        for g, scores in enumerate(ctx.scores):
            if any(p.goal == g for p in picks):
                continue
            ranked = self._ranked(ctx, scores, taken)
            if ranked and scores[ranked[0].id] >= ANCHOR_THRESHOLD:
                add(ranked[0], g, "anchor")
                picks[-1].reason = t("reason_words", ctx.lang, goal=ctx.goals[g].title)

        # 2. the seeds' three questions
        repeat_ids = REPEAT_BY_MODEL.get(ctx.model or "", ()) + REPEAT.get(ctx.industry, REPEAT[None])
        seed_lists = (
            _first_value_ids(ctx),
            repeat_ids,
            MONETISATION.get(ctx.model, MONETISATION[None]),
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
            if len(picks) + 1 + unmet() - (1 if covers else 0) > MAX_METRICS:
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
        fill_ids = QUALITY.get(ctx.industry, QUALITY[None]) + QUALITY[None] + FIRST_VALUE[None] + REPEAT[None]
        fill = [e for e in postponed if e.id not in taken] + self._listed(ctx, fill_ids)
        fill.sort(
            key=lambda e: (
                not (grounded(e) or related_to_picks(e)), e.id not in ctx.known, not e.fits_monetisation(ctx.model)
            )
        )
        for entry in fill:
            if len(picks) >= MIN_METRICS:
                break
            if entry.id not in taken:
                add(entry, self._goal_for(ctx, entry, kinds, load, partners), "fill")
                picks[-1].reason = self._fill_reason(ctx, picks[-1], picks)
        if len(picks) < MIN_METRICS:
            fitting = {e.id: self._fit(ctx, e) for e in self.catalog if self._usable(ctx, e)}
            for entry in self._ranked(ctx, fitting, taken):
                if len(picks) >= MIN_METRICS:
                    break
                add(entry, self._goal_for(ctx, entry, kinds, load, partners), "fill")
                picks[-1].reason = self._fill_reason(ctx, picks[-1], picks)
        return self._ordered(picks[:MAX_METRICS], n_goals)

    # ------------------------------------------------------------------ goal measures and reasons

    def _measure_entry(self, ctx: _Context, goal: int, measure: GoalMeasure, taken: set[str]) -> CatalogEntry:
        """The catalog entry that is exactly the goal's measure (as the goal's lagging metric), or a
        custom entry in the user's words. A catalog entry over another period or unit is not the
        same measure: "monthly logo churn" is not the annual one, so the user's words win and the
        catalog entry only lends its drivers and plan."""
        related = None
        candidates = exact_entries(measure.phrase, self.catalog)
        fv = ctx.profile.first_value
        echo = measure_stems(measure.phrase) & measure_stems(" ".join([fv.description, fv.value_event]))
        if measure.kind == "duration" and len(echo) >= ANSWER_ECHO_MIN:
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
        if related is None:
            ranked = [e for e in self._ranked(ctx, ctx.scores[goal], taken) if e.kind == "lagging"]
            if ranked and ctx.scores[goal][ranked[0].id] >= ANCHOR_THRESHOLD and _same_unit(measure, ranked[0]):
                related = ranked[0]
        entry_id = f"goal_{slug(measure.phrase, 32)}"
        while entry_id in taken:
            entry_id += "_2"
        if related is not None:
            taken.add(related.id)  # the user's variant replaces it: both would be duplicates
        return custom_entry(measure, ctx.goals[goal], ctx.profile, entry_id=entry_id, related=related)

    def _measure_known(self, ctx: _Context, measure: GoalMeasure) -> tuple[str, float] | None:
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

    def _seed_reason(self, ctx: _Context, ids: tuple[str, ...], seed_lists: tuple[tuple[str, ...], ...]) -> str:
        profile, lang = ctx.profile, ctx.lang
        index = seed_lists.index(ids)
        if index == 0:
            answer = profile.first_value.value_event or profile.first_value.description
            return t("reason_first_value", lang, answer=answer or "—")
        if index == 1:
            return t("reason_repeat", lang, answer=profile.repeat.description or "—")
        return t("reason_monetisation", lang, answer=profile.monetisation.model or "—")

    def _cover_reason(self, ctx: _Context, entry: CatalogEntry, goal: int, partners: list[CatalogEntry]) -> str:
        title = ctx.goals[goal].title
        for partner in partners:
            if partner.id != entry.id and _related(entry, partner):
                lagging, leading = (partner, entry) if entry.kind == "leading" else (entry, partner)
                return t("reason_driver", ctx.lang, lagging=lagging.name.get(ctx.lang), goal=title)
        if ctx.scores[goal].get(entry.id, 0.0) >= COVER_THRESHOLD:
            return t("reason_words", ctx.lang, goal=title)
        return self._fill_reason(ctx, _Pick(entry, goal, "cover"), [])

    def _fill_reason(self, ctx: _Context, pick: _Pick, picks: list[_Pick]) -> str:
        title = ctx.goals[pick.goal].title
        related = next((p.entry for p in picks if p is not pick and _related(pick.entry, p.entry)), None)
        if related is not None:
            return t("reason_fill", ctx.lang, goal=title, related=related.name.get(ctx.lang))
        return t("reason_fill_plain", ctx.lang, goal=title)

    def _ranked(self, ctx: _Context, scores: dict[str, float], taken: set[str]) -> list[CatalogEntry]:
        order = {e.id: i for i, e in enumerate(self.catalog)}
        candidates = [self.catalog.get(i) for i in scores if i not in taken]
        return sorted(candidates, key=lambda e: (-(scores[e.id] + self._known_bonus(ctx, e)), order[e.id]))

    @staticmethod
    def _mark_primary(ctx: _Context, picks: list[_Pick]) -> None:
        """Flag, per goal, the drafted metric its words point at most clearly (if any clearly)."""
        for g in range(len(ctx.goals)):
            mine = [p for p in picks if p.goal == g]
            if any(p.measure is not None for p in mine):
                continue
            scored = [(ctx.scores[g].get(p.entry.id, 0.0), -i, p) for i, p in enumerate(mine)]
            if scored:
                score, _, best = max(scored, key=lambda x: (x[0], x[1]))
                best.primary = score >= ANCHOR_THRESHOLD

    @staticmethod
    def _goal_for(ctx: _Context, entry: CatalogEntry, kinds, load, partners) -> int:  # type: ignore[no-untyped-def]
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
            return ((score >= COVER_THRESHOLD or related) and missing, score, related, missing, -load(g), -g)

        return max(range(len(ctx.goals)), key=key)

    def _cover(
        self, ctx: _Context, goal: int, kind: str, taken: set[str], partners: list[CatalogEntry] | tuple = ()
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
        if kind == "leading":
            own, general = LEADING.get(ctx.industry, ()), LEADING[None]
        else:
            own = (
                QUALITY.get(ctx.industry, ())
                + REPEAT.get(ctx.industry, ())
                + MONETISATION.get(ctx.model, MONETISATION[None])
            )
            general = QUALITY[None]
        listed = [e.id for e in self._listed(ctx, own + general)]
        bonus = {e.id: CURATED_BONUS / 2 for e in self._listed(ctx, general)}
        bonus.update({e.id: CURATED_BONUS for e in self._listed(ctx, own)})
        scores = ctx.scores[goal]
        relation = self._relation_bonus(ctx, kind, partners, taken)
        if relation:
            # The industry's usual metric is a fallback for a goal we know nothing about; when
            # metrics related to the goal's own exist, an unrelated one has only its words.
            bonus = dict.fromkeys(bonus, 0.0)
        candidates: dict[str, float] = {}
        for entry_id, score in scores.items():
            if self.catalog.get(entry_id).kind == kind and entry_id not in taken and score >= COVER_THRESHOLD:
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

    def _relation_bonus(
        self, ctx: _Context, kind: str, partners: list[CatalogEntry] | tuple, taken: set[str]
    ) -> dict[str, float]:
        """Usable, unused entries of ``kind`` related to ``partners`` → their relation bonus."""
        out: dict[str, float] = {}
        for partner in partners:
            if kind == "leading":
                ranked = [(rank, self._entry(i)) for rank, i in enumerate(partner.drivers)]
            else:
                ranked = [(e.drivers.index(partner.id), e) for e in self.catalog if partner.id in e.drivers]
            for rank, entry in ranked:
                if entry is None or entry.kind != kind or entry.id in taken or not self._usable(ctx, entry):
                    continue
                strength = (RELATION_BONUS + 1.0 / (1 + rank)) * self._fit(ctx, entry)
                out[entry.id] = max(out.get(entry.id, 0.0), strength)
        return out

    @staticmethod
    def _ordered(picks: list[_Pick], n_goals: int) -> list[_Pick]:
        """Group by goal (profile order), leading before lagging within a goal, else selection order."""
        rank = {id(p): i for i, p in enumerate(picks)}
        return sorted(picks, key=lambda p: (p.goal, p.entry.kind != "leading", rank[id(p)]))

    def _replacement_entry(
        self, ctx: _Context, old: Metric, goal: int, findings: list[Finding], used: set[str]
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

    # ------------------------------------------------------------------ filling a metric

    def _metric(self, ctx: _Context, pick: _Pick, owners: OwnerPicker, today: dt.date) -> Metric:
        entry, lang, profile = pick.entry, ctx.lang, ctx.profile
        goal = ctx.goals[pick.goal]
        owner, owner_role = owners.pick(entry.id, entry.category)
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
        if entry.id in TTV_IDS:
            update = {}
            if profile.first_value.start_event:
                update["ttv_start_event"] = profile.first_value.start_event
            if profile.first_value.value_event:
                update["ttv_value_event"] = profile.first_value.value_event
            if update:
                conventions = conventions.model_copy(update=update)
        return Metric(
            id=entry.id,
            name=entry.name.get(lang),
            category=entry.category,
            kind=entry.kind,
            formula=entry.formula.get(lang),
            unit=unit,
            direction=entry.direction,
            goal=goal.title,
            owner=owner,
            owner_role=owner_role,
            baseline=baseline,
            target=target_value,
            target_date=end_of_next_quarter(today),
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
        counts: dict[str, int] = {}
        for entry in self.catalog:
            for text in (entry.plan.en, entry.plan.ru):
                for item in _plan_items(text):
                    for stem in set(content_stems(item)):
                        counts[stem] = counts.get(stem, 0) + 1
        generic = frozenset(st for st, n in counts.items() if n >= GENERIC_PLAN_STEM_ITEMS)
        _GENERIC_PLAN_STEMS[id(self.catalog)] = (self.catalog, generic)
        return generic

    def _baseline(self, ctx: _Context, entry: CatalogEntry) -> tuple[float | None, str]:
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
        if entry.id in AVERAGE_CHECK_IDS and check is not None and in_bounds(check, entry):
            return check, t("average_check", ctx.lang)
        return None, ""

    def _target(
        self, ctx: _Context, entry: CatalogEntry, goal: Goal, pick: _Pick, baseline: float | None, source: str
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


def _effort_keys(profile: Profile) -> frozenset[str]:
    """Known numbers whose names count effort or reach ("flyers handed out", «подписчики»): the
    rule layer's own reading decides, so a draft never contradicts its audit."""
    from metricsmith.rules.classify import classify_name

    return frozenset(k for k in profile.known_numbers if classify_name(k).kind in ("activity", "vanity"))


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
    factor = DURATION_MINUTES[measure.unit] / DURATION_MINUTES[entry.unit]

    def convert(value: float | None) -> float | None:
        return None if value is None else round(value * factor, 4)

    return replace(measure, baseline=convert(measure.baseline), target=convert(measure.target), unit=entry.unit)


def _first_value_ids(ctx: _Context) -> tuple[str, ...]:
    """First-value metrics of the industry; under a recurring model the next delivery comes by
    itself, so "time to first reorder" measures nothing and the plain time to value leads."""
    ids = FIRST_VALUE.get(ctx.industry, FIRST_VALUE[None])
    if ctx.model in REPEAT_BY_MODEL:
        ids = tuple(i for i in ids if i != "time_to_first_reorder") or FIRST_VALUE[None]
    return ids


def _related(a: CatalogEntry, b: CatalogEntry) -> bool:
    """One of the two metrics drives the other (catalog ``drivers``)."""
    return b.id in a.drivers or a.id in b.drivers


def _bound(value: float | None, lang: str) -> str:
    return "∞" if value is None else format_number(value, lang)


#: A stem in at least this many plan steps of the catalog is too common to pick a step by.
GENERIC_PLAN_STEM_ITEMS = 15
_GENERIC_PLAN_STEMS: dict[int, tuple[Catalog, frozenset[str]]] = {}


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
