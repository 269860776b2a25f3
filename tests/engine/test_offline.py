"""The offline engine's drafts: size, binding, kinds, owners, baselines, targets, language, determinism."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from metricsmith.catalog import load_catalog
from metricsmith.catalog.packs import load_packs
from metricsmith.engines.base import Engine
from metricsmith.engines.offline import OfflineEngine
from metricsmith.io.profile_file import load_profile
from metricsmith.models import Finding, Profile

FIXTURE_FILES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "profiles").glob("*.yaml"))
FIXTURE_IDS = [p.stem for p in FIXTURE_FILES]
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def draft(engine: OfflineEngine, profile: Profile):  # type: ignore[no-untyped-def]
    return engine.propose(profile)


def goal_titles(project) -> set[str]:  # type: ignore[no-untyped-def]
    titles = {g.title for g in project.profile.goals if g.title}
    return titles or {m.goal for m in project.metrics}


def test_implements_the_engine_protocol(engine: OfflineEngine) -> None:
    assert isinstance(engine, Engine)
    assert engine.name == "offline"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_same_profile_same_draft(path: Path, today: dt.date) -> None:
    profile = load_profile(path)
    first = OfflineEngine(today=today).propose(profile)
    second = OfflineEngine(today=today).propose(load_profile(path))
    assert [m.model_dump() for m in first.metrics] == [m.model_dump() for m in second.metrics]
    assert [n.model_dump() for n in first.notices] == [n.model_dump() for n in second.notices]
    assert first.engine.name == "offline"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_draft_shape(path: Path, engine: OfflineEngine) -> None:
    profile = load_profile(path)
    project = draft(engine, profile)
    metrics = project.metrics
    assert 5 <= len(metrics) <= 7
    ids = [m.id for m in metrics]
    assert len(set(ids)) == len(ids)
    assert len({m.name.lower() for m in metrics}) == len(metrics)
    titles = goal_titles(project)
    for m in metrics:
        assert m.goal in titles
        assert m.formula and m.why and m.where_used and m.example and m.plan and m.comment
        assert m.target_rationale and m.period and m.reason
        # a catalog metric keeps its id; a goal's own measure in the user's words has none
        assert m.catalog_id == m.id or (m.catalog_id is None and m.id.startswith("goal_"))
        assert m.origin == "offline"
    for title in titles:
        kinds = {m.kind for m in metrics if m.goal == title}
        assert kinds == {"leading", "lagging"}, title


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_owners_are_people_of_the_profile(path: Path, engine: OfflineEngine) -> None:
    profile = load_profile(path)
    project = draft(engine, profile)
    names = {p.name for p in profile.people}
    for m in project.metrics:
        if names:
            assert m.owner in names
            assert m.owner_role == next(p.role for p in profile.people if p.name == m.owner)
        else:
            assert m.owner == ""
    if not names:
        assert any("owner" in n.message.lower() or "ответствен" in n.message.lower() for n in project.notices)


#: Goals of the fixture profiles that name their own deadline after the numbers (today is 2026-11-24);
#: every other metric is due at the end of the next full quarter.
GOAL_DEADLINES = {
    "Сократить возвраты": dt.date(2027, 2, 24),  # «… с 9 % до 6 % за квартал»: a quarter from today
    "Grow revenue from existing accounts": dt.date(2027, 11, 24),  # "… from 98 % to 108 % over 12 months"
}


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_targets_improve_baselines_within_bounds(path: Path, engine: OfflineEngine) -> None:
    catalog = load_catalog()
    project = draft(engine, load_profile(path))
    with_targets = 0
    for m in project.metrics:
        entry = catalog.find(m.catalog_id or m.id)
        low, high = entry.bounds if entry is not None else ((0, 100) if m.unit == "%" else (None, None))
        for value in (m.baseline, m.target):
            if value is not None:
                assert low is None or value >= low
                assert high is None or value <= high
        if m.target is None:
            assert "measure" in m.comment.lower() or "измер" in m.comment.lower()
            continue
        with_targets += 1
        assert m.baseline is not None
        assert m.is_better(m.target, m.baseline), (m.id, m.baseline, m.target)
        assert m.target_date == GOAL_DEADLINES.get(m.goal, dt.date(2027, 3, 31)), m.goal
    if load_profile(path).known_numbers:
        assert with_targets >= 2


def test_language_follows_the_profile(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    catalog = load_catalog()
    ru = draft(engine, load_fixture("retail_ru.yaml"))
    en = draft(engine, load_fixture("saas_b2b_en.yaml"))
    for m in ru.metrics:
        entry = catalog.find(m.id)
        if entry is not None:
            assert m.name == entry.name.ru and m.plan == entry.plan.ru
            # a time-to-value formula names the profile's own start and value events
            clock = entry.id in load_packs().first_value_clock
            assert m.formula == entry.formula.ru or (clock and "«" in m.formula and CYRILLIC.search(m.formula))
        assert CYRILLIC.search(m.comment) and CYRILLIC.search(m.target_rationale) and CYRILLIC.search(m.reason)
        assert CYRILLIC.search(m.formula + m.why + m.where_used + m.example + m.plan)
    for m in en.metrics:
        entry = catalog.find(m.id)
        if entry is not None:
            assert m.name == entry.name.en and m.why == entry.why.en
        assert not CYRILLIC.search(m.comment + m.target_rationale + m.reason + m.formula + m.why + m.plan)
    assert all(CYRILLIC.search(n.message) for n in ru.notices)
    assert not any(CYRILLIC.search(n.message) for n in en.notices)


def test_where_used_mentions_data_sources(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    project = draft(engine, load_fixture("saas_b2b_en.yaml"))
    for m in project.metrics:
        assert "Stripe billing" in m.where_used and "Stripe billing" in m.data_source


def make_profile(**answers) -> Profile:  # type: ignore[no-untyped-def]
    base = {
        "language": "en",
        "business": {"name": "Acme", "description": "Online store for pet food", "industry": "retail"},
        "people": [
            {"name": "Anna Lee", "role": "CEO"},
            {"name": "Bob Stone", "role": "Head of Marketing"},
            {"name": "Cara Diaz", "role": "customer support lead"},
        ],
    }
    base.update(answers)
    return Profile.model_validate(base)


def test_baselines_from_known_numbers_english_and_percent(engine: OfflineEngine) -> None:
    profile = make_profile(
        goals=[{"title": "More repeat purchases", "problem": "Customers buy once",
                "expected_result": "Repeat purchase rate up"}],
        known_numbers={"repeat purchase rate": "22 %", "NPS": 35},
    )
    project = engine.propose(profile)
    rpr = project.metric("repeat_purchase_rate")
    assert rpr.baseline == 22.0
    assert rpr.target is not None and 22.0 < rpr.target <= 100
    assert "repeat purchase rate" in rpr.target_rationale


def test_baselines_from_russian_known_numbers(engine: OfflineEngine) -> None:
    profile = make_profile(
        language="ru",
        business={"name": "Корм", "description": "Интернет-магазин кормов", "industry": "розница"},
        goals=[{"title": "Больше повторных покупок", "problem": "Покупают один раз",
                "expected_result": "Растёт доля повторных покупок"}],
        known_numbers={"доля повторных покупок": "18 %"},
    )
    project = engine.propose(profile)
    rpr = project.metric("repeat_purchase_rate")
    assert rpr.baseline == 18.0
    assert "доля повторных покупок" in rpr.target_rationale


def test_goal_stated_target_wins_over_typical_change(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    project = draft(engine, load_fixture("retail_ru.yaml"))
    rpr = project.metric("repeat_purchase_rate")
    assert (rpr.baseline, rpr.target) == (22.0, 30.0)


def test_abbreviation_and_direction_down(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    project = draft(engine, load_fixture("saas_b2b_en.yaml"))
    nrr = project.metric("nrr")
    assert nrr.baseline == 98.0 and nrr.target == 108.0
    # the goal says "monthly logo churn": the catalog's logo churn is annual, so it is not that
    # measure; the monthly customer churn is, and it carries the goal's numbers
    churn = next(m for m in project.metrics if m.goal == "Reduce churn" and m.kind == "lagging")
    assert churn.period == "month" and "churn" in churn.name.lower()
    assert churn.direction == "down" and (churn.baseline, churn.target) == (3.1, 2.0) and churn.unit == "%"
    assert "logo_churn" not in {m.id for m in project.metrics}
    # "time to first paid invoice" is the profile's own name for its time to value
    # and the goal says "below 5 days", which becomes the target
    ttv = project.metric("ttv")
    assert (ttv.baseline, ttv.target) == (12.0, 5.0)


def test_owner_roles_matched_by_area(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    project = draft(engine, load_fixture("saas_b2b_en.yaml"))
    assert project.metric("nrr").owner == "Hannah Scott"  # customer success steers NRR
    retail = draft(engine, load_fixture("retail_ru.yaml"))
    assert retail.metric("repeat_purchase_rate").owner == "Игорь Лебедев"  # marketing


def test_ttv_conventions_use_profile_events(engine: OfflineEngine) -> None:
    profile = make_profile(
        business={"name": "Ledger", "description": "invoicing software", "industry": "saas"},
        first_value={"description": "first invoice paid", "start_event": "signup", "value_event": "first invoice paid"},
        goals=[{"title": "Faster time to value", "problem": "Slow onboarding", "expected_result": "TTV under 5 days"}],
    )
    project = engine.propose(profile)
    ttv = [m for m in project.metrics if m.id in ("ttv", "activation_to_outcome_ttv", "time_to_first_reorder")]
    assert ttv
    assert ttv[0].conventions.ttv_start_event == "signup"
    assert ttv[0].conventions.ttv_value_event == "first invoice paid"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_empty_profile_still_drafts_and_lists_missing_answers(engine: OfflineEngine, language: str) -> None:
    project = engine.propose(Profile(language=language))
    assert 5 <= len(project.metrics) <= 7
    goals = {m.goal for m in project.metrics}
    assert len(goals) == 1
    (goal,) = goals
    assert bool(CYRILLIC.search(goal)) == (language == "ru")
    kinds = {m.kind for m in project.metrics}
    assert kinds == {"leading", "lagging"}
    assert all(m.owner == "" for m in project.metrics)
    messages = " ".join(n.message for n in project.notices)
    assert len(project.notices) >= len(Profile().missing_answers())
    assert ("goals" in messages or "цели" in messages) and ("people" in messages or "люди" in messages)


def test_sparse_fixture_detects_subscription(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    project = draft(engine, load_fixture("sparse_en.yaml"))
    assert 5 <= len(project.metrics) <= 7
    assert any("subscription" in n.message for n in project.notices)
    assert any("Would improve the draft" in n.message for n in project.notices)


def test_unknown_industry_drafts_from_the_general_pack_with_a_notice(engine: OfflineEngine) -> None:
    profile = Profile.model_validate({"business": {"industry": "asteroid mining"}})
    project = engine.propose(profile)
    assert 5 <= len(project.metrics) <= 7
    assert any("asteroid mining" in n.message and "general pack" in n.message for n in project.notices)
    ru = engine.propose(Profile.model_validate({"language": "ru", "business": {"industry": "квантовая левитация"}}))
    assert any("квантовая левитация" in n.message for n in ru.notices)


def test_unknown_industry_word_rescued_by_other_answers(engine: OfflineEngine) -> None:
    profile = Profile.model_validate(
        {"business": {"industry": "pets", "description": "online store selling pet food with home delivery"}}
    )
    project = engine.propose(profile)
    assert any("retail" in n.message for n in project.notices)


def test_other_industry_uses_the_general_pack(engine: OfflineEngine) -> None:
    project = engine.propose(Profile.model_validate({"business": {"industry": "other"}}))
    assert 5 <= len(project.metrics) <= 7
    catalog = load_catalog()
    assert all("any" in catalog.get(m.id).industries or m.id in load_packs().general.core for m in project.metrics)


def test_more_than_three_goals_warns(engine: OfflineEngine) -> None:
    goals = [{"title": f"Goal {i}", "expected_result": text} for i, text in
             enumerate(["NPS up", "Repeat purchase rate up", "Return rate down", "Gross margin up"], 1)]
    project = engine.propose(make_profile(goals=goals))
    assert len(project.metrics) <= 7
    assert any(n.level == "warning" and "Goal 4" in n.message for n in project.notices)


def test_replace_uses_the_findings_suggestion(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    project = draft(engine, load_fixture("saas_b2b_en.yaml"))
    old = project.metrics[0]
    finding = Finding(rule="vanity", metric_id=old.id, message="reach without conversion",
                      suggestion_catalog_id="gross_margin")
    (new,) = engine.replace(project, [old.id], [finding])
    assert new.catalog_id == "gross_margin"
    assert new.goal == old.goal and new.owner == old.owner
    assert new.id not in {m.id for m in project.metrics if m.id != old.id}


def test_replace_without_suggestion_picks_an_unused_metric_of_the_same_kind(engine: OfflineEngine, load_fixture) -> None:  # type: ignore[no-untyped-def]
    project = draft(engine, load_fixture("retail_ru.yaml"))
    old = next(m for m in project.metrics if m.kind == "leading")
    (new,) = engine.replace(project, [old.id], [Finding(rule="activity-as-value", metric_id=old.id)])
    assert new.catalog_id not in {m.catalog_id for m in project.metrics}
    assert new.kind == old.kind and new.goal == old.goal and new.owner == old.owner
    assert CYRILLIC.search(new.name)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_drafts_pass_the_activity_and_vanity_rules(path: Path, engine: OfflineEngine) -> None:
    from metricsmith.rules import audit

    profile = load_profile(path)
    project = draft(engine, profile)
    findings = audit(project.metrics, profile=profile)
    bad = [f for f in findings if f.rule in ("activity-as-value", "vanity")]
    assert not bad, [(f.metric_id, f.message) for f in bad]


def test_known_number_outside_the_metric_bounds_is_not_a_baseline(engine: OfflineEngine) -> None:
    profile = make_profile(
        goals=[{"title": "More repeat purchases", "expected_result": "Repeat purchase rate up"}],
        known_numbers={"repeat purchase rate": 140},
    )
    project = engine.propose(profile)
    assert project.metric("repeat_purchase_rate").baseline is None
    assert any(n.level == "warning" and "140" in n.message for n in project.notices)
