"""Configuration: command-line options > ``METRICSMITH_*`` environment > TOML file > defaults.

The TOML file lives in the user's config folder (``platformdirs``). API keys are
never fields of :class:`Settings` that get saved elsewhere: the key is read from
the environment variable named by ``api_key_env`` or from the config file's
``api_key``, and :meth:`Settings.safe_dump` never includes it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from metricsmith.errors import ConfigError, Phrase


Provider = Literal["openai", "ollama", "openai-compatible", "other"]
StructuredMethod = Literal["auto", "json_schema", "function_calling", "json_mode"]


# The folders live in a light module; they are re-exported here for existing callers.
from metricsmith.paths import cache_dir, config_dir, config_path, data_dir  # noqa: E402,F401



class _TomlSource(PydanticBaseSettingsSource):
    """Reads the user's TOML config file; a broken file is a :class:`ConfigError`, not a crash."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {}
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(Phrase("config_unreadable", detail=exc), path=self.path) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(Phrase("config_broken", detail=exc), path=self.path) from exc
        section = data.get("metricsmith", data)
        return {k: v for k, v in section.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    """Every setting metricsmith reads; see the README's configuration section."""

    model_config = SettingsConfigDict(env_prefix="METRICSMITH_", extra="ignore", validate_assignment=True)

    engine: Literal["offline", "llm"] = Field("offline", description="Which engine drafts tables.")
    language: Literal["ru", "en", ""] = Field("", description="UI/output language; empty = from the system locale.")
    provider: Provider = Field("openai", description="LLM provider.")
    model: str = Field("gpt-4o-mini", description="Model name for the provider.")
    base_url: str = Field("", description="Base URL of an OpenAI-compatible server.")
    api_key_env: str = Field("", description="Name of the environment variable holding the API key.")
    api_key: SecretStr | None = Field(None, description="API key; only from env or the user's config file.")
    send_openai_key_to_custom_url: bool = Field(
        False, description="Allow OPENAI_API_KEY to be sent to a non-OpenAI base URL."
    )
    temperature: float = Field(0.2, ge=0, le=2)
    timeout: float = Field(60.0, gt=0, description="Seconds per LLM request.")
    max_tokens: int = Field(4096, gt=0, description="Maximum output tokens per LLM call.")
    max_retries: int = Field(2, ge=0, le=5, description="Validation retries per LLM step.")
    structured_method: StructuredMethod = Field("auto")
    replace_flagged: bool = Field(True, description="Run one replacement round for flagged metrics.")
    cache: bool = Field(True, description="Cache LLM answers in the user's cache folder.")
    source_password: SecretStr | None = Field(
        None, description="Password for 'compute --source' when the URL has none; only from env or the user's config file.",
    )
    catalogs: list[str] = Field(
        default_factory=list,
        description="Your own catalog files (same schema as the built-in one), added to it for drafting and the rules.",
    )

    @field_validator("base_url")
    @classmethod
    def _base_url_is_http(cls, value: str) -> str:
        """Refuse 'localhost:8080/v1' here, where the message can say what a URL needs."""
        value = value.strip()
        if value and not value.lower().startswith(("http://", "https://")):
            from metricsmith.urls import redact_url

            raise ValueError(f"base URL '{redact_url(value)}' must start with http:// or https:// "
                             "(e.g. http://localhost:11434/v1)")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls, config_path()))

    def safe_dump(self) -> dict[str, Any]:
        """Settings without any secret, for display, projects and logs."""
        return self.model_dump(exclude={"api_key", "source_password"})


