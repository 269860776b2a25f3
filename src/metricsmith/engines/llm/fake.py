"""A scripted, counting chat model for tests and benchmarks (no network).

LangChain's own fake chat models cannot bind tools, so they cannot answer
``with_structured_output``. :class:`ScriptedChatModel` can: it sees which
schema (tool) is being asked for and lets a ``responder`` decide the answer —
a dict (a well-formed tool call), a string (plain text), ``None`` (nothing) or
a ready ``AIMessage`` (e.g. a truncated one). It counts calls and reports
estimated token usage, so engine behaviour and cost can be tested above HTTP.
:func:`valid_responder` answers every engine step correctly for a profile.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any, Callable

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr

from metricsmith.models.profile import Profile

Responder = Callable[[str, list[BaseMessage]], Any]


def estimate_tokens(text: str) -> int:
    """A deliberately pessimistic token estimate (3 characters per token) for budgets without a tokenizer."""
    return (len(text) + 2) // 3


class ScriptedChatModel(BaseChatModel):
    """Answers each structured-output request by calling ``responder(schema_name, messages)``."""

    responder: Responder
    _calls: list[tuple[str, list[BaseMessage], dict]] = PrivateAttr(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "metricsmith-scripted-fake"

    @property
    def calls(self) -> list[tuple[str, list[BaseMessage], dict]]:
        """``(schema_name, messages, tools_payload)`` per request, in arrival order."""
        return self._calls

    def bind_tools(self, tools: Any, *, tool_choice: Any = None, **kwargs: Any) -> Any:
        formatted = [convert_to_openai_tool(t) for t in tools]
        kwargs.pop("ls_structured_output_format", None)
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        tools = kwargs.get("tools") or []
        name = tools[0]["function"]["name"] if tools else ""
        with self._lock:
            self._calls.append((name, list(messages), {"tools": tools, "tool_choice": kwargs.get("tool_choice")}))
            number = len(self._calls)
        reply = self.responder(name, messages)
        if isinstance(reply, AIMessage):
            message = reply
        elif isinstance(reply, dict):
            message = AIMessage(content="", tool_calls=[{"name": name, "args": reply, "id": f"call_{number}",
                                                         "type": "tool_call"}])
        else:
            message = AIMessage(content="" if reply is None else str(reply))
        prompt_text = "".join(str(m.content) for m in messages) + json.dumps(tools, ensure_ascii=False)
        answer_text = str(message.content) + json.dumps([c["args"] for c in message.tool_calls], ensure_ascii=False)
        tokens_in, tokens_out = estimate_tokens(prompt_text), estimate_tokens(answer_text)
        message.usage_metadata = {"input_tokens": tokens_in, "output_tokens": tokens_out,
                                  "total_tokens": tokens_in + tokens_out}
        return ChatResult(generations=[ChatGeneration(message=message)])


# --- a responder that answers every step correctly ------------------------------------------------

_KEY_LINE = re.compile(r"^- ([a-z0-9][a-z0-9-]*): [^\n]*\[", re.M)
_FLAGGED_LINE = re.compile(r"^- ([a-z0-9][a-z0-9-]*) [\"«]", re.M)

GOOD_METRICS_EN: list[tuple[str, str, str, str, str]] = [
    # key, name, category, unit, direction
    ("time_to_first_value", "Median time to first value", "customer_value", "days", "down"),
    ("first_value_rate", "Share of new customers reaching first value in 14 days", "customer_value", "%", "up"),
    ("repeat_rate_90d", "Repeat purchase rate within 90 days", "customer_value", "%", "up"),
    ("net_revenue_retention", "Net revenue retention", "financial", "%", "up"),
    ("customer_ltv", "Customer lifetime value", "financial", "USD", "up"),
    ("gross_revenue_retention", "Gross revenue retention", "financial", "%", "up"),
]
GOOD_METRICS_RU: list[str] = [
    "Медианное время до первой ценности",
    "Доля новых клиентов, получивших первую ценность за 14 дней",
    "Доля повторных покупок за 90 дней",
    "Чистое удержание выручки",
    "Пожизненная ценность клиента",
    "Валовое удержание выручки",
]


def _last_human(messages: list[BaseMessage]) -> str:
    for message in reversed(messages):
        if message.type == "human":
            return str(message.content)
    return ""


def _first_human(messages: list[BaseMessage]) -> str:
    for message in messages:
        if message.type == "human":
            return str(message.content)
    return ""


def metric_set_answer(profile: Profile, *, extra: dict[str, Any] | None = None, count: int = 6) -> dict[str, Any]:
    """A valid metric-set answer covering every goal with a leading and a lagging metric."""
    titles = [g.title for g in profile.goals if g.title] or [""]
    metrics = []
    for i, (key, name, category, unit, direction) in enumerate(GOOD_METRICS_EN[:count]):
        if profile.language == "ru":
            name = GOOD_METRICS_RU[i]
        metrics.append({
            "key": key, "name": name, "category": category, "kind": "leading" if i % 2 == 0 else "lagging",
            "goal": titles[(i // 2) % len(titles)], "unit": unit, "direction": direction, "period": "month",
            "reason": "Follows from the first-value answer." if profile.language != "ru"
            else "Следует из ответа о первой ценности.",
        })
    # A good model drafts each goal's stated measure as that goal's lagging metric (the contract).
    for title, measure in _stated(profile).items():
        lagging = next((m for m in metrics if m["goal"] == title and m["kind"] == "lagging"), None)
        if lagging is not None:
            lagging.update(name=measure.phrase, unit=measure.unit or lagging["unit"],
                           direction=measure.direction or lagging["direction"])
    if extra is not None:
        metrics[-1] = {**metrics[-1], **extra}
    return {"metrics": metrics}


def _stated(profile: Profile):  # -> dict[str, GoalMeasure]
    from metricsmith.engines.measure_contract import stated_measures

    return stated_measures(profile)


def _measure_numbers(profile: Profile) -> dict[str, tuple[float, float]]:
    """Key → the goal's own (baseline, target) for the metrics :func:`metric_set_answer` names as measures."""
    out = {}
    names = {m["key"]: m for m in metric_set_answer(profile)["metrics"]}
    for title, measure in _stated(profile).items():
        for key, m in names.items():
            if m["goal"] == title and m["name"] == measure.phrase and measure.baseline is not None and (
                measure.target is not None
            ):
                out[key.replace("_", "-")] = (measure.baseline, measure.target)
    return out


