"""API-key resolution (no OpenAI key to strangers) and the user's config file writer."""

from __future__ import annotations

import stat

import pytest

from metricsmith.config import (
    PLACEHOLDER_API_KEY,
    config_path,
    load_settings,
    resolve_api_key,
    save_user_config,
)
from metricsmith.errors import ConfigError


def test_official_openai_gets_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    assert resolve_api_key(load_settings(provider="openai")) == "sk-openai"
    assert resolve_api_key(load_settings(provider="openai", base_url="https://api.openai.com/v1/")) == "sk-openai"


def test_custom_url_never_gets_openai_key_unless_allowed(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    for s in (load_settings(provider="openai", base_url="http://127.0.0.1:8080/v1"),
              load_settings(provider="openai-compatible", base_url="http://10.0.0.2/v1"),
              load_settings(provider="ollama")):
        assert resolve_api_key(s) == PLACEHOLDER_API_KEY
    allowed = load_settings(provider="openai-compatible", base_url="http://x/v1", send_openai_key_to_custom_url=True)
    assert resolve_api_key(allowed) == "sk-openai"


def test_named_env_var_then_config_key(monkeypatch):
    monkeypatch.setenv("MY_KEY", "from-env")
    assert resolve_api_key(load_settings(api_key_env="MY_KEY", api_key="from-config")) == "from-env"
    assert resolve_api_key(load_settings(api_key_env="MISSING_VAR", api_key="from-config")) == "from-config"
    assert resolve_api_key(load_settings(provider="openai")) is None


def test_save_user_config_merges_atomically_with_private_mode():
    path = save_user_config({"provider": "ollama", "model": "llama3.2"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    save_user_config({"model": "qwen2.5", "api_key": "secret-key"})
    settings = load_settings()
    assert (settings.provider, settings.model) == ("ollama", "qwen2.5")
    assert settings.api_key.get_secret_value() == "secret-key"
    save_user_config({"api_key": None})
    assert "api_key" not in config_path().read_text()
    assert stat.S_IMODE(config_path().stat().st_mode) == 0o600


def test_save_user_config_rejects_bad_values_and_keeps_the_file():
    save_user_config({"model": "a"})
    before = config_path().read_text()
    with pytest.raises(ConfigError) as err:
        save_user_config({"temperature": 9})
    assert err.value.field == "temperature"
    with pytest.raises(ConfigError):
        save_user_config({"no_such_setting": 1})
    assert config_path().read_text() == before
