"""Bilingual sentences the offline engine writes into drafts (comments, rationales, notices).

Kept apart from the selection logic so the wording can be reviewed and edited in one place,
in both languages side by side.
"""

from __future__ import annotations

#: What each missing answer would add to the draft (keys are ``Profile.missing_answers()`` paths).
MISSING_ANSWER_HINTS: dict[str, dict[str, str]] = {
    "business.name": {
        "en": "business name — used in titles and reports",
        "ru": "название бизнеса — попадёт в заголовки и отчёты",
    },
    "business.description": {
        "en": "one-line description — helps detect the industry and pick sharper metrics",
        "ru": "описание в одну строку — помогает определить отрасль и точнее подобрать метрики",
    },
    "business.industry": {
        "en": "industry — selects the industry pack of metrics (retail, services, education, saas, logistics, marketplace)",
        "ru": "отрасль — выбирает отраслевой набор метрик (розница, услуги, образование, SaaS, логистика, маркетплейс)",
    },
    "business.customer_type": {
        "en": "customer type (B2B/B2C) — changes which retention and revenue metrics fit",
        "ru": "тип клиентов (B2B/B2C) — влияет на выбор метрик удержания и выручки",
    },
    "first_value.description": {
        "en": "the first-value ('aha') moment — defines the Time-to-Value metric",
        "ru": "момент первой ценности («ага»-момент) — задаёт метрику Time-to-Value",
    },
    "first_value.start_event": {
        "en": "the event that starts the clock (purchase, signup, contract) — fixes where TTV begins",
        "ru": "событие, с которого идёт отсчёт (покупка, регистрация, договор), — начало отсчёта TTV",
    },
    "first_value.value_event": {
        "en": "the event that marks first value — fixes where TTV ends",
        "ru": "событие, которым отмечается первая ценность, — конец отсчёта TTV",
    },
    "repeat.description": {
        "en": "how value repeats (reorders, renewals, seats) — chooses the retention metric",
        "ru": "как ценность повторяется (повторные заказы, продления, места) — выбирает метрику удержания",
    },
    "monetisation.model": {
        "en": "monetisation model — chooses between LTV, average order value, ARPA and NRR",
        "ru": "модель монетизации — выбор между LTV, средним чеком, ARPA и NRR",
    },
    "monetisation.average_check": {
        "en": "average check — gives a baseline for the revenue metric",
        "ru": "средний чек — даёт исходное значение для метрики выручки",
    },
    "goals": {
        "en": "project goals (problem and expected result) — every metric is bound to a goal; a default goal was used",
        "ru": "цели проекта (проблема и ожидаемый результат) — каждая метрика привязана к цели; использована цель по умолчанию",
    },
    "known_numbers": {
        "en": "numbers you already know — become baselines, and targets follow from them",
        "ru": "уже известные цифры — станут исходными значениями, от них считаются цели",
    },
    "people": {
        "en": "people with roles — each metric needs a named owner; owners are left empty",
        "ru": "люди и их роли — у каждой метрики должен быть ответственный; поле оставлено пустым",
    },
    "data_sources": {
        "en": "data sources (CRM, BI, spreadsheets) — say where each metric is measured",
        "ru": "источники данных (CRM, BI, таблицы) — показывают, где считается каждая метрика",
    },
    "segments": {
        "en": "segments worth comparing (new vs loyal, region, channel) — sharpen the analysis",
        "ru": "сегменты для сравнения (новые и постоянные, регион, канал) — делают анализ точнее",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "progress_metric_set": {"en": "choosing metrics from the catalog", "ru": "подбираю метрики из каталога"},
    "progress_tracking": {"en": "filling owners, baselines and targets",
                          "ru": "заполняю ответственных, исходные значения и цели"},
    "progress_value": {"en": "filling formulas, reasons and plans", "ru": "заполняю формулы, обоснования и планы"},
    "progress_replace": {"en": "finding a better metric than '{metric}'", "ru": "ищу замену для «{metric}»"},
    "missing": {
        "en": "Would improve the draft: {hint}.",
        "ru": "Улучшит черновик: {hint}.",
    },
    "default_goal_title": {
        "en": "Customers reach first value faster and keep coming back",
        "ru": "Клиенты быстрее получают первую ценность и возвращаются",
    },
    "default_goal_event": {
        "en": "Customers reach “{event}” sooner and keep coming back",
        "ru": "Клиенты быстрее приходят к «{event}» и возвращаются",
    },
    "default_goal_problem": {
        "en": "No goals were given; this default goal follows the answers about first value and monetisation.",
        "ru": "Цели не указаны; цель по умолчанию построена по ответам о первой ценности и монетизации.",
    },
    "default_goal_result": {
        "en": "Shorter time to first value, more returning customers, higher revenue per customer",
        "ru": "Короче путь до первой ценности, больше возвращающихся клиентов, выше выручка с клиента",
    },
    "industry_detected": {
        "en": "Industry detected from the answers: {industry}.",
        "ru": "Отрасль определена по ответам: {industry}.",
    },
    "industry_general": {
        "en": "Industry not recognised: the general metric pack was used.",
        "ru": "Отрасль не определена: использован общий набор метрик.",
    },
    "model_detected": {
        "en": "Monetisation model detected from the answers: {model}.",
        "ru": "Модель монетизации определена по ответам: {model}.",
    },
    "model_assumed": {
        "en": "Monetisation model assumed from the industry: {model}.",
        "ru": "Модель монетизации принята по отрасли: {model}.",
    },
    "too_many_goals": {
        "en": "Only the first {n} goals got metrics: 5–7 key metrics cannot give every goal both a leading and a "
        "lagging metric. Merge or prioritise goals: {rest}.",
        "ru": "Метрики подобраны только для первых {n} целей: 5–7 ключевых метрик не дадут каждой цели опережающую "
        "и запаздывающую метрику. Объедините цели или выберите главные: {rest}.",
    },
    "no_owner": {
        "en": "No people in the profile: owners are empty; add people with roles to get named owners.",
        "ru": "В профиле нет людей: ответственные не назначены; добавьте людей с ролями.",
    },
    "comment": {
        "en": "Serves the goal “{goal}”. Review every {period}; if it lags, start with: {first_step}.",
        "ru": "Работает на цель «{goal}». Проверять раз в {period}; если отстаёт — начать с: {first_step}.",
    },
    "comment_no_baseline": {
        "en": "Measure first: the current “{name}” over the last {period} (formula in the Value Management "
        "table), then set the target.",
        "ru": "Сначала измерьте текущее значение «{name}» за последний период (окно — {period_name}; формула — "
        "в таблице Value Management), затем поставьте цель.",
    },
    "data_sources": {
        "en": "Data: {sources}.",
        "ru": "Данные: {sources}.",
    },
    "rationale_typical": {
        "en": "Baseline {baseline} from “{source}”; a typical quarterly change of {change} % in the right direction "
        "gives {target}.",
        "ru": "Было {baseline} (из «{source}»); типичное изменение за квартал на {change} % в нужную сторону "
        "даёт {target}.",
    },
    "rationale_stated": {
        "en": "From the goal's expected result: {baseline} → {target}.",
        "ru": "Из ожидаемого результата цели: {baseline} → {target}.",
    },
    "rationale_hold": {
        "en": "Baseline {baseline} is already at the best possible value; the target is to hold it.",
        "ru": "Было {baseline} — уже лучшее возможное значение; цель — удержать его.",
    },
    "rationale_none": {
        "en": "No baseline yet: measure it first, then set the target.",
        "ru": "Исходного значения нет: сначала измерьте его, затем поставьте цель.",
    },
    "known_out_of_bounds": {
        "en": "Known number “{name}” = {value} is outside the possible range of “{metric}” ({low}…{high}); "
        "it was not used as the baseline — check the value or its unit.",
        "ru": "Известная цифра «{name}» = {value} вне возможного диапазона метрики «{metric}» ({low}…{high}); "
        "она не взята исходным значением — проверьте число или единицу измерения.",
    },
    "average_check": {
        "en": "average check",
        "ru": "средний чек",
    },
    "replaced": {
        "en": "Replaces “{old}”: {reason}",
        "ru": "Заменяет «{old}»: {reason}",
    },
}

PERIODS_RU: dict[str, str] = {
    "day": "день", "week": "неделю", "month": "месяц", "quarter": "квартал", "year": "год",
    "half-year": "полгода", "half_year": "полгода", "6 months": "6 месяцев", "90 days": "90 дней", "30 days": "30 дней",
    "12 months": "12 месяцев", "cohort": "когорту",
}

INDUSTRY_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "retail": "retail / e-commerce", "services": "services", "education": "education",
        "saas": "SaaS / B2B software", "logistics": "logistics", "marketplace": "marketplace",
    },
    "ru": {
        "retail": "розница / e-commerce", "services": "услуги", "education": "образование",
        "saas": "SaaS / B2B-софт", "logistics": "логистика", "marketplace": "маркетплейс",
    },
}

MODEL_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "subscription": "subscription", "transactions": "transactions", "services": "services",
        "seats": "per seat", "licences": "licences", "ads": "advertising",
    },
    "ru": {
        "subscription": "подписка", "transactions": "транзакции", "services": "услуги",
        "seats": "оплата за места", "licences": "лицензии", "ads": "реклама",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in."""
    table = TEXTS[key]
    return table.get(lang, table["en"]).format(**values)


#: Period names in the nominative, for "окно — …".
PERIOD_NAMES_RU: dict[str, str] = {
    "day": "день", "week": "неделя", "month": "месяц", "quarter": "квартал", "year": "год",
    "half-year": "полгода", "half_year": "полгода",
}


def period_name(period: str, lang: str) -> str:
    """A catalog period id as a noun in the nominative (Russian) or as words (English)."""
    if lang == "ru":
        return PERIOD_NAMES_RU.get(period.strip().lower(), period)
    return period.replace("_", "-")


def period_text(period: str, lang: str) -> str:
    """A catalog period id ("half_year") as words in ``lang``; the metric keeps the id itself."""
    if lang == "ru":
        return PERIODS_RU.get(period.strip().lower(), period)
    return period.replace("_", "-")
