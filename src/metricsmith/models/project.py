"""A project: a profile, its metrics, and what the tools learnt while drafting them.

This is the JSON project file's shape. ``schema_version`` lets an older
metricsmith refuse a newer file cleanly instead of silently dropping fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile

#: 2: check-ins carry their author and the values they superseded; metrics their pick reason;
#: profiles the units of known numbers. A version-1 file loads as version 2.
SCHEMA_VERSION = 2

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class Finding(BaseModel):
    """One problem the rule layer found, explained and with a better alternative."""

    model_config = ConfigDict(extra="ignore")

    rule: str = Field(..., description="Stable rule id, e.g. 'activity-as-value'.")
    severity: Severity = "warning"
    metric_id: str | None = Field(None, description="The metric concerned; None for set-level findings.")
    goal: str | None = Field(None, description="The goal concerned, for goal-level findings.")
    message: str = ""
    suggestion: str | None = Field(None, description="A concrete better metric or fix.")
    suggestion_catalog_id: str | None = None


class Notice(BaseModel):
    """Something the user should know about how the draft was made (e.g. an offline fallback)."""

    model_config = ConfigDict(extra="ignore")

    level: Literal["info", "warning", "error"] = "info"
    step: str = ""
    message: str


class LLMCall(BaseModel):
    """Accounting for one model call: what it cost and how long it took."""

    model_config = ConfigDict(extra="ignore")

    step: str
    provider: str = ""
    model: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    cached: bool = False
    attempt: int = 1
    ok: bool = True
    error: str = ""


class EngineInfo(BaseModel):
    """Which engine drafted the project (never any secret)."""

    model_config = ConfigDict(extra="ignore")

    name: str = "offline"
    provider: str = ""
    model: str = ""
    base_url: str = ""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class Project(BaseModel):
    """The project file: profile + metrics (+ findings, notices and LLM accounting)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    profile: Profile = Field(default_factory=Profile)
    metrics: list[Metric] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    engine: EngineInfo = Field(default_factory=EngineInfo)
    llm_calls: list[LLMCall] = Field(default_factory=list)
    interview_step: int = Field(0, description="Where the interview was left, for resuming in the UI.")
    created_at: dt.datetime = Field(default_factory=_now)
    updated_at: dt.datetime = Field(default_factory=_now)
    #: The file this project was read from (or last saved to) and its exact bytes then: a save
    #: compares the file with them first (compare-and-swap, see io.project_file.save_project).
    _revision: tuple[str, bytes] | None = PrivateAttr(default=None)

    @field_validator("metrics")
    @classmethod
    def _unique_ids(cls, metrics: list[Metric]) -> list[Metric]:
        """Findings, check-ins and table rows refer to metrics by id: two metrics with one id mix them up."""
        seen: dict[str, int] = {}
        for n, metric in enumerate(metrics):
            if metric.id in seen:
                raise ValueError(f"metric id '{metric.id}' is used twice (metrics {seen[metric.id]} and {n}); "
                                 "each metric needs its own id")
            seen[metric.id] = n
        return metrics

    @property
    def language(self) -> str:
        return self.profile.language

    def metric(self, metric_id: str) -> Metric:
        """The metric with this id; ``KeyError`` naming the id when absent."""
        for m in self.metrics:
            if m.id == metric_id:
                return m
        raise KeyError(f"no metric with id '{metric_id}'")

    def findings_for(self, metric_id: str) -> list[Finding]:
        return [f for f in self.findings if f.metric_id == metric_id]

    def new_metric_id(self, base: str, replacing: str | None = None) -> str:
        """A metric id derived from ``base`` that is not used yet in this project.

        ``replacing`` names a metric about to be replaced: its id counts as free.
        """
        taken = {m.id for m in self.metrics if m.id != replacing}
        if base not in taken:
            return base
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"
