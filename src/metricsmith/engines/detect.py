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

Ties are broken by a fixed order, so the same answers always give the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from metricsmith.catalog import INDUSTRIES, MONETISATION_MODELS
from metricsmith.models.profile import Profile
from metricsmith.text import stems

#: Answers that explicitly mean "none of the packs": use the general pack, detect nothing.
GENERAL_WORDS: frozenset[str] = frozenset(
    {"other", "general", "none", "n/a", "any", "другое", "другая", "прочее", "общее", "нет", "любая"}
)

# phrase -> weight. Phrases are written in any form; they are stemmed once.
INDUSTRY_KEYWORDS: dict[str, dict[str, float]] = {
    "retail": {
        "retail": 3, "e-commerce": 3, "ecommerce": 3, "online store": 3, "online shop": 3, "shop": 2,
        "store": 2, "grocery": 2, "fashion": 1.5, "cosmetics": 1.5, "meal kit": 2, "meal": 1, "food": 1,
        "goods": 1, "products": 0.5, "purchase": 0.5, "basket": 1, "d2c": 2, "dtc": 2,
        "розница": 3, "ритейл": 3, "интернет-магазин": 3, "магазин": 2, "e-com": 3, "товары": 1.5,
        "торговля": 2, "продуктовый": 2, "косметика": 1.5, "одежда": 1.5, "покупатель": 1, "покупка": 0.5,
        "корзина": 1, "еда": 1,
    },
    "services": {
        "home services": 3, "services": 1.5, "service business": 2, "repair": 2.5, "repairs": 2.5,
        "plumbing": 3, "plumber": 3, "cleaning": 3, "salon": 3, "clinic": 2.5, "dental": 3, "maintenance": 1.5,
        "technician": 2, "handyman": 3, "agency": 1.5, "consulting": 2, "installation": 1.5, "visit": 1,
        "услуги": 2, "сервис": 1, "ремонт": 2.5, "сантехник": 3, "клининг": 3, "уборка": 2.5, "салон": 3,
        "клиника": 2.5, "стоматология": 3, "мастер": 2, "выезд": 2, "агентство": 1.5, "консалтинг": 2,
        "бытовые услуги": 3, "монтаж": 1.5,
    },
    "education": {
        "education": 3, "edtech": 3, "online school": 3, "school": 2, "course": 2.5, "courses": 2.5,
        "training": 1.5, "learning": 2, "tutoring": 3, "tutor": 3, "students": 2, "student": 2,
        "bootcamp": 3, "curriculum": 2, "graduates": 2,
        "образование": 3, "онлайн-школа": 3, "школа": 2, "курс": 2.5, "курсы": 2.5, "обучение": 2,
        "студент": 2, "ученик": 2, "репетитор": 3, "выпускник": 2, "наставник": 1.5, "методист": 2,
    },
    "saas": {
        "saas": 3, "software": 2.5, "cloud": 1.5, "app": 1, "platform": 0.5, "b2b software": 3, "api": 1,
        "subscription software": 3, "seats": 1.5, "product analytics": 1, "workspace": 1,
        "софт": 2.5, "программное обеспечение": 3, "облачный сервис": 2.5, "облако": 1, "приложение": 1,
        "платформа": 0.5, "подписка на сервис": 2,
    },
    "logistics": {
        "logistics": 3, "freight": 3, "shipping company": 3, "warehouse": 2, "warehousing": 3,
        "fulfilment": 3, "fulfillment": 3, "3pl": 3, "courier": 2, "last mile": 3, "cargo": 3,
        "trucking": 3, "transport": 2, "delivery": 0.5, "shipments": 2, "carrier": 2,
        "логистика": 3, "логистическая": 3, "фулфилмент": 3, "склад": 2, "складское хранение": 3,
        "грузоперевозки": 3, "перевозки": 2.5, "груз": 2.5, "курьер": 2, "последней мили": 3,
        "транспорт": 2, "доставка": 0.5, "экспедирование": 3,
    },
    "marketplace": {
        # A marketplace "of tutors" or "of designers" is still a marketplace: the business
        # model outweighs the goods traded on it.
        "marketplace": 5, "two-sided": 5, "sellers and buyers": 5, "buyers and sellers": 5,
        "matches": 1, "aggregator": 2.5, "commission": 1, "take rate": 2, "gmv": 2, "freelancers": 1,
        "маркетплейс": 5, "площадка": 2, "агрегатор": 2.5, "продавцы и покупатели": 3, "комиссия": 1,
        "исполнители и заказчики": 3,
    },
}

MODEL_KEYWORDS: dict[str, dict[str, float]] = {
    "subscription": {
        "subscription": 3, "monthly plan": 2.5, "monthly fee": 2.5, "recurring": 2, "membership": 2.5,
        "annual plan": 2.5, "weekly": 1, "monthly": 1, "mrr": 2, "arr": 2,
        "подписка": 3, "абонемент": 3, "ежемесячная оплата": 2.5, "ежемесячно": 1, "тариф": 1.5,
        "рекуррентный": 2,
    },
    "transactions": {
        "transaction": 3, "transactions": 3, "per order": 2.5, "one-off": 2, "one-time": 2, "purchase": 2,
        "purchases": 2, "sales of goods": 3, "sale": 1.5, "commission": 2.5, "take rate": 2.5, "per delivery": 2.5,
        "each order": 2, "checkout": 1.5, "each project": 1.5,
        "продажи": 2, "продажа товаров": 3, "разовые покупки": 3, "покупка": 2, "за заказ": 2.5,
        "за каждую доставку": 2.5, "комиссия": 2.5, "транзакция": 3, "оплата курса": 2, "рассрочка": 1.5,
        "разовая": 2,
    },
    "services": {
        "services": 2, "service calls": 3, "per job": 3, "hourly": 3, "per hour": 3, "fixed fee": 2,
        "retainer": 3, "project fee": 3, "consulting fees": 3, "paid visits": 3, "contract": 1,
        "услуги": 2, "за выезд": 3, "почасовая": 3, "за час": 3, "за работу": 2.5, "абонентское обслуживание": 2,
        "договор": 1, "проектная оплата": 3, "хранение": 1,
    },
    "seats": {
        "per seat": 4, "seats": 4, "per user": 4, "seat": 4, "users per month": 3,
        "за место": 4, "за пользователя": 4, "места": 2, "рабочее место": 3,
    },
    "licences": {
        "licence": 4, "license": 4, "licences": 4, "licenses": 4, "perpetual": 3, "on-premise": 2,
        "лицензия": 4, "лицензии": 4, "бессрочная": 3,
    },
    "ads": {
        "ads": 3, "advertising": 3, "advertisers": 3, "sponsorship": 2, "cpm": 3,
        "реклама": 3, "рекламодатели": 3, "спонсорство": 2,
    },
}

