"""The interview: the questions that fill a business profile, in the order DESIGN.md gives.

Why a library module: the TUI, tests and any future surface (a web form, a chat
bot) must ask the same questions in the same order and write the answers into
the same profile paths. The seeds' three core questions (first value, how it
repeats, how it is paid for) come first because every later answer is read in
their light. Nothing here imports a UI toolkit.

A question may fill several profile paths (the "aha" question asks for the
moment, the event that marks it and the event that starts the clock), so each
question is made of fields; an answer is a mapping ``path -> text``.

:func:`offline_follow_up` is the deterministic fallback for the follow-up that
an LLM asks when a core answer is vague: it looks for what a metric needs (an
observable customer action, a repeat mechanism, a number) and asks for the
part that is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from metricsmith.errors import ProfileError
from metricsmith.formatting import number_text
from metricsmith.models.profile import Profile, parse_number

__all__ = [
    "Field",
    "Question",
    "QUESTIONS",
    "CORE_QUESTION_IDS",
    "question",
    "question_ids",
    "read_answer",
    "write_answer",
    "answer_text",
    "is_answered",
    "missing_required",
    "offline_follow_up",
    "apply_follow_up",
]


@dataclass(frozen=True)
class Field:
    """One input of a question: the profile path it fills, its label and an example."""

    path: str
    label_en: str
    label_ru: str
    example_en: str
    example_ru: str
    required: bool = False
    multiline: bool = False

    def label(self, lang: str) -> str:
        return self.label_ru if lang == "ru" else self.label_en

    def example(self, lang: str) -> str:
        return self.example_ru if lang == "ru" else self.example_en


@dataclass(frozen=True)
class Question:
    """One interview step: question text, hint, example answer and the fields it fills."""

    id: str
    text_en: str
    text_ru: str
    hint_en: str
    hint_ru: str
    fields: tuple[Field, ...]
    required: bool = False
    core: bool = False

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.fields)

    def text(self, lang: str) -> str:
        return self.text_ru if lang == "ru" else self.text_en

    def hint(self, lang: str) -> str:
        return self.hint_ru if lang == "ru" else self.hint_en

    def example(self, lang: str) -> str:
        """The example answer: every field's example, labelled."""
        return "\n".join(f"{f.label(lang)}: {f.example(lang)}" for f in self.fields)


