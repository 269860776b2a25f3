"""A goal's deadline read from its words (both languages, every form) and used as the draft's target date."""

from __future__ import annotations

import datetime as dt

import pytest

from metricsmith.engines.deadlines import deadline_of
from metricsmith.engines.goal_measure import goal_measure, parse_measure
from metricsmith.engines.offline import OfflineEngine
from metricsmith.models import Profile
from metricsmith.rules.checks.goals import has_date

TODAY = dt.date(2026, 11, 24)
D = dt.date

FORMS = [
    # a year's end
    ("by the end of 2026", D(2026, 12, 31)),
    ("к концу 2026 года", D(2026, 12, 31)),
    ("до конца 2026", D(2026, 12, 31)),
    ("end of 2027", D(2027, 12, 31)),
    ("in 2027", D(2027, 12, 31)),
    ("в 2027 году", D(2027, 12, 31)),
    ("в течение 2027 года", D(2027, 12, 31)),
    # "by 2027" is by the start of 2027: the last day before it
    ("by 2027", D(2026, 12, 31)),
    ("к 2027 году", D(2026, 12, 31)),
    ("до 2027 года", D(2026, 12, 31)),
    ("by 2028, then hold", D(2027, 12, 31)),
    # …unless that day has passed: then the writer means during that year
    ("by 2026", D(2026, 12, 31)),
    # quarters: without a year, the next quarter end not before today
    ("by Q3", D(2027, 9, 30)),
    ("by the end of Q3", D(2027, 9, 30)),
    ("by Q4", D(2026, 12, 31)),
    ("end of Q2 2027", D(2027, 6, 30)),
    ("in Q3 2027", D(2027, 9, 30)),
    ("Q1 2027", D(2027, 3, 31)),
    ("3Q 2027", D(2027, 9, 30)),
    ("in the third quarter of 2027", D(2027, 9, 30)),
    ("к концу 3 квартала", D(2027, 9, 30)),
    ("до конца II квартала 2027", D(2027, 6, 30)),
    ("в 3 квартале", D(2027, 9, 30)),
    ("во втором квартале 2027 года", D(2027, 6, 30)),
    ("к концу 1 кв. 2027", D(2027, 3, 31)),
    # half-years
    ("H1 2027", D(2027, 6, 30)),
    ("by H2", D(2026, 12, 31)),
    ("in the first half of 2027", D(2027, 6, 30)),
    ("первое полугодие 2027", D(2027, 6, 30)),
    ("во втором полугодии", D(2026, 12, 31)),
    ("к концу первого полугодия", D(2027, 6, 30)),
    # the current or the next period
    ("by year end", D(2026, 12, 31)),
    ("by the end of the year", D(2026, 12, 31)),
    ("к концу года", D(2026, 12, 31)),
    ("до конца текущего года", D(2026, 12, 31)),
    ("next year", D(2027, 12, 31)),
    ("к концу следующего года", D(2027, 12, 31)),
    ("by the end of the quarter", D(2026, 12, 31)),
    ("к концу квартала", D(2026, 12, 31)),
    ("by end of next quarter", D(2027, 3, 31)),
    ("в следующем квартале", D(2027, 3, 31)),
    ("к концу месяца", D(2026, 11, 30)),
    # spans from today (months on the calendar)
    ("within 12 months", D(2027, 11, 24)),
    ("in 6 months", D(2027, 5, 24)),
    ("in the next 6 months", D(2027, 5, 24)),
    ("within a quarter", D(2027, 2, 24)),
    ("within half a year", D(2027, 5, 24)),
    ("within 90 days", D(2027, 2, 22)),
    ("in two weeks", D(2026, 12, 8)),
    ("за 6 месяцев", D(2027, 5, 24)),
    ("в течение квартала", D(2027, 2, 24)),
    ("за полгода", D(2027, 5, 24)),
    ("за 2 недели", D(2026, 12, 8)),
    ("в течение 90 дней", D(2027, 2, 22)),
    ("через полтора года", D(2028, 5, 24)),
    ("в ближайшие 3 месяца", D(2027, 2, 24)),
    # months, as before; a month without a year is the next one whose end is not before today
    ("by June 2027", D(2027, 6, 30)),
    ("by the end of March", D(2027, 3, 31)),
    ("by November", D(2026, 11, 30)),
    ("к сентябрю", D(2027, 9, 30)),
    ("до конца марта 2027 года", D(2027, 3, 31)),
    ("в мае", D(2027, 5, 31)),
    # a day
    ("by 15 March 2027", D(2027, 3, 15)),
    ("by March 15, 2027", D(2027, 3, 15)),
    ("к 1 июня", D(2027, 6, 1)),
    ("2027-03-15", D(2027, 3, 15)),
    ("15.03.2027", D(2027, 3, 15)),
    ("до 15.03.2027", D(2027, 3, 15)),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[text for text, _ in FORMS])
