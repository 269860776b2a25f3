"""Reading a goal's deadline out of its words, in English and Russian: the draft's target date.

A goal usually says when its result is due, and a consultant writes that date into the tracking
table instead of a default. The forms read here (``today`` is the draft's date):

* a date: "2027-03-15", "15.03.2027", "15/03/2027";
* a month, with or without a day and a year, after a deadline word: "by June 2027", "by 15
  March", «к сентябрю», «до конца марта 2027 года» → the month's last day (or the day named); a
  month without a year is the first such month whose end is not before ``today``;
* a quarter: "by Q3", "by the end of Q3", "end of Q2 2027", "in the third quarter", «к концу 3
  квартала», «до конца II квартала 2027», «в 3 квартале», «3 кв. 2027» → the quarter's last day;
  a half-year: "H1 2027", "by the second half", «первое полугодие 2027», «во 2 полугодии» →
  June 30 or December 31. Without a year, a quarter or a half needs a deadline word ("by",
  "in", «к», «в», "end of") and is the first one whose end is not before ``today``; with a year
  it may stand alone ("Q2 2027");
* a year: "by the end of 2026", «к концу 2026 года», «до конца 2026», "in 2027", «в 2027 году» →
  December 31 of that year. "By 2027", «к 2027 году», «до 2027 года» name the year's *start*, so
  the deadline is the last day before it (2026-12-31) — unless that day has passed, when the
  writer means during that year;
* the current or next period: "by year end", "by the end of the year", «к концу года», "this
  year" → December 31 of ``today``'s year; "next year", «в следующем году» → December 31 of the
  next; "by the end of the quarter", «к концу квартала» → this quarter's last day; "next quarter"
  → the next quarter's; "by the end of the month" / «к концу месяца» and "next month" likewise;
* a span from ``today``: "within 12 months", "in 6 months", "over the next 90 days", «за 6
  месяцев», «в течение квартала», «за полгода», «через 2 недели», "within a year" → ``today``
  plus that span (months are added on the calendar, the day clamped to the month's end). "In
  the next quarter", «в течение следующего года» name the calendar period, not a span.

A span is a deadline only after the goal's numbers ("… from 9 % to 6 % within a quarter") or
at the very start of the sentence («За полгода снизить отток …»): before the numbers it names the
measure's own window ("Share of customers who buy again within 90 days", «Доля трудоустроенных
за 6 месяцев»). Hours and minutes are never deadlines.

Where a text names several deadlines, the first one written wins. The regular expressions are
compiled once, here: this runs on every offline draft.
"""

from __future__ import annotations

import datetime as dt
import re

_I = re.IGNORECASE

_EN_MONTHS = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
    ("december", "dec"),
)
_RU_MONTHS = (
    r"январ[ьяюе]", r"феврал[ьяюе]", r"март[аеу]?", r"апрел[ьяюе]", r"ма[йяюе]", r"июн[ьяюе]", r"июл[ьяюе]",
    r"август[аеу]?", r"сентябр[ьяюе]", r"октябр[ьяюе]", r"ноябр[ьяюе]", r"декабр[ьяюе]",
)
#: A month word's first three letters (May in Russian: its four forms) → the month's number.
_MONTH_NUMBERS = {
    **{en[-1][:3]: n for n, en in enumerate(_EN_MONTHS, 1)},
    **dict(zip(("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"), range(1, 13))),
    "мая": 5, "мае": 5, "маю": 5,
}
_MONTH = "|".join(r"(?:" + "|".join(en) + r")\.?|" + ru for en, ru in zip(_EN_MONTHS, _RU_MONTHS))

#: A word that puts a calendar point as a deadline, with an optional "end of" after it.
_END = r"(?:(?:the\s+)?(?:very\s+)?end\s+of\s+(?:the\s+)?|close\s+of\s+(?:the\s+)?|(?:концу|конца|конец|конце|окончанию|окончания|итогам)\s+)"
_LEAD = (
    r"(?:(?<![\w-])(?P<lead>(?:(?:by|until|till|before|in|during|through|throughout|within|no\s+later\s+than|"
    r"not\s+later\s+than|к|до|в|во|на|по|не\s+позднее|не\s+позже|в\s+течение)\s+(?:the\s+)?" + _END + r"?|" + _END + r")))"
)
_YEAR_WORD = r"(?:\s*(?:года|году|год|г\.|г\b))?"
_YEAR_AFTER = r"(?:\s*(?:,|of|'|/)?\s*(?:fy\s*)?(?P<year>20\d\d)(?![\d.,/-]\d)" + _YEAR_WORD + r")?"

