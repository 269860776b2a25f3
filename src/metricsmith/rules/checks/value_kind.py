"""``activity-as-value`` and ``vanity``: effort and reach presented as value.

A leading metric may be an activity (calls are a fine early signal for a sales goal); it is
flagged only when presented as a result (kind lagging, or a financial / customer-value
category) or when no lagging metric stands next to it for its goal. When only names are known
(an imported list), a plain effort or reach count is flagged.
"""

from __future__ import annotations

from functools import lru_cache

from metricsmith.models.project import Finding
from metricsmith.rules.context import AuditContext, finding, norm_goal
from metricsmith.rules.lexicon import load_lexicon
from metricsmith.rules.registry import text
from metricsmith.rules.suggest import pick, task_outcome

RESULT_CATEGORIES = frozenset({"financial", "customer_value"})


def _suggest_ids(ctx: AuditContext, group: str) -> tuple[str, ...]:
    ids = load_lexicon().groups_suggest.get(group, ())
    if ctx.profile is not None and "lead_conversion" in ids:
        industry = (ctx.profile.business.industry or "").lower()
        if "service" in industry or "услуг" in industry:
            ids = ("lead_to_job_conversion",) + ids
    return ids


@lru_cache(maxsize=1024)
def _suggestion(rule: str, key: str, lang: str, better: str) -> str:
    return text(rule, key, lang, better=better)


def check(ctx: AuditContext) -> list[Finding]:
    out: list[Finding] = []
    knows_kind = ctx.knows("kind") or ctx.knows("category")
    lagging_goals: set[str] = set()
    if knows_kind and ctx.knows("goal"):
        lagging_goals = {norm_goal(m.goal) for m in ctx.metrics if m.kind == "lagging" and m.goal.strip()}
    avoid = ctx.catalog_ids()
    for i, m in enumerate(ctx.metrics):
        v = ctx.verdict(i)
        if v.kind is None:
            continue
        alone = False
        if knows_kind:
            as_result = (ctx.knows("kind") and m.kind == "lagging") or (
                ctx.knows("category") and m.category in RESULT_CATEGORIES
            )
            if not as_result:
                if norm_goal(m.goal) in lagging_goals:
                    continue  # a leading signal paired with a result metric for its goal
                alone = True
        rule = "activity-as-value" if v.kind == "activity" else "vanity"
        lang = ctx.lang_for(i)
        if v.reason == "task":  # a deliverable: suggest the outcome its object points at
            _, better, better_id = task_outcome(m.name, v.word, lang, _suggest_ids(ctx, v.group))
        else:
            better, better_id = pick(_suggest_ids(ctx, v.group), lang, avoid)
        word = v.word or m.name
        if v.reason == "task" and not alone:
            msg_key, sug_key, severity = "message_task", "suggestion_task", "error"
        elif alone:
            msg_key = "message_alone" if rule == "activity-as-value" else "message"
            sug_key = "suggestion_alone" if rule == "activity-as-value" else "suggestion"
            severity = "warning"
        else:
            msg_key, sug_key, severity = "message", "suggestion", "error"
        out.append(
            finding(
                rule,
                text(rule, msg_key, lang, name=m.name, word=word),
                metric_id=m.id,
                goal=m.goal or None,
                suggestion=_suggestion(rule, sug_key, lang, better),
                suggestion_catalog_id=better_id,
                severity=severity,
            )
        )
    return out
