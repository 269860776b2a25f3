"""What every rule may know about the audit: the metrics, the profile, which fields are real.

Why: the same rule behaves differently on a drafted project (every field is meaningful, so an
empty owner is a problem) and on an imported list of names (there is no owner column, so
saying "no owner" 100 times would drown the real findings). ``fields`` records which columns
the input actually had; a profile means a full project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from metricsmith.models.project import Finding
from metricsmith.rules.classify import NameVerdict, analyse, infer_direction
from metricsmith.rules.registry import get_rule

if TYPE_CHECKING:
    from metricsmith.models.metric import Metric
    from metricsmith.models.profile import Profile

#: Fields of a metric the rules read besides its name.
ALL_FIELDS: frozenset[str] = frozenset(
    {"goal", "owner", "baseline", "target", "actual", "kind", "category", "formula", "unit", "direction"}
)


@dataclass
class AuditContext:
    metrics: list["Metric"]
    profile: "Profile | None" = None
    lang: str | None = None
    fields: frozenset[str] = ALL_FIELDS
    rows: list[int] | None = None
    _langs: dict[int, str] = field(default_factory=dict)

    @property
    def is_set(self) -> bool:
        """A project is always a set; a table is a set from two rows on."""
        return self.profile is not None or len(self.metrics) >= 2

    def knows(self, name: str) -> bool:
        return name in self.fields

    def lang_for(self, index: int) -> str:
        if self.lang in ("ru", "en"):
            return self.lang
        got = self._langs.get(index)
        if got is None:
            if self.profile is not None and self.profile.language in ("ru", "en"):
                got = self.profile.language
            else:
                got = analyse(self.metrics[index].name).lang
            self._langs[index] = got
        return got

    def set_lang(self) -> str:
        """Language for set-level findings: override, profile, or the majority of names."""
        if self.lang in ("ru", "en"):
            return self.lang
        if self.profile is not None and self.profile.language in ("ru", "en"):
            return self.profile.language
        ru = sum(1 for i in range(len(self.metrics)) if self.lang_for(i) == "ru")
        return "ru" if ru * 2 > len(self.metrics) else "en"

    def row(self, index: int) -> int:
        return self.rows[index] if self.rows is not None else index + 1

    def verdict(self, index: int) -> NameVerdict:
        return analyse(self.metrics[index].name).verdict

    def direction(self, index: int) -> str:
        m = self.metrics[index]
        return m.direction if self.knows("direction") else infer_direction(m.name)

    def catalog_ids(self) -> frozenset[str]:
        return frozenset(m.catalog_id for m in self.metrics if m.catalog_id)


def finding(
    rule: str,
    message: str,
    *,
    metric_id: str | None = None,
    goal: str | None = None,
    suggestion: str | None = None,
    suggestion_catalog_id: str | None = None,
    severity: str | None = None,
) -> Finding:
    """A Finding built without re-validation (all values come from the rule layer itself).

    Equivalent to ``Finding.model_construct(...)`` with every field given, but several times
    faster, which matters when a 100,000-row table yields tens of thousands of findings.
    """
    f = _new(Finding)
    _set(f, "__dict__", {
        "rule": rule,
        "severity": severity or get_rule(rule).severity,
        "metric_id": metric_id,
        "goal": goal,
        "message": message,
        "suggestion": suggestion,
        "suggestion_catalog_id": suggestion_catalog_id,
    })
    _set(f, "__pydantic_fields_set__", set(_FINDING_FIELDS))
    _set(f, "__pydantic_extra__", None)
    _set(f, "__pydantic_private__", None)
    return f


_new = Finding.__new__
_set = object.__setattr__
_FINDING_FIELDS = ("rule", "severity", "metric_id", "goal", "message", "suggestion", "suggestion_catalog_id")


def norm_goal(goal: str) -> str:
    return " ".join(goal.lower().split())
