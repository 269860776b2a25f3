"""Models: loose profile answers, metric bookkeeping, derived status, table views."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from metricsmith.models import Metric, Profile, Project, derive_status, parse_number, tracking_rows, value_rows
from metricsmith.models.profile import Goal


def test_profile_accepts_loose_shapes():
    p = Profile.model_validate(
        {
            "language": "Russian",
            "business": {"name": "Кофейня", "industry": None},
            "goals": "Рост выручки",
            "people": ["Анна — CEO", "Bob (sales lead)", {"name": "Ира", "role": "маркетолог"}],
            "known_numbers": {"NPS": "36", "check": "1 200 ₽", "range": "from 3 to 5", "flag": True},
            "data_sources": "CRM, Excel; manual",
            "repeat": "weekly reorders",
        }
    )
    assert p.language == "ru"
    assert p.goals == [Goal(title="Рост выручки")]
    assert [(x.name, x.role) for x in p.people] == [("Анна", "CEO"), ("Bob", "sales lead"), ("Ира", "маркетолог")]
    assert p.known_numbers == {"NPS": 36.0, "check": 1200.0, "range": "from 3 to 5"}
    assert p.data_sources == ["CRM", "Excel", "manual"]
    assert p.repeat.description == "weekly reorders"
    assert p.known_number("nps") == 36.0


def test_profile_rejects_wrong_language_and_types():
    with pytest.raises(ValidationError):
        Profile.model_validate({"language": "de"})
    with pytest.raises(ValidationError):
        Profile.model_validate({"business": {"name": ["a", "b"]}})


def test_missing_answers_lists_empty_paths():
    missing = Profile().missing_answers()
    assert "first_value.value_event" in missing and "goals" in missing
    full = Profile.model_validate({"first_value": {"value_event": "first report"}})
    assert "first_value.value_event" not in full.missing_answers()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12%", 12.0), ("1 200 ₽", 1200.0), ("3,5 дня", 3.5), ("−4.2", -4.2), ("none", None), ("from 3 to 5", None)],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_record_actual_keeps_history_sorted_and_latest_actual():
    m = Metric(id="nps", name="NPS")
    m.record_actual(40, dt.date(2026, 2, 1), period="2026-01")
    m.record_actual(36, dt.date(2026, 1, 1), period="2025-12")
    m.record_actual(42, dt.date(2026, 2, 1), period="2026-01")  # same date+period replaces
    assert [o.value for o in m.history] == [36, 42]
    assert m.actual == 42


def test_metric_rejects_non_finite_numbers():
    with pytest.raises(ValidationError):
        Metric(id="x", name="x", target=float("nan"))


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "actual", "expected"),
    [
        ("up", 36, 52, None, "not_started"),
        ("up", 36, 52, 52, "achieved"),
        ("up", 36, 52, 60, "achieved"),
        ("down", 10, 5, 4, "achieved"),
        ("up", 36, 52, 30, "off_track"),
        ("down", 10, 5, 12, "off_track"),
        ("up", 36, 52, 46, "on_track"),
        ("up", 36, 52, 40, "at_risk"),
        ("down", 10, 5, 9, "at_risk"),
        ("up", 36, 52, 36, "off_track"),
        ("up", None, 52, 40, "at_risk"),
    ],
)
def test_status_without_timeline(direction, baseline, target, actual, expected):
    m = Metric(id="m", name="m", direction=direction, baseline=baseline, target=target, actual=actual)
    assert derive_status(m, today=dt.date(2026, 6, 1)) == expected


def test_status_with_timeline_compares_progress_to_elapsed_time():
    m = Metric(
        id="m", name="m", baseline=0, target=100, actual=40,
        start_date=dt.date(2026, 1, 1), target_date=dt.date(2026, 12, 31),
    )
    assert derive_status(m, today=dt.date(2026, 3, 1)) == "on_track"   # 40 % done, ~16 % elapsed
    assert derive_status(m, today=dt.date(2026, 7, 1)) == "at_risk"    # ~50 % elapsed
    assert derive_status(m, today=dt.date(2026, 12, 1)) == "off_track"  # ~92 % elapsed
    assert derive_status(m, today=dt.date(2027, 1, 2)) == "off_track"  # past the date


def test_tables_are_views_of_one_metric_list():
    project = Project(
        profile=Profile.model_validate({"goals": [{"title": "B"}, {"title": "A"}]}),
        metrics=[
            Metric(id="a1", name="A one", goal="A", formula="x/y"),
            Metric(id="b1", name="B one", goal="B", kind="leading"),
            Metric(id="n1", name="No goal"),
        ],
    )
    rows = tracking_rows(project)
    assert [r.metric_id for r in rows] == ["b1", "a1", "n1"]
    assert [r.metric_id for r in value_rows(project)] == ["a1", "b1", "n1"]
    project.metric("a1").name = "Renamed"
    assert tracking_rows(project)[1].metric == "Renamed"
    assert value_rows(project)[0].metric == "Renamed"


def test_new_metric_id_avoids_collisions():
    project = Project(metrics=[Metric(id="nps", name="NPS"), Metric(id="nps-2", name="NPS 2")])
    assert project.new_metric_id("nps") == "nps-3"
    assert project.new_metric_id("ltv") == "ltv"
