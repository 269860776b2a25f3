"""The shipped fixture profiles follow the YAML contract and cover what the issue asks for."""

from __future__ import annotations

from pathlib import Path

import yaml

from metricsmith.engines.detect import detect_industry
from metricsmith.io.profile_file import load_profile

FIXTURE_FILES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "profiles").glob("*.yaml"))
CONTRACT_KEYS = {
    "language", "business", "first_value", "repeat", "monetisation", "goals", "known_numbers", "people",
    "data_sources", "segments",
}


def test_at_least_seven_profiles_two_in_russian_one_sparse() -> None:
    assert len(FIXTURE_FILES) >= 7
    profiles = {p.name: load_profile(p) for p in FIXTURE_FILES}
    assert sum(1 for p in profiles.values() if p.language == "ru") >= 2
    sparse = [
        name for name, p in profiles.items()
        if not p.goals and not p.people and not p.known_numbers and p.first_value.description
        and p.repeat.description and p.monetisation.model
    ]
    assert sparse, "one profile must answer only the three core questions"


def test_only_contract_keys_are_used() -> None:
    for path in FIXTURE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= CONTRACT_KEYS, path.name


def test_full_profiles_have_goals_people_and_known_numbers() -> None:
    for path in FIXTURE_FILES:
        p = load_profile(path)
        if not p.goals:
            continue
        assert 2 <= len(p.goals) <= 3, path.name
        assert all(g.title and g.problem and g.expected_result for g in p.goals), path.name
        assert all(person.name and person.role for person in p.people), path.name
        assert p.known_numbers and all(isinstance(v, float) for v in p.known_numbers.values()), path.name


def test_industries_covered() -> None:
    found = {detect_industry(load_profile(p)).value for p in FIXTURE_FILES}
    assert {"retail", "services", "education", "saas", "logistics", "marketplace"} <= found
