"""Goal rules: ``goal-not-measurable``, ``goal-result-is-activity`` and ``goal-target-no-date``.

Why: a KPI table is only as honest as the goals it serves. A goal whose expected result has
no number cannot be reached or missed; one whose result is the team's activity ("hold 20 demos
a week") rewards being busy; one with a target but no date can slip for ever. The rules read
the profile's goals (a drafted project or an audited project file), so an imported table
without a profile has no goal findings.

What counts as a date: a calendar point (a year, a month, a quarter) or a deadline word followed
by a period in the expected result ("over 12 months", «к концу года»), or a target date on
every metric bound to the goal (a draft sets one per metric). A measurement window alone
("monthly churn") is not a date. The missing date is only a note (info): many goals state the
date in the tracking table rather than in the sentence.
"""

from __future__ import annotations

import re

from metricsmith.models.project import Finding
from metricsmith.rules.classify import analyse
from metricsmith.rules.context import AuditContext, finding, norm_goal
from metricsmith.rules.lexicon import Lexicon, load_lexicon
from metricsmith.rules.registry import text
from metricsmith.rules.suggest import match_catalog, match_catalog_loose, pick
from metricsmith.text import normalise, stems

_LAGGING_DEFAULT = ("revenue_new_customers", "retention_90d", "repeat_purchase_rate", "deals_closed")
_WORD_RE = re.compile(r"[^\W_]+")
_YEAR_RE = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?!\d|[.,]\d)")  # "by 2027," is a year; "2027,5" is not
_DATE_RE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_NUMBER_RE = re.compile(r"\d")
_REACH_WINDOW = 4  # a deadline word and its period are at most this many words apart


def has_date(expected: str, lex: Lexicon | None = None) -> bool:
    """True when the text names a calendar point or a deadline with a period."""
    lex = lex or load_lexicon()
    t = normalise(expected)
    if _YEAR_RE.search(t) or _DATE_RE.search(t):
        return True
    words = _WORD_RE.findall(t)
    if not lex.goal_calendar.isdisjoint(words):
        return True
    for i, w in enumerate(words):
        if w in lex.goal_deadline and not lex.goal_period.isdisjoint(words[i + 1 : i + 1 + _REACH_WINDOW]):
            return True
    return False


def has_target_number(expected: str) -> bool:
    """True when a number remains once dates (years, day.month.year) are set aside.

    A target in words counts too: "double repeat sales", «сократить отток вдвое».
    """
    t = _DATE_RE.sub(" ", _YEAR_RE.sub(" ", normalise(expected)))
    t = re.sub(r"\b[qhк]\d\b|\b\d\s*(?:кв|квартал)\b", " ", t)  # Q3, H2, 3 кв
    return bool(_NUMBER_RE.search(t)) or load_lexicon().goal_number_words.find(stems(t)) >= 0


def _title(goal) -> str:  # type: ignore[no-untyped-def]
    return (goal.title or goal.expected_result or goal.problem).strip()


def check(ctx: AuditContext) -> list[Finding]:
    if ctx.profile is None or not ctx.profile.goals:
        return []
    lex = load_lexicon()
    lang = ctx.set_lang()
    dated = _goals_with_dated_metrics(ctx)
    out: list[Finding] = []
    for goal in ctx.profile.goals:
        title = _title(goal)
        if not title:
            continue
        judged = goal.expected_result.strip() or goal.title.strip()
        verdict = analyse(judged).verdict
        measurable = has_target_number(judged)
        better, bid = _better(title, judged, lang)
        if not measurable:
            out.append(_finding("goal-not-measurable", "message", lang, title, judged, better, bid))
        if verdict.kind is not None and (measurable or verdict.reason != "task"):
            key = "message_vanity" if verdict.kind == "vanity" else "message"
            # The result the activity is for: the activity group's better metric.
            r_better, r_bid = pick(lex.groups_suggest.get(verdict.group, ()) + (bid or "",), lang, frozenset())
            out.append(_finding("goal-result-is-activity", key, lang, title, judged, r_better, r_bid,
                                word=verdict.word or judged))
        if measurable and not has_date(judged, lex) and norm_goal(title) not in dated:
            out.append(_finding("goal-target-no-date", "message", lang, title, judged, better, bid))
    return out


def _goals_with_dated_metrics(ctx: AuditContext) -> set[str]:
    """Goals every one of whose metrics carries a target date (the table says when)."""
    seen: dict[str, bool] = {}
    for m in ctx.metrics:
        if m.goal.strip():
            key = norm_goal(m.goal)
            seen[key] = seen.get(key, True) and m.target_date is not None
    return {k for k, v in seen.items() if v}


def _better(title: str, judged: str, lang: str) -> tuple[str, str | None]:
    both = f"{title} {judged}"
    cid = match_catalog(both, kind="lagging") or match_catalog(both) or match_catalog_loose(both)
    return pick(((cid,) if cid else ()) + _LAGGING_DEFAULT, lang, frozenset())


def _finding(rule: str, key: str, lang: str, title: str, judged: str, better: str, bid: str | None,
             **extra: str) -> Finding:
    return finding(
        rule,
        text(rule, key, lang, goal=title, result=judged, **extra),
        goal=title,
        suggestion=text(rule, "suggestion", lang, better=better),
        suggestion_catalog_id=bid,
    )