QUESTIONS: tuple[Question, ...] = (
    Question(
        id="first_value",
        core=True,
        required=True,
        text_en="Where does the customer first feel value — the “aha” moment?",
        text_ru="Где клиент впервые ощущает ценность — момент «ага»?",
        hint_en="Name something the customer does or sees that you could find in your data, "
        "and the event that starts the clock (purchase, signup, contract).",
        hint_ru="Назовите то, что клиент делает или видит и что можно найти в данных, "
        "и событие, с которого идёт отсчёт (покупка, регистрация, договор).",
        fields=(
            Field(
                "first_value.description",
                "The moment",
                "Момент",
                "The customer sends the first invoice and gets paid through our link",
                "Клиент получает первый заказ в пункте выдачи в тот же день",
                required=True,
            ),
            Field(
                "first_value.value_event",
                "Event that marks it",
                "Событие, которое его отмечает",
                "first invoice paid",
                "первый заказ выдан",
            ),
            Field(
                "first_value.start_event",
                "Event that starts the clock",
                "Событие, с которого идёт отсчёт",
                "account signup",
                "оформление первого заказа",
            ),
        ),
    ),
    Question(
        id="repeat",
        core=True,
        required=True,
        text_en="How does that value repeat or grow?",
        text_ru="Как эта ценность повторяется или растёт?",
        hint_en="Reorders, renewals, repeat visits, more seats, new projects — and how often.",
        hint_ru="Повторные заказы, продления, визиты, новые места, проекты — и как часто.",
        fields=(
            Field(
                "repeat.description",
                "How it repeats",
                "Как повторяется",
                "Teams add seats as they grow; annual renewals",
                "Клиенты заказывают снова каждые 3–4 недели",
                required=True,
                multiline=True,
            ),
        ),
    ),
    Question(
        id="monetisation",
        core=True,
        required=True,
        text_en="How is it monetised, and at what average check?",
        text_ru="Как это монетизируется и какой средний чек?",
        hint_en="Subscription, transactions, services, seats, licences or ads; the average check as a number.",
        hint_ru="Подписка, транзакции, услуги, места, лицензии или реклама; средний чек числом.",
        fields=(
            Field(
                "monetisation.model",
                "Model",
                "Модель",
                "monthly subscription per seat",
                "оплата за каждый заказ",
                required=True,
            ),
            Field("monetisation.average_check", "Average check", "Средний чек", "145", "2400"),
            Field("monetisation.currency", "Currency", "Валюта", "USD", "RUB"),
        ),
    ),
    Question(
        id="business",
        required=True,
        text_en="What is the business called, and what does it do?",
        text_ru="Как называется бизнес и чем он занимается?",
        hint_en="One line: what you do and for whom.",
        hint_ru="Одной строкой: что вы делаете и для кого.",
        fields=(
            Field("business.name", "Name", "Название", "Ledgerly", "ВкусДом", required=True),
            Field(
                "business.description",
                "One-line description",
                "Описание одной строкой",
                "Invoicing and payment reminders for small agencies",
                "Доставка готовой еды для семей",
            ),
        ),
    ),
    Question(
        id="industry",
        text_en="Which industry, and do you sell to businesses or to consumers?",
        text_ru="Какая отрасль и кому вы продаёте — бизнесу или людям?",
        hint_en="Any industry, in your words (car wash, pharmacy, SaaS…); B2B, B2C or B2B2C.",
        hint_ru="Любая отрасль своими словами (автомойка, аптека, SaaS…); B2B, B2C или B2B2C.",
        fields=(
            Field("business.industry", "Industry", "Отрасль", "B2B SaaS", "розница"),
            Field("business.customer_type", "B2B / B2C", "B2B / B2C", "B2B", "B2C"),
        ),
    ),
    Question(
        id="goals",
        text_en="What are the project's goals: the problem and the result you expect?",
        text_ru="Каковы цели проекта: какую проблему решаете и какой результат ждёте?",
        hint_en="One goal per line: title | problem | expected result (with a number if you can).",
        hint_ru="Одна цель на строку: название | проблема | ожидаемый результат (лучше с числом).",
        fields=(
            Field(
                "goals",
                "Goals",
                "Цели",
                "Reduce churn | small accounts cancel quietly | monthly churn from 3.1 % to 2 %",
                "Удержать клиентов | клиенты уходят после 2 заказов | повторные заказы с 20 % до 35 %",
                multiline=True,
            ),
        ),
    ),
    Question(
        id="known_numbers",
        text_en="Which numbers do you already know (baselines)?",
        text_ru="Какие числа вы уже знаете (исходные значения)?",
        hint_en="One per line: name: value. They become the “before” column.",
        hint_ru="По одному на строку: название: значение. Они станут колонкой «было».",
        fields=(
            Field(
                "known_numbers",
                "Known numbers",
                "Известные числа",
                "NPS: 32; monthly churn: 3.1%",
                "NPS: 32; доля повторных заказов: 20%",
                multiline=True,
            ),
        ),
    ),
    Question(
        id="people",
        text_en="Who can own metrics? Name and role.",
        text_ru="Кто может отвечать за метрики? Имя и роль.",
        hint_en="One person per line: name — role. A person, not a department.",
        hint_ru="По одному на строку: имя — роль. Человек, а не отдел.",
        fields=(
            Field(
                "people",
                "People",
                "Люди",
                "Priya Nair — CEO; Hannah Scott — Customer Success",
                "Анна Петрова — директор; Олег Смирнов — руководитель доставки",
                multiline=True,
            ),
        ),
    ),
    Question(
        id="data_sources",
        text_en="Where does your data live?",
        text_ru="Где живут ваши данные?",
        hint_en="CRM, BI, billing, spreadsheets, manual records — separated by commas.",
        hint_ru="CRM, BI, биллинг, таблицы, ручной учёт — через запятую.",
        fields=(
            Field("data_sources", "Data sources", "Источники данных", "Stripe, HubSpot, Zendesk", "1С, amoCRM, Google Таблицы"),
        ),
    ),
    Question(
        id="segments",
        text_en="Which customer segments are worth comparing?",
        text_ru="Какие сегменты клиентов стоит сравнивать?",
        hint_en="New vs loyal, small vs large check, region, channel — separated by commas.",
        hint_ru="Новые и постоянные, малый и большой чек, регион, канал — через запятую.",
        fields=(
            Field("segments", "Segments", "Сегменты", "plan tier, acquisition channel", "новые и постоянные, регион"),
        ),
    ),
)

