"""Transport failures over real HTTP (a stdlib loopback server): specific, named, hinted, no crash."""

from __future__ import annotations

import pytest

from metricsmith.config import load_settings
from metricsmith.engines.llm import LLMEngine
from metricsmith.engines.llm.runner import TRANSIENT_RETRIES
from metricsmith.errors import EngineError

SECRET = "sk-loopback-secret-0123456789"


def _settings(url: str, **extra):
    return load_settings(engine="llm", provider="openai-compatible", model="tiny-model", base_url=url,
                         cache=False, api_key_env="LOOPBACK_KEY", **extra)


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("LOOPBACK_KEY", SECRET)


def _fail(settings, profile) -> EngineError:
    with pytest.raises(EngineError) as err:
        LLMEngine(settings).propose(profile)
    text = err.value.one_line()
    assert "provider 'openai-compatible'" in text and "model 'tiny-model'" in text
    assert settings.base_url in text and SECRET not in text
    assert err.value.hint
    return err.value


@pytest.mark.parametrize("status, words", [
    (401, "refused the API key"),
    (403, "access denied"),
    (404, "unknown model"),
])
def test_client_errors(loopback, profile, status, words):
    server = loopback(lambda m, p, b: (status, {}, {"error": {"message": f"bad key {SECRET}", "code": status}}))
    error = _fail(_settings(server.url), profile)
    assert words in error.message and f"HTTP {status}" in error.message
    assert len(server.requests) == 1
    assert server.requests[0]["headers"]["authorization"] == f"Bearer {SECRET}"


def test_429_honours_retry_after_then_reports(loopback, profile):
    server = loopback(lambda m, p, b: (429, {"Retry-After": "0"}, {"error": {"message": "slow down"}}))
    error = _fail(_settings(server.url), profile)
    assert "rate limited" in error.message and "retry after 0 s" in error.message
    assert len(server.requests) == 1 + TRANSIENT_RETRIES


def test_429_with_a_long_retry_after_gives_up_at_once(loopback, profile):
    server = loopback(lambda m, p, b: (429, {"Retry-After": "3600"}, {"error": {"message": "quota"}}))
    error = _fail(_settings(server.url), profile)
    assert "retry after 3600 s" in error.message
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_then_reported(loopback, profile, status):
    server = loopback(lambda m, p, b: (status, {"Retry-After": "0"}, {"error": {"message": "boom"}}))
    error = _fail(_settings(server.url), profile)
    assert f"HTTP {status}" in error.message and "server failed" in error.message
    assert len(server.requests) == 1 + TRANSIENT_RETRIES


def test_transient_5xx_then_success(loopback, profile, completion):
    from metricsmith.engines.llm.fake import metric_set_answer, tracking_answer, value_answer

    keys = [m["key"].replace("_", "-") for m in metric_set_answer(profile)["metrics"]]
    answers = {"MetricSetOutput": metric_set_answer(profile), "TrackingOutput": tracking_answer(keys, profile),
               "ValueOutput": value_answer(keys)}
    seen: list[str] = []

    def handler(method, path, body):
        name = body["tool_choice"]["function"]["name"]
        seen.append(name)
        if seen.count(name) == 1 and name == "MetricSetOutput":
            return 503, {"Retry-After": "0"}, {"error": {"message": "warming up"}}
        return 200, {}, completion(name, answers[name])

    server = loopback(handler)
    project = LLMEngine(_settings(server.url)).propose(profile)
    assert not project.notices and len(project.metrics) == 6
    first = project.llm_calls[0]
    assert (first.step, first.ok) == ("metric_set", False) and "HTTP 503" in first.error
    assert first.latency_s > 0
    assert len(server.requests) == 4


def test_refused_connection(closed_port_url, profile):
    error = _fail(_settings(closed_port_url), profile)
    assert "cannot connect" in error.message


def test_dns_failure(profile):
    error = _fail(_settings("http://metricsmith-no-such-host.invalid/v1"), profile)
    assert "resolve" in error.message or "cannot connect" in error.message


def test_timeout(loopback, profile):
    server = loopback(lambda m, p, b: None)  # accepts the request and never answers
    error = _fail(_settings(server.url, timeout=0.3), profile)
    assert "timeout" in error.message and "0.3 s" in error.message


def truncating_handler(completion):  # type: ignore[no-untyped-def]
    """A server that stops every answer mid-JSON, reporting finish_reason "length"."""

    def handler(method, path, body):  # type: ignore[no-untyped-def]
        name = body["tool_choice"]["function"]["name"]
        body = completion(name, {})
        body["choices"][0]["finish_reason"] = "length"
        body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = '{"metrics": [{"key": "'
        return 200, {}, body

    return handler


