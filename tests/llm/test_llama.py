"""Wire level against a real OpenAI-compatible server: llama-cpp-python with a tiny random model.

The model is written by the suite (see ``llama_support.py``), the server runs on
127.0.0.1 for the whole session, and a recording loopback proxy in front of it
shows exactly what metricsmith sends and what comes back.
"""

from __future__ import annotations

import pytest

from metricsmith.config import load_settings
from metricsmith.doctor import run_checks
from metricsmith.engines.llm import LLMEngine, schemas
from metricsmith.errors import EngineError

pytestmark = pytest.mark.llama

MODEL = "tiny-random"


def _settings(url: str, **extra):
    values = {"engine": "llm", "provider": "openai-compatible", "model": MODEL, "base_url": url, "cache": False,
              "temperature": 0.0, **extra}
    return load_settings(**values)


def _chat_requests(proxy):
    return [r for r in proxy.requests if r["path"].endswith("/chat/completions")]


def test_structured_output_goes_through_a_forced_tool_call(llama_server, recording_proxy):
    proxy = recording_proxy(llama_server.url)
    engine = LLMEngine(_settings(proxy.url, max_tokens=200))
    outcome = engine.caller.call("doctor", schemas.ConnectionCheck, "Answer through the tool.", "Reply ok = true.",
                                 language="en")
    assert outcome.ok and isinstance(outcome.value.ok, bool)  # a random model may well say false
    (request,) = _chat_requests(proxy)
    body = request["json"]
    assert body["max_tokens"] == 200  # the field llama.cpp reads (ChatOpenAI alone sends max_completion_tokens)
    assert body["model"] == MODEL and "response_format" not in body
    assert [t["function"]["name"] for t in body["tools"]] == ["ConnectionCheck"]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "ConnectionCheck"}}
    assert body["messages"][0]["role"] == "system"
    answer = proxy.responses[0]
    assert answer["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "ConnectionCheck"
    call = outcome.calls[0]
    assert call.ok and call.input_tokens == answer["usage"]["prompt_tokens"]
    assert call.output_tokens == answer["usage"]["completion_tokens"]


def test_output_token_limit_is_applied(llama_server, recording_proxy):
    proxy = recording_proxy(llama_server.url)
    limit = 24  # the smallest valid FollowUpOutput needs ~45 tokens with this character-level vocabulary
    engine = LLMEngine(_settings(proxy.url, max_tokens=limit, max_retries=1))
    outcome = engine.caller.call("follow_up", schemas.FollowUpOutput, "Answer through the tool.", "Is 'nice' vague?",
                                 language="en")
    assert not outcome.ok and outcome.truncated
    assert len(proxy.responses) == 2
    for answer in proxy.responses:
        # llama-cpp-python may count the final sampled token (limit + 1); unbounded, this answer needs ~45.
        # (It also reports finish "tool_calls" for a forced call cut off mid-JSON.)
        assert answer["usage"]["completion_tokens"] <= limit + 1


def test_garbage_output_is_retried_then_drafted_offline(llama_server, recording_proxy, profile):
    proxy = recording_proxy(llama_server.url)
    engine = LLMEngine(_settings(proxy.url, max_tokens=64))
    project = engine.propose(profile)
    requests = _chat_requests(proxy)
    assert len(requests) == 3  # first answer + 2 retries with the error fed back
    assert "cut off" in requests[1]["json"]["messages"][-1]["content"]
    assert [c.ok for c in project.llm_calls] == [False, False, False]
    assert project.metrics and all(m.origin != "llm" for m in project.metrics)
    notice = project.notices[-1]
    assert notice.step == "metric_set" and "drafted offline" in notice.message and "--max-tokens" in notice.message


def test_tiny_timeout_is_an_engine_error_naming_the_backend(llama_server, profile):
    # small max_tokens: the server keeps working on the abandoned request, and later tests share it
    settings = _settings(llama_server.url, timeout=0.001, max_tokens=16)
    with pytest.raises(EngineError) as err:
        LLMEngine(settings).propose(profile)
    text = err.value.one_line()
    assert "timeout" in text and "openai-compatible" in text and MODEL in text and llama_server.url in text


def test_doctor_passes_against_the_server(llama_server):
    results = run_checks(_settings(llama_server.url, max_tokens=200))
    assert [(r.name, r.ok) for r in results] == [("reachable", True), ("model", True), ("structured", True)]
    assert "function_calling" in results[2].detail


def test_doctor_names_an_unknown_model(llama_server):
    results = run_checks(_settings(llama_server.url).model_copy(update={"model": "gpt-9"}))
    assert [(r.name, r.ok) for r in results] == [("reachable", True), ("model", False), ("structured", None)]
    assert MODEL in results[1].detail and "--model" in results[1].hint


def test_doctor_cli_exit_codes(llama_server, closed_port_url, capsys):
    from metricsmith.cli import main

    ok = main(["doctor", "--provider", "openai-compatible", "--base-url", llama_server.url, "--model", MODEL,
               "--max-tokens", "200"])
    out = capsys.readouterr().out
    assert ok == 0 and out.count("✓") == 3 and "✗" not in out
    bad = main(["doctor", "--provider", "openai-compatible", "--base-url", closed_port_url, "--model", MODEL])
    out = capsys.readouterr().out
    assert bad == 1 and "✗ server reachable" in out and "fix:" in out