CORE_QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS if q.core)

_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}


def question(question_id: str) -> Question:
    """The question with this id; ``KeyError`` naming it when unknown."""
    try:
        return _BY_ID[question_id]
    except KeyError:
        raise KeyError(f"no interview question '{question_id}'") from None


def question_ids() -> list[str]:
    return [q.id for q in QUESTIONS]


# --- reading and writing answers -------------------------------------------------------------


def _fmt_number(value: float | str | None) -> str:
    """An answer's number as editable text (``1234567``, not ``1.23457e+06``)."""
    if value is None or isinstance(value, str):
        return value or ""
    return number_text(value)


def _known_text(value: float | str, unit: str, lang: str) -> str:
    """A known number as it was written: with its unit, and a decimal comma in Russian («1200,5 EUR»).

    Editable text, so no thousands grouping: it must read back as the same number.
    """
    from metricsmith.formatting import unit_suffix

    text = _fmt_number(value)
    if isinstance(value, str):
        return text
    if lang == "ru":
        text = text.replace(".", ",")
    return f"{text} {unit_suffix(unit, lang)}" if unit else text


def _read_path(profile: Profile, path: str) -> str:
    if path == "goals":
        lines = []
        for g in profile.goals:
            parts = [g.title, g.problem, g.expected_result]
            while parts and not parts[-1]:
                parts.pop()
            lines.append(" | ".join(parts))
        return "\n".join(lines)
    if path == "known_numbers":
        return "\n".join(
            f"{k}: {_known_text(v, profile.known_units.get(k, ''), profile.language)}"
            for k, v in profile.known_numbers.items()
        )
    if path == "people":
        return "\n".join(f"{p.name} — {p.role}" if p.role else p.name for p in profile.people)
    if path in ("data_sources", "segments"):
        return ", ".join(getattr(profile, path))
    section, _, attr = path.partition(".")
    return _fmt_number(getattr(getattr(profile, section), attr))


def read_answer(profile: Profile, question_id: str) -> dict[str, str]:
    """The current answer to a question as ``{path: text}`` (empty strings when unanswered)."""
    return {path: _read_path(profile, path) for path in question(question_id).paths}


def _parse_goals(text: str) -> list[dict[str, str]]:
    goals = []
    for line in text.splitlines():
        line = line.strip().lstrip("-•*").strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        goal = {"title": parts[0]}
        if len(parts) > 1:
            goal["problem"] = parts[1]
        if len(parts) > 2:
            goal["expected_result"] = " | ".join(parts[2:])
        goals.append(goal)
    return goals


