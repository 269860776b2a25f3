"""``not-measurable`` and ``opinion-not-fact``: is there a number, and is it a fact?

A name like "improve customer experience" is a wish, not a metric, and "launch the referral
programme" is a task: it gets done once and nothing in it can move, so the suggestion turns it
into the outcome it is meant to move. When the input has formula or unit columns, an empty
formula, unit and values with nothing countable in the name is also flagged. Opinion words ("manager's assessment", «по ощущениям») in the name, formula or data
source mean the number is somebody's impression rather than an observation.
"""

from __future__ import annotations

import re

from metricsmith.models.project import Finding
from metricsmith.rules.classify import _stems_of, name_stems_cached
from metricsmith.rules.context import AuditContext, finding
from metricsmith.rules.lexicon import load_lexicon
from metricsmith.rules.registry import text
from metricsmith.rules.suggest import match_catalog, pick, task_outcome
from metricsmith.text import normalise

_DIGIT_RE = re.compile(r"\d")
_DEFAULT_BETTER = ("csat", "nps", "fcr")


def _opinion_word(*texts: str) -> str | None:
    """The first opinion word or phrase in the given texts, or None."""
    lex = load_lexicon()
    for t in texts:
        if not t:
            continue
        if t is texts[0]:
            st = name_stems_cached(t)
            at = lex.opinion.find(st)
            if at >= 0:
                raw, _ = _stems_of(normalise(t))
                return raw[at]
            continue
        raw, st = _stems_of(normalise(t))
        at = lex.opinion.find(st)
        if at >= 0:
            return raw[at]
    return None


def _better(ctx: AuditContext, i: int, lang: str) -> tuple[str, str | None]:
    m = ctx.metrics[i]
    cid = match_catalog(f"{m.name} {m.formula}")
    return pick(((cid,) if cid else ()) + _DEFAULT_BETTER, lang, frozenset())


def _task_finding(ctx: AuditContext, i: int, verb: str) -> Finding:
    m = ctx.metrics[i]
    lang = ctx.lang_for(i)
    obj, better, bid = task_outcome(m.name, verb, lang, load_lexicon().groups_suggest.get("deliverable", ()))
    return finding(
        "not-measurable",
        text("not-measurable", "message_task", lang, name=m.name),
        metric_id=m.id,
        goal=m.goal or None,
        suggestion=text("not-measurable", "suggestion_task", lang, name=m.name, object=obj, better=better),
        suggestion_catalog_id=bid,
    )


def check(ctx: AuditContext) -> list[Finding]:
    lex = load_lexicon()
    out: list[Finding] = []
    structured = ctx.knows("formula") or ctx.knows("unit")
    for i, m in enumerate(ctx.metrics):
        st = name_stems_cached(m.name)
        if not st:
            continue
        if st[0] in lex.task_first_stems or st[-1] in lex.task_last_stems:  # cheap: only these can be tasks
            verdict = ctx.verdict(i)
            if verdict.reason == "task":
                out.append(_task_finding(ctx, i, verdict.word))
        has_def = bool(m.formula.strip() or m.unit.strip())
        has_values = m.baseline is not None or m.target is not None or m.actual is not None
        # Cheap tests first: most names neither start with a vague word nor lack a definition.
        vague = st[0] in lex.vague_starts and not has_def
        bare = structured and not has_def and not has_values
        if (vague or bare) and not (
            lex.measurable.find(st) >= 0 or bool(_DIGIT_RE.search(m.name)) or ctx.verdict(i).kind
            # A bare name of a result or rate ("Closed deals", "Churn") is countable as it stands;
            # a wish that starts with "improve" needs an explicit measure.
            or (bare and not vague and ctx.verdict(i).reason == "value")
        ):
            lang = ctx.lang_for(i)
            better, bid = _better(ctx, i, lang)
            out.append(
                finding(
                    "not-measurable",
                    text("not-measurable", "message", lang, name=m.name),
                    metric_id=m.id,
                    goal=m.goal or None,
                    suggestion=text("not-measurable", "suggestion", lang, better=better),
                    suggestion_catalog_id=bid,
                )
            )
        word = _opinion_word(m.name, m.formula, m.data_source)
        if word is not None:
            lang = ctx.lang_for(i)
            better, bid = _better(ctx, i, lang)
            out.append(
                finding(
                    "opinion-not-fact",
                    text("opinion-not-fact", "message", lang, name=m.name, word=word),
                    metric_id=m.id,
                    goal=m.goal or None,
                    suggestion=text("opinion-not-fact", "suggestion", lang, better=better),
                    suggestion_catalog_id=bid,
                )
            )
    return out
