"""The LLM engine above HTTP: a scripted chat model that answers through tool calls."""

from __future__ import annotations

import json
import threading

import pytest
from langchain_core.messages import AIMessage

from metricsmith.engines.base import Engine
from metricsmith.engines.llm import LLMEngine
from metricsmith.engines.llm.fake import (
    ScriptedChatModel,
    metric_set_answer,
    tracking_answer,
    valid_responder,
    value_answer,
)
from metricsmith.io.project_file import project_to_json
from metricsmith.models.project import Finding


def _engine(settings, responder) -> tuple[LLMEngine, ScriptedChatModel]:
    model = ScriptedChatModel(responder=responder)
    return LLMEngine(settings, chat_model=model), model


def test_engine_protocol(settings):
    assert isinstance(LLMEngine(settings), Engine)
    assert LLMEngine.name == "llm"


def test_good_output_fills_both_tables_in_three_calls(settings, profile):
    engine, model = _engine(settings, valid_responder(profile))
    project = engine.propose(profile)
    assert [name for name, _, _ in model.calls].count("MetricSetOutput") == 1
    assert sorted(name for name, _, _ in model.calls) == ["MetricSetOutput", "TrackingOutput", "ValueOutput"]
    assert len(project.metrics) == 6 and not project.notices
    first = project.metrics[0]
    assert first.id == "time-to-first-value" and first.origin == "llm"
    assert first.goal == "Keep offices subscribed"
    assert first.owner == "Ana Ruiz" and first.baseline == 10.0 and first.target == 20.0
    assert first.formula.startswith("customers reaching") and first.data_source == "CRM"
    assert all(m.why and m.owner and m.comment for m in project.metrics)
    assert project.engine.name == "llm" and project.engine.model == "fake-model"
    assert [c.step for c in project.llm_calls][0] == "metric_set"
    assert all(c.ok and not c.cached and c.input_tokens > 0 and c.output_tokens > 0 for c in project.llm_calls)
    assert {c.provider for c in project.llm_calls} == {"openai-compatible"}


def test_tables_are_requested_concurrently(settings, profile):
    """Both table calls must be in flight at once: each waits for the other at a barrier."""
    barrier = threading.Barrier(2, timeout=10)
    good = valid_responder(profile)

    def respond(name, messages):
        if name in ("TrackingOutput", "ValueOutput"):
            barrier.wait()  # raises BrokenBarrierError if the calls run one after the other
        return good(name, messages)

    engine, _ = _engine(settings, respond)
    project = engine.propose(profile)
    assert not project.notices


def test_invalid_then_fixed_feeds_the_error_back(settings, profile):
    answers = iter([metric_set_answer(profile, count=4), metric_set_answer(profile)])
    good = valid_responder(profile)

    def respond(name, messages):
        return next(answers) if name == "MetricSetOutput" else good(name, messages)

    engine, model = _engine(settings, respond)
    project = engine.propose(profile)
    set_calls = [c for c in project.llm_calls if c.step == "metric_set"]
    assert [(c.attempt, c.ok) for c in set_calls] == [(1, False), (2, True)]
    assert "at least 5" in set_calls[0].error
    retry_messages = [m for name, m, _ in model.calls if name == "MetricSetOutput"][1]
    assert retry_messages[-2].type == "ai" and '"metrics"' in retry_messages[-2].content
    assert retry_messages[-1].type == "human" and "at least 5" in retry_messages[-1].content
    assert len(project.metrics) == 6 and not project.notices


def test_semantic_check_rejects_unknown_goal(settings, profile):
    bad = metric_set_answer(profile, extra={"goal": "Be famous"})
    answers = iter([bad, metric_set_answer(profile)])
    good = valid_responder(profile)
    engine, _ = _engine(settings, lambda n, m: next(answers) if n == "MetricSetOutput" else good(n, m))
    project = engine.propose(profile)
    assert "Be famous" in project.llm_calls[0].error and "Keep offices subscribed" in project.llm_calls[0].error


