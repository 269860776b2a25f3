"""Projects with metrics of every kind a check-in meets: shares, NPS, rates above 100 %, days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from metricsmith.io.project_file import save_project
from metricsmith.models import Metric, Profile, Project

TODAY = dt.date(2026, 11, 29)


def tracked_project(language: str = "en") -> Project:
    ru = language == "ru"
    profile = Profile.model_validate({
        "language": language,
        "business": {"name": "Ledgerly", "industry": "saas"},
        "goals": [{"title": "Удержание" if ru else "Retention"}, {"title": "Активация" if ru else "Activation"}],
    })
    goal_a, goal_b = profile.goals[0].title, profile.goals[1].title
    return Project(profile=profile, metrics=[
        Metric(id="nrr", name="Чистое удержание выручки" if ru else "Net revenue retention", catalog_id="nrr",
               unit="%", kind="lagging", goal=goal_a, baseline=98, target=108,
               start_date=dt.date(2026, 1, 1), target_date=dt.date(2026, 12, 31)),
        Metric(id="nps", name="NPS", catalog_id="nps", unit="points", kind="lagging", goal=goal_a,
               baseline=10, target=30, target_date=dt.date(2027, 6, 30)),
        Metric(id="seat-share", name="Доля активных мест" if ru else "Active seat share", unit="%", kind="leading",
               goal=goal_a, baseline=40, target=60, period="week"),
        Metric(id="ttv", name="Время до ценности" if ru else "Time to value", catalog_id="ttv", unit="days",
               kind="leading", direction="down", goal=goal_b, baseline=12, target=5,
               start_date=dt.date(2026, 1, 1), target_date=dt.date(2026, 12, 31)),
        Metric(id="growth", name="Revenue growth", unit="%", kind="lagging", goal=goal_b, baseline=20, target=150),
    ])


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def make_project():
    return tracked_project


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledgerly.json"
    save_project(tracked_project("en"), path)
    return path
