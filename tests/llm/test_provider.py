"""Model construction per backend: method, token limit, key and URL reach the client as intended."""

from __future__ import annotations

import pytest

from metricsmith.config import PLACEHOLDER_API_KEY, load_settings
from metricsmith.engines.llm.provider import build_chat_model, describe, structured_method
from metricsmith.errors import ConfigError


@pytest.mark.parametrize("kwargs, method", [
    ({"provider": "openai"}, "json_schema"),
    ({"provider": "openai", "base_url": "http://127.0.0.1:8080/v1"}, "function_calling"),
    ({"provider": "openai-compatible", "base_url": "http://127.0.0.1:8080/v1"}, "function_calling"),
    ({"provider": "ollama"}, "json_schema"),
    ({"provider": "other", "model": "anthropic:claude"}, "function_calling"),
    ({"provider": "openai-compatible", "structured_method": "json_mode"}, "json_mode"),
])
def test_structured_method_per_backend(kwargs, method):
    assert structured_method(load_settings(**kwargs)) == method


def test_openai_compatible_sends_max_tokens_and_no_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    model = build_chat_model(load_settings(provider="openai-compatible", model="m", max_tokens=321,
                                           base_url="http://127.0.0.1:8080/v1", timeout=7))
    assert model.extra_body == {"max_tokens": 321} and model.max_tokens == 321
    assert model.openai_api_key.get_secret_value() == PLACEHOLDER_API_KEY
    assert model.max_retries == 0 and model.request_timeout == 7
    assert model.openai_api_base == "http://127.0.0.1:8080/v1"


def test_official_openai_uses_the_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    model = build_chat_model(load_settings(provider="openai", model="gpt-4o-mini"))
    assert model.openai_api_key.get_secret_value() == "sk-openai"
    assert not model.extra_body


def test_ollama_limits_output_tokens():
    model = build_chat_model(load_settings(provider="ollama", model="llama3.2", max_tokens=200))
    assert model.num_predict == 200 and model.base_url == "http://localhost:11434"


def test_configuration_errors_are_clear():
    with pytest.raises(ConfigError, match="no API key"):
        build_chat_model(load_settings(provider="openai"))
    with pytest.raises(ConfigError, match="needs a base URL"):
        build_chat_model(load_settings(provider="openai-compatible"))


def test_describe_names_everything_but_secrets():
    text = describe(load_settings(provider="openai-compatible", model="m", base_url="http://u:secret@h:1/v1"))
    assert text == "provider 'openai-compatible', model 'm' at http://h:1/v1"


def test_ollama_with_an_openai_style_v1_url_reaches_the_native_api():
    """A pasted ``…:11434/v1`` used to send Ollama's native calls to ``/v1/api/chat`` (HTTP 404)."""
    import http.server
    import threading

    paths: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            paths.append(self.path)
            self.send_response(404)
            self.end_headers()
            self.wfile.write(b'{"error": "model not found"}')

        do_GET = do_POST

        def log_message(self, *args):  # noqa: D401 - keep the test output quiet
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = load_settings(provider="ollama", model="qwen", base_url=f"http://127.0.0.1:{server.server_port}/v1/")
        model = build_chat_model(settings)
        assert model.base_url == f"http://127.0.0.1:{server.server_port}"
        from metricsmith.engines.llm.provider import map_error

        with pytest.raises(Exception) as caught:
            model.invoke("hi")
        error = map_error(caught.value, settings)
        assert "HTTP 404" in error.message and "ollama list" in (error.hint or "")
        assert paths == ["/api/chat"]
    finally:
        server.shutdown()
        server.server_close()
