"""Stage 2 of the offline engine: how strongly each catalog entry serves each goal.

Every score comes from one :class:`~metricsmith.engines.offline.weights.Weights` object: a
goal's words against the catalog's vocabulary (the expected result weighs most), the fit of
the entry to the industry, model and sales channel, a unit hint ("5 days" is a time), answers
that a goal restates, and the catalog's ``drivers`` relation between metrics.
"""

from __future__ import annotations

import re

from metricsmith.catalog import CatalogEntry
from metricsmith.catalog.packs import load_packs
from metricsmith.catalog.matcher import content_stems, text_score, vocabulary
from metricsmith.engines.offline.context import DraftContext
from metricsmith.models.profile import Goal

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


class ScoringStage:
    """Goal scores, fit and relations (mixed into :class:`~metricsmith.engines.offline.OfflineEngine`)."""

    def _fit(self, ctx: DraftContext, entry: CatalogEntry) -> float:
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
            factor = 1.0 if entry.industries[0] == ctx.industry else self.weights.secondary_industry_fit
        elif "any" in entry.industries:
            factor = self.weights.any_industry_fit if ctx.industry is not None else 1.0
        else:
            factor = self.weights.other_industry_fit
        if ctx.model is not None and not entry.fits_monetisation(ctx.model):
            factor *= self.weights.model_mismatch_fit
        return factor

    def _goal_scores(self, ctx: DraftContext, goal: Goal) -> dict[str, float]:
        """Goal → catalog match scores (title, problem and expected result weighed differently).

        When the goal names a unit ("below 5 days", «до 3 000 ₽»), metrics measured in that kind of
        unit get :data:`UNIT_HINT_BONUS`: "time to first paid invoice … 5 days" is a time, not a
        conversion rate. A goal that restates an answer to one of the seeds' questions ("shorten time to first
        paid invoice" when the value event is "first invoice paid") is about that question, so
        its seed metrics get a bonus: the user's own words about *their* aha moment beat a
        coincidental catalog phrase.
        """
        packs = load_packs()
        vocab = vocabulary(self.catalog)
        parts = [(p, w) for p, w in zip((goal.title, goal.problem, goal.expected_result), self.weights.goal_part_weights) if p]
        scores: dict[str, float] = {}
        for entry in self.catalog:
            if entry.id not in ctx.allowed:
                continue
            hit = text_score(parts, entry.id, vocab, abbreviation_bonus=self.weights.abbreviation_bonus)
            fit = self._fit(ctx, entry) if hit else 0.0
            if fit:
                scores[entry.id] = hit * fit
        hinted = unit_hint(" ".join([goal.title, goal.expected_result]), ctx.profile.monetisation.currency)
        if hinted is not None:
            for entry_id in scores:
                if UNIT_CLASSES.get(self.catalog.get(entry_id).unit) == hinted:
                    scores[entry_id] += self.weights.unit_hint_bonus
        goal_stems = set(content_stems(" ".join(p for p, _ in parts)))
        fv = ctx.profile.first_value
        echoes = (
            (" ".join([fv.description, fv.value_event]), _first_value_ids(ctx)[:1] + ("ttv",)),
            (ctx.profile.repeat.description, packs.repeat(ctx.industry)[:1]),
        )
        for answer, ids in echoes:
            if len(goal_stems & set(content_stems(answer))) >= self.weights.answer_echo_min:
                for entry_id in dict.fromkeys(ids):
                    if self._entry(entry_id) is not None:
                        scores[entry_id] = scores.get(entry_id, 0.0) + self.weights.answer_echo_bonus
        return scores

    def _entry(self, entry_id: str) -> CatalogEntry | None:
        try:
            return self.catalog.get(entry_id)
        except KeyError:
            return None

    def _listed(self, ctx: DraftContext, ids: tuple[str, ...]) -> list[CatalogEntry]:
        """Catalog entries for ``ids`` that exist and fit the industry pack (general pack: ``any`` only)."""
        found = (self._entry(i) for i in dict.fromkeys(ids))
        return [e for e in found if e is not None and self._usable(ctx, e)]

    @staticmethod
    def _usable(ctx: DraftContext, entry: CatalogEntry) -> bool:
        """The entry is relevant to this business (its pack, the core, or its own words) and fits
        the business's sales channel."""
        return entry.id in ctx.allowed and entry.fits_channel(ctx.channel)

    def _best_of(self, ctx: DraftContext, ids: tuple[str, ...], taken: set[str]) -> CatalogEntry | None:
        """The candidate that serves some goal best (ties: list order); skips taken/unknown ids."""
        entries = [e for e in self._listed(ctx, ids) if e.id not in taken]
        if not entries:
            return None

        def strength(e: CatalogEntry) -> float:
            best = max(s.get(e.id, 0.0) for s in ctx.scores)
            return (best if best >= self.weights.cover_threshold else 0.0) + self._known_bonus(ctx, e)

        return max(entries, key=lambda e: (strength(e), -entries.index(e)))

    def _known_bonus(self, ctx: DraftContext, entry: CatalogEntry) -> float:
        """A metric the business already measures is cheaper to start with."""
        return self.weights.known_bonus if entry.id in ctx.known else 0.0

    def _ranked(self, ctx: DraftContext, scores: dict[str, float], taken: set[str]) -> list[CatalogEntry]:
        order = {e.id: i for i, e in enumerate(self.catalog)}
        candidates = [self.catalog.get(i) for i in scores if i not in taken]
        return sorted(candidates, key=lambda e: (-(scores[e.id] + self._known_bonus(ctx, e)), order[e.id]))

    def _relation_bonus(
        self, ctx: DraftContext, kind: str, partners: list[CatalogEntry] | tuple, taken: set[str]
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
                strength = (self.weights.relation_bonus + 1.0 / (1 + rank)) * self._fit(ctx, entry)
                out[entry.id] = max(out.get(entry.id, 0.0), strength)
        return out


def _first_value_ids(ctx: DraftContext) -> tuple[str, ...]:
    """First-value metrics of the industry; under a recurring model the next delivery comes by
    itself, so "time to first reorder" measures nothing and the plain time to value leads."""
    packs = load_packs()
    ids = packs.first_value(ctx.industry)
    if packs.repeat_by_model(ctx.model):
        ids = tuple(i for i in ids if i != "time_to_first_reorder") or packs.general.first_value
    return ids


def _related(a: CatalogEntry, b: CatalogEntry) -> bool:
    """One of the two metrics drives the other (catalog ``drivers``)."""
    return b.id in a.drivers or a.id in b.drivers