def test_truncated_json_from_the_wire_falls_back(loopback, profile, completion):
    server = loopback(truncating_handler(completion))
    project = LLMEngine(_settings(server.url)).propose(profile)
    assert len(server.requests) == 3
    assert all(not c.ok and "cut off" in c.error for c in project.llm_calls)
    assert "drafted offline" in project.notices[-1].message and "--max-tokens" in project.notices[-1].message


def test_json_schema_method_sends_a_strict_schema_and_validates_locally(loopback, completion, profile):
    """OpenAI's path: response_format json_schema (strict, no string-length keywords), content parsed as JSON."""
    import json as _json

    from metricsmith.engines.llm import schemas

    answers = iter([{"vague": True, "missing": "event", "question": "x" * 300},  # too long: rejected locally
                    {"vague": True, "missing": "event", "question": "Which event shows it?"}])

    def handler(method, path, body):
        return 200, {}, completion(None, None, content=_json.dumps(next(answers)))

    server = loopback(handler)
    settings = load_settings(provider="openai", model="gpt-x", base_url=server.url, api_key="sk-x",
                             structured_method="json_schema", cache=False)
    outcome = LLMEngine(settings).caller.call("follow_up", schemas.FollowUpOutput, "s", "u", language="en")
    assert outcome.ok and outcome.value.question == "Which event shows it?"
    assert "at most 240 characters" in outcome.calls[0].error
    body = server.requests[0]["json"]
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert "maxLength" not in _json.dumps(fmt) and "tools" not in body
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False


def test_a_server_echoing_the_key_in_a_400_is_masked(loopback, profile):
    server = loopback(lambda m, p, b: (400, {}, {"error": {"message": f"key {SECRET} cannot use tools"}}))
    error = _fail(_settings(server.url), profile)
    assert "HTTP 400" in error.message and "***" in error.message


def test_json_mode_puts_the_schema_into_the_prompt(loopback, completion):
    import json as _json

    from metricsmith.engines.llm import schemas

    server = loopback(lambda m, p, b: (200, {}, completion(None, None, content='{"ok": true}')))
    settings = _settings(server.url, structured_method="json_mode")
    outcome = LLMEngine(settings).caller.call("doctor", schemas.ConnectionCheck, "s", "u", language="en")
    assert outcome.ok and outcome.value.ok is True
    body = server.requests[0]["json"]
    assert body["response_format"] == {"type": "json_object"}
    assert '"ok"' in body["messages"][-1]["content"] and "JSON schema" in body["messages"][-1]["content"]
    assert _json.dumps(body).count("tools") == 0


# --- the same failures in both languages (the project's profile.language) ------------------------

import re  # noqa: E402

from metricsmith.engines.llm.provider import describe  # noqa: E402

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
#: Per error kind: words of the English message and of the Russian one.
WORDS = {
    "401": ("refused the API key", "не принял API-ключ"),
    "403": ("access denied", "доступ запрещён"),
    "404": ("unknown model", "неизвестная модель"),
    "429": ("rate limited", "превышен лимит запросов"),
    "429-long": ("rate limited", "превышен лимит запросов"),
    "500": ("server failed", "ошибка на сервере"),
    "503": ("server failed", "ошибка на сервере"),
    "400": ("rejected the request", "отклонил запрос"),
    "418": ("unexpected HTTP", "неожиданный ответ HTTP"),
    "timeout": ("timeout", "тайм-аут"),
    "refused": ("cannot connect", "не удаётся подключиться"),
}


def _in(language: str, profile):
    return profile.model_copy(update={"language": language})


