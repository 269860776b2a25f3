"""A metric: one row's worth of everything both KPI tables need.

The value-delivery tracking table and the Value Management table are two views
of the same list of :class:`Metric` objects, so a metric carries the columns of
both, plus what makes it computable and comparable over time (unit, direction,
window, history) and the formula conventions that differ between sources
(kept as explicit fields so that two people reading "NRR 110 %" know they mean
the same thing).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Category = Literal[
    "financial",
    "customer_value",
    "operational_efficiency",
    "usage_adoption",
    "strategic",
]
CATEGORIES: tuple[Category, ...] = (
    "financial",
    "customer_value",
    "operational_efficiency",
    "usage_adoption",
    "strategic",
)
Kind = Literal["leading", "lagging"]
Direction = Literal["up", "down"]

NrrPeriod = Literal["monthly", "cohort_12m"]
Reactivations = Literal["include", "exclude"]
CsatMethod = Literal["top2_share", "average"]
FcrDenominator = Literal["all_contacts", "first_contacts", "resolved_contacts"]


def _finite_value(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError("value must be a finite number")
    return v


class Superseded(BaseModel):
    """A value a check-in held before it was corrected: kept so a correction never loses the old number."""

    model_config = ConfigDict(extra="forbid")

    value: float
    source: str = ""
    note: str = ""
    author: str = ""
    replaced_on: dt.date | None = Field(None, description="The day the value was corrected.")

    _finite = field_validator("value")(classmethod(lambda cls, v: _finite_value(v)))


class Observation(BaseModel):
    """One recorded value of a metric (a check-in): what it was, for which period, who recorded it.

    ``author`` and ``superseded`` came with check-ins; files written before them load
    unchanged (both default to empty).
    """

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    value: float
    period: str = Field("", description="The period the value covers, e.g. '2026-10', '2026-W48', '2026-Q4'.")
    source: str = Field("", description="manual, compute, import … ")
    note: str = Field("", description="The check-in's comment.")
    author: str = Field("", description="Who recorded the value.")
    superseded: list[Superseded] = Field(
        default_factory=list, description="Earlier values for this period, oldest first, replaced by corrections."
    )

    _finite = field_validator("value")(classmethod(lambda cls, v: _finite_value(v)))


class Conventions(BaseModel):
    """Formula choices that sources disagree on, made explicit per metric.

    Only the ones relevant to a metric are set; ``None`` means "not applicable".
    """

    model_config = ConfigDict(extra="forbid")

    nrr_period: NrrPeriod | None = Field(
        None, description="NRR over one month, or over a 12-month cohort of customers."
    )
    reactivations: Reactivations | None = Field(
        None, description="Whether revenue from returning (churned then reactivated) customers counts in NRR/GRR."
    )
    csat_method: CsatMethod | None = Field(
        None, description="CSAT as the share of 4–5 ratings, or as the average rating."
    )
    fcr_denominator: FcrDenominator | None = Field(
        None, description="What FCR divides by: all contacts, first contacts only, or resolved contacts."
    )
    ttv_start_event: str | None = Field(None, description="Event that starts the Time-to-Value clock.")
    ttv_value_event: str | None = Field(None, description="Event that marks the first value (stops the clock).")

    def is_empty(self) -> bool:
        return all(v is None for v in self.model_dump().values())


def _finite_or_none(v: float | None) -> float | None:
    if v is not None and not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


class Metric(BaseModel):
    """One key metric with both tables' columns and its bookkeeping."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    id: str = Field(..., min_length=1, max_length=80, description="Stable id within the project.")
    name: str = Field(..., min_length=1, description="Human name of the metric, in the project language.")
    category: Category = "customer_value"
    kind: Kind = Field("lagging", description="leading = early signal; lagging = the result itself.")
    formula: str = Field("", description="Formula or way of calculating.")
    unit: str = Field("", description="%, days, hours, RUB, USD, count, points …")
    direction: Direction = Field("up", description="Which way is better.")
    goal: str = Field("", description="Title of the project goal this metric serves.")
    owner: str = Field("", description="A named person responsible for the metric.")
    owner_role: str = ""
    baseline: float | None = Field(None, description="'Before' value.")
    target: float | None = Field(None, description="'After' value to reach.")
    actual: float | None = Field(None, description="Latest actual value.")
    target_date: dt.date | None = None
    start_date: dt.date | None = Field(None, description="When the work towards the target started.")
    period: str = Field("", description="Measurement window: month, quarter, 90 days …")
    data_source: str = ""
    why: str = Field("", description="Why it matters for customer and business value.")
    where_used: str = Field("", description="Where and how it is used, what is tracked.")
    example: str = ""
    plan: str = Field("", description="Plan / initiatives to move the metric.")
    comment: str = Field("", description="Reasons for deviation, optimisation ideas, actions.")
    target_rationale: str = Field("", description="One line on why this target.")
    reason: str = Field("", description="One line on why this metric was picked: the answer or number it came from.")
    catalog_id: str | None = Field(None, description="Catalog entry the metric came from, if any.")
    conventions: Conventions = Field(default_factory=Conventions)
    history: list[Observation] = Field(default_factory=list)
    origin: str = Field("", description="offline, llm, user, import …")

    _finite = field_validator("baseline", "target", "actual", mode="after")(
        classmethod(lambda cls, v: _finite_or_none(v))
    )

    @model_validator(mode="after")
    def _sorted_history(self) -> "Metric":
        if any(a.date > b.date for a, b in zip(self.history, self.history[1:])):
            object.__setattr__(self, "history", sorted(self.history, key=lambda o: o.date))
        return self

    def record_actual(
        self, value: float, on: dt.date, *, period: str = "", source: str = "manual", note: str = "",
        author: str = "", corrected_on: dt.date | None = None,
    ) -> Observation:
        """Add an actual value for a date; ``actual`` follows the most recent observation.

        Recording a second value for the same period (or, without a period, the same date)
        replaces the first, so re-running a monthly computation does not duplicate history;
        a replaced value that differs is kept in the new check-in's ``superseded`` list,
        so a correction never loses the number it corrected.
        """
        obs = Observation(date=on, value=value, period=period, source=source, note=note, author=author)
        same = [o for o in self.history if (o.period == period and (period or o.date == on))]
        for old in same:
            obs.superseded.extend(old.superseded)
            if old.value != value or old.note != note:
                obs.superseded.append(Superseded(value=old.value, source=old.source, note=old.note,
                                                 author=old.author, replaced_on=corrected_on or dt.date.today()))
        kept = [o for o in self.history if not any(o is s for s in same)]
        kept.append(obs)
        kept.sort(key=lambda o: o.date)
        self.history = kept
        self.actual = kept[-1].value
        return obs

    def is_better(self, a: float, b: float) -> bool:
        """True when ``a`` is strictly better than ``b`` in this metric's direction."""
        return a > b if self.direction == "up" else a < b
