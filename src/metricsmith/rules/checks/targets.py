"""``baseline-or-target-missing`` and ``target-not-better``: is there a before and an after?

The direction comes from the metric (or, for an imported table without a direction column,
from its name: churn, cost and time are better lower). An equal target is a warning (holding
a level can be deliberate); a target worse than the baseline is an error.
"""

from __future__ import annotations

from metricsmith.models.project import Finding
from metricsmith.rules.context import AuditContext, finding
from metricsmith.rules.registry import text


def check(ctx: AuditContext) -> list[Finding]:
    out: list[Finding] = []
    if not (ctx.knows("baseline") or ctx.knows("target")):
        return out
    for i, m in enumerate(ctx.metrics):
        lang = ctx.lang_for(i)
        b, t = m.baseline, m.target
        if b is None or t is None:
            key = "missing_both" if b is None and t is None else ("missing_baseline" if b is None else "missing_target")
            out.append(
                finding(
                    "baseline-or-target-missing",
                    text("baseline-or-target-missing", "message", lang, name=m.name,
                         missing=text("baseline-or-target-missing", key, lang)),
                    metric_id=m.id,
                    goal=m.goal or None,
                    suggestion=text("baseline-or-target-missing", "suggestion", lang),
                )
            )
            continue
        direction = ctx.direction(i)
        better = t > b if direction == "up" else t < b
        if better:
            continue
        out.append(
            finding(
                "target-not-better",
                text("target-not-better", "message", lang, name=m.name, target=t, baseline=b,
                     direction=text("target-not-better", f"direction_{direction}", lang)),
                metric_id=m.id,
                goal=m.goal or None,
                suggestion=text("target-not-better", "suggestion", lang, baseline=b),
                severity="warning" if t == b else "error",
            )
        )
    return out