def _facts(text: str) -> list[str]:
    """What must not change with the language: flags, HTTP statuses, numbers (seconds, ports)."""
    return sorted(re.findall(r"--[\w-]+|HTTP \d+|(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text))


def _error_for(kind: str, loopback, closed_port_url, profile) -> EngineError:
    if kind == "refused":
        settings = _settings(closed_port_url)
    elif kind == "timeout":
        settings = _settings(loopback(lambda m, p, b: None).url, timeout=0.3)
    else:
        status = int(kind.split("-")[0])
        headers = {"Retry-After": "3600" if kind == "429-long" else "0"} if status in (429, 500, 503) else {}
        server = loopback(lambda m, p, b: (status, headers, {"error": {"message": f"no tools for {SECRET}"}}))
        settings = _settings(server.url)
    with pytest.raises(EngineError) as err:
        LLMEngine(settings).propose(profile)
    return err.value


def _check_names_the_backend(error: EngineError, language: str, url: str) -> None:
    text = error.one_line()
    if language == "ru":
        assert "провайдер 'openai-compatible'" in text and "модель 'tiny-model'" in text
    else:
        assert "provider 'openai-compatible'" in text and "model 'tiny-model'" in text
    assert url in text and SECRET not in text and error.hint


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_each_error_speaks_the_projects_language_with_the_same_facts(loopback, closed_port_url, profile, kind):
    errors = {}
    for language in ("en", "ru"):
        error = _error_for(kind, loopback, closed_port_url, _in(language, profile))
        errors[language] = error
        url = re.search(r"http://127\.0\.0\.1:\d+/v1", error.message).group(0)
        _check_names_the_backend(error, language, url)
        assert WORDS[kind][0 if language == "en" else 1] in error.message
    en, ru = errors["en"], errors["ru"]
    assert not CYRILLIC.search(en.message + en.hint) and CYRILLIC.search(ru.hint)
    assert WORDS[kind][0] not in ru.message
    # same flags, statuses, seconds and ports: only the ports of the two servers may differ
    port = re.compile(r":\d+/v1")
    assert _facts(port.sub(":P/v1", en.message + " " + en.hint)) == _facts(port.sub(":P/v1", ru.message + " " + ru.hint))


def test_retry_after_and_timeout_are_named_in_russian(loopback, profile):
    server = loopback(lambda m, p, b: (429, {"Retry-After": "3600"}, {"error": {"message": "quota"}}))
    error = _fail_ru(_settings(server.url), profile)
    assert "HTTP 429" in error.message and "повторить через 3600 с" in error.message
    assert len(server.requests) == 1
    hung = loopback(lambda m, p, b: None)
    error = _fail_ru(_settings(hung.url, timeout=0.3), profile)
    assert "нет ответа за 0.3 с" in error.message and "--timeout" in error.hint


def _fail_ru(settings, profile) -> EngineError:
    with pytest.raises(EngineError) as err:
        LLMEngine(settings).propose(_in("ru", profile))
    _check_names_the_backend(err.value, "ru", settings.base_url)
    return err.value


def test_dns_failure_in_russian(profile):
    error = _fail_ru(_settings("http://metricsmith-no-such-host.invalid/v1"), profile)
    assert "найти сервер по имени" in error.message or "не удаётся подключиться" in error.message
    assert "URL" in error.hint and CYRILLIC.search(error.hint)


def test_the_400_quote_is_masked_in_russian_too(loopback, profile):
    server = loopback(lambda m, p, b: (400, {}, {"error": {"message": f"key {SECRET} cannot use tools"}}))
    error = _fail_ru(_settings(server.url), profile)
    assert "сервер отклонил запрос (HTTP 400)" in error.message and "***" in error.message
    assert "--structured-method json_schema" in error.hint and "function_calling" not in error.hint  # the one in use


def test_replacement_round_fails_in_the_projects_language(loopback, profile):
    from metricsmith.engines.offline import OfflineEngine

    project = OfflineEngine().propose(_in("ru", profile))
    server = loopback(lambda m, p, b: (401, {}, {"error": {"message": "invalid key"}}))
    with pytest.raises(EngineError) as err:
        LLMEngine(_settings(server.url)).replace(project, [project.metrics[0].id], [])
    _check_names_the_backend(err.value, "ru", server.url)
    assert "сервер не принял API-ключ (HTTP 401)" in err.value.message and "api_key_env" in err.value.hint


def test_setup_errors_speak_the_projects_language(profile, monkeypatch):
    from metricsmith.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        LLMEngine(load_settings(provider="openai-compatible", model="m", cache=False)).propose(_in("ru", profile))
    assert "нужен базовый URL" in err.value.message and "--base-url" in err.value.hint
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ConfigError) as err:
        LLMEngine(load_settings(provider="openai", model="gpt-x", cache=False)).propose(_in("ru", profile))
    assert "нет API-ключа для OpenAI" in err.value.message and "--api-key-env" in err.value.hint
    with pytest.raises(ConfigError) as err:
        LLMEngine(load_settings(provider="openai", model="gpt-x", cache=False)).propose(_in("en", profile))
    assert err.value.message == "no API key for OpenAI"


def test_truncated_output_notice_in_russian(loopback, profile, completion):
    server = loopback(truncating_handler(completion))
    project = LLMEngine(_settings(server.url)).propose(_in("ru", profile))
    assert all(not c.ok and "ответ обрезан" in c.error for c in project.llm_calls)
    notice = project.notices[-1].message
    assert "составлено офлайн" in notice and "--max-tokens" in notice and "cut off" not in notice


def test_describe_in_both_languages():
    settings = load_settings(provider="ollama", model="qwen", base_url="http://u:pw@h:1")
    assert describe(settings) == "provider 'ollama', model 'qwen' at http://h:1"
    assert describe(settings, "ru") == "провайдер 'ollama', модель 'qwen', адрес http://h:1"
    other = load_settings(provider="other", model="anthropic:x")
    assert describe(other, "ru").endswith("(адрес провайдера по умолчанию)")