def _parse_numbers(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for piece in re.split(r"[\n;]", text):
        piece = piece.strip().lstrip("-•*").strip()
        if not piece:
            continue
        name, sep, value = piece.rpartition(":")
        if not sep:
            name, sep, value = piece.rpartition("=")
        if not sep or not name.strip():
            raise ProfileError(
                f"'{piece}': write each known number as 'name: value'", field="known_numbers"
            )
        out[name.strip()] = value.strip()
    return out


def _people_lines(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n;]", text) if p.strip()]


def write_answer(profile: Profile, question_id: str, answer: Mapping[str, str]) -> None:
    """Write ``answer`` (``{path: text}``) into ``profile``; paths not in the answer stay as they are.

    Raises :class:`ProfileError` naming the field when a value cannot be read
    (the profile is left unchanged for that field).
    """
    from pydantic import ValidationError

    q = question(question_id)
    for path in q.paths:
        if path not in answer:
            continue
        text = (answer[path] or "").strip()
        value: Any
        try:
            if path == "goals":
                value = _parse_goals(text)
                setattr(profile, "goals", value)
            elif path == "known_numbers":
                from metricsmith.engines.goal_measure import unit_of_text

                parsed = _parse_numbers(text)
                setattr(profile, "known_numbers", parsed)
                # the unit each number was written with ("12 %", "32 EUR"): kept, not dropped
                units = {k: unit_of_text(v) for k, v in parsed.items()}
                setattr(profile, "known_units", {k: u for k, u in units.items() if u})
            elif path == "people":
                setattr(profile, "people", _people_lines(text))
            elif path in ("data_sources", "segments"):
                setattr(profile, path, text)
            else:
                section, _, attr = path.partition(".")
                setattr(getattr(profile, section), attr, text or (None if attr == "average_check" else ""))
        except ValidationError as exc:
            raise ProfileError(exc.errors()[0]["msg"], field=path) from exc


def answer_text(answer: Mapping[str, str] | str) -> str:
    """An answer as one text (the fields joined), for follow-up checks and LLM prompts."""
    if isinstance(answer, str):
        return answer.strip()
    return "\n".join(v.strip() for v in answer.values() if v and v.strip())


def is_answered(profile: Profile, question_id: str) -> bool:
    return any(read_answer(profile, question_id).values())


def missing_required(question_id: str, answer: Mapping[str, str]) -> list[str]:
    """Paths of required fields left empty in ``answer`` (empty list when the answer is acceptable)."""
    q = question(question_id)
    if not q.required:
        return []
    return [f.path for f in q.fields if f.required and not (answer.get(f.path) or "").strip()]


# --- the offline follow-up -----------------------------------------------------------------

# Words of feeling and opinion: an answer made only of these names no observable event.
_VAGUE_STEMS = {
    "en": ("love", "like", "happy", "satisf", "enjoy", "delight", "great", "good", "better", "value",
           "conveni", "easy", "easier", "trust", "feel", "nice", "appreci", "best", "help", "quality"),
    "ru": ("любят", "люб", "нрав", "доволь", "удоб", "ценн", "рад", "хорош", "лучш", "прост", "качеств",
           "довер", "чувств", "помога", "комфорт", "приятн", "отличн", "выгодн"),
}
# Words that name an observable action or record.
_EVENT_STEMS = {
    "en": ("order", "buy", "bought", "purchas", "pay", "paid", "invoice", "sign", "regist", "book",
           "deliver", "receiv", "send", "sent", "upload", "download", "creat", "complet", "finish", "open",
           "click", "submit", "visit", "call", "ticket", "report", "ship", "pick", "return", "renew",
           "install", "connect", "publish", "launch", "first", "place", "hire", "pass", "login",
           "graduat", "resolv", "close", "approv", "start", "enrol", "enroll", "accept"),
    "ru": ("заказ", "покуп", "куп", "оплат", "плат", "счёт", "счет", "регистр", "запис", "достав", "получ",
           "отправ", "загруз", "созда", "заверш", "закон", "откры", "нажа", "вход", "визит", "звон",
           "заявк", "отчёт", "отчет", "выда", "забра", "возвр", "продл", "установ", "подключ", "публик",
           "запуст", "перв", "оформ", "сда", "выпуск", "реш", "закры", "одобр", "нача", "пользу", "трудоустро",
           "подпис", "договор", "курс", "урок"),
}
_REPEAT_STEMS = {
    "en": ("reorder", "again", "repeat", "renew", "return", "every", "each", "week", "month", "year",
           "annual", "subscri", "seat", "visit", "project", "upgrad", "expand", "more", "add", "daily",
           "regular", "recurr", "refill", "next", "second", "another"),
    "ru": ("снова", "повтор", "продл", "возвра", "кажд", "недел", "месяц", "год", "ежемесяч", "подписк",
           "мест", "визит", "проект", "ещё", "еще", "добав", "регуляр", "следующ", "втор", "раз", "расшир",
           "докуп", "постоян"),
}
_MODEL_STEMS = {
    "en": ("subscri", "transaction", "commission", "fee", "per ", "seat", "licen", "ads", "advert", "service",
           "hour", "project", "order", "sale", "margin", "plan", "tier", "usage", "pay"),
    "ru": ("подписк", "транзакц", "комисс", "плат", "мест", "лиценз", "реклам", "услуг", "час", "проект",
           "заказ", "продаж", "наценк", "тариф", "абонемент", "за "),
}

_FOLLOW_UPS = {
    "first_value": {
        "en": "What does the customer do or see at that moment, and how would you notice it in your data "
        "(which event, record or number shows it happened)?",
        "ru": "Что именно клиент делает или видит в этот момент и как вы заметите это в данных "
        "(какое событие, запись или число показывает, что это случилось)?",
    },
    "repeat": {
        "en": "Which customer action repeats — a reorder, a renewal, another visit, an added seat — "
        "and how often does it happen (a number or a period)?",
        "ru": "Какое действие клиента повторяется — повторный заказ, продление, новый визит, новое место — "
        "и как часто это происходит (число или период)?",
    },
    "monetisation_model": {
        "en": "How exactly do customers pay: a subscription, per transaction, per service, per seat, "
        "a licence or ads — and what is the average check in numbers?",
        "ru": "Как именно клиенты платят: подписка, за транзакцию, за услугу, за место, лицензия "
        "или реклама — и каков средний чек в числах?",
    },
    "monetisation_check": {
        "en": "What is the average check — roughly how much does one customer pay per order, month or contract?",
        "ru": "Каков средний чек — примерно сколько платит один клиент за заказ, месяц или договор?",
    },
}


def _has(text: str, stems: tuple[str, ...]) -> bool:
    low = text.lower().replace("ё", "е")
    words = re.findall(r"[^\W_]+", low)
    for stem in stems:
        s = stem.replace("ё", "е")
        if s.endswith(" "):
            if s in low + " ":
                return True
        elif any(w.startswith(s) for w in words):
            return True
    return False


def _has_number(text: str) -> bool:
    return bool(re.search(r"\d", text))


def offline_follow_up(question_id: str, answer: Mapping[str, str] | str, lang: str = "en") -> str | None:
    """A follow-up question when a core answer is too vague to build a metric on, else ``None``.

    Deterministic and offline. Only the three core questions are checked:

    - first value: needs an observable event (an action or record), not only a feeling
      ("customers love it");
    - repeat: needs a repeat mechanism (which action repeats) or a frequency;
    - monetisation: needs a recognisable payment model and an average check.
    """
    lang = "ru" if lang == "ru" else "en"
    if question_id not in CORE_QUESTION_IDS:
        return None
    fields = {} if isinstance(answer, str) else dict(answer)
    text = answer_text(answer)
    if not text:
        return None  # empty answers are handled as "required", not as vague
    both = _VAGUE_STEMS["en"] + _VAGUE_STEMS["ru"]
    events = _EVENT_STEMS["en"] + _EVENT_STEMS["ru"]
    if question_id == "first_value":
        if (fields.get("first_value.value_event") or "").strip():
            return None
        if fields:  # the clock's start event says nothing about the value moment itself
            text = (fields.get("first_value.description") or "").strip()
        words = re.findall(r"[^\W_]+", text)
        if _has(text, events) and len(words) >= 3:
            return None
        if _has(text, both) or len(words) < 3 or not _has(text, events):
            return _FOLLOW_UPS["first_value"][lang]
        return None
    if question_id == "repeat":
        if _has(text, _REPEAT_STEMS["en"] + _REPEAT_STEMS["ru"]) or _has_number(text):
            return None
        return _FOLLOW_UPS["repeat"][lang]
    # monetisation
    model = fields.get("monetisation.model", text if isinstance(answer, str) else "")
    check = fields.get("monetisation.average_check", "")
    model_ok = _has(model + " ", _MODEL_STEMS["en"] + _MODEL_STEMS["ru"])
    check_ok = _has_number(check) or (isinstance(answer, str) and _has_number(text))
    if not model_ok:
        return _FOLLOW_UPS["monetisation_model"][lang]
    if not check_ok:
        return _FOLLOW_UPS["monetisation_check"][lang]
    return None


def apply_follow_up(profile: Profile, question_id: str, text: str) -> None:
    """Fold the answer to a follow-up question into the profile.

    First value: the answer names the event, so it fills ``value_event`` when that
    is empty (else it extends the description). Repeat: appended to the
    description. Monetisation: a lone number fills the average check, the rest
    extends the model.
    """
    text = text.strip()
    if not text:
        return
    if question_id == "first_value":
        if not profile.first_value.value_event:
            profile.first_value.value_event = text
        else:
            profile.first_value.description = f"{profile.first_value.description}. {text}".strip(". ")
    elif question_id == "repeat":
        profile.repeat.description = f"{profile.repeat.description}; {text}".strip("; ")
    elif question_id == "monetisation":
        number = parse_number(text)
        if profile.monetisation.average_check is None and number is not None:
            profile.monetisation.average_check = number
            rest = re.sub(r"[-+]?\d[\d\s.,]*", " ", text)
            rest = re.sub(r"\s+", " ", rest).strip(" ,;.")
            if rest and not profile.monetisation.model:
                profile.monetisation.model = rest
        else:
            profile.monetisation.model = f"{profile.monetisation.model}; {text}".strip("; ")