def load_settings(**overrides: Any) -> Settings:
    """Settings with command-line ``overrides`` (``None`` values are ignored)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            first["msg"].removeprefix("Value error, "), field=field, **_where_set(field, given)
        ) from exc


def _where_set(field: str, given: dict[str, Any]) -> dict[str, Any]:
    """Where a bad value came from, so the message points at it: an option, a variable, or the file."""
    if field in given:
        return {"hint": Phrase("check_option_hint", option=field.replace("_", "-"))}
    variable = f"METRICSMITH_{field.upper()}"
    if variable in os.environ:
        return {"hint": Phrase("check_variable_hint", variable=variable)}
    path = config_path()
    if field in _TomlSource(Settings, path)():
        return {"path": path}
    return {}


#: The official OpenAI endpoint; any other base URL is "custom" and never gets OPENAI_API_KEY by default.
OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
#: Sent to custom servers that need no key (llama.cpp, Ollama, vLLM) because the OpenAI client insists on one.
PLACEHOLDER_API_KEY = "not-needed"


#: Variables the OpenAI SDK (``OPENAI_BASE_URL``) and LangChain (``OPENAI_API_BASE``) read for the server.
OPENAI_URL_VARIABLES = ("OPENAI_BASE_URL", "OPENAI_API_BASE")


def talks_to_openai_sdk(settings: Settings) -> bool:
    """Provider ``openai``, or ``other`` with an ``openai:…`` model: LangChain's ChatOpenAI, which reads
    ``OPENAI_BASE_URL``/``OPENAI_API_BASE`` and ``OPENAI_API_KEY`` by itself when not given them."""
    return settings.provider == "openai" or (settings.provider == "other" and settings.model.startswith("openai:"))


def configured_base_url(settings: Settings) -> str:
    """Where the user pointed requests: ``base_url``, else (provider ``openai``) the SDK's URL variables.

    The OpenAI SDK and LangChain read ``OPENAI_BASE_URL`` / ``OPENAI_API_BASE`` on their own
    when no URL is passed; if metricsmith did not, it would send ``OPENAI_API_KEY`` to that
    server while believing (and recording) that it talks to api.openai.com. So those
    variables count as a configured URL here, and the chat model always gets the URL
    explicitly. A value that is not an http(s) URL is a :class:`ConfigError` naming the variable.
    """
    url = settings.base_url.strip()
    if url or not talks_to_openai_sdk(settings):
        return url
    for variable in OPENAI_URL_VARIABLES:
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        if not value.lower().startswith(("http://", "https://")):
            from metricsmith.urls import redact_url

            raise ConfigError(
                f"{variable} is '{redact_url(value)}', not an http:// or https:// URL", field="base_url",
                hint=f"fix or unset the {variable} environment variable",
            )
        return value
    return ""


def uses_custom_base_url(settings: Settings) -> bool:
    """True when requests go anywhere but the official OpenAI endpoint."""
    url = configured_base_url(settings).rstrip("/")
    if settings.provider == "openai":
        return bool(url) and url != OPENAI_DEFAULT_URL
    return settings.provider in ("ollama", "openai-compatible") or bool(url)


def resolve_api_key(settings: Settings) -> str | None:
    """The API key to send, or ``None`` when the provider needs one and none is configured.

    Order: the variable named by ``api_key_env``; ``api_key`` from the config file
    or ``METRICSMITH_API_KEY``; ``OPENAI_API_KEY`` only for the official OpenAI
    endpoint (or when ``send_openai_key_to_custom_url`` allows it). A custom
    base URL without a key gets a harmless placeholder, so a local server never
    sees the user's OpenAI key by accident.
    """
    if settings.api_key_env:
        value = os.environ.get(settings.api_key_env, "").strip()
        if value:
            return value
    if settings.api_key is not None and settings.api_key.get_secret_value().strip():
        return settings.api_key.get_secret_value().strip()
    custom = uses_custom_base_url(settings)
    openai_key = os.environ.get("OPENAI_API_KEY", "").strip()
    if openai_key and ((settings.provider == "openai" and not custom) or settings.send_openai_key_to_custom_url):
        return openai_key
    if custom:
        return PLACEHOLDER_API_KEY
    return None


def save_user_config(values: dict[str, Any]) -> Path:
    """Merge ``values`` into the user's TOML config and write it atomically, readable by the user only.

    Keys must be :class:`Settings` fields; a ``None`` value removes the key. The
    merged result is validated first, so a bad value raises :class:`ConfigError`
    and leaves the file as it was.
    """
    import tomli_w

    from metricsmith.io.atomic import atomic_write_bytes

    path = config_path()
    unknown = sorted(k for k in values if k not in Settings.model_fields)
    if unknown:
        raise ConfigError(Phrase("unknown_setting", name=unknown[0]), path=path, field=unknown[0])
    current: dict[str, Any] = {}
    if path.is_file():
        current = dict(_TomlSource(Settings, path)())
    for key, value in values.items():
        if value is None:
            current.pop(key, None)
        elif isinstance(value, SecretStr):
            current[key] = value.get_secret_value()
        else:
            current[key] = value
    try:
        Settings.model_validate(current)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(first["msg"], path=path, field=".".join(str(p) for p in first["loc"])) from exc
    data = tomli_w.dumps({"metricsmith": current}).encode("utf-8")
    atomic_write_bytes(path, data, private=True)  # 0600 from the first byte: it may hold api_key
    return path
