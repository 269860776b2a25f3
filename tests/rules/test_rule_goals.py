"""Goal rules: a goal needs a measurable result that is not an activity, and a date for its target."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from metricsmith.models import Metric, Profile
from metricsmith.rules import audit
from metricsmith.rules.checks.goals import has_date, has_target_number

GOAL_RULES = {"goal-not-measurable", "goal-result-is-activity", "goal-target-no-date"}


def goal_findings(*goals: dict, lang: str = "en", metrics: list[Metric] | None = None):
    profile = Profile.model_validate({"language": lang, "goals": list(goals)})
    return [f for f in audit(metrics or [], profile=profile) if f.rule in GOAL_RULES]


def rules_of(findings) -> set[str]:
    return {f.rule for f in findings}


@pytest.mark.parametrize("goal", [
    {"title": "Delight shoppers", "expected_result": "Shoppers tell friends about us"},
    {"title": "Сервис лучше", "expected_result": "Клиенты хвалят сервис"},
    {"title": "Grow repeat business"},
    {"title": "New app", "expected_result": "Ship the courier app by March 2027"},
])
def test_a_goal_without_a_number_to_reach_is_not_measurable(goal):
    found = goal_findings(goal)
    assert "goal-not-measurable" in rules_of(found)
    assert all(f.goal == goal["title"] and f.metric_id is None for f in found)


@pytest.mark.parametrize("goal,word", [
    ({"title": "Pipeline", "expected_result": "Run 15 product demos every week"}, "demos"),
    ({"title": "Outreach", "expected_result": "Send 400 cold emails a month by June"}, "emails"),
    ({"title": "Контент", "expected_result": "Публиковать 12 статей в месяц к концу квартала"}, "статей"),
])
def test_a_goal_whose_result_is_an_activity_is_flagged_with_the_activity(goal, word):
    found = goal_findings(goal)
    (f,) = [f for f in found if f.rule == "goal-result-is-activity"]
    assert word in f.message and f.severity == "error" and f.suggestion_catalog_id


def test_a_goal_whose_result_is_reach_says_reach():
    (f,) = [f for f in goal_findings({"title": "Audience", "expected_result": "Podcast subscribers from 3,000 to 9,000"})
            if f.rule == "goal-result-is-activity"]
    assert "reach" in f.message


@pytest.mark.parametrize("expected", [
    "Repeat purchase rate from 18 % to 26 %", "Доля заказов без ошибок с 91 % до 97 %",
    "Monthly churn from 5 % to 3 %",  # "monthly" is the window of the measure, not a deadline
])
def test_a_target_without_a_date_is_an_info_note_only(expected):
    found = goal_findings({"title": "G", "expected_result": expected}, lang="ru" if "Доля" in expected else "en")
    assert rules_of(found) == {"goal-target-no-date"}
    assert found[0].severity == "info"


@pytest.mark.parametrize("expected", [
    "Repeat purchase rate from 18 % to 26 % by the end of Q2", "Churn from 5 % to 3 % over 9 months",
    "NPS from 20 to 35 in 2027", "Доля повторных покупок с 18 % до 26 % к концу года",
    "Конверсия заявки в заказ с 30 % до 40 % за полгода", "CSAT from 80 % to 90 % before 01.09.2027",
])
def test_a_dated_measurable_goal_is_clean(expected):
    assert goal_findings({"title": "G", "expected_result": expected}) == []


def test_target_dates_on_every_metric_of_the_goal_count_as_the_date():
    goal = {"title": "Keep buyers", "expected_result": "Repeat purchase rate from 18 % to 26 %"}
    dated = Metric(id="a", name="Repeat purchase rate", goal="Keep buyers", target_date=dt.date(2027, 3, 31))
    undated = Metric(id="b", name="Time to first reorder", goal="Keep buyers")
    assert goal_findings(goal, metrics=[dated]) == []
    assert rules_of(goal_findings(goal, metrics=[dated, undated])) == {"goal-target-no-date"}


def test_date_and_number_helpers():
    assert has_date("by the end of next quarter") and has_date("к 1 июля") and has_date("within 6 weeks")
    assert not has_date("from 12 to 5 days") and not has_date("weekly active users from 10 to 20")
    assert has_target_number("from 3 % to 2 %") and not has_target_number("launch by Q3 2027")
    assert not has_target_number("к концу 2027 года")
    assert has_target_number("double repeat sales") and has_target_number("сократить отток вдвое")


def test_no_profile_no_goal_findings():
    metrics = [Metric(id="m", name="Calls made", goal="Hold 20 demos a week")]
    assert not rules_of(audit(metrics)) & GOAL_RULES


def test_offline_drafts_of_the_fixtures_have_no_goal_warnings_or_errors():
    from metricsmith.api import propose
    from metricsmith.engines.offline import OfflineEngine
    from metricsmith.io.profile_file import load_profile

    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "profiles"
    for path in sorted(fixtures.glob("*.yaml")):
        project = propose(load_profile(path), engine=OfflineEngine(today=dt.date(2026, 11, 24)))
        bad = [(path.name, f.rule) for f in project.findings if f.rule in GOAL_RULES and f.severity != "info"]
        assert bad == []


def test_audit_json_lists_goal_findings_beside_metric_findings(tmp_path, capsys):
    from metricsmith.cli import main
    from metricsmith.io.project_file import save_project
    from metricsmith.models import Project

    profile = Profile.model_validate({"language": "en", "goals": [
        {"title": "More meetings", "expected_result": "Book 30 meetings a week by May"},
        {"title": "Happier clients", "expected_result": "Clients are happier"},
        {"title": "Keep clients", "expected_result": "Logo churn from 4 % to 2 % over 12 months"},
    ]})
    project = Project(profile=profile, metrics=[Metric(id="x", name="Logo churn", goal="Keep clients", owner="Ann")])
    save_project(project, tmp_path / "p.json")
    main(["audit", str(tmp_path / "p.json"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    goals = {g["goal"]: [f["rule"] for f in g["findings"]] for g in report["goals"]}
    assert list(goals) == ["More meetings", "Happier clients", "Keep clients"]
    assert goals["More meetings"] == ["goal-result-is-activity"]
    assert goals["Happier clients"] == ["goal-not-measurable"]
    assert "goal-needs-leading-and-lagging" in goals["Keep clients"]
    assert report["goals"][0]["expected_result"] == "Book 30 meetings a week by May"
    assert report["summary"]["goals_flagged"] == 3
    assert all(f["rule"] not in GOAL_RULES for f in report["summary"]["set_findings"])
    main(["audit", str(tmp_path / "p.json"), "--format", "md"])
    assert "## Goals" in capsys.readouterr().out
