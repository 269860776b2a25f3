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
    # ---- custom metrics defined from a goal's own words
    "formula_conversion": {
        "en": "Cases that went from {a} to {b} within the conversion window ÷ all {a} cases in the period × 100 %. "
        "Fix the window (e.g. 30 days) and count each case once.",
        "ru": "Число случаев, прошедших путь «{a} → {b}» в пределах окна конверсии ÷ все случаи «{a}» за период × 100 %. "
        "Окно (например, 30 дней) зафиксируйте заранее, каждый случай считайте один раз.",
    },
    "formula_share": {
        "en": "{numerator} ÷ all {denominator} in the period × 100 %.",
        "ru": "Число {numerator} ÷ общее число {denominator} за период × 100 %.",
    },
    "formula_share_open": {
        "en": "{numerator} ÷ the base it is a share of (write it down: all orders, all customers…) in the period × 100 %.",
        "ru": "Число {numerator} ÷ база, от которой считается доля (зафиксируйте: все заказы, все клиенты…), "
        "за период × 100 %.",
    },
    "formula_retention": {
        "en": "{name}: customers (or contracts) still with you at the end of the period ÷ those who were due in it "
        "× 100 %; new ones acquired during the period are not in the denominator.",
        "ru": "{name}: клиенты (или договоры), оставшиеся к концу периода ÷ те, у кого в периоде был срок "
        "продления или отказа, × 100 %; новые за период в знаменатель не входят.",
    },
    "formula_ttv_events": {
        "en": "Median time from “{start}” to “{value}” for the customers who started in the period, in {unit}. "
        "Use the median (a few slow cases distort the mean) and report separately the share who have not "
        "reached “{value}” yet.",
        "ru": "Медиана времени от «{start}» до «{value}» по клиентам, начавшим в периоде, в {unit}. Берите "
        "медиану (несколько долгих случаев искажают среднее) и отдельно показывайте долю тех, кто ещё не дошёл "
        "до «{value}».",
    },
    "formula_capacity": {
        "en": "{name}: capacity used (booked hours, occupied places, seats sold) ÷ capacity available in the period "
        "× 100 %; count only the capacity that was open for sale.",
        "ru": "{name}: использованная мощность (занятые часы, места, проданные места) ÷ доступная мощность за период "
        "× 100 %; считайте только ту мощность, что была открыта для продажи.",
    },
    "formula_churn": {
        "en": "{name}: customers (or contracts) lost in the period ÷ customers at the start of the period × 100 %; "
        "customers won during the period are not in the denominator, and a return later does not undo a loss.",
        "ru": "{name}: клиенты (или договоры), ушедшие за период, ÷ клиенты на начало периода × 100 %; новые за "
        "период в знаменатель не входят, а позднее возвращение не отменяет ухода.",
    },
    "formula_rate": {
        "en": "{name}: cases where it happened in the period ÷ all cases where it could have happened × 100 %; "
        "write down which cases count.",
        "ru": "{name}: случаи, где это произошло за период ÷ все случаи, где это могло произойти, × 100 %; "
        "зафиксируйте, какие случаи считаются.",
    },
    "formula_duration": {
        "en": "Median {name} over all cases in the period, in {unit}: for each case the time from the event that "
        "starts it to the event that ends it. Write down both events.",
        "ru": "Медиана по всем случаям за период («{name}»), в {unit}: для каждого случая — время от события, с "
        "которого идёт отсчёт, до события, которым он заканчивается. Зафиксируйте оба события.",
    },
    "formula_duration_average": {
        "en": "Average {name} over all cases in the period, in {unit}: for each case the time from the event that "
        "starts it to the event that ends it; watch the median too, one outlier moves the average.",
        "ru": "Среднее по всем случаям за период («{name}»), в {unit}: для каждого случая — время от события, с "
        "которого идёт отсчёт, до события, которым он заканчивается; смотрите и медиану — один выброс "
        "сдвигает среднее.",
    },
    "formula_money": {
        "en": "Sum behind “{name}” in the period ÷ number of cases it is counted over (orders, boxes, customers), "
        "in {unit}.",
        "ru": "Сумма по показателю «{name}» за период ÷ число случаев, на которые она приходится (заказы, "
        "наборы, клиенты), в {unit}.",
    },
    "formula_score": {
        "en": "Average of all “{name}” ratings collected in the period; state the scale and the exact question.",
        "ru": "Среднее всех оценок «{name}» за период; зафиксируйте шкалу и точную формулировку вопроса.",
    },
    "formula_count": {
        "en": "Number of “{name}” in the period, each case counted once; compare like periods.",
        "ru": "Число случаев «{name}» за период, каждый считается один раз; сравнивайте сопоставимые периоды.",
    },
    "custom_why": {
        "en": "It is the result the goal “{goal}” names in its own words, so it tells directly whether the problem "
        "(“{problem}”) is going away for customers.",
        "ru": "Это тот результат, который цель «{goal}» называет своими словами, поэтому он прямо показывает, "
        "уходит ли проблема («{problem}») для клиентов.",
    },
    "custom_where_used": {
        "en": "Reviewed every {period} against the baseline and the target; a change in the trend is discussed with "
        "the owner.",
        "ru": "Проверяется раз в {period} относительно исходного значения и цели; перелом тренда обсуждается с "
        "ответственным.",
    },
    "custom_segments": {"en": "Compare: {segments}.", "ru": "Сравнивать: {segments}."},
    "custom_example": {
        "en": "{name}: {baseline} now; {target} means the goal is reached.",
        "ru": "«{name}»: сейчас {baseline}; {target} — цель достигнута.",
    },
    "custom_example_open": {
        "en": "{name}: measure the current value first, then set the target.",
        "ru": "«{name}»: сначала измерьте текущее значение, затем поставьте цель.",
    },
    "custom_plan": {
        "en": "Find the two most frequent causes behind “{problem}” and fix them first; try the change on one "
        "segment before rolling it out; review the number with the owner every period.",
        "ru": "Найти две самые частые причины проблемы «{problem}» и устранить их первыми; проверить изменение на "
        "одном сегменте до раскатки; разбирать цифру с ответственным каждый период.",
    },
    "signal_within_name": {"en": "{name}: share of cases within {limit}", "ru": "{name}: доля случаев не дольше {limit}"},
    "signal_within_formula": {
        "en": "Cases that took {limit} or less ÷ all cases in the week × 100 % (the same clock as “{name}”).",
        "ru": "Случаи, уложившиеся в {limit}, ÷ все случаи за неделю × 100 % (отсчёт тот же, что у «{name}»).",
    },
    "signal_within_why": {
        "en": "Every case brought inside the target moves this share the same week; “{name}” follows later.",
        "ru": "Каждый случай, уложившийся в цель, сдвигает эту долю в ту же неделю; «{name}» меняется позже.",
    },
    "signal_default_start": {"en": "the first purchase or signup", "ru": "первая покупка или регистрация"},
    "signal_activation_name": {
        "en": "Share of new customers who reach “{event}”",
        "ru": "Доля новых клиентов, дошедших до «{event}»",
    },
    "signal_activation_formula": {
        "en": "New customers who reached “{event}” within 14 days of “{start}” ÷ all new customers with “{start}” in "
        "the period × 100 %.",
        "ru": "Новые клиенты, дошедшие до «{event}» в течение 14 дней после «{start}», ÷ все новые клиенты с "
        "«{start}» за период × 100 %.",
    },
    "signal_activation_why": {
        "en": "Customers who get the first value early are the ones who move “{name}” the right way; this share "
        "changes weeks earlier.",
        "ru": "Кто рано получил первую ценность, тот и двигает «{name}» в нужную сторону; эта доля меняется на "
        "недели раньше.",
    },
    "signal_where_used": {
        "en": "Watched weekly as the early signal of “{lagging}”; a drop is looked into before the monthly number moves.",
        "ru": "Смотрится еженедельно как ранний сигнал для «{lagging}»; падение разбирают до того, как сдвинется "
        "месячная цифра.",
    },
    "signal_example": {
        "en": "Two weeks after a change, this share rose; “{lagging}” followed a month later.",
        "ru": "Через две недели после изменения эта доля выросла, а перемены в «{lagging}» пришли через месяц.",
    },
    # ---- one-line reasons for each pick
    "reason_measure_catalog": {
        "en": "The goal “{goal}” names this measure itself: “{result}”.",
        "ru": "Цель «{goal}» сама называет эту меру: «{result}».",
    },
    "reason_measure_custom": {
        "en": "The goal “{goal}” names this measure itself (“{result}”); defined from its words.",
        "ru": "Цель «{goal}» сама называет эту меру («{result}»); определение построено по её словам.",
    },
    "reason_driver": {
        "en": "Early signal for “{lagging}” (goal “{goal}”): it moves first and drives it.",
        "ru": "Ранний сигнал для «{lagging}» (цель «{goal}»): меняется раньше и тянет её за собой.",
    },
    "reason_signal": {
        "en": "Early signal for “{lagging}” (goal “{goal}”), built from your answers.",
        "ru": "Ранний сигнал для «{lagging}» (цель «{goal}»), построен по вашим ответам.",
    },
    "reason_words": {
        "en": "The goal “{goal}” points at it in its own words.",
        "ru": "На неё указывают слова цели «{goal}».",
    },
    "reason_first_value": {
        "en": "First key question — how fast customers reach first value (“{answer}”).",
        "ru": "Первый вопрос: как быстро клиент получает первую ценность («{answer}»).",
    },
    "reason_repeat": {
        "en": "Second key question — how value repeats (“{answer}”).",
        "ru": "Второй вопрос: как ценность повторяется («{answer}»).",
    },
    "reason_monetisation": {
        "en": "Third key question — how value is monetised (“{answer}”).",
        "ru": "Третий вопрос: как ценность монетизируется («{answer}»).",
    },
    "reason_fill": {
        "en": "Completes the set for the goal “{goal}”: related to “{related}”.",
        "ru": "Дополняет набор для цели «{goal}»: связана с «{related}».",
    },
    "reason_fill_plain": {
        "en": "Completes the set for the goal “{goal}”: a core customer-value measure.",
        "ru": "Дополняет набор для цели «{goal}»: базовая мера ценности для клиента.",
    },
    "reason_known": {
        "en": "Baseline from your known number “{name}”.",
        "ru": "Исходное значение — из известной цифры «{name}».",
    },
    "reason_replace": {
        "en": "Replaces “{old}”, which the rules flagged, for the goal “{goal}”.",
        "ru": "Заменяет «{old}», на которую указали правила, для цели «{goal}».",
    },
    "notice_custom_measure": {
        "en": "“{name}” was defined from the goal “{goal}” in your words: check its formula and data source.",
        "ru": "Метрика «{name}» определена по словам цели «{goal}»: проверьте формулу и источник данных.",
    },
    "industry_unknown": {
        "en": "Industry “{industry}” is outside the built-in packs: the general pack was used, plus the metrics "
        "your description and goals point at.",
        "ru": "Отрасль «{industry}» вне встроенных наборов: использован общий набор и метрики, на которые указывают "
        "описание и цели.",
    },
    "known_effort": {
        "en": "Known number “{name}” counts {what}, not a result: it was not made a key metric.",
        "ru": "Известная цифра «{name}» считает {what}, а не результат: ключевой метрикой она не стала.",
    },
    "known_unmatched": {
        "en": "Known numbers that match no drafted metric: {keys}.",
        "ru": "Известные цифры, которым не нашлось метрики в черновике: {keys}.",
    },
    "effort_word": {"en": "effort", "ru": "усилия"},
    "reach_word": {"en": "reach", "ru": "охват"},
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
