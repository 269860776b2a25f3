"""Bilingual texts of the LLM layer: error messages, fix hints, rejection reasons, doctor's details.

Why one module: the same failure reaches the user through the CLI, the TUI and
``doctor``, in the project's (or the UI's) language; keeping both languages
side by side here lets the wording be reviewed at once and keeps them in step.
Facts (provider, model, URL, HTTP status, Retry-After, CLI flags) are format
fields, so they are the same in both languages. Plain dicts: no heavy imports.
"""

from __future__ import annotations

from typing import Any

#: Engine and configuration errors: ``<key>`` is the message, ``<key>_hint`` the fix.
ERRORS: dict[str, dict[str, str]] = {
    "en": {
        "who": "provider '{provider}', model '{model}' at {url}",
        "default_url": "(provider default URL)",
        "401": "the server refused the API key (HTTP 401) — {who}",
        "401_hint": "check the key in the variable named by api_key_env (or OPENAI_API_KEY for OpenAI)",
        "403": "access denied (HTTP 403) — {who}",
        "403_hint": "the key has no access to this model or project; check its permissions",
        "404": "unknown model or wrong URL (HTTP 404) — {who}",
        "404_hint_ollama": "check --model against 'ollama list' (or 'ollama pull' it) and that the base URL is the "
                           "server's root",
        "404_hint": "check --model against the server's model list (run 'metricsmith doctor') and that the base URL "
                    "ends in /v1",
        "429": "rate limited (HTTP 429){after} — {who}",
        "429_after": ", retry after {wait:g} s",
        "429_hint": "wait and run again, lower the request rate, or check the account's quota",
        "5xx": "the server failed (HTTP {status}) — {who}",
        "5xx_hint": "the model server had an internal error; check its log, or try --structured-method "
                    "{methods}",
        "400": "the server rejected the request (HTTP 400): {detail} — {who}",
        "400_hint": "the prompt may exceed the model's context, or the server does not support the structured-output "
                    "method; try --structured-method {methods}",
        "http": "unexpected HTTP {status}: {detail} — {who}",
        "http_hint": "check the base URL and the server",
        "timeout": "no answer within {timeout:g} s (timeout) — {who}",
        "timeout_hint": "raise --timeout, use a smaller model, or check that the server is not overloaded",
        "dns": "cannot resolve the server's host name — {who}",
        "dns_hint": "check the spelling of the base URL and your network",
        "connect": "cannot connect (connection refused or dropped) — {who}",
        "connect_hint": "start the model server, or fix --base-url (and the port)",
        "other": "the model call failed: {detail} — {who}",
        "other_hint": "run 'metricsmith doctor' to check the setup",
        "no_base_url": "provider 'openai-compatible' needs a base URL",
        "no_base_url_hint": "pass --base-url http://127.0.0.1:8080/v1 or set METRICSMITH_BASE_URL",
        "no_key": "no API key for OpenAI",
        "no_key_hint": "set OPENAI_API_KEY, or name another variable with --api-key-env",
        "cannot_start": "cannot start model '{model}': {detail}",
        "no_prefix": "it names no provider",
        "unknown_prefix": "'{prefix}' is not a provider LangChain knows",
        "no_package": "the integration for '{prefix}' is not installed ({package})",
        "cannot_start_hint": "write it as 'provider:model' (e.g. 'anthropic:claude-3-5-haiku-latest') and install "
                             "that integration",
    },
    "ru": {
        "who": "провайдер '{provider}', модель '{model}', адрес {url}",
        "default_url": "(адрес провайдера по умолчанию)",
        "401": "сервер не принял API-ключ (HTTP 401) — {who}",
        "401_hint": "проверьте ключ в переменной, указанной в api_key_env (для OpenAI — OPENAI_API_KEY)",
        "403": "доступ запрещён (HTTP 403) — {who}",
        "403_hint": "у ключа нет доступа к этой модели или проекту; проверьте его права",
        "404": "неизвестная модель или неверный адрес (HTTP 404) — {who}",
        "404_hint_ollama": "сверьте --model со списком 'ollama list' (или скачайте её через 'ollama pull') и "
                           "убедитесь, что базовый URL — корень сервера",
        "404_hint": "сверьте --model со списком моделей сервера (запустите 'metricsmith doctor') и убедитесь, что "
                    "базовый URL заканчивается на /v1",
        "429": "превышен лимит запросов (HTTP 429){after} — {who}",
        "429_after": ", повторить через {wait:g} с",
        "429_hint": "подождите и запустите снова, сократите частоту запросов или проверьте квоту аккаунта",
        "5xx": "ошибка на сервере (HTTP {status}) — {who}",
        "5xx_hint": "у сервера модели внутренняя ошибка; посмотрите его журнал или попробуйте "
                    "--structured-method {methods}",
        "400": "сервер отклонил запрос (HTTP 400): {detail} — {who}",
        "400_hint": "запрос может не помещаться в контекст модели, или сервер не поддерживает способ "
                    "структурированного вывода; попробуйте --structured-method {methods}",
        "http": "неожиданный ответ HTTP {status}: {detail} — {who}",
        "http_hint": "проверьте базовый URL и сервер",
        "timeout": "нет ответа за {timeout:g} с (тайм-аут) — {who}",
        "timeout_hint": "увеличьте --timeout, возьмите модель поменьше или проверьте, не перегружен ли сервер",
        "dns": "не удаётся найти сервер по имени хоста (ошибка DNS) — {who}",
        "dns_hint": "проверьте написание базового URL и подключение к сети",
        "connect": "не удаётся подключиться (соединение отклонено или прервано) — {who}",
        "connect_hint": "запустите сервер модели или исправьте --base-url (и порт)",
        "other": "вызов модели не удался: {detail} — {who}",
        "other_hint": "запустите 'metricsmith doctor', чтобы проверить настройки",
        "no_base_url": "провайдеру 'openai-compatible' нужен базовый URL",
        "no_base_url_hint": "укажите --base-url http://127.0.0.1:8080/v1 или задайте METRICSMITH_BASE_URL",
        "no_key": "нет API-ключа для OpenAI",
        "no_key_hint": "задайте OPENAI_API_KEY или укажите другую переменную через --api-key-env",
        "cannot_start": "не удаётся запустить модель '{model}': {detail}",
        "no_prefix": "в имени не указан провайдер",
        "unknown_prefix": "LangChain не знает провайдера '{prefix}'",
        "no_package": "интеграция для '{prefix}' не установлена ({package})",
        "cannot_start_hint": "запишите её как 'провайдер:модель' (например, 'anthropic:claude-3-5-haiku-latest') и "
                             "установите соответствующую интеграцию",
    },
}