def test_every_deadline_form_is_read(text: str, expected: dt.date) -> None:
    assert deadline_of(text, TODAY) == expected
    assert deadline_of(f"Churn from 5 % to 3 % {text}", TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Increase orders by 2030 units",  # an amount, not a year
        "Снизить площадь склада до 3 кв. м",  # square metres, not a quarter
        "Reply within 1h",  # hours are no deadline
        "Increase sales by decreasing prices",  # "dec…" is no December
        "Reach more users by marketing",  # "mar…" is no March
        "Q3 churn from 5 % to 3 %",  # a quarter without a year needs a deadline word
        "Monthly churn from 5 % to 3 %",
        "",
    ],
)
def test_words_that_only_look_like_dates_are_no_deadline(text: str) -> None:
    assert deadline_of(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # before the numbers a span is the measure's window
        ("Share of customers who buy again within 90 days from 20 % to 30 %", None),
        ("Доля трудоустроенных выпускников за 6 месяцев — 60 %", None),
        ("LTV клиента за год выросла на 15 %", None),
        ("Скорость сборки за неделю с 40 до 60 заказов", None),
        # after the numbers it is the deadline
        ("Share of repeat buyers from 20 % to 30 % within 90 days", D(2027, 2, 22)),
        ("Доля возвратов снизилась с 9 % до 6 % за квартал", D(2027, 2, 24)),
        ("from 9 to 3 days within a quarter", D(2027, 2, 24)),
        # and at the very start of the goal, alone or after its verb
        ("Within 12 months, reduce churn from 5 % to 3 %", D(2027, 11, 24)),
        ("За полгода снизить отток с 5 до 3 %", D(2027, 5, 24)),
        ("Снизить за полгода отток с 5 до 3 %", D(2027, 5, 24)),
    ],
)
def test_a_span_before_the_numbers_is_the_window_after_them_the_deadline(text: str, expected: dt.date | None) -> None:
    assert deadline_of(text, TODAY) == expected


def test_the_first_deadline_written_wins_and_today_decides_the_year() -> None:
    assert deadline_of("by Q2 2027, at the latest by the end of 2027", TODAY) == D(2027, 6, 30)
    assert deadline_of("by Q3", D(2026, 9, 30)) == D(2026, 9, 30)  # a quarter ending today is still ahead
    assert deadline_of("by Q3", D(2026, 10, 1)) == D(2027, 9, 30)
    assert deadline_of("in 1 month", D(2027, 1, 31)) == D(2027, 2, 28)  # clamped to the month's end
    assert deadline_of("within 12 months", D(2028, 2, 29)) == D(2029, 2, 28)


def test_a_deadline_is_neither_the_measure_nor_its_window() -> None:
    for text in ("За квартал снизить отток с 5 % до 3 %", "В течение квартала снизить отток с 5 % до 3 %"):
        found = parse_measure(text)
        assert found is not None and (found.phrase, found.period) == ("Отток", None)
    found = parse_measure("By the end of Q2 2027, reduce churn from 5 % to 3 %")
    assert found is not None and (found.phrase, found.baseline, found.target) == ("Churn", 5, 3)
    found = goal_measure("Faster refunds", "", "from 9 to 3 days within a quarter")
    assert found is not None and found.period is None
    found = parse_measure("Отток с 5 % до 3 % в течение квартала")
    assert found is not None and found.period is None
    # a window the measure names stays its period
    found = parse_measure("Отток за квартал с 5 % до 3 %")
    assert found is not None and found.period == "quarter"


@pytest.mark.parametrize(
    ("expected_result", "title", "due"),
    [
        ("Churn from 5 % to 3 % by the end of Q2 2027", "Reduce churn", D(2027, 6, 30)),
        ("Отток с 5 % до 3 % к концу 2027 года", "Снизить отток", D(2027, 12, 31)),
        ("Churn from 5 % to 3 % within 12 months", "Reduce churn", D(2027, 11, 24)),
        ("Отток с 5 % до 3 %", "Снизить отток к 2028 году", D(2027, 12, 31)),  # the title's deadline
        ("Churn from 5 % to 3 %", "Reduce churn", D(2027, 3, 31)),  # none: the end of the next quarter
    ],
)
def test_the_draft_is_due_when_the_goal_says(expected_result: str, title: str, due: dt.date) -> None:
    lang = "ru" if any("а" <= ch <= "я" for ch in title.lower()) else "en"
    profile = Profile.model_validate({
        "language": lang,
        "business": {"description": "Subscription service" if lang == "en" else "Сервис по подписке"},
        "goals": [{"title": title, "problem": "", "expected_result": expected_result}],
    })
    project = OfflineEngine(today=TODAY).propose(profile)
    dates = {m.target_date for m in project.metrics if m.goal == title}
    assert dates == {due}


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[text for text, _ in FORMS])
def test_the_goal_date_rule_agrees_that_the_goal_has_a_date(text: str, expected: dt.date) -> None:
    assert has_date(f"Churn from 5 % to 3 % {text}")