_DATE = re.compile(
    r"(?<![\d.,/-])(?:(?P<iy>20\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2})|(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<y>20\d\d))"
    r"(?![\d.,/-]?\d)"
)
_MONTH_DEADLINE = re.compile(
    _LEAD + r"?(?:(?P<day>\d{1,2})(?:st|nd|rd|th|-?го)?\s+(?:of\s+)?)?(?P<month>" + _MONTH + r")(?![\w-])"
    r"(?:\s+(?P<mday>\d{1,2})(?:st|nd|rd|th)?(?=,?\s+20\d\d))?" + _YEAR_AFTER,
    _I,
)
_ORDINALS = (
    (1, r"first|1st|перв\w*"), (2, r"second|2nd|втор\w*"), (3, r"third|3rd|трет\w*"), (4, r"fourth|4th|четв[её]рт\w*"),
)
_ORDINAL_RES = tuple((n, re.compile(p, _I)) for n, p in _ORDINALS)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = re.compile(
    _LEAD + r"?(?:(?<![\w-])q(?P<q1>[1-4])|(?<![\w-])(?P<q2>[1-4])q"
    r"|(?<![\w-])(?P<q3>[1-4]|i{1,3}|iv)(?:-?(?:й|ый|ий|го|ого|его|м|ом|ем))?\s*(?:кв(?![\w.]|\s*м(?![\w-]))|кв\.(?!\s*м(?![\w-]))|квартал\w*)"
    r"|(?P<qw>" + "|".join(p for _, p in _ORDINALS) + r")\s+(?:quarter|квартал\w*)"
    r"|quarter\s+(?P<q4>[1-4]))(?![\w-])" + _YEAR_AFTER,
    _I,
)
_HALF = re.compile(
    _LEAD + r"?(?:(?<![\w-])h(?P<h1>[12])"
    r"|(?<![\w-])(?P<h3>[12]|i{1,2})(?:-?(?:е|ое|го|ого|м|ом))?\s*полугоди\w*"
    r"|(?P<hw>first|1st|second|2nd|перв\w*|втор\w*)\s+(?:half(?:\s+of\s+the\s+year|[\s-]year)?|полугоди\w*))"
    r"(?![\w-])" + _YEAR_AFTER,
    _I,
)
#: A year with a deadline word: "by the end of 2026", «к концу 2026 года», "in 2027", "by 2027".
_YEAR = re.compile(
    _LEAD + r"(?:fy\s*)?(?P<year>20\d\d)(?![\d.,/-]?\d|\s*(?:%|[x×]|[-–—]\s*20\d\d))" + _YEAR_WORD,
    _I,
)
_ENDS_WITH_END = re.compile(_END + r"$", _I)
_ENDS_WITH_YEAR_WORD = re.compile(r"(?:г\.?|год\w*)$", _I)
#: What may follow "by 2027" / «до 2027» for it to be a date and not an amount ("increase by 2030 units").
_AFTER_BARE_YEAR = re.compile(r"\s*(?:$|[,.;:!?()—–]|-\s|(?:and|и|or|или)(?![\w-]))", _I)
_CURRENT = re.compile(
    r"(?<![\w-])(?:(?P<yend>(?:" + _END + r"|(?:в|к|до|на)\s+" + _END + r")(?:this\s+|the\s+current\s+|current\s+|этого\s+|текущего\s+)?"
    r"(?:year|года)|year[\s-]end|eoy|this\s+year|(?:в\s+)?(?:этом|текущем)\s+году)"
    r"|(?P<ynext>(?:" + _END + r")?(?:the\s+)?next\s+year|(?:" + _END + r")?(?:следующ|будущ)\w*\s+год\w*)"
    r"|(?P<qend>" + _END + r"(?:this\s+|the\s+current\s+|current\s+|этого\s+|текущего\s+)?(?:quarter|квартала)"
    r"|quarter[\s-]end|eoq|this\s+quarter|(?:в\s+)?(?:этом|текущем)\s+квартале)"
    r"|(?P<qnext>(?:" + _END + r")?(?:the\s+)?next\s+quarter|(?:" + _END + r")?следующ\w*\s+квартал\w*)"
    r"|(?P<hend>" + _END + r"(?:this\s+|the\s+current\s+|этого\s+|текущего\s+)?(?:half[\s-]year|полугодия))"
    r"|(?P<mend>" + _END + r"(?:this\s+|the\s+current\s+|этого\s+|текущего\s+)?(?:month|месяца)|month[\s-]end|eom)"
    r"|(?P<mnext>(?:" + _END + r")?(?:the\s+)?next\s+month|(?:" + _END + r")?следующ\w*\s+месяц\w*))(?![\w-])",
    _I,
)

