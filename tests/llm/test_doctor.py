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


# --- the same report in Russian (settings.language, or `doctor --lang ru`) -----------------------

import re  # noqa: E402

import pytest  # noqa: E402

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def _ru(url: str, **extra):
    return _settings(url, language="ru", **extra)


def test_all_checks_pass_in_russian(loopback, completion):
    server = loopback(_openai_like(completion))
    results = run_checks(_ru(server.url))
    assert [(r.label, r.ok) for r in results] == [
        ("сервер доступен", True), ("модель известна серверу", True), ("структурированный ответ работает", True)]
    assert results[2].detail == "способ function_calling"


def test_rejected_key_in_russian_names_the_backend(loopback):
    server = loopback(lambda m, p, b: (401, {}, {"error": {"message": "invalid key"}}))
    results = run_checks(_ru(server.url))
    detail = results[0].detail
    assert "сервер не принял API-ключ (HTTP 401)" in detail
    assert "провайдер 'openai-compatible'" in detail and "модель 'good-model'" in detail and server.url in detail
    assert "api_key_env" in results[0].hint and CYRILLIC.search(results[0].hint)
    assert results[1].detail == results[2].detail == "пропущено: предыдущая проверка не прошла"


def test_unreachable_server_in_russian(closed_port_url):
    result = run_checks(_ru(closed_port_url))[0]
    assert result.ok is False and "не удаётся подключиться" in result.detail and closed_port_url in result.detail
    assert result.hint == "запустите сервер модели или исправьте --base-url (и порт)"


def test_unknown_model_in_russian_lists_the_known_ones(loopback, completion):
    server = loopback(_openai_like(completion, models=("llama-3.2-1b", "qwen2.5")))
    model = run_checks(_ru(server.url))[1]
    assert model.detail == "модели 'good-model' нет среди моделей сервера: llama-3.2-1b, qwen2.5"
    assert model.hint == "укажите одну из них через --model"
    ollama_like = loopback(lambda m, p, b: (200, {}, {"models": []}))
    model = run_checks(load_settings(provider="ollama", model="qwen", base_url=ollama_like.url.removesuffix("/v1"),
                                     language="ru"))[1]
    assert model.detail.endswith(": нет ни одной") and "ollama pull" in model.hint and "--model" in model.hint


def test_broken_structured_output_in_russian(loopback, completion):
    def handler(method, path, body):
        if path.endswith("/models"):
            return 404, {}, {"error": "no listing"}
        return 200, {}, completion(None, None, content="I am a helpful assistant.")

    server = loopback(handler)
    results = run_checks(_ru(server.url))
    assert results[1].detail == "сервер не перечисляет модели; не проверено"
    assert "нет структурированного ответа" in results[2].detail
    # function_calling is what failed (the default for this backend): the hint names the others.
    assert "--structured-method json_schema (или json_mode)" in results[2].hint and "--max-tokens" in results[2].hint
    assert "function_calling" not in results[2].hint
    assert CYRILLIC.search(results[2].hint)


def test_missing_openai_key_in_russian():
    result = run_checks(load_settings(provider="openai", model="gpt-4o-mini", language="ru"))[0]
    assert result.detail == "нет API-ключа для OpenAI" and "OPENAI_API_KEY" in result.hint


@pytest.mark.parametrize("how", ["flag", "settings", "locale"])
def test_cli_report_in_russian(loopback, completion, capsys, monkeypatch, how):
    from metricsmith.cli import main

    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    extra: list[str] = []
    if how == "flag":
        extra = ["--lang", "ru"]
    elif how == "settings":
        monkeypatch.setenv("METRICSMITH_LANGUAGE", "ru")
    else:
        monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    server = loopback(_openai_like(completion))
    args = ["doctor", "--provider", "openai-compatible", "--base-url", server.url, *extra]
    assert main([*args, "--model", "nope"]) == 1
    out = capsys.readouterr().out
    assert f"metricsmith doctor — провайдер 'openai-compatible', модель 'nope', адрес {server.url}" in out
    assert "✓ сервер доступен" in out and "✗ модель известна серверу" in out
    assert "как исправить: укажите одну из них через --model" in out and "fix:" not in out


def test_cli_lang_flag_wins_over_settings_and_locale(loopback, completion, capsys, monkeypatch):
    from metricsmith.cli import main

    monkeypatch.setenv("METRICSMITH_LANGUAGE", "ru")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    server = loopback(_openai_like(completion))
    assert main(["doctor", "--provider", "openai-compatible", "--base-url", server.url, "--model", "nope",
                 "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "✗ model known" in out and "fix: pass one of them with --model" in out and "как" not in out
    monkeypatch.delenv("METRICSMITH_LANGUAGE")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    assert main(["doctor", "--provider", "openai-compatible", "--base-url", server.url, "--model", "good-model"]) == 0
    assert "provider 'openai-compatible', model 'good-model'" in capsys.readouterr().out
