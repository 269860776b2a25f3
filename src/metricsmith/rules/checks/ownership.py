"""``no-goal``, ``no-owner`` and ``owner-is-department``: who answers for the metric, and why.

Only run when the input has the column (a project always has): an imported list of names
without an owner column says nothing about owners.
"""

from __future__ import annotations

import re

from metricsmith.models.project import Finding
from metricsmith.rules.context import AuditContext, finding
from metricsmith.rules.lexicon import load_lexicon
from metricsmith.rules.registry import text
from metricsmith.text import stems

_QUALIFIER_RE = re.compile(r"\s*(?:\(|,|;|\s[-–—]\s|[–—]).*$", re.S)


def is_department(owner: str, people: frozenset[str] = frozenset()) -> bool:
    """True when ``owner`` names a department or team rather than a person."""
    lex = load_lexicon()
    main = _QUALIFIER_RE.sub("", owner).strip()
    if not main or main.lower() in people:
        return False
    st = stems(main)
    if any(s in lex.person_roles for s in st):
        return False
    return lex.departments.find(st) >= 0


def check(ctx: AuditContext) -> list[Finding]:
    out: list[Finding] = []
    if not (ctx.knows("goal") or ctx.knows("owner")):
        return out
    people = frozenset(p.name.strip().lower() for p in ctx.profile.people) if ctx.profile is not None else frozenset()
    for i, m in enumerate(ctx.metrics):
        lang = ctx.lang_for(i)
        if ctx.knows("goal") and not m.goal.strip():
            out.append(
                finding(
                    "no-goal",
                    text("no-goal", "message", lang, name=m.name),
                    metric_id=m.id,
                    suggestion=text("no-goal", "suggestion", lang),
                )
            )
        if not ctx.knows("owner"):
            continue
        owner = m.owner.strip()
        if not owner:
            out.append(
                finding(
                    "no-owner",
                    text("no-owner", "message", lang, name=m.name),
                    metric_id=m.id,
                    goal=m.goal or None,
                    suggestion=text("no-owner", "suggestion", lang),
                )
            )
        elif is_department(owner, people):
            out.append(
                finding(
                    "owner-is-department",
                    text("owner-is-department", "message", lang, name=m.name, owner=owner),
                    metric_id=m.id,
                    goal=m.goal or None,
                    suggestion=text("owner-is-department", "suggestion", lang, owner=owner),
                )
            )
    return out
