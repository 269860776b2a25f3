"""What the model must answer: flat, bounded output models, and their mapping into :class:`Metric`.

Why separate from the domain models: the model sees these schemas (as tool
parameters or a JSON schema), so they are small, flat, with closed ``Literal``
choices, length limits and a description on every field, and every field is
required (OpenAI's strict mode demands it). The domain :class:`Metric` has
history, conventions and bookkeeping a model must never be asked to invent.
The ``check_*`` functions add the checks a schema cannot express (keys that
match, goals that exist) and raise ``ValueError`` with a message that is fed
back to the model on a retry.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile

CategoryOut = Literal["financial", "customer_value", "operational_efficiency", "usage_adoption", "strategic"]
KindOut = Literal["leading", "lagging"]
DirectionOut = Literal["up", "down"]

_Key = Field(..., min_length=1, max_length=40, description="Short snake_case id of the metric, unique in the set.")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MetricDraft(_Out):
    """One key metric of the set (identity and type; the tables are filled by later calls)."""

    key: str = _Key
    name: str = Field(..., min_length=1, max_length=90, description="Metric name in the output language.")
    category: CategoryOut = Field(..., description="Which kind of value it shows.")
    kind: KindOut = Field(..., description="leading = early signal; lagging = the result itself.")
    goal: str = Field(..., max_length=160, description="Exact title of the project goal it serves, or ''.")
    unit: str = Field(..., max_length=24, description="%, days, hours, USD, RUB, count, points …")
    direction: DirectionOut = Field(..., description="up = higher is better; down = lower is better.")
    period: str = Field(..., max_length=40, description="Measurement window: month, quarter, 90 days …")
    reason: str = Field(..., max_length=240, description="One line: which answer or number it comes from and why "
                        "it serves its goal.")


class MetricSetOutput(_Out):
    """The key metric set: 5 to 7 metrics that show value being delivered."""

    metrics: list[MetricDraft] = Field(..., min_length=5, max_length=7, description="5 to 7 key metrics.")


class TrackingRowOut(_Out):
    """One row of the value-delivery tracking table."""

    key: str = _Key
    baseline: float | None = Field(..., description="'Before' value from the known numbers, or null.")
    target: float | None = Field(..., description="'After' value to reach, or null.")
    owner: str = Field(..., max_length=60, description="A named person from the profile, never a department.")
    owner_role: str = Field(..., max_length=60, description="The owner's role.")
    comment: str = Field(..., max_length=400, description="Risks of deviation, optimisation ideas, next actions.")
    target_rationale: str = Field(..., max_length=200, description="One line on why this target.")


class TrackingOutput(_Out):
    """The value-delivery tracking table: one row per metric key."""

    rows: list[TrackingRowOut] = Field(..., min_length=1, max_length=7)


class ValueRowOut(_Out):
    """One row of the Value Management table."""

    key: str = _Key
    formula: str = Field(..., max_length=240, description="Formula or way of calculating.")
    why: str = Field(..., max_length=300, description="Why it matters for customer and business value.")
    where_used: str = Field(..., max_length=300, description="Where and how it is used, what is tracked.")
    example: str = Field(..., max_length=300, description="A short example with numbers.")
    plan: str = Field(..., max_length=300, description="Initiatives to move the metric.")
    data_source: str = Field(..., max_length=80, description="Where the numbers come from.")


class ValueOutput(_Out):
    """The Value Management table: one row per metric key."""

    rows: list[ValueRowOut] = Field(..., min_length=1, max_length=7)


class ReplacementOut(_Out):
    """A full replacement for one flagged metric (all columns of both tables)."""

    replaces: str = Field(..., min_length=1, max_length=80, description="Key of the flagged metric it replaces.")
    name: str = Field(..., min_length=1, max_length=90, description="Metric name in the output language.")
    category: CategoryOut = Field(..., description="Which kind of value it shows.")
    kind: KindOut = Field(..., description="leading = early signal; lagging = the result itself.")
    goal: str = Field(..., max_length=160, description="Exact title of the goal it serves, or ''.")
    unit: str = Field(..., max_length=24, description="Unit of measure.")
    direction: DirectionOut = Field(..., description="up = higher is better; down = lower is better.")
    period: str = Field(..., max_length=40, description="Measurement window.")
    formula: str = Field(..., max_length=240, description="Formula or way of calculating.")
    why: str = Field(..., max_length=300, description="Why it matters.")
    where_used: str = Field(..., max_length=300, description="Where and how it is used.")
    example: str = Field(..., max_length=300, description="A short example with numbers.")
    plan: str = Field(..., max_length=300, description="Initiatives to move it.")
    data_source: str = Field(..., max_length=80, description="Where the numbers come from.")
    baseline: float | None = Field(..., description="'Before' value, or null.")
    target: float | None = Field(..., description="'After' value, or null.")
    owner: str = Field(..., max_length=60, description="A named person.")
    owner_role: str = Field(..., max_length=60, description="The owner's role.")
    comment: str = Field(..., max_length=400, description="Why this replaces the flagged metric; next actions.")


class ReplacementOutput(_Out):
    """Replacements for every flagged metric, in one answer."""

    replacements: list[ReplacementOut] = Field(..., min_length=1, max_length=7)


class FollowUpOutput(_Out):
    """Whether an interview answer is too vague, and the one question that would fix it."""

    vague: bool = Field(..., description="True when the answer has no event, no number and no customer action.")
    missing: Literal["event", "number", "customer_action", "none"] = Field(..., description="What is missing most.")
    question: str = Field(..., max_length=240, description="One short follow-up question, or '' when not vague.")


class ConnectionCheck(_Out):
    """The smallest structured answer, used by ``doctor`` to prove structured output works."""

    ok: bool = Field(..., description="Always true.")


def strict_response_format(model: type[BaseModel]) -> dict:
    """``model`` as an OpenAI strict ``json_schema`` response format.

    String length limits are left out: OpenAI's strict mode accepts only a
    subset of JSON Schema, and the limits are enforced here anyway when the
    answer is validated against ``model`` (a too-long text is fed back as an
    error on the retry).
    """
    schema = model.model_json_schema()

    def strip(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string":
                node.pop("maxLength", None)
                node.pop("minLength", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(schema)
    return {"name": model.__name__, "description": (model.__doc__ or "").strip()[:300], "schema": schema,
            "strict": True}


# --- checks a schema cannot express -------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A metric id from a model's key: lower-case ASCII words joined by '-' (``'metric'`` if nothing is left)."""
    return _SLUG.sub("-", text.lower()).strip("-")[:60] or "metric"