@pytest.mark.parametrize("max_retries, word", [(1, "twice"), (2, "three times")])
def test_invalid_value_table_falls_back_offline_with_notice(profile, settings, max_retries, word):
    settings = settings.model_copy(update={"max_retries": max_retries})
    good = valid_responder(profile)
    engine, _ = _engine(settings, lambda n, m: {"rows": [{"key": "x"}]} if n == "ValueOutput" else good(n, m))
    project = engine.propose(profile)
    value_calls = [c for c in project.llm_calls if c.step == "value"]
    assert len(value_calls) == 1 + max_retries and not any(c.ok for c in value_calls)
    assert len(project.notices) == 1
    notice = project.notices[0]
    assert notice.level == "warning" and notice.step == "value"
    assert notice.message.startswith(f"value table drafted offline: model output was invalid {word}")
    # the tracking part still came from the model
    assert project.metrics[0].owner == "Ana Ruiz" and project.metrics[0].target == 20.0


def test_plain_text_and_none_count_as_failures(settings, profile):
    answers = iter(["Sure! Here are great metrics: NPS, LTV.", None, metric_set_answer(profile)])
    good = valid_responder(profile)
    engine, _ = _engine(settings, lambda n, m: next(answers) if n == "MetricSetOutput" else good(n, m))
    project = engine.propose(profile)
    calls = [c for c in project.llm_calls if c.step == "metric_set"]
    assert [c.ok for c in calls] == [False, False, True]
    assert all("no structured answer" in c.error for c in calls[:2])


def test_metric_set_failure_drafts_the_whole_project_offline(settings, profile):
    engine, model = _engine(settings, lambda n, m: "I cannot help with that.")
    project = engine.propose(profile)
    assert len(model.calls) == 3  # first try + 2 retries, then no table calls
    assert project.metrics and all(m.origin != "llm" for m in project.metrics)
    assert project.engine.name == "llm"
    assert [c.ok for c in project.llm_calls] == [False, False, False]
    assert any(n.step == "metric_set" and "drafted offline" in n.message for n in project.notices)


def test_truncated_output_is_a_failure_with_a_hint(settings, profile):
    good = valid_responder(profile)

    def respond(name, messages):
        if name == "TrackingOutput":
            keys = [m["key"] for m in metric_set_answer(profile)["metrics"]]
            return AIMessage(content="", tool_calls=[{"name": name, "args": tracking_answer(keys, profile),
                                                      "id": "t", "type": "tool_call"}],
                             response_metadata={"finish_reason": "length"})
        return good(name, messages)

    engine, model = _engine(settings, respond)
    project = engine.propose(profile)
    calls = [c for c in project.llm_calls if c.step == "tracking"]
    assert all(not c.ok and "cut off" in c.error for c in calls)
    notice = next(n for n in project.notices if n.step == "tracking")
    assert "--max-tokens" in notice.message
    retry = [m for name, m, _ in model.calls if name == "TrackingOutput"][1]
    assert "shorter" in retry[-1].content


def test_russian_profile_gets_russian_prompts_and_notice(settings, profile):
    profile.language = "ru"
    good = valid_responder(profile)
    engine, model = _engine(settings, lambda n, m: None if n == "ValueOutput" else good(n, m))
    project = engine.propose(profile)
    system = model.calls[0][1][0].content
    assert "Ты — руководитель продукта" in system
    assert project.notices[0].message.startswith("таблица Value Management: составлено офлайн")


def test_replace_asks_once_for_all_flagged(settings, profile):
    engine, model = _engine(settings, valid_responder(profile))
    project = engine.propose(profile)
    ids = [project.metrics[0].id, project.metrics[1].id]
    findings = [Finding(rule="activity-as-value", metric_id=i, message="counts effort", suggestion="deals won")
                for i in ids]
    before = len(model.calls)
    new = engine.replace(project, ids, findings)
    assert len(model.calls) == before + 1
    assert [m.name for m in new] == ["Lead-to-deal conversion 1", "Lead-to-deal conversion 2"]
    assert len({m.id for m in new} | {m.id for m in project.metrics}) == len(project.metrics) + 2
    prompt = model.calls[-1][1][1].content
    assert "counts effort" in prompt and "deals won" in prompt
    assert project.llm_calls[-1].step == "replacements"