# Direct spellings of each id in the answers (matched on the whole, normalised answer).
INDUSTRY_ALIASES: dict[str, str] = {
    "retail": "retail", "e-commerce": "retail", "ecommerce": "retail", "розница": "retail", "ритейл": "retail",
    "services": "services", "service": "services", "услуги": "services", "сервис": "services",
    "education": "education", "edtech": "education", "образование": "education",
    "saas": "saas", "b2b saas": "saas", "software": "saas",
    "logistics": "logistics", "логистика": "logistics",
    "marketplace": "marketplace", "маркетплейс": "marketplace",
}
MODEL_ALIASES: dict[str, str] = {m: m for m in MONETISATION_MODELS} | {
    "license": "licences", "licenses": "licences", "licence": "licences", "transaction": "transactions",
    "подписка": "subscription", "транзакции": "transactions", "услуги": "services", "места": "seats",
    "лицензии": "licences", "реклама": "ads",
}

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
    table = INDUSTRY_KEYWORDS if table_name == "industry" else MODEL_KEYWORDS
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
    elsewhere), then together with the other answers. An answer such as "other" selects the
    general pack. A non-empty answer that matches nothing, with nothing detectable in the
    other answers either, is reported as ``unknown`` (the general pack, with a notice): people
    run car washes, pharmacies and insurance brokers too.
    """
    given = profile.business.industry
    norm = _normalised(given)
    if norm in INDUSTRY_ALIASES:
        return Detection(INDUSTRY_ALIASES[norm], "given")
    if norm in GENERAL_WORDS:
        return Detection(None, "given")
    if given:
        own, score = _vote([(given, 1.0)], "industry", INDUSTRIES)
        if own is not None:
            return Detection(own, "detected", score)
    parts = [
        (given, FIELD_WEIGHTS["own"]),
        (profile.business.description, FIELD_WEIGHTS["description"]),
        (profile.monetisation.model, FIELD_WEIGHTS["other"]),
        (_other_text(profile), FIELD_WEIGHTS["other"]),
    ]
    found, score = _vote(parts, "industry", INDUSTRIES)
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
    if norm in MODEL_ALIASES:
        return Detection(MODEL_ALIASES[norm], "given")
    if given:
        own, score = _vote([(given, 1.0)], "model", MODEL_PRIORITY)
        if own is not None:
            return Detection(own, "detected", score)
    parts = [
        (profile.business.description, FIELD_WEIGHTS["description"]),
        (profile.repeat.description, FIELD_WEIGHTS["other"]),
        (_other_text(profile), FIELD_WEIGHTS["other"]),
    ]
    found, score = _vote(parts, "model", MODEL_PRIORITY)
    if found is not None and score >= 2:
        return Detection(found, "detected", score)
    if industry in INDUSTRY_DEFAULT_MODEL:
        return Detection(INDUSTRY_DEFAULT_MODEL[industry], "assumed")
    return Detection(None, "none")


#: Tie-break order: the more specific model wins ("subscription per seat" is seats).
MODEL_PRIORITY: tuple[str, ...] = ("seats", "licences", "ads", "subscription", "services", "transactions")

INDUSTRY_DEFAULT_MODEL: dict[str, str] = {
    "retail": "transactions",
    "services": "services",
    "education": "transactions",
    "saas": "subscription",
    "logistics": "services",
    "marketplace": "transactions",
}


#: Sales-channel hints: an online shop has no shelves to keep stocked, a shop on the high street
#: has no checkout page to abandon. Phrases are stemmed like the industry keywords.
CHANNEL_KEYWORDS: dict[str, tuple[str, ...]] = {
    "online": (
        "online", "e-commerce", "ecommerce", "online store", "online shop", "web shop", "website", "mobile app",
        "marketplace", "d2c", "dtc", "интернет-магазин", "онлайн", "онлайн-магазин", "сайт", "e-com",
        "маркетплейс", "с доставкой",
    ),
    "offline": (
        "offline", "brick and mortar", "physical store", "physical stores", "high street", "supermarket",
        "supermarkets", "sales floor", "shelf", "shelves", "chain of stores", "retail outlets", "our stores",
        "офлайн", "розничные магазины", "сеть магазинов", "торговый зал", "торговые точки", "точки продаж",
        "супермаркет", "магазин у дома", "полка", "наши магазины",
    ),
}


@lru_cache(maxsize=1)
def _channel_phrases() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple(
        (channel, tuple(st for st in (tuple(stems(p)) for p in phrases) if st))
        for channel, phrases in CHANNEL_KEYWORDS.items()
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
