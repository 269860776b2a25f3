"""Turning a goal's own measure into a metric: the catalog's when it is exactly that, else the user's.

Why this exists: a goal such as "Share of washes made by club members from 40 % to 60 %" is
already a metric definition; replacing it with the nearest catalog entry ("loyalty sales
share", "annual logo churn" for a monthly churn) throws away the user's words, period and
numbers. This module decides whether a catalog entry *is* the measure (same words once period
and generic words such as "share" / «доля» are set aside, or the entry's abbreviation), and
otherwise writes a custom entry from the user's words: a name, an honest formula for its kind
(a share: numerator ÷ denominator × 100 %; a duration: median time from start to end; money:
sum ÷ count; a score: the average rating), and the Value Management texts in the project's
language. It also builds the goal's early signal when no catalog driver fits: the share of
cases inside the target for a duration, or the first-value activation from the interview.
"""

from __future__ import annotations

import re
from dataclasses import replace

from metricsmith.catalog import CatalogEntry
from metricsmith.engines.goal_measure import GoalMeasure
from metricsmith.engines.offline_texts import period_text, t
from metricsmith.engines.targets import format_number
from metricsmith.models.profile import Goal, Profile

# ---------------------------------------------------------------------------- custom entries

_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})


def slug(text: str, limit: int = 40) -> str:
    """An id-safe slug of ``text`` (Cyrillic transliterated): ``share_of_washes_made_by_club``."""
    ascii_text = text.lower().translate(_TRANSLIT)
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}_{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "measure"


_ADJECTIVE_RU = re.compile(r"\w+(?:ых|их|ого|его|ой|ей|ый|ий|ая|яя|ое|ее|ую|юю|ым|им)$", re.IGNORECASE)
_SHARE_EN = re.compile(r"^(?:the\s+)?(?:share|percentage|proportion|percent|%)\s+of\s+(?:the\s+|all\s+)?(?P<rest>.+)$",
                       re.IGNORECASE)
_SHARE_RU = re.compile(r"^(?:доля|процент)\s+(?P<rest>.+)$", re.IGNORECASE)
_CONVERSION_EN = re.compile(r"^(?P<a>[\w\s-]+?)[\s-]+to[\s-]+(?P<b>[\w\s-]+?)\s+conversion\b|"
                            r"^conversion\s+(?:rate\s+)?from\s+(?P<c>.+?)\s+to\s+(?P<d>.+)$", re.IGNORECASE)
_CONVERSION_RU = re.compile(r"^конверсия\s+(?:из\s+)?(?P<a>.+?)\s+(?:в|во)\s+(?P<b>.+)$", re.IGNORECASE)
_CAPACITY = re.compile(r"utili[sz]ation|occupancy|load factor|fill rate|загрузк|заполняемост|заполненност|"
                       r"загруженност|занятост", re.IGNORECASE)
_CHURN = re.compile(r"churn|отток|lapse|cancell?ation|отмен|уход", re.IGNORECASE)
_RETENTION = re.compile(r"retention|удержани|renewal|продлен|продлён", re.IGNORECASE)


def _head_en(rest: str) -> str:
    return rest.split()[0] if rest.split() else rest


def _head_ru(rest: str) -> str:
    words = re.split(r"[\s,]+", rest.strip())
    for word in words:
        if word and not _ADJECTIVE_RU.fullmatch(word):
            return word
    return words[-1] if words else rest


#: Per language: a conversion ("A-to-B conversion", «конверсия из A в B»), a share ("share of X",
#: «доля X») and how to find the head noun a share is counted over.
_SHARE_FORMS = {
    "en": (_CONVERSION_EN, _SHARE_EN, _head_en),
    "ru": (_CONVERSION_RU, _SHARE_RU, _head_ru),
}


def _share_formula(phrase: str, lang: str) -> str:
    lowered = phrase[:1].lower() + phrase[1:]
    conversion_pattern, share_pattern, head_of = _SHARE_FORMS["ru" if lang == "ru" else "en"]
    conversion = conversion_pattern.match(phrase)
    if conversion:
        parts = conversion.groupdict()
        a = (parts.get("a") or parts.get("c") or "").strip()
        b = (parts.get("b") or parts.get("d") or "").strip()
        if lang != "ru":
            a, b = a.lower(), b.lower()
        return t("formula_conversion", lang, a=a, b=b)
    share = share_pattern.match(phrase)
    if share:
        rest = share.group("rest").strip()
        head = head_of(rest)
        if head.lower() != rest.lower():
            return t("formula_share", lang, numerator=rest, denominator=head)
        return t("formula_share_open", lang, numerator=rest)
    if _CAPACITY.search(phrase):
        return t("formula_capacity", lang, name=lowered)
    if _CHURN.search(phrase):
        return t("formula_churn", lang, name=lowered)
    if _RETENTION.search(phrase):
        return t("formula_retention", lang, name=lowered)
    return t("formula_rate", lang, name=lowered)


def custom_formula(measure: GoalMeasure, lang: str) -> str:
    """An honest formula built from the measure's own words, by its kind."""
    phrase = measure.phrase
    lowered = phrase[:1].lower() + phrase[1:]
    unit = unit_words(measure.unit, lang)
    if measure.kind == "share":
        return _share_formula(phrase, lang)
    if measure.kind == "duration":
        key = "formula_duration_average" if measure.average else "formula_duration"
        name = re.sub(r"^(?:average|mean|avg|среднее|средняя|средний)\s+", "", lowered, flags=re.IGNORECASE)
        return t(key, lang, name=name, unit=unit)
    if measure.kind == "money":
        return t("formula_money", lang, name=lowered, unit=measure.unit)
    if measure.kind == "score":
        return t("formula_score", lang, name=lowered)
    return t("formula_count", lang, name=lowered)


UNIT_WORDS: dict[str, dict[str, str]] = {
    "en": {"minutes": "minutes", "hours": "hours", "days": "days", "weeks": "weeks", "months": "months",
           "%": "%", "points": "points"},
    "ru": {"minutes": "минутах", "hours": "часах", "days": "днях", "weeks": "неделях", "months": "месяцах",
           "%": "%", "points": "баллах"},
}


def unit_words(unit: str, lang: str) -> str:
    return UNIT_WORDS.get(lang, UNIT_WORDS["en"]).get(unit, unit)


#: Who usually steers a measure of each kind when no catalog entry says (areas of packs.yaml `roles`).
KIND_AREAS: dict[str, tuple[str, ...]] = {
    "duration": ("ops", "cs"),
    "share": ("marketing", "sales", "cs", "ops"),
    "money": ("sales", "finance", "marketing"),
    "score": ("cs", "ops", "product"),
    "count": ("ops", "sales", "marketing"),
}


def _bilingual(text: str) -> dict[str, str]:
    return {"en": text, "ru": text}


def custom_entry(
    measure: GoalMeasure,
    goal: Goal,
    profile: Profile,
    *,
    entry_id: str,
    related: CatalogEntry | None = None,
    borrow_plan: bool = False,
) -> CatalogEntry:
    """A catalog-shaped entry for a goal's measure in the user's words (both languages hold the
    project's language: the entry lives only in this project).

    ``related`` is the nearest catalog entry (or the exact one whose period differs): its
    drivers and owner areas become the new metric's, so the goal still gets a causally linked
    steering wheel. Its plan is borrowed only when it is the same measure over another period
    (``borrow_plan``): a merely similar entry's initiatives may belong to another trade.
    """
    lang = profile.language
    period = measure.period or "month"
    # A measure that states no unit is a count, unless the nearest catalog metric is money
    # ("LTV up 15 %"): a similar entry's per cent never makes "members from 300 to 450" a share.
    unit = measure.unit or "count"
    if not measure.unit and related is not None and related.unit == "currency":
        unit = profile.monetisation.currency or "currency"
        measure = replace(measure, kind="money", unit=unit)
    why = t("custom_why", lang, goal=goal.title, problem=(goal.problem or goal.title).rstrip(". "))
    where_used = t("custom_where_used", lang, period=period_text(period, lang))
    if profile.segments:
        where_used += " " + t("custom_segments", lang, segments=", ".join(profile.segments[:3]))
    example = t(
        "custom_example", lang, name=measure.phrase,
        baseline=quantity_text(measure.baseline, unit, lang), target=quantity_text(measure.target, unit, lang),
    ) if measure.baseline is not None and measure.target is not None else t("custom_example_open", lang,
                                                                              name=measure.phrase)
    plan = related.plan.get(lang) if related is not None and borrow_plan else t(
        "custom_plan", lang, problem=(goal.problem or goal.title).rstrip(". ")
    )
    bounds: tuple[float | None, float | None] = (0, 100) if unit == "%" else (
        (None, None) if measure.kind == "score" else (0, None)
    )
    return CatalogEntry.model_validate({
        "id": entry_id,
        "category": "financial" if measure.kind == "money" else "customer_value",
        "kind": "lagging",
        "unit": unit,
        "direction": measure.direction or (related.direction if related else "up"),
        "period": period,
        "industries": ["any"],
        "keywords": {"en": [measure.phrase], "ru": [measure.phrase]},
        "name": _bilingual(measure.phrase),
        "formula": _bilingual(custom_formula(measure, lang)),
        "why": _bilingual(why),
        "where_used": _bilingual(where_used),
        "example": _bilingual(example),
        "plan": _bilingual(plan),
        "bounds": bounds,
        "drivers": list(related.drivers) if related is not None else [],
        "owner_areas": list(related.owner_areas) if related is not None else list(KIND_AREAS.get(measure.kind, ())),
        "typical_change": related.typical_change if related is not None else 0.1,
    })


#: Units written after a number ("35 min", «35 мин»); currencies and other units stay as they are.
SHORT_UNITS: dict[str, dict[str, str]] = {
    "en": {"minutes": "min", "hours": "h", "days": "days", "weeks": "weeks", "months": "months", "points": "points"},
    "ru": {"minutes": "мин", "hours": "ч", "days": "дн.", "weeks": "нед.", "months": "мес."},
}
#: Russian forms of "point" after a number: 1 балл, 2 балла, 5 баллов, 4,3 балла.
POINTS_RU = ("балл", "балла", "баллов")


def points_ru(value: float) -> str:
    """The form of «балл» that follows ``value``."""
    if value != int(value):
        return POINTS_RU[1]
    n = abs(int(value))
    if n % 10 == 1 and n % 100 != 11:
        return POINTS_RU[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return POINTS_RU[1]
    return POINTS_RU[2]


def quantity_text(value: float | None, unit: str, lang: str) -> str:
    """A number with its unit as a person writes it: "35 min", «4,3 баллов», "12 %", "32 EUR"."""
    if value is None:
        return "—"
    number = format_number(value, lang)
    if unit == "%":
        return f"{number} %"
    if unit in ("count", ""):
        return number
    if unit == "points" and lang == "ru":
        return f"{number} {points_ru(value)}"
    return f"{number} {SHORT_UNITS.get(lang, SHORT_UNITS['en']).get(unit, unit)}"


def early_signal_entry(
    measure: GoalMeasure, lagging: CatalogEntry, goal: Goal, profile: Profile, *, entry_id: str, use_first_value: bool
) -> CatalogEntry | None:
    """A leading metric for a custom measure when no catalog driver fits.

    A duration goal gets the share of cases already inside the target (it moves week by week,
    before the average does). Any other goal gets the first-value activation from the interview:
    the share of new customers who reach the value event soon after the start event — the
    seeds' first question, and the earliest sign that the goal's result will follow. ``None``
    when neither can be written from the answers.
    """
    lang = profile.language
    fv = profile.first_value
    if measure.kind == "duration" and measure.target is not None:
        limit = quantity_text(measure.target, measure.unit, lang)
        name = t("signal_within_name", lang, name=measure.phrase, limit=limit)
        formula = t("signal_within_formula", lang, limit=limit, name=measure.phrase)
        why = t("signal_within_why", lang, name=measure.phrase)
        drivers_of = lagging.id
    elif use_first_value and fv.value_event:
        start = fv.start_event or t("signal_default_start", lang)
        name = t("signal_activation_name", lang, event=fv.value_event.strip().rstrip("."))
        formula = t("signal_activation_formula", lang, event=fv.value_event.strip().rstrip("."), start=start)
        why = t("signal_activation_why", lang, name=lagging.name.get(lang))
        drivers_of = lagging.id
    else:
        return None
    plan = t("custom_plan", lang, problem=(goal.problem or goal.title).rstrip(". "))
    return CatalogEntry.model_validate({
        "id": entry_id,
        "category": "customer_value",
        "kind": "leading",
        "unit": "%",
        "direction": "up",
        "period": "week",
        "industries": ["any"],
        "keywords": {"en": [name], "ru": [name]},
        "name": _bilingual(name),
        "formula": _bilingual(formula),
        "why": _bilingual(why),
        "where_used": _bilingual(t("signal_where_used", lang, lagging=lagging.name.get(lang))),
        "example": _bilingual(t("signal_example", lang, lagging=lagging.name.get(lang))),
        "plan": _bilingual(plan),
        "bounds": (0, 100),
        "drivers": [],
        "typical_change": 0.15,
        "conventions": {"ttv_start_event": fv.start_event or None, "ttv_value_event": fv.value_event or None}
        if drivers_of and measure.kind != "duration" else {},
    })
