"""LLM drafts obey the offline engine's contract: each goal's stated measure is its lagging
metric with the goal's numbers — named once to the model, otherwise completed offline."""

from __future__ import annotations

from metricsmith.engines.llm import LLMEngine
from metricsmith.engines.llm.fake import ScriptedChatModel, metric_set_answer, valid_responder
from metricsmith.engines.measure_contract import gap_text, missing_goals, stated_measures
from metricsmith.models import Profile

GOAL = "Keep offices subscribed"


def _without_measure(profile):
    """Metric-set answers that name the churn goal's lagging metric something else."""
    answer = metric_set_answer(profile)
    for metric in answer["metrics"]:
        if metric["goal"] == GOAL and metric["kind"] == "lagging":
            metric["name"] = "Customer lifetime value"
    return answer


def _run(settings, profile, first_answers):
    good = valid_responder(profile)
    answers = list(first_answers)

    def respond(name, messages):
        if name == "MetricSetOutput" and answers:
            return answers.pop(0)
        return good(name, messages)

    model = ScriptedChatModel(responder=respond)
    return LLMEngine(settings, chat_model=model).propose(profile), model


def test_the_goals_measure_is_read_from_its_words(profile) -> None:
    measures = stated_measures(profile)
    assert measures[GOAL].phrase == "Monthly churn" and (measures[GOAL].baseline, measures[GOAL].target) == (6, 3)
    assert "Faster first value" not in measures  # "within 5 days" names no measure with numbers


def test_a_missing_measure_is_named_once_and_the_corrected_answer_is_used(settings, profile) -> None:
    project, model = _run(settings, profile, [_without_measure(profile)])
    set_calls = [messages for name, messages, *_ in model.calls if name == "MetricSetOutput"]
    assert len(set_calls) == 2
    retry = str(set_calls[1][-1].content)
    assert GOAL in retry and "Monthly churn" in retry and "6 % → 3 %" in retry
    churn = next(m for m in project.metrics if m.goal == GOAL and m.kind == "lagging" and m.name == "Monthly churn")
    assert (churn.baseline, churn.target) == (6.0, 3.0) and churn.origin == "llm"
    assert not project.notices


def test_a_model_that_misses_it_twice_gets_the_offline_measure_with_a_notice(settings, profile) -> None:
    project, model = _run(settings, profile, [_without_measure(profile), _without_measure(profile)])
    assert [name for name, *_ in model.calls].count("MetricSetOutput") == 2  # named once, then accepted
    inserted = [m for m in project.metrics if m.goal == GOAL and m.kind == "lagging" and m.origin == "offline"]
    assert len(inserted) == 1 and (inserted[0].baseline, inserted[0].target) == (6.0, 3.0)
    assert "churn" in inserted[0].name.lower() and inserted[0].formula and inserted[0].owner
    assert any(n.level == "warning" and GOAL in n.message for n in project.notices)
    assert 5 <= len(project.metrics) <= 7 and not missing_goals(project.metrics, profile)


def test_changed_numbers_are_restored_with_a_notice(settings, profile) -> None:
    good = valid_responder(profile)

    def respond(name, messages):
        answer = good(name, messages)
        if name == "TrackingOutput":
            for row in answer["rows"]:
                row["baseline"], row["target"] = 7.0, 5.0
        return answer

    project = LLMEngine(settings, chat_model=ScriptedChatModel(responder=respond)).propose(profile)
    churn = next(m for m in project.metrics if m.name == "Monthly churn")
    assert (churn.baseline, churn.target) == (6.0, 3.0)
    assert any("Monthly churn" in n.message and "6 → 3" in n.message for n in project.notices)


def test_the_gap_is_named_in_the_projects_language() -> None:
    ru = Profile.model_validate({"language": "ru", "goals": [
        {"title": "Меньше возвратов", "expected_result": "Доля возвратов с 9 % до 4 %"}]})
    text = gap_text(["Меньше возвратов"], ru)
    assert "цель «Меньше возвратов» → «Доля возвратов» (9 % → 4 %)" in text


def test_every_model_metric_carries_a_reason(settings, profile) -> None:
    project = LLMEngine(settings, chat_model=ScriptedChatModel(responder=valid_responder(profile))).propose(profile)
    assert all(m.reason for m in project.metrics)
