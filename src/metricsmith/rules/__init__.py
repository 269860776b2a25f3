"""The rule layer: a deterministic, bilingual, explainable reviewer of metrics.

``audit(metrics, profile=None)`` returns :class:`~metricsmith.models.Finding` objects whose
``rule`` is one of :data:`RULE_IDS`, with a message and a concrete better metric in the
metric's language. Rules live in ``rules/checks/`` (one module per family), their texts in
``texts.yaml`` and their word lists in ``lexicon.yaml``; nothing here needs a network.

Which fields count: with a ``profile`` the metrics are a drafted project and every field is
meaningful; without one, ``fields`` says which columns the input really had (``audit`` of an
imported table passes them), and ``None`` means all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from metricsmith.rules.registry import RULE_IDS, RuleInfo, explain, get_rule, rules

if TYPE_CHECKING:
    from metricsmith.models.metric import Metric
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Finding

__all__ = ["RULE_IDS", "RuleInfo", "audit", "audit_names", "classify_name", "explain", "get_rule", "rules"]

_ORDER = {rid: n for n, rid in enumerate(RULE_IDS)}


def audit(
    metrics: Sequence["Metric"],
    profile: "Profile | None" = None,
    *,
    lang: str | None = None,
    fields: Iterable[str] | None = None,
    rows: Sequence[int] | None = None,
) -> list["Finding"]:
    """Run every rule over ``metrics`` and return the findings, metric by metric.

    ``lang`` forces the language of messages (else the profile's, else detected per metric
    name); ``fields`` names the metric fields the input really had (None: all); ``rows``
    gives the 1-based source row of each metric for messages that point at another row.
    Findings are ordered by metric, then by rule; goal and set-level findings come last. With a
    profile, its goals are judged too (``rules/checks/goals.py``).
    """
    from metricsmith.gcpause import paused_gc

    with paused_gc():
        return _audit(list(metrics), profile, lang, fields, rows)


def _audit(
    metrics: list["Metric"],
    profile: "Profile | None",
    lang: str | None,
    fields: Iterable[str] | None,
    rows: Sequence[int] | None,
) -> list["Finding"]:
    from metricsmith.rules.checks import goals, measurability, ownership, set_rules, targets, value_kind, values
    from metricsmith.rules.context import ALL_FIELDS, AuditContext

    known = ALL_FIELDS if fields is None or profile is not None else frozenset(fields) & ALL_FIELDS
    ctx = AuditContext(metrics, profile=profile, lang=lang, fields=known, rows=list(rows) if rows else None)
    found: list[Finding] = []
    for check in (
        value_kind.check,
        measurability.check,
        ownership.check,
        targets.check,
        values.check,
        set_rules.check_duplicates,
        set_rules.check_goals,
        goals.check,
        set_rules.check_size,
    ):
        found.extend(check(ctx))
    position = {m.id: n for n, m in enumerate(metrics)}
    big = len(metrics) + 1
    found.sort(key=lambda f: (position.get(f.metric_id, big) if f.metric_id else big, _ORDER[f.rule]))
    return found


def audit_names(names: Iterable[str], *, lang: str | None = None) -> list[list["Finding"]]:
    """Audit a plain list of metric names (name-only rules); one list of findings per name."""
    from metricsmith.models.metric import Metric

    metrics = [Metric.model_construct(id=f"row-{n}", name=str(name)) for n, name in enumerate(names, 1)]
    per: dict[str, list[Finding]] = {m.id: [] for m in metrics}
    for f in audit(metrics, lang=lang, fields=()):
        if f.metric_id in per:
            per[f.metric_id].append(f)
    return [per[m.id] for m in metrics]


def classify_name(name: str):  # -> NameVerdict
    """``NameVerdict(kind="activity"|"vanity"|None, group, word, reason)`` for one name."""
    from metricsmith.rules.classify import classify_name as _classify

    return _classify(name)
