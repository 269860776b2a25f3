"""One structured model call done properly: cache, validate, retry with feedback, account.

Why a module of its own: every step of the engine (metric set, both tables,
replacements, follow-up questions, doctor's check) needs the same discipline,
and it is where honesty lives:

- an answer counts only when it parses into the output schema *and* passes the
  step's own checks; ``None``, plain text or a truncated answer is a failure;
- a failure is fed back to the model (the error text) at most
  ``settings.max_retries`` times; after that the caller falls back and says so;
- transport problems (429, 5xx) are retried within a bound, honouring
  Retry-After; the rest become :class:`~metricsmith.errors.EngineError` naming
  provider, model and URL;
- every attempt is recorded as an :class:`~metricsmith.models.project.LLMCall`
  (tokens, latency, cached, attempt, ok, error), and a cache hit costs no call.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from metricsmith.config import Settings
from metricsmith.engines.llm.cache import ResponseCache, cache_key
from metricsmith.engines.llm.prompts import render
from metricsmith.engines.llm.provider import Transient, effective_base_url, map_error
from metricsmith.engines.llm.texts import PROBLEMS, problem_text  # noqa: F401 - PROBLEMS re-exported
from metricsmith.models.project import LLMCall

#: How many times a 429/5xx answer is retried (after waiting) before it becomes an error.
TRANSIENT_RETRIES = 2
#: Longest raw answer quoted back to the model on a retry.
MAX_ECHO_CHARS = 1500

Check = Callable[[Any], None]


@dataclass
class Outcome:
    """What one step produced: the validated answer (or ``None``), its calls, and why it failed."""

    value: Any | None
    calls: list[LLMCall] = field(default_factory=list)
    reason: str = ""
    attempts: int = 0
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return self.value is not None


def explain(exc: BaseException) -> str:
    """A short, model-readable account of why an answer was rejected."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:4]:
            loc = ".".join(str(p) for p in err.get("loc", ())) or "answer"
            parts.append(f"{loc}: {err.get('msg', 'invalid')}")
        more = exc.error_count() - len(parts)
        return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:400]


def _raw_text(raw: Any) -> str:
    """The model's answer as text, to quote it back on a retry."""
    if raw is None:
        return ""
    calls = getattr(raw, "tool_calls", None) or []
    if calls:
        return json.dumps(calls[0].get("args", {}), ensure_ascii=False)
    invalid = getattr(raw, "invalid_tool_calls", None) or []
    if invalid:
        return str(invalid[0].get("args") or "")
    content = getattr(raw, "content", "")
    if isinstance(content, list):
        content = " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def _finish_reason(raw: Any) -> str:
    meta = getattr(raw, "response_metadata", None) or {}
    return str(meta.get("finish_reason") or meta.get("done_reason") or "")


def _usage(raw: Any) -> tuple[int, int]:
    usage = getattr(raw, "usage_metadata", None) or {}
    return int(usage.get("input_tokens", 0) or 0), int(usage.get("output_tokens", 0) or 0)