def test_flagged_metric_is_replaced_through_the_api(settings, profile):
    from metricsmith.api import propose

    activity = {"key": "calls_made", "name": "Sales calls made", "category": "financial", "kind": "lagging",
                "unit": "count", "direction": "up"}
    engine, model = _engine(settings, valid_responder(profile, extra_metric=activity))
    project = propose(profile, engine=engine)
    names = [m.name for m in project.metrics]
    assert "Sales calls made" not in names
    assert any(name.startswith("Lead-to-deal conversion") for name in names)
    assert [c.step for c in project.llm_calls].count("replacements") == 1
    assert len(model.calls) == 4


def test_cache_hit_costs_zero_calls(settings, profile):
    settings = settings.model_copy(update={"cache": True})
    engine, model = _engine(settings, valid_responder(profile))
    first = engine.propose(profile)
    engine2, model2 = _engine(settings, valid_responder(profile))
    second = engine2.propose(profile)
    assert len(model.calls) == 3 and len(model2.calls) == 0
    assert all(c.cached for c in second.llm_calls) and len(second.llm_calls) == 3
    assert sum(c.input_tokens + c.output_tokens for c in second.llm_calls) == 0
    assert [m.model_dump() for m in second.metrics] == [m.model_dump() for m in first.metrics]
    # a changed profile misses the cache
    profile.business.name = "Tidy Pro"
    engine3, model3 = _engine(settings, valid_responder(profile))
    engine3.propose(profile)
    assert len(model3.calls) == 3


def test_no_cache_setting_always_calls(settings, profile):
    for _ in range(2):
        engine, model = _engine(settings, valid_responder(profile))
        engine.propose(profile)
        assert len(model.calls) == 3


def test_secrets_never_reach_the_project(settings, profile, monkeypatch):
    secret = "sk-test-0123456789abcdef"
    monkeypatch.setenv("MY_LLM_KEY", secret)
    monkeypatch.setenv("OPENAI_API_KEY", secret + "-openai")
    settings = settings.model_copy(update={"api_key_env": "MY_LLM_KEY", "api_key": secret,
                                           "base_url": "http://user:pw-secret@127.0.0.1:9/v1"})
    engine, _ = _engine(settings, valid_responder(profile))
    project = engine.propose(profile)
    text = project_to_json(project)
    assert secret not in text and "pw-secret" not in text
    assert json.loads(text)["engine"]["base_url"] == "http://127.0.0.1:9/v1"


def test_follow_up_for_vague_and_concrete_answers(settings, profile):
    engine, model = _engine(settings, valid_responder(profile))
    question = engine.follow_up("first_value", "customers love it", profile)
    assert question and question.endswith("?")
    assert engine.follow_up("first_value", "first invoice paid within 3 days", profile) is None
    prompt = model.calls[0][1][1].content
    assert "customers love it" in prompt and "aha" in prompt
    assert engine.follow_up("first_value", "   ", profile) is None
    assert len(model.calls) == 2 and len(engine.follow_up_calls) == 2


def test_follow_up_failure_falls_back_to_the_offline_check(settings, profile):
    """An unusable model must not wave a vague answer through: the offline check asks instead."""
    from metricsmith.interview import offline_follow_up

    engine, model = _engine(settings, lambda n, m: "hmm")
    lang = profile.language
    assert engine.follow_up("repeat", "they like it", profile) == offline_follow_up("repeat", "they like it", lang)
    assert engine.follow_up("repeat", "they like it", profile)  # a real question, not None
    assert engine.follow_up("repeat", "they reorder every 3 weeks", profile) is None  # concrete offline too
    answer = {"first_value.description": "customers love it", "first_value.value_event": "first invoice paid"}
    assert engine.follow_up("first_value", answer, profile) is None  # the event field counts, as offline
    assert all(not c.ok for c in engine.follow_up_calls)


