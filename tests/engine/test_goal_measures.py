"""Each goal's own measure: parsing it (both languages, every form) and drafting it as the goal's
lagging metric with the user's numbers, on businesses outside the built-in industry packs.

The profiles in ``fixtures/measure_profiles`` come with a ``.expect.yaml`` each: what a
consultant would expect (the words of the goal's measure, its baseline and target, and metrics
that must not appear). They are scored here the same way for every profile, in-process.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from metricsmith import api
from metricsmith.engines.goal_measure import goal_measure, parse_measure, unit_of_text
from metricsmith.engines.offline import OfflineEngine
from metricsmith.io.profile_file import load_profile
from metricsmith.models import Profile

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "measure_profiles"
PROFILES = sorted(p for p in FOLDER.glob("*.yaml") if not p.name.endswith(".expect.yaml"))
TODAY = dt.date(2026, 11, 24)

# text, phrase, baseline, target, unit, direction, period
PARSE_CASES = [
    ("Share of repeat bookings from 31 % to 45 %", "Share of repeat bookings", 31, 45, "%", "up", None),
    ("Weekly active households from 1 200 to 1 500", "Weekly active households", 1200, 1500, "", "up", "week"),
    ("Доля броней без предоплаты снизится с 18,5 % до 9 %", "Доля броней без предоплаты", 18.5, 9, "%", "down", None),
    ("Время ответа клиенту с 3 дней до 6 часов", "Время ответа клиенту", 72, 6, "hours", "down", None),
    ("cut onboarding time from 3 weeks to 10 days", "Onboarding time", 21, 10, "days", "down", None),
    ("Средняя стоимость заказа с 1 250 ₽ до 1 600 ₽", "Средняя стоимость заказа", 1250, 1600, "RUB", "up", None),
    ("Average basket from €41 to €48", "Average basket", 41, 48, "EUR", "up", None),
    ("Ежемесячный отток абонентов с 4,2 % до 3 %", "Ежемесячный отток абонентов", 4.2, 3, "%", "down", "month"),
    ("Guest rating from 8.1 to 8.8 points", "Guest rating", 8.1, 8.8, "points", "up", None),
    ("Complaints per month: 40 → 15", "Complaints per month", 40, 15, "", "down", "month"),
]


@pytest.mark.parametrize(("text", "phrase", "baseline", "target", "unit", "direction", "period"), PARSE_CASES)
def test_the_measure_is_read_with_its_numbers_unit_and_period(
    text: str, phrase: str, baseline: float, target: float, unit: str, direction: str, period: str | None
) -> None:
    found = parse_measure(text, currency="USD")
    assert found is not None
    assert (found.phrase, found.baseline, found.target) == (phrase, baseline, target)
    assert (found.unit, found.direction, found.period) == (unit, direction, period)


def test_targets_without_a_baseline_wait_for_a_known_number() -> None:
    limit = parse_measure("Снизить долю отменённых визитов до 5 %")
    assert limit is not None and (limit.phrase, limit.target, limit.direction) == ("Доля отменённых визитов", 5, "down")
    twice = parse_measure("Время сборки заказа сократить в 2 раза")
    assert twice is not None and twice.factor == 2 and twice.phrase == "Время сборки заказа"
    assert twice.with_baseline(40).target == 20
    relative = parse_measure("Increase orders per customer by 20 %")
    assert relative is not None and relative.with_baseline(2.5).target == 3.0
    points = parse_measure("Доля постоянных гостей +5 п.п.")
    assert points is not None and points.with_baseline(30).target == 35


def test_a_measure_without_a_name_borrows_the_goal_title_and_a_deadline_is_no_period() -> None:
    found = goal_measure("Faster refunds", "", "from 9 to 3 days within a quarter")
    assert found is not None and found.phrase == "Faster refunds" and found.period is None
    assert (found.baseline, found.target, found.unit) == (9, 3, "days")
    assert goal_measure("Happier clients", "They complain", "clients are happier") is None


def test_known_numbers_keep_their_units() -> None:
    assert unit_of_text("18 minutes") == "minutes" and unit_of_text("4 дня") == "days"
    assert unit_of_text("32 EUR") == "EUR" and unit_of_text("12 %") == "%" and unit_of_text("5000") == ""
    profile = Profile.model_validate({"known_numbers": {"wait": "18 minutes", "count": 5}})
    assert profile.known_units == {"wait": "minutes"}


def _score(profile_path: Path) -> list[str]:
    """Failed checks of one profile against its expectations (empty = everything a consultant expects)."""
    expect = yaml.safe_load(profile_path.with_name(profile_path.stem + ".expect.yaml").read_text(encoding="utf-8"))
    profile = load_profile(profile_path)
    project = api.propose(profile, engine=OfflineEngine(today=TODAY))
    failures = []
    for goal, spec in zip(profile.goals, expect["goals"]):
        bound = [m for m in project.metrics if m.goal == goal.title and m.kind == "lagging"]
        hits = [m for m in bound if any(w.lower() in m.name.lower() for w in spec["lagging_any"])]
        if not hits:
            failures.append(f"{goal.title}: no lagging measure among {[m.name for m in bound]}")
            continue
        baselines = spec.get("baseline_any") or [spec["baseline"]]
        targets = spec.get("target_any") or [spec["target"]]
        if not any(m.baseline in baselines and m.target in targets for m in hits):
            failures.append(f"{goal.title}: numbers {[(m.baseline, m.target) for m in hits]}")
    names = [m.name.lower() for m in project.metrics]
    failures += [f"irrelevant: {n}" for n in names if any(w.lower() in n for w in expect.get("forbid_any", []))]
    failures += [f"flagged: {f.rule} {f.metric_id}" for f in project.findings if f.rule in ("activity-as-value", "vanity")]
    if not 5 <= len(project.metrics) <= 7:
        failures.append(f"{len(project.metrics)} metrics")
    return failures


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_drafts_meet_what_a_consultant_expects(path: Path) -> None:
    assert _score(path) == []


def test_there_are_enough_profiles_in_both_languages() -> None:
    languages = [yaml.safe_load(p.read_text(encoding="utf-8"))["language"] for p in PROFILES]
    assert len(PROFILES) >= 10 and languages.count("ru") >= 4 and languages.count("en") >= 4


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_every_pick_has_a_reason_and_custom_measures_a_notice(path: Path) -> None:
    project = api.propose(load_profile(path), engine=OfflineEngine(today=TODAY))
    assert all(m.reason for m in project.metrics)
    for m in project.metrics:
        if m.catalog_id is None and m.kind == "lagging":
            assert any(m.name in n.message for n in project.notices), m.name
            assert m.formula and m.why and m.where_used and m.example and m.plan


def test_churn_and_retention_get_their_own_formulas() -> None:
    from metricsmith.engines.goal_metrics import custom_formula

    churn = custom_formula(parse_measure("Отток подписчиков в месяц с 14 % до 7 %"), "ru")
    assert "ушедшие за период" in churn and "на начало периода" in churn
    kept = custom_formula(parse_measure("Contract renewal rate from 60 % to 75 %"), "en")
    assert "still with you" in kept and "lost" not in kept


def test_russian_points_agree_with_the_number() -> None:
    from metricsmith.engines.goal_metrics import quantity_text

    assert [quantity_text(v, "points", "ru") for v in (1, 3, 5, 4.3, 21)] == [
        "1 балл", "3 балла", "5 баллов", "4,3 балла", "21 балл"]


def test_a_similar_catalog_entry_lends_drivers_but_not_another_trades_plan() -> None:
    profile = Profile.model_validate({
        "language": "en", "business": {"industry": "veterinary care", "description": "A vet clinic"},
        "goals": [{"title": "Shorter waits", "problem": "Owners wait with sick pets",
                   "expected_result": "Average waiting time before the appointment from 35 to 15 minutes"}],
    })
    project = api.propose(profile, engine=OfflineEngine(today=TODAY))
    wait = next(m for m in project.metrics if m.kind == "lagging" and "waiting time" in m.name.lower())
    assert "Owners wait with sick pets" in wait.plan and "ticket" not in wait.plan.lower()


def test_a_known_number_goes_only_to_a_metric_in_its_kind_of_unit() -> None:
    from metricsmith.catalog import load_catalog
    from metricsmith.catalog.matcher import assign_to_selected

    catalog = load_catalog()
    ttv, csat = catalog.get("ttv"), catalog.get("csat")
    known = {"time to first value": 36.0, "customer satisfaction": 4.0}
    assigned = assign_to_selected(known, [ttv, csat], catalog,
                                  units={"time to first value": "hours", "customer satisfaction": "points"})
    assert assigned["ttv"] == ("time to first value", 1.5)  # 36 hours in the TTV's days
    assert "csat" not in assigned  # a 1-5 rating is not a share of satisfied customers


@pytest.mark.parametrize("name", ["brewery_en", "bike_rental_ru", "car_service_ru"])
def test_an_exported_tracking_table_audits_without_false_direction_errors(name: str, tmp_path: Path) -> None:
    """The export carries each metric's direction, so re-auditing it never guesses a wrong one."""
    from metricsmith.exporters import export_project
    from metricsmith.readers import load_audit_input
    from metricsmith.rules import audit

    project = api.propose(load_profile(FOLDER / f"{name}.yaml"), engine=OfflineEngine(today=TODAY))
    files = export_project(project, "csv", tmp_path / "t.csv", today=TODAY)
    tracking = next(f for f in files if "tracking" in f.name)
    data = load_audit_input(tracking)
    directions = {m.name: m.direction for m in data.metrics}
    assert directions == {m.name: m.direction for m in project.metrics}
    findings = audit(data.metrics, data.profile, fields=data.fields, rows=data.rows)
    assert not [f for f in findings if f.rule == "target-not-better"]
