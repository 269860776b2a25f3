"""Team output, instruments handed out and tasks: what the issue-12 classes look like to the rules."""

from __future__ import annotations

import pytest

from metricsmith.models import Metric
from metricsmith.rules import audit, audit_names, classify_name


def _rules(name: str) -> set[str]:
    return {f.rule for f in audit_names([name])[0]}


@pytest.mark.parametrize("name", [
    "Launch the partner marketplace", "Roll out self-service refunds", "Set up a status page",
    "Implementing single sign-on", "Hire two account managers", "Write the API documentation",
    "Запустить доставку в регионы", "Внедрение электронного документооборота", "Открыть пункт выдачи",
    "Разработать мобильное приложение для курьеров", "Подготовить прайс-лист для оптовиков",
    "Warehouse system migration", "Checkout redesign", "Go live with online booking", "Rollout of the help centre",
    "Интеграция с платёжным сервисом", "Запустили чат поддержки",
])
def test_a_task_is_not_measurable_and_is_output_not_a_result(name):
    assert classify_name(name).reason == "task"
    assert {"not-measurable", "activity-as-value"} <= _rules(name)


@pytest.mark.parametrize("name", [
    "Open rate", "Build time", "Release frequency", "Launch-to-first-order time", "Hire rate",
    "Start-to-finish time", "Запуск-в-продажу конверсия", "Время запуска нового тарифа",
    "Write-offs per store", "Migration time per account", "Accounts that finished an integration",
])
def test_metrics_that_start_like_a_verb_are_not_tasks(name):
    assert classify_name(name).reason != "task"
    assert "not-measurable" not in _rules(name)


def test_a_task_suggestion_turns_it_into_the_outcome_it_should_move():
    (nm,) = [f for f in audit_names(["Roll out the new checkout"])[0] if f.rule == "not-measurable"]
    assert "the new checkout" in nm.suggestion and "share of customers" in nm.suggestion
    assert nm.suggestion_catalog_id  # a catalog outcome (adoption of what was launched by default)
    (ru,) = [f for f in audit_names(["Запустить программу лояльности для постоянных покупателей"])[0]
             if f.rule == "not-measurable"]
    assert ru.suggestion_catalog_id == "loyalty_sales_share"
    assert "долю клиентов" in ru.suggestion and "задача" in ru.message
    (crm,) = [f for f in audit_names(["Implement a CRM"])[0] if f.rule == "not-measurable"]
    assert crm.suggestion_catalog_id == "crm_usage_share"


def test_a_task_in_a_draft_is_not_measurable_even_when_paired_as_a_leading_signal(full):
    metrics = [full(id="t", name="Launch the referral scheme", kind="leading", category="usage_adoption"),
               full(id="r", name="Repeat purchase rate")]
    found = audit(metrics)
    assert {f.rule for f in found if f.metric_id == "t"} == {"not-measurable"}


@pytest.mark.parametrize("name,group", [
    ("Tickets closed by the first line", "support"), ("Обработано обращений за смену", "support"),
    ("Bugs fixed per release", "engineering"), ("Исправлено дефектов за спринт", "engineering"),
    ("Story points delivered", "engineering"), ("Feedback questionnaires handed out", "surveys"),
    ("Роздано флаеров у входа", "promo"),
])
def test_team_output_and_instruments_name_whose_work_it_was(name, group):
    verdict = classify_name(name)
    assert (verdict.kind, verdict.group) == ("activity", group)


def test_suggestions_fit_the_output():
    def better(name: str) -> str | None:
        return next(f.suggestion_catalog_id for f in audit_names([name])[0] if f.rule == "activity-as-value")

    assert better("Support tickets closed") in ("fcr", "time_to_resolution", "first_response_time")
    assert better("NPS questionnaires mailed") == "nps"
    assert better("Story points burned") in ("time_to_market", "uptime", "adoption_rate")


def test_productivity_per_person_is_value_but_effort_per_person_stays_effort():
    assert classify_name("Requests processed per operator").kind is None
    assert classify_name("Заявок обработано на одного специалиста").kind is None
    assert classify_name("Demos held per rep").kind == "activity"
    assert classify_name("Коммитов на разработчика").kind == "activity"


def test_a_funnel_stage_to_a_result_is_a_conversion_but_effort_aimed_at_customers_is_not():
    assert classify_name("Visitor to customer").kind is None
    assert classify_name("Установка в покупку").kind is None
    assert classify_name("Calls to customers").kind == "activity"
    assert classify_name("Letters to clients").kind == "activity"


def test_what_the_customer_did_with_the_output_is_a_result():
    assert classify_name("Quotes accepted by clients").kind is None
    assert classify_name("Trial users who became customers").kind is None
    assert classify_name("Paid ads launched").kind == "activity"  # "paid" before the noun is no payment
    assert classify_name("Счета, оплаченные в срок").kind is None
    assert classify_name("Количество принятых звонков").kind == "activity"  # «принятых» = taken, not accepted


def test_closing_defects_is_output_but_making_fewer_errors_is_a_result():
    assert classify_name("Incidents closed by the on-call engineer").kind == "activity"
    assert classify_name("Закрыто жалоб за смену").kind == "activity"
    assert classify_name("Picking errors per 1,000 lines").kind is None
    assert classify_name("Errors made by pickers").kind is None


def test_fixed_costs_are_not_fixes():
    assert classify_name("Fixed costs per delivery").kind is None
    assert classify_name("Defects fixed").kind == "activity"


def test_a_table_task_row_gets_both_findings_with_its_own_messages():
    found = audit([Metric(id="m", name="Create a referral page")], fields=())
    by_rule = {f.rule: f for f in found}
    assert by_rule["activity-as-value"].message.startswith("“Create a referral page” is a deliverable")
    assert by_rule["not-measurable"].severity == "warning"