def tracking_answer(keys: list[str], profile: Profile) -> dict[str, Any]:
    people = [p for p in profile.people if p.name]
    stated = _measure_numbers(profile)
    rows = []
    for i, key in enumerate(keys):
        person = people[i % len(people)] if people else None
        baseline, target = stated.get(key.replace("_", "-"), (10.0 + i, 20.0 + i))
        rows.append({
            "key": key, "baseline": baseline, "target": target,
            "owner": person.name if person else "Alex Morgan", "owner_role": person.role if person else "founder",
            "comment": "Review monthly; if behind, look at onboarding drop-offs first.",
            "target_rationale": "Matches the goal's expected result.",
        })
    return {"rows": rows}


def value_answer(keys: list[str]) -> dict[str, Any]:
    return {"rows": [{
        "key": key, "formula": "customers reaching the event / customers who started × 100",
        "why": "Shows whether customers actually get the value they pay for.",
        "where_used": "Monthly value review; decides onboarding priorities.",
        "example": "120 of 400 new customers → 30 %.", "plan": "Guided setup; compare segments.",
        "data_source": "CRM",
    } for key in keys]}


def replacement_answer(flagged: list[str], profile: Profile) -> dict[str, Any]:
    goal = next((g.title for g in profile.goals if g.title), "")
    return {"replacements": [{
        "replaces": key, "name": f"Lead-to-deal conversion {i + 1}" if profile.language != "ru"
        else f"Конверсия лида в сделку {i + 1}",
        "category": "financial", "kind": "lagging", "goal": goal, "unit": "%", "direction": "up",
        "period": "month", "formula": "deals won / qualified leads × 100",
        "why": "Counts results, not effort.", "where_used": "Monthly sales review.",
        "example": "18 deals from 120 leads → 15 %.", "plan": "Qualify leads earlier.",
        "data_source": "CRM", "baseline": 12.0, "target": 15.0, "owner": "Alex Morgan",
        "owner_role": "Head of Sales", "comment": "Replaces an activity count.",
    } for i, key in enumerate(flagged)]}


def valid_responder(profile: Profile, *, extra_metric: dict[str, Any] | None = None) -> Responder:
    """Answers every engine step correctly for ``profile`` (``extra_metric`` overrides the last metric)."""

    def respond(schema_name: str, messages: list[BaseMessage]) -> Any:
        prompt = _first_human(messages)
        if schema_name == "MetricSetOutput":
            return metric_set_answer(profile, extra=extra_metric)
        if schema_name == "TrackingOutput":
            return tracking_answer(_KEY_LINE.findall(prompt), profile)
        if schema_name == "ValueOutput":
            return value_answer(_KEY_LINE.findall(prompt))
        if schema_name == "ReplacementOutput":
            return replacement_answer(_FLAGGED_LINE.findall(prompt), profile)
        if schema_name == "FollowUpOutput":
            vague = not any(ch.isdigit() for ch in _last_human(messages).split("Answer given:")[-1])
            return {"vague": vague, "missing": "event" if vague else "none",
                    "question": "Which event shows the customer got the result, and how often does it happen?"
                    if vague else ""}
        if schema_name == "ConnectionCheck":
            return {"ok": True}
        return None

    return respond
