"""The rule registry: stable ids, default severities and bilingual texts.

Why a registry: the UI, ``metricsmith audit --explain RULE`` and the JSON output all need
the same rule ids and texts, and the texts are data (``texts.yaml``) so that they can be
reviewed in both languages side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: Every rule id, in the order the rules run and are listed.
RULE_IDS: tuple[str, ...] = (
    "activity-as-value",
    "vanity",
    "not-measurable",
    "opinion-not-fact",
    "no-goal",
    "no-owner",
    "owner-is-department",
    "baseline-or-target-missing",
    "target-not-better",
    "goal-needs-leading-and-lagging",
    "goal-not-measurable",
    "goal-result-is-activity",
    "goal-target-no-date",
    "set-size",
    "duplicate",
    "impossible-value",
)


@dataclass(frozen=True)
class RuleInfo:
    """What the UI shows about a rule."""

    id: str
    severity: str
    title: dict[str, str]
    explanation: dict[str, str]

    def title_in(self, lang: str) -> str:
        return self.title["ru" if lang == "ru" else "en"]

    def explanation_in(self, lang: str) -> str:
        return self.explanation["ru" if lang == "ru" else "en"]


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    from metricsmith.io.fast_yaml import load_yaml

    raw = resources.files("metricsmith.rules").joinpath("texts.yaml").read_text(encoding="utf-8")
    return load_yaml(raw)


@lru_cache(maxsize=1)
def rules() -> dict[str, RuleInfo]:
    """All rules by id, in :data:`RULE_IDS` order."""
    data = _texts()["rules"]
    return {
        rid: RuleInfo(rid, data[rid]["severity"], dict(data[rid]["title"]), dict(data[rid]["explanation"]))
        for rid in RULE_IDS
    }


def get_rule(rule_id: str) -> RuleInfo:
    """The rule with this id; ``KeyError`` naming the known ids otherwise."""
    try:
        return rules()[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule '{rule_id}'; known rules: {', '.join(RULE_IDS)}") from None


def explain(rule_id: str, lang: str = "en") -> str:
    """Title and explanation of a rule, for ``--explain`` and the UI."""
    info = get_rule(rule_id)
    return f"{info.id} — {info.title_in(lang)}\n\n{info.explanation_in(lang)}"


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=512)
def template(rule_id: str, key: str, lang: str) -> str:
    return _texts()["rules"][rule_id][key]["ru" if lang == "ru" else "en"]


def text(rule_id: str, key: str, lang: str, **values: object) -> str:
    """A rule's text ``key`` in ``lang``, with placeholders filled (unknown ones left as is)."""
    tpl = template(rule_id, key, lang)
    if all(type(v) is str for v in values.values()):
        try:
            return tpl.format(**values)
        except KeyError:
            pass
    return tpl.format_map(_Missing({k: _fmt(v) for k, v in values.items()}))


def common_text(key: str, lang: str) -> str:
    return _texts()[key]["ru" if lang == "ru" else "en"]


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
