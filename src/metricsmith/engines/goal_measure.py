"""Reading a goal's own measure out of its words: "X from A to B", «снизить X до N», "X в 2 раза".

Why this exists: a goal's expected result usually *is* the metric the user will be judged by
("Monthly logo churn from 3.1 % to 2 %", «Доля возвратов с 9 % до 4 %»). A consultant takes
that measure as written — the same words, the same numbers, the same period — and only then
looks for signals that move it. Guessing a catalog metric from the words alone loses the
period ("monthly" became "annual"), the unit (hours instead of per cent) or the measure itself.

The parser is deliberately plain: regular expressions over one sentence in Russian or English,
no stemming and no catalog. It returns what it is sure of and leaves the rest empty:

* the measure's words (text before the numbers, without the verb: "reduce", «снизить»);
* baseline and target ("from A to B", «с A до B», "A → B"), or a target alone ("below N",
  «не больше N», «снизить X до N»), or a factor ("в 2 раза", "double", "halve") or a
  relative change ("by 15 %", «на 15 %»), which need a baseline from the known numbers;
* the unit: %, a currency, minutes / hours / days / weeks / months (a mixed pair such as
  «с 3 дней до 6 часов» is converted to the smaller unit), points, or a plain count;
* the direction, from A → B or from the verb or comparison word;
* the period the user wrote ("monthly", «в месяц», "per week"), kept as the metric's window.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from metricsmith.durations import DURATION_MINUTES, convert_duration, is_conversion
from metricsmith.engines.deadlines import deadline_of, without_opening_deadline  # noqa: F401  (deadline_of: kept importable)

_NUM = r"[-+−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|[-+−]?\d+(?:[.,]\d+)?"
_MAGNITUDE = r"(?:\s*(?P<{g}mag>тыс\.?|млн|k\b|m\b|thousand|million))?"

_UNIT_WORDS: tuple[tuple[str, str], ...] = (
    ("%", r"%|процент\w*|percent\w*|п\.\s?п\.?|pp\b|percentage points?"),
    ("minutes", r"мин\w*|minutes?\b|mins?\b"),
    ("hours", r"час\w*|ч\b\.?|hours?\b|hrs?\b|h\b"),
    ("days", r"дн\w*|день\b|дня\b|суток|сутки|days?\b|d\b"),
    ("weeks", r"недел\w*|weeks?\b|wks?\b"),
    ("months", r"месяц\w*|мес\b\.?|months?\b"),
    ("points", r"балл\w*|пункт\w*|points?\b|pts\b"),
    ("currency", r"₽|руб\w*|р\.|\$|€|£|₸|usd\b|eur\b|euro\w*|gbp\b|rub\b|kzt\b|доллар\w*|евро\b|фунт\w*|тенге\b"),
)
_UNIT = "|".join(f"(?:{pattern})" for _, pattern in _UNIT_WORDS)

_CURRENCY_CODES: tuple[tuple[str, str], ...] = (
    (r"₽|руб|р\.|rub", "RUB"), (r"\$|usd|доллар", "USD"), (r"€|eur|евро", "EUR"), (r"£|gbp|фунт", "GBP"),
    (r"₸|kzt|тенге", "KZT"),
)


def _value(group: str, magnitude: str | None) -> float:
    text = re.sub(r"[ \u00a0\u202f]", "", group).replace("−", "-").replace(",", ".")
    number = float(text)
    mag = (magnitude or "").lower().rstrip(".")
    if mag in ("тыс", "k", "thousand"):
        number *= 1000
    elif mag in ("млн", "m", "million"):
        number *= 1_000_000
    return number


def _side(name: str) -> str:
    """One number with an optional magnitude and unit, as named groups ``{name}``, ``{name}mag``, ``{name}unit``."""
    currency_before = rf"(?P<{name}pre>[$€£₽])?\s*"
    return (
        currency_before + rf"(?P<{name}>{_NUM})" + _MAGNITUDE.format(g=name) + rf"(?:\s*(?P<{name}unit>{_UNIT}))?"
    )


#: "from A to B", «с A до B», "A → B" (and "A to B" right after a colon or dash).
_FROM_TO = re.compile(
    r"(?:(?<![\w-])(?:from|с|со|от)\s+|[:—–-]\s*|(?<=\s)|^)"
    + _side("a")
    + r"\s*(?:(?:to|down to|up to|до|к)\s+|→\s*|->\s*|—>\s*|=>\s*)"
    + _side("b"),
    re.IGNORECASE,
)
#: A limit: "below 5", «не больше 3», "at least 60", «до 5» after a verb.
_LIMITS: tuple[tuple[str | None, str], ...] = (
    ("down", r"below|under|less than|at most|no more than|not more than|no higher than|не больше|не более|не выше|"
             r"менее|меньше|ниже|максимум"),
    ("up", r"above|over|more than|at least|no less than|not less than|не меньше|не менее|не ниже|более|больше|выше|"
           r"минимум"),
    (None, r"to|до|reach|reaches|hit|достичь|достигнуть|—|–|:"),
)
_LIMIT = re.compile(
    r"(?<![\w-])(?P<word>" + "|".join(p for _, p in _LIMITS) + r")\s*" + _side("b"), re.IGNORECASE
)
#: A factor: "в 2 раза", "2x", "×2", "double", "halve", «вдвое».
_FACTOR = re.compile(
    r"(?:(?<![\w-])в\s+(?P<f>\d+(?:[.,]\d+)?)\s*раз\w*|(?P<g>\d+(?:[.,]\d+)?)\s*[x×]\b|[x×]\s*(?P<h>\d+(?:[.,]\d+)?)"
    r"|(?P<word>вдвое|втрое|double|triple|halve|twice))",
    re.IGNORECASE,
)
#: A relative change: "by 15 %", «на 15 %», "+15 %", «на 5 п. п.» (absolute points).
_BY = re.compile(
    r"(?:(?<![\w-])(?:by|на)\s+|(?<![\w\d])(?P<sign>[-+−]))(?P<n>\d+(?:[.,]\d+)?)\s*(?P<u>percentage points?|процентн\w* пункт\w*|%|процент\w*|percent\w*|п\.\s?п\.?|pp\b)",
    re.IGNORECASE,
)

_DOWN_VERBS = re.compile(
    r"(?<![\w-])(reduc\w*|cut\w*|lower\w*|decreas\w*|shorten\w*|halve|drop\w*|bring down|minimi[sz]\w*|fewer|less|down|"
    r"сни[зж]\w*|сократ\w*|сокращ\w*|уменьш\w*|уменьш\w*|урез\w*|меньше|вдвое меньше)",
    re.IGNORECASE,
)
_UP_VERBS = re.compile(
    r"(?<![\w-])(increas\w*|rais\w*|grow\w*|boost\w*|improv\w*|doubl\w*|lift\w*|more|higher|up|"
    r"увелич\w*|повы[сш]\w*|подня\w*|поднима\w*|нарасти\w*|нараст\w*|вырас\w*|рост\w*|больше|улучш\w*)",
    re.IGNORECASE,
)
#: Verbs and fillers that start a goal sentence but are not part of the measure's name.
_LEADING_VERB = re.compile(
    r"^(?:to\s+)?(?:reduce|cut|lower|decrease|shorten|halve|bring down|minimi[sz]e|increase|raise|grow|boost|improve|"
    r"double|lift|get|bring|move|take|keep|reach|achieve|"
    r"снизить|сократить|уменьшить|увеличить|повысить|поднять|нарастить|вырастить|довести|улучшить|добиться|"
    r"удержать|сохранить|обеспечить|достичь)\s+",
    re.IGNORECASE,
)
_TRAILING_FILLER = re.compile(
    r"(?:\s*[,:;—–-]\s*|\s+)(?:up|down|вверх|вниз|should|must|will|to|goes|go|grows?|grew|falls?|fell|drops?|dropped|rises?|rose|is|are|"
    r"will be|выросл[аио]?|вырос|снизил[аио]?сь|снизился|сократил[аио]?сь|сократился|упал[аио]?|увеличил[аио]?сь|"
    r"увеличился|уменьшил[аио]?сь|уменьшился|достиг\w*|снизить|сократить|уменьшить|увеличить|повысить|поднять|"
    r"ускорить|нарастить|улучшить|довести|reduced|increased|cut|halved|doubled|increase|growth|improvement|"
    r"reduction|decrease|uplift|double|triple|halve|рост|снижение|сокращение|увеличение|вдвое|втрое|"
    r"должн\w*|снизится|вырастет|сократится|увеличится|упадёт|упадет|составит|станет|растёт|растет|падает|"
    r"снижается|сокращается|уменьшится)?\s*$",
    re.IGNORECASE,
)

_PERIODS: tuple[tuple[str, str], ...] = (
    ("month", r"monthly|per month|a month|each month|every month|month-over-month|в месяц|за месяц|ежемесячн\w*|"
              r"месячн\w*|в мес\b"),
    ("week", r"weekly|per week|a week|each week|every week|в неделю|за неделю|еженедельн\w*|недельн\w*"),
    ("quarter", r"quarterly|per quarter|a quarter|в квартал|за квартал|ежеквартальн\w*|квартальн\w*"),
    ("year", r"annual\w*|yearly|per year|a year|each year|every year|в год|за год|ежегодн\w*|годов\w*"),
    ("day", r"daily|per day|a day|each day|every day|ежедневн\w*|в сутки"),
)

_SHARE_WORDS = re.compile(
    r"(?<![\w-])(share|percent\w*|proportion|rate|ratio|conversion|retention|churn|доля|долю|доли|процент\w*|"
    r"конверси\w*|удержани\w*|отток\w*|коэффициент\w*)",
    re.IGNORECASE,
)
_SCORE_WORDS = re.compile(r"(?<![\w-])(nps|csat|ces|score|rating|оценк\w*|рейтинг\w*|индекс\w*|балл\w*)", re.IGNORECASE)
_AVERAGE_WORDS = re.compile(r"(?<![\w-])(average|mean|avg|средн\w*)", re.IGNORECASE)


@dataclass(frozen=True)
class GoalMeasure:
    """The measure a goal names, with the numbers the user wrote (``None`` where not stated).

    ``kind`` is ``share`` (a per cent of something), ``duration``, ``money``, ``score`` or
    ``count``; ``unit`` is what the metric is stored in (``%``, ``minutes``, ``RUB``, ``points``,
    or ``""`` for a plain count). ``factor`` / ``relative`` hold a change that still needs a
    baseline ("в 2 раза" → 2.0; "by 15 %" → 0.15); ``absolute_points`` a change in percentage
    points.
    """

    phrase: str
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    kind: str = "count"
    direction: str | None = None
    period: str | None = None
    factor: float | None = None
    relative: float | None = None
    absolute_points: float | None = None
    average: bool = False
    source: str = "expected_result"

    @property
    def has_numbers(self) -> bool:
        return self.target is not None or self.factor is not None or self.relative is not None or (
            self.absolute_points is not None
        )

    def with_baseline(self, baseline: float) -> "GoalMeasure":
        """The measure with a known baseline; a factor or a relative change becomes a target."""
        target = self.target
        direction = self.direction
        if target is None and self.factor:
            target = baseline * self.factor if direction != "down" else baseline / self.factor
        elif target is None and self.relative is not None:
            change = baseline * self.relative
            target = baseline - change if direction == "down" else baseline + change
        elif target is None and self.absolute_points is not None:
            target = baseline - self.absolute_points if direction == "down" else baseline + self.absolute_points
        if target is not None:
            target = _tidy(target)
            if direction is None and not math.isclose(target, baseline):
                direction = "up" if target > baseline else "down"
        return replace(self, baseline=baseline, target=target, direction=direction)


def _tidy(value: float) -> float:
    return round(value, 4 if abs(value) < 10 else 2)


def _unit_of(text: str | None) -> str:
    if not text:
        return ""
    low = text.lower()
    for unit, pattern in _UNIT_WORDS:
        if re.fullmatch(pattern, low, re.IGNORECASE):
            return unit
    return ""


def unit_of_text(text: str) -> str:
    """The unit written after a number ("18 minutes" → minutes, «4 дня» → days, "32 EUR" → EUR, "12 %" → %)."""
    match = re.search(r"\d\s*(" + _UNIT + r")", text, re.IGNORECASE) or re.search(r"([$€£₽])\s*\d", text)
    if not match:
        return ""
    unit = _unit_of(match.group(1))
    if unit == "currency" or match.group(1) in "$€£₽":
        return currency_code(match.group(1)) or "currency"
    return unit


def currency_code(text: str, fallback: str = "") -> str:
    """The currency a unit word or symbol names ("€" → EUR, «руб.» → RUB), else ``fallback``."""
    low = text.lower()
    for pattern, code in _CURRENCY_CODES:
        if re.search(pattern, low):
            return code
    return fallback


def period_of(text: str, *, rates_only: bool = False) -> str | None:
    """The measurement period the words name ("monthly", «в месяц»), or ``None``.

    ``rates_only`` keeps only "per"-words ("per quarter", «в квартал», "quarterly"): after the
    numbers «за квартал» or "within a quarter" is a deadline, not a window.
    """
    for period, pattern in _PERIODS:
        if rates_only:
            pattern = "|".join(p for p in pattern.split("|") if not re.match(r"за |a |each |every ", p))
        if re.search(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", text, re.IGNORECASE):
            return period
    return None


def _clean_phrase(text: str) -> str:
    phrase = text.strip(" \t,.:;—–-")
    phrase = _TRAILING_FILLER.sub("", phrase).strip(" \t,.:;—–-")
    for _ in range(2):
        phrase = _LEADING_VERB.sub("", phrase).strip()
    phrase = re.sub(r"\s+", " ", phrase).strip(" \t,.:;—–-")
    phrase = _nominative(phrase)
    # A measure phrase that ends in a dangling preposition ("wait time at") lost its object.
    phrase = re.sub(r"\s+(?:at|of|for|in|в|на|по|для)$", "", phrase, flags=re.IGNORECASE)
    return phrase[:1].upper() + phrase[1:] if phrase else ""


#: Accusative endings of a Russian noun phrase after a verb («снизить долю», «повысить среднюю
#: выручку», «поднять конверсию») and their nominative: adjectives first, then the head noun.
_ADJECTIVE_ACC = (("ую", "ая"), ("юю", "яя"))
_NOUN_ACC = (("ию", "ия"), ("у", "а"), ("ю", "я"))


def _nominative(phrase: str) -> str:
    """The measure's name in the nominative: «Конверсию из пробного…» → «Конверсия из пробного…».

    Only the words before the head noun change (adjectives, then the first noun); a masculine or
    neuter head («срок», «время») reads the same in both cases and is left alone.
    """
    words = phrase.split(" ")
    for i, word in enumerate(words[:3]):
        low = word.lower()
        if not re.fullmatch(r"[а-яё]+", low):
            return phrase
        adjective = next((new for old, new in _ADJECTIVE_ACC if low.endswith(old) and len(low) > 4), None)
        if adjective is not None:
            words[i] = word[: -2] + adjective
            continue
        noun = next(((old, new) for old, new in _NOUN_ACC if low.endswith(old) and len(low) > 3), None)
        if noun is not None:
            words[i] = word[: -len(noun[0])] + noun[1]
        break
    return " ".join(words)


def _verb_direction(text: str) -> str | None:
    down, up = _DOWN_VERBS.search(text), _UP_VERBS.search(text)
    if down and (not up or down.start() < up.start()):
        return "down"
    if up:
        return "up"
    return None


def _kind_and_unit(units: list[str], phrase: str, currency: str, texts: list[str]) -> tuple[str, str]:
    if "currency" in units:
        code = next((currency_code(t) for t in texts if currency_code(t)), "") or currency
        return "money", code
    durations = [u for u in units if u in DURATION_MINUTES]
    if durations:
        return "duration", min(durations, key=lambda u: DURATION_MINUTES[u])
    if "%" in units:
        return "share", "%"
    named = re.match(r"\s*(minutes?|hours?|days?|weeks?|минут\w*|час\w*|дн\w*|недел\w*)(?![\w-])", phrase, re.IGNORECASE)
    if named:
        return "duration", _unit_of(named.group(1))
    if "points" in units:
        return "score", "points"
    if _SCORE_WORDS.search(phrase):
        return "score", "points"
    if _SHARE_WORDS.search(phrase):
        return "share", "%"
    if currency and re.search(r"(?<![\w-])(revenue|check|value|price|spend|выручк\w*|чек\w*|стоимост\w*)", phrase,
                               re.IGNORECASE):
        return "money", currency
    return "count", ""


def _in_unit(value: float, unit: str, wanted: str) -> float:
    return _tidy(convert_duration(value, unit, wanted, digits=None)) if is_conversion(unit, wanted) else value


def parse_measure(text: str, *, currency: str = "", source: str = "expected_result") -> GoalMeasure | None:
    """The measure ``text`` states with its numbers, or ``None`` when it states no number at all."""
    text = without_opening_deadline(" ".join(text.replace("\u00a0", " ").split()))
    if not text:
        return None
    match = next((m for m in _FROM_TO.finditer(text) if _plausible_pair(m)), None)
    if match:
        unit_a, unit_b = _unit_of(match.group("aunit")), _unit_of(match.group("bunit"))
        if match.group("apre") or match.group("bpre"):
            unit_a = unit_a or "currency"
            unit_b = unit_b or "currency"
        a = _value(match.group("a"), match.group("amag"))
        b = _value(match.group("b"), match.group("bmag"))
        phrase = _clean_phrase(text[: match.start()])
        rest = text[match.end():]
        kind, unit = _kind_and_unit([u for u in (unit_a, unit_b) if u], phrase + " " + rest, currency,
                                    [match.group("aunit") or "", match.group("bunit") or "",
                                     match.group("apre") or "", match.group("bpre") or ""])
        if kind == "duration":
            a = _in_unit(a, unit_a or unit_b, unit)
            b = _in_unit(b, unit_b or unit_a, unit)
        direction = None if math.isclose(a, b) else ("up" if b > a else "down")
        return GoalMeasure(
            phrase=phrase, baseline=a, target=b, unit=unit, kind=kind, direction=direction,
            period=period_of(phrase) or period_of(text, rates_only=True), average=bool(_AVERAGE_WORDS.search(phrase)), source=source,
        )
    factor = _FACTOR.search(text)
    if factor and _LIMIT.search(text[factor.end():]):
        factor = None  # "double to 2 400": the explicit number is the target
    if factor:
        word = (factor.group("word") or "").lower()
        value = factor.group("f") or factor.group("g") or factor.group("h")
        k = float(value.replace(",", ".")) if value else (3.0 if word in ("втрое", "triple") else 2.0)
        direction = _verb_direction(text) or ("down" if word == "halve" else "up")
        phrase = _clean_phrase(_without(text, factor))
        kind, unit = _kind_and_unit([], phrase, currency, [])
        return GoalMeasure(phrase=phrase, unit=unit, kind=kind, direction=direction, factor=k,
                           period=period_of(phrase) or period_of(text, rates_only=True), average=bool(_AVERAGE_WORDS.search(phrase)), source=source)
    by = _BY.search(text)
    if by:
        n = float(by.group("n").replace(",", "."))
        sign = by.group("sign")
        direction = ("down" if sign in ("-", "−") else "up") if sign else _verb_direction(text)
        phrase = _clean_phrase(_without(text, by))
        kind, unit = _kind_and_unit([], phrase, currency, [])
        points = bool(re.match(r"п\.|pp|percentage points?|процентн\w* пункт", by.group("u"), re.IGNORECASE))
        return GoalMeasure(
            phrase=phrase, unit=unit, kind=kind, direction=direction, period=period_of(phrase) or period_of(text, rates_only=True),
            relative=None if points else n / 100, absolute_points=n if points else None,
            average=bool(_AVERAGE_WORDS.search(phrase)), source=source,
        )
    limit = _LIMIT.search(text)
    if limit:
        word = limit.group("word").lower()
        direction = next((d for d, p in _LIMITS if d and re.fullmatch(p, word, re.IGNORECASE)), None)
        direction = direction or _verb_direction(text[: limit.start()])
        unit_b = _unit_of(limit.group("bunit")) or ("currency" if limit.group("bpre") else "")
        phrase = _clean_phrase(text[: limit.start()])
        if not phrase and limit.end() < len(text):
            phrase = _clean_phrase(text[limit.end():])
        kind, unit = _kind_and_unit([unit_b] if unit_b else [], phrase, currency,
                                    [limit.group("bunit") or "", limit.group("bpre") or ""])
        b = _value(limit.group("b"), limit.group("bmag"))
        if kind == "duration":
            b = _in_unit(b, unit_b, unit)
        return GoalMeasure(phrase=phrase, target=b, unit=unit, kind=kind, direction=direction,
                           period=period_of(phrase) or period_of(text, rates_only=True), average=bool(_AVERAGE_WORDS.search(phrase)), source=source)
    return None


def _plausible_pair(match: re.Match[str]) -> bool:
    """A bare "A to B" needs a unit or an explicit "from"/«с»/arrow: "Week 4 to 8" is no baseline."""
    text = match.group(0).lower()
    explicit = re.match(r"\s*(?:from|с|со|от)\s", text) or any(arrow in text for arrow in ("→", "->", "=>"))
    return bool(explicit or match.group("aunit") or match.group("bunit") or text.lstrip()[:1] in ":—–-")


def _without(text: str, match: re.Match[str]) -> str:
    before, after = text[: match.start()].strip(), text[match.end():].strip()
    return before if before and len(before) >= len(after) / 2 else f"{before} {after}".strip()


def goal_measure(title: str, problem: str, expected_result: str, *, currency: str = "") -> GoalMeasure | None:
    """The measure a goal states: its expected result first, then its title, then its problem.

    A measure found without a name of its own ("from 15 to 7 days") borrows the title's words;
    one whose direction is still unknown takes it from the verb anywhere in the goal ("reduce …").
    Only the measure's own words give its period: "… from 9 % to 6 % within a quarter" names a
    deadline, not a quarterly measure.
    """
    for source, text in (("expected_result", expected_result), ("title", title), ("problem", problem)):
        found = parse_measure(text, currency=currency, source=source) if text else None
        if found is None:
            continue
        if not found.phrase:
            found = replace(found, phrase=_clean_phrase(title) or _clean_phrase(problem))
        if found.direction is None:
            found = replace(found, direction=_verb_direction(" ".join((expected_result, title))))
        return found
    return None
