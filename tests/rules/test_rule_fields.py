"""Per-metric field rules: measurability, opinion, goal, owner, baseline/target."""

from __future__ import annotations

import pytest

from metricsmith.models import Metric, Person, Profile
from metricsmith.rules import audit
from metricsmith.rules.checks.ownership import is_department

from .conftest import rules_for


def test_a_complete_metric_has_no_findings(full):
    assert rules_for(audit([full()]), "m") == set()


@pytest.mark.parametrize("name", ["Improve customer experience", "Повышение лояльности клиентов",
                                  "Better brand perception", "Улучшение качества сервиса"])
def test_vague_wishes_are_not_measurable(name):
    assert "not-measurable" in rules_for(audit([Metric(id="m", name=name)], fields=()), "m")


@pytest.mark.parametrize("name", ["Improve NPS by 10 points", "Повысить долю повторных покупок",
                                  "Increase conversion rate", "Repeat purchase rate"])
def test_countable_names_are_measurable(name):
    assert "not-measurable" not in rules_for(audit([Metric(id="m", name=name)], fields=()), "m")


def test_a_vague_name_with_a_formula_is_measurable(full):
    m = full(name="Improve customer experience", formula="share of 4–5 ratings", unit="%")
    assert "not-measurable" not in rules_for(audit([m]), "m")


def test_structured_table_row_without_formula_unit_or_values_is_not_measurable():
    m = Metric(id="m", name="Brand perception")
    assert "not-measurable" in rules_for(audit([m], fields={"formula", "unit"}), "m")


@pytest.mark.parametrize("name,formula", [
    ("Customer happiness (manager's assessment)", ""),
    ("Team morale", "gut feeling of the team lead"),
    ("Качество сервиса по мнению руководителя", ""),
    ("Удовлетворённость клиентов", "экспертная оценка отдела продаж"),
])
def test_opinions_are_flagged(full, name, formula):
    assert "opinion-not-fact" in rules_for(audit([full(name=name, formula=formula or "x")]), "m")


@pytest.mark.parametrize("name", ["CSAT after service visit", "NPS", "Оценка клиентов после визита (CSAT)"])
def test_customer_surveys_are_facts(full, name):
    assert "opinion-not-fact" not in rules_for(audit([full(name=name)]), "m")


def test_no_goal_and_no_owner_in_both_languages(full):
    found = audit([full(id="en", goal="", owner=""), full(id="ru", name="Доля повторных покупок", goal="", owner="")])
    assert {"no-goal", "no-owner"} <= rules_for(found, "en")
    assert {"no-goal", "no-owner"} <= rules_for(found, "ru")
    ru = [f for f in found if f.metric_id == "ru" and f.rule == "no-owner"][0]
    assert "ответственного" in ru.message


def test_goal_and_owner_rules_skip_tables_without_those_columns():
    assert rules_for(audit([Metric(id="m", name="Churn rate")], fields={"baseline"}), "m").isdisjoint(
        {"no-goal", "no-owner"})


@pytest.mark.parametrize("owner", ["Sales department", "Отдел продаж", "Support team", "Служба поддержки",
                                   "Marketing", "Бухгалтерия"])
def test_departments_are_not_owners(full, owner):
    assert "owner-is-department" in rules_for(audit([full(owner=owner)]), "m")
    assert is_department(owner)


@pytest.mark.parametrize("owner", ["Anna Petrova", "Анна Петрова", "Head of Sales", "Руководитель отдела продаж",
                                   "Ivan (sales)", "Мария, служба поддержки"])
def test_people_and_roles_are_owners(full, owner):
    assert "owner-is-department" not in rules_for(audit([full(owner=owner)]), "m")


def test_a_profile_person_named_like_a_team_is_a_person(full):
    profile = Profile(people=[Person(name="Marketing", role="CMO")])
    assert "owner-is-department" not in rules_for(audit([full(owner="Marketing")], profile), "m")


@pytest.mark.parametrize("kw,missing", [({"baseline": None}, "baseline"), ({"target": None}, "target"),
                                        ({"baseline": None, "target": None}, "baseline and no target")])
def test_baseline_or_target_missing(full, kw, missing):
    f = [x for x in audit([full(**kw)]) if x.rule == "baseline-or-target-missing"]
    assert len(f) == 1 and missing in f[0].message


def test_baseline_or_target_missing_in_russian(full):
    f = [x for x in audit([full(name="Доля повторных покупок", target=None)]) if x.rule == "baseline-or-target-missing"]
    assert "целевого" in f[0].message


@pytest.mark.parametrize("direction,baseline,target,severity", [
    ("up", 30.0, 20.0, "error"), ("up", 30.0, 30.0, "warning"), ("down", 5.0, 7.0, "error"),
])
def test_target_not_better(full, direction, baseline, target, severity):
    f = [x for x in audit([full(direction=direction, baseline=baseline, target=target)]) if x.rule == "target-not-better"]
    assert [x.severity for x in f] == [severity]


@pytest.mark.parametrize("direction,baseline,target", [("up", 20.0, 30.0), ("down", 7.0, 5.0)])
def test_better_targets_pass(full, direction, baseline, target):
    assert "target-not-better" not in rules_for(audit([full(direction=direction, baseline=baseline, target=target)]), "m")


def test_direction_is_inferred_from_the_name_when_the_table_has_no_direction_column():
    churn = Metric(id="m", name="Отток клиентов", baseline=5.0, target=3.0)
    assert "target-not-better" not in rules_for(audit([churn], fields={"baseline", "target"}), "m")
    worse = Metric(id="m", name="Customer churn", baseline=5.0, target=7.0)
    assert "target-not-better" in rules_for(audit([worse], fields={"baseline", "target"}), "m")


@pytest.mark.parametrize("name", ["Заключённые сделки", "Closed deals", "Customer churn"])
def test_bare_result_names_in_a_structured_table_are_measurable(name):
    assert "not-measurable" not in rules_for(audit([Metric(id="m", name=name)], fields={"formula", "unit"}), "m")
