"""Rules about the set as a whole: ``goal-needs-leading-and-lagging``, ``set-size``, ``duplicate``.

``set-size`` runs on a project, and on a table from two rows on (one row is a single
metric, not a set); it counts distinct metrics, so a goal × metric table that repeats a
metric for two goals is not penalised. ``duplicate`` compares names by their stems with
count words dropped ("Number of calls" = «звонки» forms = "calls number"), within a goal.
"""

from __future__ import annotations

from metricsmith.models.project import Finding
from metricsmith.rules.classify import analyse
from metricsmith.rules.context import AuditContext, finding, norm_goal
from metricsmith.rules.registry import text
from metricsmith.rules.suggest import match_catalog, pick

_LAGGING_DEFAULT = ("revenue_new_customers", "retention_90d", "repeat_purchase_rate", "deals_closed")
_LEADING_DEFAULT = ("activation_rate", "adoption_rate", "lead_conversion", "first_response_time")


def signature(name: str) -> frozenset[str]:
    """Stems of a name without count words and stopwords: equal signatures = same metric."""
    return analyse(name).signature


def check_goals(ctx: AuditContext) -> list[Finding]:
    if not (ctx.knows("kind") and ctx.knows("goal")):
        return []
    kinds: dict[str, set[str]] = {}
    titles: dict[str, str] = {}
    for m in ctx.metrics:
        if not m.goal.strip():
            continue
        key = norm_goal(m.goal)
        titles.setdefault(key, m.goal.strip())
        kinds.setdefault(key, set()).add(m.kind)
    lang = ctx.set_lang()
    avoid = ctx.catalog_ids()
    out = []
    for key, have in kinds.items():
        for needed in ("leading", "lagging"):
            if needed in have:
                continue
            cid = match_catalog(titles[key], kind=needed)
            defaults = _LEADING_DEFAULT if needed == "leading" else _LAGGING_DEFAULT
            better, bid = pick(((cid,) if cid else ()) + defaults, lang, avoid)
            missing = text("goal-needs-leading-and-lagging", f"missing_{needed}", lang)
            out.append(
                finding(
                    "goal-needs-leading-and-lagging",
                    text("goal-needs-leading-and-lagging", "message", lang, goal=titles[key], missing=missing),
                    goal=titles[key],
                    suggestion=text("goal-needs-leading-and-lagging", "suggestion", lang, missing=missing, better=better),
                    suggestion_catalog_id=bid,
                )
            )
    return out


def check_size(ctx: AuditContext) -> list[Finding]:
    if not ctx.is_set:
        return []
    distinct = {signature(m.name) or m.name for m in ctx.metrics}
    count = len(distinct)
    if 5 <= count <= 7:
        return []
    lang = ctx.set_lang()
    key = "suggestion_many" if count > 7 else "suggestion_few"
    return [
        finding(
            "set-size",
            text("set-size", "message", lang, count=count),
            suggestion=text("set-size", key, lang),
        )
    ]


def check_duplicates(ctx: AuditContext) -> list[Finding]:
    """Every member of a group of duplicates is flagged except one chosen by (name, id).

    Choosing the kept metric by content, not by position, keeps the findings of each metric
    independent of the order of the rows.
    """
    use_goal = ctx.knows("goal")
    groups: dict[tuple[str, object], list[int]] = {}
    for i, m in enumerate(ctx.metrics):
        goal = norm_goal(m.goal) if use_goal else ""
        sig = signature(m.name)
        key: tuple[str, object] | None = (goal, sig) if sig else None
        if m.catalog_id:
            key = (goal, "catalog:" + m.catalog_id) if key is None else key
        if key is not None:
            groups.setdefault(key, []).append(i)
        if m.catalog_id and sig:
            groups.setdefault((goal, "catalog:" + m.catalog_id), []).append(i)
    flagged: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = min(members, key=lambda k: (ctx.metrics[k].name, ctx.metrics[k].id, k))
        for k in members:
            if k != keep and k not in flagged:
                flagged[k] = keep
    out = []
    for i in sorted(flagged):
        m, other = ctx.metrics[i], ctx.metrics[flagged[i]]
        lang = ctx.lang_for(i)
        out.append(
            finding(
                "duplicate",
                text("duplicate", "message", lang, name=m.name, other=other.name, row=ctx.row(flagged[i])),
                metric_id=m.id,
                goal=m.goal or None,
                suggestion=text("duplicate", "suggestion", lang),
            )
        )
    return out
