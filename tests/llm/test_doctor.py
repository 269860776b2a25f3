"""``doctor`` against loopback servers: what passes, what fails, and the hint for each failure."""

from __future__ import annotations

from metricsmith.config import load_settings
from metricsmith.doctor import run_checks


def _settings(url: str, **extra):
    return load_settings(provider="openai-compatible", model="good-model", base_url=url, **extra)


def _openai_like(completion, models=("good-model",), answer=None):
    def handler(method, path, body):
        if path.endswith("/models"):
            return 200, {}, {"object": "list", "data": [{"id": m, "object": "model"} for m in models]}
        name = body["tool_choice"]["function"]["name"]
        return 200, {}, completion(name, answer if answer is not None else {"ok": True})
    return handler


def test_all_checks_pass(loopback, completion):
    server = loopback(_openai_like(completion))
    results = run_checks(_settings(server.url))
    assert [(r.name, r.ok) for r in results] == [("reachable", True), ("model", True), ("structured", True)]
    assert "function_calling" in results[2].detail
    chat = [r for r in server.requests if r["path"].endswith("/chat/completions")]
    assert len(chat) == 1 and chat[0]["json"]["max_tokens"] > 0


def test_rejected_key_stops_at_the_first_check(loopback):
    server = loopback(lambda m, p, b: (401, {}, {"error": {"message": "invalid key"}}))
    results = run_checks(_settings(server.url))
    assert [(r.name, r.ok) for r in results] == [("reachable", False), ("model", None), ("structured", None)]
    assert "401" in results[0].detail and results[0].hint
    assert len(server.requests) == 1


def test_unreachable_server(closed_port_url):
    results = run_checks(_settings(closed_port_url))
    assert results[0].ok is False and "cannot connect" in results[0].detail
    assert "--base-url" in results[0].hint


def test_unknown_model_lists_the_known_ones(loopback, completion):
    server = loopback(_openai_like(completion, models=("llama-3.2-1b", "qwen2.5")))
    results = run_checks(_settings(server.url))
    assert results[1].ok is False and "llama-3.2-1b" in results[1].detail and "--model" in results[1].hint
    assert results[2].ok is None


def test_broken_structured_output_is_reported(loopback, completion):
    def handler(method, path, body):
        if path.endswith("/models"):
            return 404, {}, {"error": "no listing"}
        return 200, {}, completion(None, None, content="I am a helpful assistant.")

    server = loopback(handler)
    results = run_checks(_settings(server.url))
    assert [(r.name, r.ok) for r in results] == [("reachable", True), ("model", None), ("structured", False)]
    assert "no structured answer" in results[2].detail and "--structured-method" in results[2].hint


def test_cli_prints_marks_and_exit_code(loopback, completion, capsys):
    from metricsmith.cli import main

    server = loopback(_openai_like(completion))
    assert main(["doctor", "--provider", "openai-compatible", "--base-url", server.url, "--model", "good-model"]) == 0
    out = capsys.readouterr().out
    assert out.count("✓") == 3
    assert main(["doctor", "--provider", "openai-compatible", "--base-url", server.url, "--model", "nope"]) == 1
    out = capsys.readouterr().out
    assert "✗ model known" in out and "fix: pass one of them with --model" in out


def test_missing_openai_key_is_reported_without_a_request():
    results = run_checks(load_settings(provider="openai", model="gpt-4o-mini"))
    assert results[0].ok is False and "no API key" in results[0].detail and "OPENAI_API_KEY" in results[0].hint