_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
    "один": 1, "одна": 1, "одну": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3,
    "трех": 3, "четыре": 4, "четырёх": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7,
    "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11,
    "одиннадцати": 11, "двенадцать": 12, "двенадцати": 12, "полтора": 1.5, "полторы": 1.5, "полутора": 1.5,
}
#: Span units in months (a negative number: days).
_SPAN_UNITS = (
    (-1, r"days?|дн[яеи]й?|день|сут(?:ок|ки)"), (-7, r"weeks?|недел[юиья]|недель"),
    (1, r"months?|месяц(?:а|ев)?|мес\.?"), (3, r"quarters?|квартал(?:а|ов)?"),
    (6, r"half[\s-]year|half\s+a\s+year|полугоди[ея]|полгода|полугода"), (12, r"years?|год(?:а)?|лет"),
)
_SPAN = re.compile(
    r"(?<![\w-])(?:within|in|over|during|за|в\s+течение|через|на\s+протяжении|в\s+пределах|"
    r"в(?=\s+(?:ближайш|следующ|последующ)))\s+"
    r"(?:(?:the\s+)?(?:next|coming|following)\s+|(?:ближайш|следующ|последующ)\w*\s+)?"
    r"(?:(?P<n>\d{1,3}(?:[.,]5)?)\s*-?\s*|(?P<w>" + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True)) + r")\s+)?"
    r"(?P<unit>" + "|".join(f"(?P<u{i}>{p})" for i, (_, p) in enumerate(_SPAN_UNITS)) + r")(?![\w-])",
    _I,
)
_CYRILLIC_ONLY = re.compile(r"[а-яё\s]+")
_NEXT_CALENDAR = re.compile(r"next|following|следующ|последующ", _I)
_COMING = re.compile(r"coming", _I)
#: Before a span that opens the goal: nothing, or only its verb («За полгода снизить …», «Снизить за полгода …»).
_SENTENCE_START = re.compile(
    r"[\W_]*(?:(?:to\s+)?(?:reduce|cut|lower|decrease|shorten|halve|increase|raise|grow|boost|improve|double|lift|get|"
    r"bring|reach|achieve|[а-яё]+(?<!ос)(?<!ес)(?:ть|ти|чь)(?:ся)?)[\W_]*)?",  # a verb, not «скорость»
    _I,
)
#: A number the goal is measured by (or a factor in words) before a span makes the span a deadline.
_MEASURE_NUMBER = re.compile(r"\d|(?<![\w-])(?:вдвое|втрое|double|triple|halve|twice)(?![\w-])", _I)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, _month_end(year, month + 1).day))


def _next_end(today: dt.date, month: int, year: str | None) -> dt.date:
    """The last day of ``month`` in ``year``, or the first such day not before ``today``."""
    if year:
        return _month_end(int(year), month)
    end = _month_end(today.year, month)
    return end if end >= today else _month_end(today.year + 1, month)


def _number(match: re.Match[str], digits: str, roman: str | None = None, words: str | None = None) -> int:
    for name in digits.split():
        if match.group(name):
            return int(match.group(name))
    if roman and match.group(roman):
        value = match.group(roman).lower()
        return int(value) if value.isdigit() else _ROMAN[value]
    word = match.group(words or "").lower() if words else ""
    return next(n for n, p in _ORDINAL_RES if p.fullmatch(word))


