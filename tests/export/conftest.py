"""Projects built in the test, full of what breaks exports: injections, pipes, newlines, gaps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from metricsmith.io.project_file import save_project
from metricsmith.models import Finding, LLMCall, Metric, Notice, Profile, Project

TODAY = dt.date(2026, 11, 24)

#: Text cells a spreadsheet would execute or mangle if written as they are.
INJECTIONS = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tcmd",
    "\rcmd",
]


def tricky_project(language: str = "en") -> Project:
    ru = language == "ru"
    profile = Profile.model_validate(
        {
            "language": language,
            "business": {
                "name": "Кофе | Чай" if ru else "Bean | Leaf <b>Co</b>",
                "description": "Кофейня у дома\nс доставкой" if ru else "Neighbourhood café\nwith delivery",
                "industry": "retail",
                "customer_type": "B2C",
            },
            "first_value": {
                "description": "первый заказ доставлен вовремя" if ru else "first order arrives on time",
                "start_event": "регистрация" if ru else "signup",
                "value_event": "первая доставка" if ru else "first delivery",
            },
            "repeat": {"description": "повторные заказы" if ru else "reorders every week"},
            "monetisation": {"model": "transactions", "average_check": 12500.5, "currency": "₽" if ru else "USD"},
            "goals": [
                {"title": "Удержание" if ru else "Retention", "problem": "клиенты уходят" if ru else "customers leave",
                 "expected_result": "+10 п.п." if ru else "+10 pp"},
                {"title": "# Рост" if ru else "# Growth", "problem": "a|b", "expected_result": ""},
            ],
            "people": [{"name": "Анна" if ru else "Anna", "role": "CEO"}, {"name": "=Boris", "role": "COO"}],
            "known_numbers": {"repeat rate": 0.35},
        }
    )
    goal_a, goal_b = profile.goals[0].title, profile.goals[1].title
    metrics = [
        Metric(
            id="repeat-rate",
            name="Доля повторных покупок" if ru else "Repeat purchase rate",
            kind="lagging",
            formula="повторные / все × 100" if ru else "repeat buyers / all buyers × 100",
            unit="%",
            direction="up",
            goal=goal_a,
            owner="Анна" if ru else "Anna",
            baseline=35,
            target=45.5,
            actual=40,
            why="line one\nline two | with pipe",
            where_used="CRM",
            example="35 % → 45 %",
            plan="- loyalty programme",
            comment=INJECTIONS[0],
            data_source="CRM export",
            start_date=dt.date(2026, 1, 1),
            target_date=dt.date(2026, 12, 31),
        ),
        Metric(
            id="margin-change",
            name="+margin change",
            kind="leading",
            formula="=A1-B1",
            unit="RUB",
            direction="up",
            goal=goal_a,
            owner="@owner",
            baseline=-1500.25,
            target=-200,
            actual=None,
            why=INJECTIONS[2],
            where_used=INJECTIONS[3],
            example=INJECTIONS[4],
            plan=INJECTIONS[5],
            comment="",
        ),
        Metric(
            id="ttv",
            name="Время до ценности" if ru else "Time to value",
            kind="leading",
            formula="дата первой доставки − дата регистрации" if ru else "first delivery date − signup date",
            unit="days",
            direction="down",
            goal=goal_b,
            owner="",
            baseline=None,
            target=2,
            actual=1,
            why="日本語 and emoji ☕",
            where_used="",
            example="",
            plan="",
            comment="back\\slash | and\r\nCRLF",
        ),
        Metric(id="orphan", name="Orphan metric", goal="", baseline=1e-7, target=1234567.891, actual=0.0),
    ]
    return Project(
        profile=profile,
        metrics=metrics,
        findings=[
            Finding(rule="vanity", severity="warning", metric_id="margin-change", message="=bad", suggestion="use | conversion"),
            Finding(rule="goal-needs-leading-and-lagging", severity="error", goal=goal_b, message="only one kind\nhere"),
        ],
        notices=[Notice(level="warning", step="draft", message="offline fallback | used")],
        llm_calls=[LLMCall(step="draft", provider="openai", model="gpt-x", input_tokens=1200, output_tokens=300, latency_s=1.5)],
    )


@pytest.fixture(params=["en", "ru"])
def project(request: pytest.FixtureRequest) -> Project:
    return tricky_project(request.param)


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "shop.json"
    save_project(tricky_project("en"), path)
    return path


@pytest.fixture
def make_project():
    """The builder itself, for tests that need several projects or a given language."""
    return tricky_project


@pytest.fixture
def today() -> dt.date:
    return TODAY


def with_history(project: Project) -> Project:
    """``project`` with check-ins: a correction, a comment that is an injection, a week and a day period."""
    ru = project.language == "ru"
    rate = project.metric("repeat-rate")
    for n, (period, value) in enumerate([("2026-06", 35.5), ("2026-07", 37), ("2026-08", 36), ("2026-09", 39.5)]):
        month = int(period[-2:])
        end = dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
        rate.record_actual(value, end, period=period, note=INJECTIONS[n % 2] if n == 3 else "", author="Anna")
    rate.record_actual(40, dt.date(2026, 9, 30), period="2026-09", note="исправлено" if ru else "corrected",
                       author="<b>Boris</b>", corrected_on=TODAY)
    ttv = project.metric("ttv")
    ttv.record_actual(3, dt.date(2026, 10, 4), period="2026-W40", author="Anna")
    ttv.record_actual(1, dt.date(2026, 11, 20), period="2026-11-20", author="Anna")
    return project


@pytest.fixture
def history_project(request: pytest.FixtureRequest) -> Project:
    """A tricky project with check-ins (English; tests ask for Russian through ``make_project``)."""
    return with_history(tricky_project("en"))


@pytest.fixture
def add_history():
    """The check-in filler itself, for a project in a given language."""
    return with_history
