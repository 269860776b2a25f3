"""``metricsmith doctor``: is the configured model usable, and if not, what to fix.

Three checks in order, each with a fix hint: the server is reachable (and
accepts the key), the model is one the server knows, and a tiny structured
answer comes back through the method chosen for this backend. A failed check
skips the ones after it, so a dead server costs one timeout, not three. The
CLI prints the results; the TUI's "test connection" shows the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from metricsmith.config import Settings, resolve_api_key
from metricsmith.engines.llm.texts import doctor_text, error_text
from metricsmith.errors import ConfigError, EngineError

#: Upper bound (seconds) for the reachability request, whatever the call timeout.
PROBE_TIMEOUT_S = 10.0

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "reachable": "server reachable",
        "model": "model known",
        "structured": "structured output works",
        "skipped": "skipped: an earlier check failed",
        "not_listed": "the server does not list its models; not checked",
        "offline": "the offline engine needs no model; these checks are about the LLM settings",
    },
    "ru": {
        "reachable": "сервер доступен",
        "model": "модель известна серверу",
        "structured": "структурированный ответ работает",
        "skipped": "пропущено: предыдущая проверка не прошла",
        "not_listed": "сервер не перечисляет модели; не проверено",
        "offline": "офлайн-движку модель не нужна; проверяются настройки LLM",
    },
}


@dataclass
class CheckResult:
    """One check: ``ok`` is ``None`` when it was skipped."""

    name: str
    label: str
    ok: bool | None
    detail: str = ""
    hint: str = ""


def _lang(settings: Settings) -> str:
    return "ru" if settings.language == "ru" else "en"


def _models_url(settings: Settings) -> str:
    from metricsmith.engines.llm.provider import effective_base_url

    base = effective_base_url(settings)
    if settings.provider == "ollama":
        return base + "/api/tags"
    return base + "/models"


def _listed_models(payload: Any, provider: str) -> list[str] | None:
    if not isinstance(payload, dict):
        return None
    if provider == "ollama":
        items = payload.get("models")
        key = "name"
    else:
        items = payload.get("data")
        key = "id"
    if not isinstance(items, list):
        return None
    return [str(item.get(key)) for item in items if isinstance(item, dict) and item.get(key)]


def _model_matches(model: str, listed: list[str]) -> bool:
    wanted = {model, model.removesuffix(":latest"), model + ":latest"}
    return any(name in wanted or name.rsplit("/", 1)[-1] in wanted for name in listed)


def _probe(settings: Settings) -> tuple[CheckResult, list[str] | None]:
    """GET the model list: reachability and (when listed) the known models."""
    import httpx

    from metricsmith.engines.llm.provider import map_error

    lang = _lang(settings)
    label = LABELS[lang]["reachable"]
    headers = {}
    key = resolve_api_key(settings)
    if key and settings.provider != "ollama":
        headers["Authorization"] = f"Bearer {key}"
    url = _models_url(settings)
    probe_timeout = min(settings.timeout, PROBE_TIMEOUT_S)
    try:
        response = httpx.get(url, headers=headers, timeout=probe_timeout)
        if response.status_code in (401, 403) or response.status_code >= 500 or response.status_code == 429:
            response.raise_for_status()
    except Exception as exc:  # noqa: BLE001 - mapped into a message and a hint
        # the message names the time this probe actually waited, not the (longer) call timeout
        mapped = map_error(exc, settings.model_copy(update={"timeout": probe_timeout}), lang)
        error = getattr(mapped, "error", mapped)
        return CheckResult("reachable", label, False, error.message, error.hint or ""), None
    if response.status_code != 200:
        return CheckResult("reachable", label, True,
                           doctor_text("list_status", lang, status=response.status_code)), None
    try:
        listed = _listed_models(response.json(), settings.provider)
    except ValueError:
        listed = None
    from metricsmith.urls import redact_url

    return CheckResult("reachable", label, True, redact_url(url.rsplit("/", 1)[0])), listed


def _structured(settings: Settings) -> CheckResult:
    from metricsmith.engines.llm import schemas
    from metricsmith.engines.llm.engine import LLMEngine

    lang = _lang(settings)
    label = LABELS[lang]["structured"]
    probe = settings.model_copy(update={"cache": False, "max_retries": 1})
    engine = LLMEngine(probe)
    try:  # the probe prompt stays English (any model reads it); errors and reasons speak ``lang``
        outcome = engine.caller_for(lang).call(
            "doctor", schemas.ConnectionCheck,
            "You check a connection. Answer only through the requested structured output.",
            "Reply with ok = true.", language=lang)
    except (EngineError, ConfigError) as exc:
        return CheckResult("structured", label, False, exc.message, exc.hint or "")
    from metricsmith.engines.llm.provider import structured_method
    from metricsmith.engines.llm.texts import other_methods

    if not outcome.ok:
        methods = other_methods(structured_method(settings), lang)  # not the one that just failed
        return CheckResult(
            "structured", label, False, outcome.reason, doctor_text("structured_hint", lang, methods=methods))

    return CheckResult("structured", label, True, doctor_text("method", lang, method=structured_method(settings)))


def run_checks(settings: Settings) -> list[CheckResult]:
    """Reachable → model known → structured output; later checks are skipped after a failure.

    Every detail and hint has its URLs redacted: whatever a library put in an error
    message, a password in the base URL is never shown.
    """
    from metricsmith.urls import redact_text

    results = _run_checks(settings)
    for result in results:
        result.detail, result.hint = redact_text(result.detail), redact_text(result.hint)
    return results


def _run_checks(settings: Settings) -> list[CheckResult]:
    lang = _lang(settings)
    labels = LABELS[lang]
    results: list[CheckResult] = []
    if settings.provider == "other":
        reach, listed = CheckResult("reachable", labels["reachable"], None, labels["not_listed"]), None
    elif resolve_api_key(settings) is None:
        reach, listed = CheckResult(
            "reachable", labels["reachable"], False, error_text("no_key", lang),
            error_text("no_key_hint", lang)), None
    else:
        try:
            reach, listed = _probe(settings)
        except ConfigError as exc:
            reach, listed = CheckResult("reachable", labels["reachable"], False, exc.message, exc.hint or ""), None
    results.append(reach)
    if reach.ok is False:
        results.append(CheckResult("model", labels["model"], None, labels["skipped"]))
        results.append(CheckResult("structured", labels["structured"], None, labels["skipped"]))
        return results
    if listed is None:
        model = CheckResult("model", labels["model"], None, labels["not_listed"])
    elif _model_matches(settings.model, listed):
        model = CheckResult("model", labels["model"], True, settings.model)
    else:
        shown = ", ".join(listed[:8]) + (" …" if len(listed) > 8 else "")
        model = CheckResult(
            "model", labels["model"], False,
            doctor_text("not_among", lang, model=settings.model, shown=shown or doctor_text("none", lang)),
            doctor_text("pick_model_ollama" if settings.provider == "ollama" else "pick_model", lang))
    results.append(model)
    if model.ok is False:
        results.append(CheckResult("structured", labels["structured"], None, labels["skipped"]))
        return results
    results.append(_structured(settings))
    return results
