"""The commented profile template that ``metricsmith init`` writes, in Russian or English.

Why a template and not a wizard: consultants keep one profile file per client and edit it
in their own editor. Every key of the YAML contract is present with a short hint and an
example answer as comments, in the order of the interview (the seeds' three questions
first); values are left empty so an unedited template is still a valid profile and
``metricsmith propose`` on it says which answers would improve the draft.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One key of the template: its YAML lines (empty value) and hint/example per language."""

    yaml: str
    hint: dict[str, str]
    example: dict[str, str]


HEADER = {
    "en": (
        "# metricsmith profile: the interview answers.\n"
        "# Fill in what you know; every answer is optional, and any answer may be free text.\n"
        "# Then run:  metricsmith propose {name}\n"
    ),
    "ru": (
        "# Профиль metricsmith: ответы на вопросы интервью.\n"
        "# Заполните то, что знаете; любой ответ необязателен и может быть свободным текстом.\n"
        "# Затем запустите:  metricsmith propose {name}\n"
    ),
}

HINT = {"en": "Hint", "ru": "Подсказка"}
EXAMPLE = {"en": "Example", "ru": "Пример"}

ITEMS: tuple[Item, ...] = (
    Item(
        "first_value:\n  description:",
        {"en": "Where does the customer first feel value — the 'aha' moment?",
         "ru": "Где клиент впервые чувствует ценность — «ага»-момент?"},
        {"en": "The customer sends the first invoice and gets paid through our link",
         "ru": "Покупательница получает заказ и видит, что крем ей подходит"},
    ),
    Item(
        "  start_event:",
        {"en": "Which event starts the clock (purchase, signup, contract)?",
         "ru": "С какого события идёт отсчёт (покупка, регистрация, договор)?"},
        {"en": "account signup", "ru": "оформление первого заказа"},
    ),
    Item(
        "  value_event:",
        {"en": "Which observable event marks the first value?",
         "ru": "Каким наблюдаемым событием отмечается первая ценность?"},
        {"en": "first invoice paid", "ru": "заказ доставлен и не возвращён за 14 дней"},
    ),
    Item(
        "repeat:\n  description:",
        {"en": "How does the value repeat or grow (reorders, renewals, visits, seats, projects)?",
         "ru": "Как ценность повторяется или растёт (повторные заказы, продления, визиты, места, проекты)?"},
        {"en": "Teams add seats and renew every year", "ru": "Повторные заказы раз в 1–2 месяца"},
    ),
    Item(
        "monetisation:\n  model:",
        {"en": "How is it monetised: subscription, transactions, services, seats, licences, ads (or in words)?",
         "ru": "Как монетизируется: подписка, транзакции, услуги, места, лицензии, реклама (или своими словами)?"},
        {"en": "monthly subscription per seat", "ru": "продажа товаров, разовые покупки"},
    ),
    Item(
        "  average_check:",
        {"en": "Average check (a number)", "ru": "Средний чек (число)"},
        {"en": "145", "ru": "2400"},
    ),
    Item(
        "  currency:",
        {"en": "Currency code", "ru": "Код валюты"},
        {"en": "USD", "ru": "RUB"},
    ),
    Item(
        "business:\n  name:",
        {"en": "Business or product name", "ru": "Название бизнеса или продукта"},
        {"en": "Ledgerly", "ru": "«Травница»"},
    ),
    Item(
        "  description:",
        {"en": "One line: what you do and for whom", "ru": "Одной строкой: что вы делаете и для кого"},
        {"en": "Cloud invoicing for small agencies", "ru": "Интернет-магазин натуральной косметики"},
    ),
    Item(
        "  industry:",
        {"en": "any industry in words; packs: retail, services, education, saas, logistics, marketplace",
         "ru": "любая отрасль своими словами; наборы: retail, services, education, saas, logistics, marketplace"},
        {"en": "B2B SaaS", "ru": "интернет-магазин"},
    ),
    Item(
        "  customer_type:",
        {"en": "B2B, B2C or both", "ru": "B2B, B2C или оба"},
        {"en": "B2B", "ru": "B2C"},
    ),
    Item(
        "goals:",
        {"en": "Project goals: a title, the problem, and the expected result (ideally with numbers)",
         "ru": "Цели проекта: название, проблема и ожидаемый результат (лучше с цифрами)"},
        {"en": "\n#   - title: Reduce churn\n#     problem: Small accounts cancel after a few months\n"
               "#     expected_result: Monthly churn from 3.1 % to 2 %",
         "ru": "\n#   - title: Вернуть покупателей за вторым заказом\n#     problem: Две трети покупателей не возвращаются\n"
               "#     expected_result: Доля повторных покупок с 22 % до 30 %"},
    ),
    Item(
        "known_numbers:",
        {"en": "Numbers you already know (they become baselines): name: value",
         "ru": "Цифры, которые уже известны (станут исходными значениями): название: значение"},
        {"en": "\n#   NPS: 32\n#   monthly churn: 3.1%", "ru": "\n#   NPS: 41\n#   доля повторных покупок: 22 %"},
    ),
    Item(
        "people:",
        {"en": "People who can own metrics: a name and a role (a person, not a department)",
         "ru": "Кто может отвечать за метрики: имя и роль (человек, а не отдел)"},
        {"en": "\n#   - name: Priya Nair\n#     role: CEO",
         "ru": "\n#   - name: Ольга Смирнова\n#     role: генеральный директор"},
    ),
    Item(
        "data_sources:",
        {"en": "Where the data lives: CRM, BI, spreadsheets, manual", "ru": "Где лежат данные: CRM, BI, таблицы, вручную"},
        {"en": "\n#   - HubSpot\n#   - Stripe", "ru": "\n#   - amoCRM\n#   - Google-таблица"},
    ),
    Item(
        "segments:",
        {"en": "Segments worth comparing: new vs loyal, small vs large check, region, channel",
         "ru": "Сегменты для сравнения: новые и постоянные, малый и крупный чек, регион, канал"},
        {"en": "\n#   - new vs returning customers", "ru": "\n#   - новые и постоянные покупатели"},
    ),
)


def render_template(lang: str = "en", name: str = "PROFILE.yaml") -> str:
    """The commented template text in ``lang`` (``ru`` or ``en``); it parses into an empty Profile."""
    lang = "ru" if lang == "ru" else "en"
    lines = [HEADER[lang].format(name=name), f"language: {lang}", ""]
    for item in ITEMS:
        key_lines = item.yaml.split("\n")
        indent = " " * (len(key_lines[-1]) - len(key_lines[-1].lstrip()))
        if not key_lines[0].startswith(" ") and lines[-1] != "":
            lines.append("")
        lines.extend(key_lines[:-1])
        example = item.example[lang]
        lines.append(f"{indent}# {HINT[lang]}: {item.hint[lang]}")
        if example.startswith("\n"):
            lines.append(f"{indent}# {EXAMPLE[lang]}:" + example.replace("\n#", f"\n{indent}#"))
        else:
            lines.append(f"{indent}# {EXAMPLE[lang]}: {example}")
        lines.append(key_lines[-1])
    return "\n".join(lines).rstrip() + "\n"