def _date(match: re.Match[str], today: dt.date) -> dt.date | None:
    try:
        if match.group("iy"):
            return dt.date(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
        day, month = (b, a) if b > 12 >= a else (a, b)  # 15.03.2027; 03/15/2027 only when it cannot be a day
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(match: re.Match[str], today: dt.date) -> dt.date | None:
    if not match.group("lead"):
        return None
    word = match.group("month")
    month = _MONTH_NUMBERS[word.lower()[:3]]
    day = match.group("day") or match.group("mday")
    if not day:
        return _next_end(today, month, match.group("year"))
    try:
        if match.group("year"):
            return dt.date(int(match.group("year")), month, int(day))
        this = dt.date(today.year, month, int(day))
        return this if this >= today else dt.date(today.year + 1, month, int(day))
    except ValueError:
        return None


def _quarter(match: re.Match[str], today: dt.date) -> dt.date | None:
    if not match.group("lead") and not match.group("year"):
        return None
    quarter = _number(match, "q1 q2 q4", "q3", "qw")
    return _next_end(today, quarter * 3, match.group("year"))


def _half(match: re.Match[str], today: dt.date) -> dt.date | None:
    if not match.group("lead") and not match.group("year"):
        return None
    half = _number(match, "h1", "h3", "hw")
    if half > 2:
        return None
    return _next_end(today, half * 6, match.group("year"))


def _year(match: re.Match[str], today: dt.date) -> dt.date | None:
    year = int(match.group("year"))
    if not today.year - 1 <= year <= today.year + 20:
        return None
    lead = " ".join(match.group("lead").lower().split())
    ends = bool(_ENDS_WITH_END.search(lead + " ")) or (lead + " ").startswith(
        ("in ", "during ", "through", "within ", "в ", "во "))
    if ends:
        return dt.date(year, 12, 31)
    # "by 2027", «до 2027 года»: by the start of that year — only when no amount follows.
    if not _ENDS_WITH_YEAR_WORD.search(match.group(0)) and not _AFTER_BARE_YEAR.match(match.string, match.end()):
        return None
    before = dt.date(year - 1, 12, 31)
    return before if before >= today else dt.date(year, 12, 31)


def _current(match: re.Match[str], today: dt.date) -> dt.date | None:
    quarter_end = (today.month - 1) // 3 * 3 + 3
    if match.group("yend"):
        return dt.date(today.year, 12, 31)
    if match.group("ynext"):
        return dt.date(today.year + 1, 12, 31)
    if match.group("qend"):
        return _month_end(today.year, quarter_end)
    if match.group("qnext"):
        return _month_end(today.year, quarter_end + 3)
    if match.group("hend"):
        return _month_end(today.year, 6 if today.month <= 6 else 12)
    if match.group("mend"):
        return _month_end(today.year, today.month)
    return _month_end(today.year, today.month + 1)


def _span(match: re.Match[str], today: dt.date) -> dt.date | None:
    before = match.string[: match.start()]
    at_start = _SENTENCE_START.fullmatch(before) is not None
    if not at_start and not _MEASURE_NUMBER.search(before):
        return None  # before the numbers a span is the measure's own window
    months = next(m for i, (m, _) in enumerate(_SPAN_UNITS) if match.group(f"u{i}"))
    if match.group("n"):
        count = float(match.group("n").replace(",", "."))
    elif match.group("w"):
        count = _COUNT_WORDS[match.group("w").lower()]
    elif _NEXT_CALENDAR.search(match.group(0)) and months > 0:
        return None  # "in the next quarter", «в течение следующего года»: that calendar period (read above)
    elif months == 6 or _CYRILLIC_ONLY.fullmatch(match.group(0).lower()) or _COMING.search(match.group(0)) or (
            _NEXT_CALENDAR.search(match.group(0))):
        count = 1  # «в течение квартала», "within the coming year", "within the next week"
    else:
        return None  # "in days", "over weeks": no span
    if months < 0:
        return today + dt.timedelta(days=round(-months * count))
    total = months * count
    if total != int(total):
        return today + dt.timedelta(days=round(total * 30.4))
    return _add_months(today, int(total))


_READERS = (
    (_DATE, _date), (_CURRENT, _current), (_QUARTER, _quarter), (_HALF, _half), (_MONTH_DEADLINE, _month),
    (_YEAR, _year), (_SPAN, _span),
)


def deadlines(text: str, today: dt.date) -> list[tuple[int, int, dt.date]]:
    """Every deadline ``text`` names, as (start, end, date), in the order written."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern, read in _READERS:
        for match in pattern.finditer(text):
            date = read(match, today)
            if date is not None:
                found.append((match.start(), match.end(), date))
    found.sort(key=lambda item: (item[0], -item[1]))
    return found


def deadline_of(text: str, today: dt.date) -> dt.date | None:
    """The date a goal's words name as its deadline (see the module's docstring), or ``None``."""
    text = " ".join(text.replace("\u00a0", " ").split())
    found = deadlines(text, today) if text else []
    return found[0][2] if found else None


def without_opening_deadline(text: str) -> str:
    """``text`` without a deadline that opens it, alone or after the verb: "Within 12 months, reduce
    churn …" → "reduce churn …", «Снизить за полгода отток …» → «Снизить отток …». The deadline is
    then neither part of the measure's name nor read as its window («За квартал снизить …»)."""
    found = deadlines(text, dt.date.today())
    if not found or not _SENTENCE_START.fullmatch(text[: found[0][0]]):
        return text
    start, end = found[0][0], found[0][1]
    rest = text[end:].lstrip(" ,:;—–-")
    return f"{text[:start].rstrip()} {rest}".strip() if text[:start].strip() else rest