#: Why an answer was rejected: fed back to the model on a retry and, after the last try,
#: quoted in the project's fallback notice. Details from the schema or the checks stay as they are.
PROBLEMS: dict[str, dict[str, str]] = {
    "en": {
        "truncated": "the answer was cut off at the output limit of {limit} tokens",
        "schema": "the answer does not match the schema: {detail}",
        "json": "the tool-call arguments are not valid JSON ({detail})",
        "empty": "no structured answer (plain text or nothing) — answer through the requested schema",
        "check": "{detail}",
        "unparsable": "unparsable",
    },
    "ru": {
        "truncated": "ответ обрезан на лимите вывода в {limit} токенов",
        "schema": "ответ не соответствует схеме: {detail}",
        "json": "аргументы вызова инструмента — не корректный JSON ({detail})",
        "empty": "нет структурированного ответа (простой текст или ничего) — ответь через запрошенную схему",
        "check": "ответ не прошёл проверку: {detail}",
        "unparsable": "не разбирается",
    },
}

#: ``doctor``'s failure details and fix hints (the check names live in :data:`metricsmith.doctor.LABELS`).
DOCTOR: dict[str, dict[str, str]] = {
    "en": {
        "list_status": "HTTP {status} from the model list",
        "not_among": "'{model}' is not among the server's models: {shown}",
        "none": "none",
        "pick_model": "pass one of them with --model",
        "pick_model_ollama": "pass one of them with --model (or 'ollama pull' it)",
        "method": "method {method}",
        "structured_hint": "try --structured-method {methods}, a larger model, or a higher "
                           "--max-tokens",
        "fix": "fix",
    },
    "ru": {
        "list_status": "список моделей ответил HTTP {status}",
        "not_among": "модели '{model}' нет среди моделей сервера: {shown}",
        "none": "нет ни одной",
        "pick_model": "укажите одну из них через --model",
        "pick_model_ollama": "укажите одну из них через --model (или скачайте нужную через 'ollama pull')",
        "method": "способ {method}",
        "structured_hint": "попробуйте --structured-method {methods}, модель побольше или "
                           "большее значение --max-tokens",
        "fix": "как исправить",
    },
}


#: Structured-output methods in the order they are worth trying after a failure.
METHODS = ("function_calling", "json_schema", "json_mode")


def other_methods(current: str, language: str | None) -> str:
    """The methods to suggest when ``current`` failed: never the one already in use."""
    others = [m for m in METHODS if m != current]
    joiner = " (или {})" if lang_of(language) == "ru" else " (or {})"
    return others[0] + joiner.format(others[1])


def lang_of(language: str | None) -> str:
    """``ru`` for Russian, English for anything else (empty, ``None``, unknown)."""
    return "ru" if language == "ru" else "en"


def error_text(key: str, language: str | None, **values: Any) -> str:
    """The engine/config error text ``key`` in ``language``, formatted with ``values``."""
    return ERRORS[lang_of(language)][key].format(**values)


def problem_text(code: str, language: str | None, **values: Any) -> str:
    """The rejection reason ``code`` in ``language`` (English for anything but ``ru``)."""
    return PROBLEMS[lang_of(language)][code].format(**values)


def doctor_text(key: str, language: str | None, **values: Any) -> str:
    """A ``doctor`` detail or hint in ``language``."""
    return DOCTOR[lang_of(language)][key].format(**values)
