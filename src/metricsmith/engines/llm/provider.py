"""Starting a LangChain chat model from settings, and turning its failures into user-facing errors.

Why here and not in the engine: the choice of backend details is where local
servers differ from OpenAI, and those details are easy to get subtly wrong:

- the output-token limit: ``ChatOpenAI`` sends ``max_completion_tokens``, which
  llama.cpp and Ollama's OpenAI endpoint ignore, so OpenAI-compatible servers
  also get ``max_tokens`` through ``extra_body``;
- the structured-output method: OpenAI honours ``json_schema`` (strict), while
  llama-cpp-python's server rejects it with HTTP 500 and handles a forced tool
  call (``function_calling``) well, so each backend gets its own default;
- the API key: a custom base URL never receives ``OPENAI_API_KEY`` unless the
  user allows it (see :func:`metricsmith.config.resolve_api_key`);
- the SDK's own retries are off (``max_retries=0``): the engine retries 429 and
  5xx itself, within a bound, so the number of calls stays accountable.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

from metricsmith.config import (
    OPENAI_DEFAULT_URL,
    Settings,
    configured_base_url,
    resolve_api_key,
    talks_to_openai_sdk,
    uses_custom_base_url,
)
from metricsmith.engines.llm.texts import error_text, other_methods
from metricsmith.errors import ConfigError, EngineError

OLLAMA_DEFAULT_URL = "http://localhost:11434"
#: Longest Retry-After (seconds) the engine will wait on a 429/503 before giving up with an error.
MAX_RETRY_AFTER_S = 20.0


def public_url(url: str) -> str:
    """``url`` without credentials (user:password, secret query values), safe to show and to store."""
    from metricsmith.urls import redact_url

    return redact_url(url)


def effective_base_url(settings: Settings) -> str:
    """The URL requests go to (as configured; may hold credentials, so show :func:`public_url` of it).

    Ollama's native API (which ``ChatOllama`` and ``doctor`` use) lives at the
    server's root, while its OpenAI-compatible one is under ``/v1``; a pasted
    ``http://localhost:11434/v1`` would send every request to ``/v1/api/chat``
    (HTTP 404), so for the ``ollama`` provider that suffix is dropped.
    """
    url = configured_base_url(settings).rstrip("/")
    if url and settings.provider == "ollama" and url.endswith("/v1"):
        url = url[: -len("/v1")]
    if url:
        return url
    if settings.provider == "ollama":
        return OLLAMA_DEFAULT_URL
    if settings.provider == "openai":
        return OPENAI_DEFAULT_URL
    return ""


def structured_method(settings: Settings) -> str:
    """``json_schema`` where the server honours it (OpenAI, Ollama), ``function_calling`` elsewhere."""
    if settings.structured_method != "auto":
        return settings.structured_method
    if settings.provider == "ollama":
        return "json_schema"
    if settings.provider == "openai" and not uses_custom_base_url(settings):
        return "json_schema"
    return "function_calling"


def build_chat_model(settings: Settings, language: str = "en", transport: Any = None) -> Any:
    """A LangChain chat model for the configured provider (raises :class:`ConfigError` when unusable).

    ``language`` (``ru``/``en``) is the language of that error's message and hint.
    ``transport`` (an ``httpx.BaseTransport``, e.g. the engine's
    :class:`~metricsmith.engines.llm.transport.CancellableTransport`) carries the
    OpenAI and Ollama clients' requests, so whoever owns it can end them; other
    providers' clients keep their own.
    """
    from langchain.chat_models import init_chat_model

    base_url = effective_base_url(settings)
    common: dict[str, Any] = {"temperature": settings.temperature}
    if settings.provider == "ollama":
        return init_chat_model(
            settings.model,
            model_provider="ollama",
            base_url=base_url,
            num_predict=settings.max_tokens,
            client_kwargs={"timeout": settings.timeout},
            # only the synchronous client: the engine never calls the model asynchronously
            sync_client_kwargs={"transport": transport} if transport is not None else {},
            **common,
        )
    if settings.provider in ("openai", "openai-compatible"):
        if settings.provider == "openai-compatible" and not settings.base_url.strip():
            raise ConfigError(
                error_text("no_base_url", language),
                field="base_url",
                hint=error_text("no_base_url_hint", language),
            )
        key = resolve_api_key(settings)
        if key is None:
            raise ConfigError(
                error_text("no_key", language),
                field="api_key",
                hint=error_text("no_key_hint", language),
            )
        kwargs: dict[str, Any] = {
            "api_key": key,
            "timeout": settings.timeout,
            "max_retries": 0,
            "max_tokens": settings.max_tokens,
        }
        # Always explicit: left out, the SDK would take OPENAI_BASE_URL itself (see configured_base_url).
        kwargs["base_url"] = base_url
        if uses_custom_base_url(settings):
            kwargs["extra_body"] = {"max_tokens": settings.max_tokens}
        kwargs.update(_openai_http_client(settings, transport))
        return init_chat_model(settings.model, model_provider="openai", **kwargs, **common)
    # "other": whatever init_chat_model can infer from "provider:model" (anthropic:…, mistralai:…).
    kwargs = {"timeout": settings.timeout, "max_tokens": settings.max_tokens, "max_retries": 0}
    if settings.base_url.strip():
        kwargs["base_url"] = base_url
    if talks_to_openai_sdk(settings):  # "openai:…": the URL and the key explicit, as for provider openai
        kwargs["base_url"] = base_url or OPENAI_DEFAULT_URL
        key = resolve_api_key(settings)
        if key is not None:
            kwargs["api_key"] = key
        kwargs.update(_openai_http_client(settings, transport))
    try:
        return init_chat_model(settings.model, **kwargs, **common)
    except Exception as exc:  # noqa: BLE001 - LangChain's many-line texts become one clause
        raise ConfigError(
            error_text("cannot_start", language, model=settings.model, detail=_start_failure(exc, settings, language)),
            field="model",
            hint=error_text("cannot_start_hint", language),
        ) from exc


def _openai_http_client(settings: Settings, transport: Any) -> dict[str, Any]:
    """``http_client`` for ``ChatOpenAI``: a client of its own over ``transport`` (none given: LangChain's default).

    Never LangChain's default client when a transport is given: that one is shared between
    chat models with the same URL and timeout, so closing it would break the others.
    """
    if transport is None:
        return {}
    import httpx

    return {"http_client": httpx.Client(transport=transport, timeout=settings.timeout, follow_redirects=True)}


def _start_failure(exc: Exception, settings: Settings, language: str) -> str:
    """Why ``init_chat_model`` refused, in one short clause (its own text is a paragraph with a list)."""
    prefix, sep, _ = settings.model.partition(":")
    text = str(exc)
    if isinstance(exc, ImportError):
        package = getattr(exc, "name", None) or (text.split("`")[1] if text.count("`") >= 2 else "")
        return error_text("no_package", language, prefix=prefix if sep else settings.model,
                          package=package or "pip install langchain-" + prefix)
    if "infer model provider" in text or ("Unsupported" in text and "provider" in text):
        return error_text("unknown_prefix", language, prefix=prefix) if sep else error_text("no_prefix", language)
    first = next((line.strip() for line in text.splitlines() if line.strip()), type(exc).__name__)
    return _quote(RuntimeError(first), (), limit=160)


# --- failures --------------------------------------------------------------------------------


@dataclass
class Transient:
    """A failure worth one more try after ``wait_s`` seconds (429 or 5xx)."""

    error: EngineError
    wait_s: float


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _status(exc: BaseException) -> int | None:
    for item in _chain(exc):
        code = getattr(item, "status_code", None)
        if isinstance(code, int):
            return code
        response = getattr(item, "response", None)
        code = getattr(response, "status_code", None)
        if isinstance(code, int):
            return code
    return None


def _retry_after(exc: BaseException) -> float | None:
    for item in _chain(exc):
        response = getattr(item, "response", None)
        headers = getattr(response, "headers", None)
        if headers is None:
            continue
        raw = headers.get("retry-after")
        if raw is None:
            continue
        try:
            return max(0.0, float(raw))
        except ValueError:
            return None
    return None


def _is_timeout(exc: BaseException) -> bool:
    import httpx

    for item in _chain(exc):
        if isinstance(item, (httpx.TimeoutException, TimeoutError, socket.timeout)):
            return True
        if type(item).__name__ in ("APITimeoutError", "OpenAITimeoutError", "ModelTimeoutError"):
            return True
    return False


def _is_dns(exc: BaseException) -> bool:
    for item in _chain(exc):
        if isinstance(item, socket.gaierror):
            return True
        text = str(item).lower()
        if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo failed" in text:
            return True
        if "temporary failure in name resolution" in text or "no address associated" in text:
            return True
    return False


def _is_connection(exc: BaseException) -> bool:
    import httpx

    for item in _chain(exc):
        if isinstance(item, (httpx.ConnectError, httpx.RemoteProtocolError, ConnectionError)):
            return True
        if type(item).__name__ in ("APIConnectionError", "OpenAIConnectionError", "ModelConnectionError"):
            return True
    return False


def describe(settings: Settings, language: str = "en") -> str:
    """``provider 'x', model 'y' at URL`` — how every engine error names the backend (no secrets).

    In Russian the same facts: ``провайдер 'x', модель 'y', адрес URL``.
    """
    url = public_url(effective_base_url(settings)) or error_text("default_url", language)
    return error_text("who", language, provider=settings.provider, model=settings.model, url=url)


def map_error(exc: BaseException, settings: Settings, language: str = "en") -> EngineError | Transient:
    """The :class:`EngineError` for a failed model call, or a :class:`Transient` worth retrying.

    ``language`` (``ru``/``en``: the project's or the UI's) is the language of the
    message and hint; the facts they name are the same in both.
    """
    who = describe(settings, language)
    key = resolve_api_key(settings)
    secrets = (key,) if key and len(key) >= 8 else ()

    def _short(exc: BaseException) -> str:
        return _quote(exc, secrets)

    methods = other_methods(structured_method(settings), language)  # never suggest the method in use

    def _error(code: str, hint_code: str | None = None, **values: object) -> EngineError:
        return EngineError(error_text(code, language, who=who, **values),
                           hint=error_text(hint_code or f"{code}_hint", language, methods=methods))

    status = _status(exc)
    if status is not None:
        if status in (401, 403):
            return _error(str(status))
        if status == 404:
            return _error("404", "404_hint_ollama" if settings.provider == "ollama" else "404_hint")
        if status == 429 or status >= 500:
            wait = _retry_after(exc)
            if status == 429:
                after = error_text("429_after", language, wait=wait) if wait is not None else ""
                error = _error("429", after=after)
            else:
                error = _error("5xx", status=status)
            if wait is not None and wait > MAX_RETRY_AFTER_S:
                return error
            return Transient(error, wait if wait is not None else 1.0)
        if status == 400:
            return _error("400", detail=_short(exc))
        return _error("http", status=status, detail=_short(exc))
    if _is_timeout(exc):
        return _error("timeout", timeout=settings.timeout)
    if _is_dns(exc):
        return _error("dns")
    if _is_connection(exc):
        return _error("connect")
    return _error("other", detail=_short(exc))


def _quote(exc: BaseException, secrets: tuple[str, ...], limit: int = 200) -> str:
    """The exception's text, shortened, with the key in use masked (servers sometimes echo it)."""
    from metricsmith.urls import redact_text

    text = redact_text(" ".join(str(exc).split()) or type(exc).__name__)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text[:limit] + ("…" if len(text) > limit else "")