def test_follow_up_unreachable_server_falls_back_to_the_offline_check(profile):
    import socket

    from metricsmith.config import Settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(engine="llm", provider="openai-compatible", model="tiny", cache=False, timeout=5,
                        base_url=f"http://127.0.0.1:{port}/v1")
    question = LLMEngine(settings).follow_up("first_value", "customers love it", profile)
    assert question and question.endswith("?")


def test_value_rows_need_every_key(settings, profile):
    good = valid_responder(profile)

    def respond(name, messages):
        if name == "ValueOutput":
            keys = [m["key"] for m in metric_set_answer(profile)["metrics"]]
            return value_answer(keys[:-1])
        return good(name, messages)

    engine, _ = _engine(settings, respond)
    project = engine.propose(profile)
    errors = [c.error for c in project.llm_calls if c.step == "value"]
    assert errors and all("missing rows for: gross-revenue-retention" in e for e in errors)


def test_offline_fill_for_tracking_gives_every_metric_a_person(settings, profile):
    good = valid_responder(profile)
    engine, _ = _engine(settings, lambda n, m: None if n == "TrackingOutput" else good(n, m))
    project = engine.propose(profile)
    assert [n.step for n in project.notices] == ["tracking"]
    people = {p.name for p in profile.people}
    assert all(m.owner in people for m in project.metrics)
    assert all(m.formula.startswith("customers reaching") for m in project.metrics)  # value part from the model


def test_get_engine_picks_the_llm_engine(settings):
    from metricsmith.api import get_engine

    assert isinstance(get_engine(settings), LLMEngine)


def test_a_broken_cache_file_never_breaks_drafting(settings, profile):
    from metricsmith.config import cache_dir

    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / "llm_cache.sqlite3").write_bytes(b"this is not a database" * 100)
    settings = settings.model_copy(update={"cache": True})
    engine, model = _engine(settings, valid_responder(profile))
    project = engine.propose(profile)
    assert len(model.calls) == 3 and len(project.metrics) == 6


def test_russian_fallback_notice_explains_the_problem_in_russian(settings, profile):
    """The whole notice is Russian (its reason used to be English: «последняя проблема: no structured answer …»)."""
    profile.language = "ru"
    good = valid_responder(profile)
    engine, model = _engine(settings, lambda n, m: None if n == "ValueOutput" else good(n, m))
    project = engine.propose(profile)
    notice = project.notices[0].message
    assert "последняя проблема: нет структурированного ответа" in notice, notice
    assert "no structured answer" not in notice
    retry = [m for name, m, _ in model.calls if name == "ValueOutput"][1]
    assert "нет структурированного ответа" in retry[-1].content  # the retry speaks the prompt's language


def test_a_different_temperature_misses_the_cache(settings, profile):
    """A cached answer is reused only for the same model settings that produced it."""
    settings = settings.model_copy(update={"cache": True, "temperature": 0.2})
    engine, _ = _engine(settings, valid_responder(profile))
    engine.propose(profile)
    warmer = settings.model_copy(update={"temperature": 0.9})
    engine2, model2 = _engine(warmer, valid_responder(profile))
    engine2.propose(profile)
    assert len(model2.calls) == 3


def test_llm_drafts_get_target_dates_and_missing_answer_notices_like_offline_ones(settings, profile):
    import datetime as dt

    from metricsmith.engines.llm import LLMEngine

    profile.segments = []
    engine, _ = _engine(settings, valid_responder(profile))
    engine.today = dt.date(2026, 11, 24)
    project = engine.propose(profile)
    assert {m.target_date for m in project.metrics} == {dt.date(2027, 3, 31)}
    assert any(n.step == "metric_set" and "segment" in n.message.lower() for n in project.notices)
    assert isinstance(engine, LLMEngine)
