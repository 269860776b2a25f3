"""Detecting the industry and the monetisation model from free-text answers (Russian and English).

Why this exists: people answer "интернет-магазин косметики" or "we fix boilers" rather than
typing a catalog id, and the offline engine needs a catalog industry pack and a monetisation
model to pick metrics. Detection is a weighted vote of stemmed keyword phrases:

* the answer to the question itself (``business.industry`` / ``monetisation.model``) weighs
  most, because it is the user's own statement about exactly this;
* the business description comes next, every other answer last;
* a phrase matches when all its stems occur in the text as a contiguous run, so
  "last mile" does not fire on "mile" alone and «интернет-магазин» matches
  «интернет-магазина»;
* vague words ("delivery", «доставка», "platform") carry low weight: many shops deliver,
  but that does not make them a logistics company.

Ties are broken by a fixed order, so the same answers always give the same result. The
phrases, weights, aliases and channel hints live in ``catalog/packs.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from metricsmith.catalog.packs import load_packs
from metricsmith.models.profile import Profile
from metricsmith.text import stems

#: Weight of an answer by where it was given (the question itself counts most).
FIELD_WEIGHTS = {"own": 3.0, "description": 2.0, "other": 1.0}


@dataclass(frozen=True)
class Detection:
    """A detected id (or ``None``) and how it was found: ``given``, ``detected`` or ``none``."""

    value: str | None
    source: str
    score: float = 0.0


@lru_cache(maxsize=4)
def _compiled(table_name: str) -> tuple[tuple[str, tuple[tuple[tuple[str, ...], float], ...]], ...]:
    packs = load_packs()
    table = {k: p.keywords for k, p in (packs.industries if table_name == "industry" else packs.models).items()}
    out = []
    for key, phrases in table.items():
        # Spellings that stem alike ("course"/"courses") count once, at their highest weight.
        merged: dict[tuple[str, ...], float] = {}
        for phrase, weight in phrases.items():
            st = tuple(stems(phrase))
            if st:
                merged[st] = max(weight, merged.get(st, 0.0))
        out.append((key, tuple(merged.items())))
    return tuple(out)


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in seq
    return any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1))


def score_text(text: str, table_name: str) -> dict[str, float]:
    """Sum of phrase weights found in ``text``, per id (each phrase counts once)."""
    seq = stems(text)
    scores: dict[str, float] = {}
    if not seq:
        return scores
    for key, phrases in _compiled(table_name):
        total = sum(w for phrase, w in phrases if _contains(seq, phrase))
        if total:
            scores[key] = total
    return scores


def _vote(parts: list[tuple[str, float]], table_name: str, order: tuple[str, ...]) -> tuple[str | None, float]:
    totals: dict[str, float] = {}
    for text, weight in parts:
        for key, s in score_text(text, table_name).items():
            totals[key] = totals.get(key, 0.0) + s * weight
    if not totals:
        return None, 0.0
    best = max(order, key=lambda k: (totals.get(k, 0.0), -order.index(k)))
    return (best, totals[best]) if totals.get(best) else (None, 0.0)


def _normalised(answer: str) -> str:
    return " ".join(answer.lower().replace("ё", "е").split()).strip(" .")


def _other_text(profile: Profile) -> str:
    parts = [
        profile.first_value.description, profile.first_value.start_event, profile.first_value.value_event,
        profile.repeat.description, profile.business.name, profile.business.customer_type,
    ]
    for goal in profile.goals:
        parts += [goal.title, goal.problem, goal.expected_result]
    parts += list(profile.known_numbers)
    return "\n".join(p for p in parts if p)


def detect_industry(profile: Profile) -> Detection:
    """The catalog industry of ``profile`` (``None`` = general pack).

    ``business.industry`` that is a catalog id or a known alias is taken as given. A free-text
    answer is read for keywords first on its own (the user's statement wins over hints
    elsewhere), then with the description and the monetisation answer (every answer only when
    no industry was given). An answer such as "other" selects the
    general pack. A non-empty answer that matches nothing, with nothing detectable in the
    other answers either, is reported as ``unknown`` (the general pack, with a notice): people
    run car washes, pharmacies and insurance brokers too.
    """
    given = profile.business.industry
    norm = _normalised(given)
    packs = load_packs()
    industries = tuple(packs.industries)
    aliases = packs.industry_aliases()
    if norm in aliases:
        return Detection(aliases[norm], "given")
    if norm in packs.general_words:
        return Detection(None, "given")
    if given:
        own, score = _vote([(given, 1.0)], "industry", industries)
        if own is not None:
            return Detection(own, "detected", score)
    parts = [
        (given, FIELD_WEIGHTS["own"]),
        (profile.business.description, FIELD_WEIGHTS["description"]),
        (profile.monetisation.model, FIELD_WEIGHTS["other"]),
    ]
    if not given:
        # Goals and known numbers speak of the world around the business ("booking platforms take
        # a commission" is a guest house's problem, not a marketplace): they count only when the
        # user named no industry at all.
        parts.append((_other_text(profile), FIELD_WEIGHTS["other"]))
    found, score = _vote(parts, "industry", industries)
    # One weak hint ("delivery" somewhere) is not enough to claim an industry.
    if found is not None and score >= 1.5:
        return Detection(found, "detected", score)
    if given:
        # An industry outside the packs is no reason to stop: the general pack plus what the
        # answers themselves support still gives a sound draft, and the draft says so.
        return Detection(None, "unknown")
    return Detection(None, "none")


def detect_model(profile: Profile, industry: str | None = None) -> Detection:
    """The monetisation model of ``profile`` (``None`` when nothing points at one).

    The ``monetisation.model`` answer decides when it mentions a model; otherwise the other
    answers vote; otherwise the industry's usual model is assumed (shops sell, SaaS
    subscribes), reported as ``assumed`` so the draft can say so.
    """
    given = profile.monetisation.model
    norm = _normalised(given)
    packs = load_packs()
    aliases = packs.model_aliases()
    if norm in aliases:
        return Detection(aliases[norm], "given")
    if given:
        own, score = _vote([(given, 1.0)], "model", packs.model_priority)
        if own is not None:
            return Detection(own, "detected", score)
    parts = [
        (profile.business.description, FIELD_WEIGHTS["description"]),
        (profile.repeat.description, FIELD_WEIGHTS["other"]),
        (_other_text(profile), FIELD_WEIGHTS["other"]),
    ]
    found, score = _vote(parts, "model", packs.model_priority)
    if found is not None and score >= 2:
        return Detection(found, "detected", score)
    default = packs.default_model(industry)
    if default is not None:
        return Detection(default, "assumed")
    return Detection(None, "none")


@lru_cache(maxsize=1)
def _channel_phrases() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple(
        (channel, tuple(st for st in (tuple(stems(p)) for p in phrases) if st))
        for channel, phrases in load_packs().channels.items()
    )


def detect_channel(profile: Profile) -> str | None:
    """``"online"`` or ``"offline"`` when the business description and industry answer point at
    exactly one sales channel; ``None`` for both (omnichannel) or no hint.

    Only the user's statements about the business count: a goal mentioning a shelf does not
    turn an online shop into a supermarket.
    """
    seq = stems(" \n ".join([profile.business.industry, profile.business.description, profile.business.name]))
    found = {channel for channel, phrases in _channel_phrases() if any(_contains(seq, p) for p in phrases)}
    return found.pop() if len(found) == 1 else None
