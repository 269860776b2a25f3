"""Keys go only where the user pointed them, and no URL shown or stored carries a credential.

Issue 14, defects 2 and 3: with ``OPENAI_BASE_URL`` (or ``OPENAI_API_BASE``) pointing at a
local server and ``--provider openai``, the OpenAI SDK sent ``Bearer $OPENAI_API_KEY`` there
while the project recorded ``https://api.openai.com/v1``; ``doctor`` printed a password
embedded in the base URL. Each test runs a real loopback server and looks at what reached it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from metricsmith.config import PLACEHOLDER_API_KEY, load_settings
from metricsmith.engines.llm.engine import LLMEngine

SECRET = "sk-the-users-real-openai-key-0123456789"


@pytest.fixture
def plain_text_server(loopback, completion):
    """A server whose every answer is plain text, not the structured output: the engine drafts offline."""
    return lambda: loopback(lambda m, p, b: (200, {}, completion(None, None, content="no structured answer")))


@pytest.mark.parametrize("variable", ["OPENAI_BASE_URL", "OPENAI_API_BASE"])
def test_openai_key_never_reaches_a_server_named_by_the_sdk_variables(plain_text_server, profile, monkeypatch, variable):
    server = plain_text_server()
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv(variable, server.url)
    settings = load_settings(engine="llm", provider="openai", model="gpt-4o-mini", cache=False, max_retries=0)
    project = LLMEngine(settings).propose(profile)
    assert server.requests, "the requests went where the variable points"
    sent = {r["headers"].get("authorization") for r in server.requests}
    assert sent == {f"Bearer {PLACEHOLDER_API_KEY}"}
    assert project.engine.base_url == server.url  # the URL actually used is the one recorded


def test_the_key_still_goes_to_a_custom_url_when_the_user_allows_it(plain_text_server, profile, monkeypatch):
    server = plain_text_server()
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    settings = load_settings(engine="llm", provider="openai", model="m", cache=False, max_retries=0,
                             send_openai_key_to_custom_url=True)
    LLMEngine(settings).propose(profile)
    assert {r["headers"].get("authorization") for r in server.requests} == {f"Bearer {SECRET}"}


def test_without_the_variables_openai_is_called_at_its_own_url(monkeypatch):
    from metricsmith.engines.llm.provider import build_chat_model

    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    model = build_chat_model(load_settings(provider="openai", model="gpt-4o-mini"))
    assert model.openai_api_base == "https://api.openai.com/v1"  # explicit, so the SDK cannot pick another
    assert model.openai_api_key.get_secret_value() == SECRET


def test_a_url_variable_that_is_not_a_url_is_named(monkeypatch):
    from metricsmith.engines.llm.provider import build_chat_model
    from metricsmith.errors import ConfigError

    monkeypatch.setenv("OPENAI_API_BASE", "localhost:8080")
    with pytest.raises(ConfigError, match="OPENAI_API_BASE"):
        build_chat_model(load_settings(provider="openai", model="m"))


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metricsmith", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_doctor_never_prints_credentials_of_the_base_url(loopback, completion):
    def handler(method, path, body):
        if path.endswith("/models"):
            return 200, {}, {"object": "list", "data": [{"id": "other-model"}]}
        return 200, {}, completion(body["tool_choice"]["function"]["name"], {"ok": True})

    server = loopback(handler)
    url = server.url.replace("http://", "http://alice:pa55word-secret@") + "?api_key=query-secret"
    result = _cli("doctor", "--provider", "openai-compatible", "--model", "good-model", "--base-url", url,
                  env={"OPENAI_API_KEY": SECRET})
    shown = result.stdout + result.stderr
    assert "127.0.0.1" in shown and "model known" in shown
    for secret in ("pa55word-secret", "alice", "query-secret", SECRET):
        assert secret not in shown


def test_doctor_redacts_urls_quoted_in_library_errors(closed_port_url):
    from metricsmith.doctor import run_checks

    url = closed_port_url.replace("http://", "http://bob:hunter2-secret@")
    results = run_checks(load_settings(provider="openai-compatible", model="m", base_url=url))
    assert results[0].ok is False
    assert all("hunter2-secret" not in r.detail + r.hint for r in results)


def test_a_bad_base_url_is_quoted_without_its_password():
    from metricsmith.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_settings(base_url="ftp://carol:opensesame@host/v1")
    assert "opensesame" not in caught.value.one_line() and "ftp://host/v1" in caught.value.one_line()


def test_the_project_records_the_url_without_credentials(plain_text_server, profile):
    server = plain_text_server()
    url = server.url.replace("http://", "http://dave:s3cr3t-pass@")
    settings = load_settings(engine="llm", provider="openai-compatible", model="m", base_url=url, cache=False,
                             max_retries=0)
    project = LLMEngine(settings).propose(profile)
    stored = json.dumps(project.model_dump(mode="json"))
    assert "s3cr3t-pass" not in stored and project.engine.base_url == server.url


def test_provider_other_explains_itself_in_one_clause(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("language: en\nbusiness: {name: Tidy, description: Office cleaning}\n", encoding="utf-8")
    result = _cli("propose", str(profile), "--provider", "other", "--model", "nosuchprovider:model-x", env={})
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "'nosuchprovider' is not a provider LangChain knows" in result.stderr
    assert "Supported providers" not in result.stderr  # LangChain's own paragraph is not passed through


def test_doctor_hint_never_suggests_the_method_that_failed(loopback, completion):
    from metricsmith.doctor import run_checks

    def handler(method, path, body):
        if path.endswith("/models"):
            return 404, {}, {"error": "no listing"}
        return 200, {}, completion(None, None, content="plain text, not the tool call")

    server = loopback(handler)
    for method, others in (("function_calling", "json_schema (or json_mode)"),
                           ("json_schema", "function_calling (or json_mode)")):
        settings = load_settings(provider="openai-compatible", model="m", base_url=server.url,
                                 structured_method=method)
        result = run_checks(settings)[2]
        assert result.ok is False
        assert f"--structured-method {others}" in result.hint and f"--structured-method {method}" not in result.hint


def test_provider_other_with_an_openai_model_routes_the_key_the_same_way(plain_text_server, profile, monkeypatch):
    server = plain_text_server()
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    settings = load_settings(engine="llm", provider="other", model="openai:gpt-4o-mini", cache=False, max_retries=0)
    project = LLMEngine(settings).propose(profile)
    assert server.requests
    assert {r["headers"].get("authorization") for r in server.requests} == {f"Bearer {PLACEHOLDER_API_KEY}"}
    assert project.engine.base_url == server.url