def _goal_titles(profile: Profile) -> list[str]:
    return [g.title for g in profile.goals if g.title]


def canonical_goal(goal: str, profile: Profile) -> str | None:
    """The profile's goal title that ``goal`` names (case and spacing ignored); ``None`` if none."""
    titles = _goal_titles(profile)
    if not titles:
        return "" if not goal.strip() else goal.strip()
    wanted = " ".join(goal.lower().split()).strip(" «»\"'")
    for title in titles:
        if " ".join(title.lower().split()) == wanted:
            return title
    return None


def check_metric_set(out: MetricSetOutput, profile: Profile) -> None:
    keys = [slug(m.key) for m in out.metrics]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"metric keys must be unique; repeated: {', '.join(dupes)}")
    titles = _goal_titles(profile)
    for m in out.metrics:
        if canonical_goal(m.goal, profile) is None:
            raise ValueError(
                f"metric '{m.key}' names goal '{m.goal}', which is not a project goal; "
                f"use one of: {'; '.join(titles)}"
            )
    if titles:
        covered = {canonical_goal(m.goal, profile) for m in out.metrics}
        missing = [t for t in titles if t not in covered]
        if missing:
            raise ValueError(f"every goal needs at least one metric; none serves: {'; '.join(missing)}")


def check_rows(keys: list[str], rows: list[TrackingRowOut] | list[ValueRowOut]) -> None:
    """Rows must cover exactly the given metric keys, once each."""
    got = [slug(r.key) for r in rows]
    wanted = [slug(k) for k in keys]
    missing = [k for k in wanted if k not in got]
    extra = [k for k in got if k not in wanted]
    if missing or extra or len(got) != len(set(got)):
        parts = []
        if missing:
            parts.append(f"missing rows for: {', '.join(missing)}")
        if extra:
            parts.append(f"unknown keys: {', '.join(extra)}")
        if len(got) != len(set(got)):
            parts.append("one row per key only")
        raise ValueError("; ".join(parts) + f" (the keys are: {', '.join(wanted)})")


def check_replacements(out: ReplacementOutput, flagged_ids: list[str], profile: Profile) -> None:
    got = [r.replaces for r in out.replacements]
    missing = [i for i in flagged_ids if i not in got]
    extra = [i for i in got if i not in flagged_ids]
    if missing or extra or len(got) != len(set(got)):
        raise ValueError(
            f"give exactly one replacement per flagged key ({', '.join(flagged_ids)}); "
            f"got: {', '.join(got) or 'none'}"
        )
    for r in out.replacements:
        if canonical_goal(r.goal, profile) is None:
            raise ValueError(f"replacement for '{r.replaces}' names goal '{r.goal}', which is not a project goal")


# --- mapping into domain metrics ------------------------------------------------------------


def draft_to_metric(draft: MetricDraft, profile: Profile) -> Metric:
    """A metric with the set's identity columns; tables' columns are filled by the later steps."""
    return Metric(
        id=slug(draft.key),
        name=draft.name.strip(),
        category=draft.category,
        kind=draft.kind,
        goal=canonical_goal(draft.goal, profile) or "",
        unit=draft.unit.strip(),
        direction=draft.direction,
        period=draft.period.strip(),
        reason=draft.reason.strip(),
        origin="llm",
    )


def apply_tracking(metric: Metric, row: TrackingRowOut) -> None:
    metric.baseline = row.baseline
    metric.target = row.target
    metric.owner = row.owner.strip()
    metric.owner_role = row.owner_role.strip()
    metric.comment = row.comment.strip()
    metric.target_rationale = row.target_rationale.strip()


def apply_value(metric: Metric, row: ValueRowOut) -> None:
    metric.formula = row.formula.strip()
    metric.why = row.why.strip()
    metric.where_used = row.where_used.strip()
    metric.example = row.example.strip()
    metric.plan = row.plan.strip()
    metric.data_source = row.data_source.strip()


def replacement_to_metric(out: ReplacementOut, new_id: str, profile: Profile) -> Metric:
    return Metric(
        id=new_id,
        name=out.name.strip(),
        category=out.category,
        kind=out.kind,
        goal=canonical_goal(out.goal, profile) or "",
        unit=out.unit.strip(),
        direction=out.direction,
        period=out.period.strip(),
        formula=out.formula.strip(),
        why=out.why.strip(),
        where_used=out.where_used.strip(),
        example=out.example.strip(),
        plan=out.plan.strip(),
        data_source=out.data_source.strip(),
        baseline=out.baseline,
        target=out.target,
        owner=out.owner.strip(),
        owner_role=out.owner_role.strip(),
        comment=out.comment.strip(),
        origin="llm",
    )