class StructuredCaller:
    """Runs structured calls against one chat model with one settings object (thread-safe)."""

    def __init__(
        self,
        settings: Settings,
        chat_model: Any,
        *,
        method: str,
        cache: ResponseCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.chat_model = chat_model
        self.method = method
        self.cache = cache
        self.sleep = sleep
        self._runnables: dict[type, Any] = {}
        self._lock = threading.Lock()

    def _structured(self, schema: type[BaseModel]) -> Any:
        with self._lock:
            runnable = self._runnables.get(schema)
            if runnable is None:
                target: Any = schema
                if self.method == "json_schema" and self.settings.provider in ("openai", "openai-compatible"):
                    from metricsmith.engines.llm.schemas import strict_response_format

                    target = strict_response_format(schema)  # answers come back as dicts, validated below
                runnable = self.chat_model.with_structured_output(target, method=self.method, include_raw=True)
                self._runnables[schema] = runnable
            return runnable

    def _invoke(self, runnable: Any, messages: list[tuple[str, str]], step: str, attempt: int,
                calls: list[LLMCall], language: str = "en") -> tuple[Any, float]:
        """One request, retrying 429/5xx within the bound; returns ``(result, latency_s)``.

        A failure that is not retried is raised as :class:`EngineError` in ``language``.
        """
        transient_left = TRANSIENT_RETRIES
        while True:
            started = time.perf_counter()
            try:
                result = runnable.invoke(messages)
                return result, time.perf_counter() - started
            except Exception as exc:  # noqa: BLE001 - every provider error is mapped below
                latency = time.perf_counter() - started
                mapped = map_error(exc, self.settings, language)
                error = mapped.error if isinstance(mapped, Transient) else mapped
                calls.append(self._call(step, attempt, latency_s=round(latency, 4), ok=False, error=error.message))
                if isinstance(mapped, Transient) and transient_left > 0:
                    transient_left -= 1
                    self.sleep(mapped.wait_s)
                    continue
                raise error from None

    def _call(self, step: str, attempt: int, **values: Any) -> LLMCall:
        return LLMCall(step=step, provider=self.settings.provider, model=self.settings.model, attempt=attempt,
                       **values)

    def call(self, step: str, schema: type[BaseModel], system: str, user: str, *, language: str,
             check: Check | None = None) -> Outcome:
        """Ask for ``schema``; validated answer or a failed :class:`Outcome` (never a crash for bad output)."""
        if self.method == "json_mode":  # JSON mode shows the model no schema: put it in the prompt
            user += "\n\nAnswer with one JSON object that matches this JSON schema:\n" + json.dumps(
                schema.model_json_schema(), ensure_ascii=False, separators=(",", ":"))
        messages: list[tuple[str, str]] = [("system", system), ("human", user)]
        outcome = Outcome(value=None)
        key = None
        if self.cache is not None:
            key = cache_key(
                provider=self.settings.provider, model=self.settings.model,
                base_url=effective_base_url(self.settings), method=self.method,
                messages=messages, schema=schema.model_json_schema(), temperature=self.settings.temperature,
            )
            hit = self.cache.get(key)
            if hit is not None:
                answer, _, _ = hit
                try:
                    value = schema.model_validate(answer)
                    if check is not None:
                        check(value)
                except (ValidationError, ValueError):
                    pass
                else:
                    outcome.value = value
                    # a cache hit costs nothing: no tokens, no latency (the stored counts are kept in the cache)
                    outcome.calls.append(self._call(step, 1, cached=True))
                    return outcome
        runnable = self._structured(schema)
        attempts = 1 + self.settings.max_retries
        for attempt in range(1, attempts + 1):
            outcome.attempts = attempt
            result, latency = self._invoke(runnable, messages, step, attempt, outcome.calls, language)
            raw = result.get("raw") if isinstance(result, dict) else None
            tokens_in, tokens_out = _usage(raw)
            value, problem, truncated = self._judge(result, raw, schema, check, tokens_out, language)
            outcome.calls.append(self._call(step, attempt, input_tokens=tokens_in, output_tokens=tokens_out,
                                            latency_s=round(latency, 4), ok=problem is None, error=problem or ""))
            if problem is None:
                outcome.value = value
                if self.cache is not None and key is not None:
                    self.cache.put(key, value.model_dump(mode="json"), tokens_in, tokens_out)
                return outcome
            outcome.reason, outcome.truncated = problem, truncated
            echo = _raw_text(raw)[:MAX_ECHO_CHARS]
            messages = [*messages, ("ai", echo or "(empty answer)"),
                        ("human", render("retry", language, error=problem, truncated=truncated))]
        return outcome

    def _judge(self, result: Any, raw: Any, schema: type[BaseModel], check: Check | None,
               tokens_out: int, language: str = "en") -> tuple[Any | None, str | None, bool]:
        """``(value, problem, truncated)`` for one answer; ``problem`` is ``None`` when usable.

        Truncation is read from ``finish_reason`` and, because llama-cpp-python
        reports ``tool_calls`` even for a forced call cut off mid-JSON, also from
        the output tokens reaching the limit.
        """
        if _finish_reason(raw) == "length" or (tokens_out and tokens_out >= self.settings.max_tokens):
            return None, problem_text("truncated", language, limit=self.settings.max_tokens), True
        if not isinstance(result, dict):
            result = {"parsed": result, "parsing_error": None}
        parsed, error = result.get("parsed"), result.get("parsing_error")
        if error is not None:
            return None, problem_text("schema", language, detail=explain(error)), False
        if parsed is None and getattr(raw, "invalid_tool_calls", None):
            bad = raw.invalid_tool_calls[0]
            detail = bad.get("error") or problem_text("unparsable", language)
            return None, problem_text("json", language, detail=detail), False
        if parsed is None:
            return None, problem_text("empty", language), False
        try:
            value = parsed if isinstance(parsed, schema) else schema.model_validate(parsed)
            if check is not None:
                check(value)
        except (ValidationError, ValueError) as exc:
            return None, problem_text("check", language, detail=explain(exc)), False
        return value, None, False
