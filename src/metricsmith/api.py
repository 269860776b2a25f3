"""The library API that the CLI, the TUI and tests call.

Surfaces are thin shells over these functions: drafting a project, auditing
metrics, re-running rules after an edit. Heavy modules (LLM engine, textual)
are imported only inside the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from metricsmith.engines.base import Engine, ProgressCallback, no_progress
from metricsmith.models.project import Finding, Notice, Project
from metricsmith.models.profile import Profile

if TYPE_CHECKING:
    from metricsmith.config import Settings

#: Rules whose findings trigger the replacement round: the metric measures the wrong thing.
REPLACEABLE_RULES: frozenset[str] = frozenset({"activity-as-value", "vanity"})


def get_engine(settings: "Settings | None" = None) -> Engine:
    """The engine the settings ask for: ``offline`` (default) or ``llm``."""
    if settings is None:
        from metricsmith.config import Settings

        settings = Settings()
    if settings.engine == "llm":
        from metricsmith.engines.llm import LLMEngine

        return LLMEngine(settings)
    from metricsmith.engines.offline import OfflineEngine

    return OfflineEngine()


def _goal_measure_ids(project: Project) -> set[str]:
    """Metrics that are a goal's own stated measure: the user's words are never swapped for a
    catalog metric behind their back, even when the rules find fault with them."""
    from metricsmith.engines.measure_contract import measure_of_goal, stated_measures

    measures = stated_measures(project.profile)
    return {m.id for m in project.metrics if measure_of_goal(m, measures)}


def _kept_notice(project: Project, kept: list[Finding]) -> Notice:
    names = {m.id: m.name for m in project.metrics}
    listed = ", ".join(dict.fromkeys(names.get(f.metric_id or "", "") for f in kept))
    if project.language == "ru":
        message = (f"Метрики, которые цели называют сами, оставлены, хотя правила находят в них замечания: {listed}. "
                   "Решите сами: переформулируйте результат цели или замените метрику.")
    else:
        message = (f"Metrics the goals name themselves were kept although the rules flag them: {listed}. "
                   "Your call: reword the goal's expected result or replace the metric.")
    return Notice(level="warning", step="rules", message=message)


def audit_project(project: Project) -> list[Finding]:
    """Run the rule layer over a project's metrics and store the findings in it."""
    from metricsmith.rules import audit

    project.findings = audit(project.metrics, profile=project.profile)
    return project.findings


def propose(
    profile: Profile,
    *,
    engine: Engine | None = None,
    settings: "Settings | None" = None,
    replace_flagged: bool | None = None,
    progress: ProgressCallback = no_progress,
) -> Project:
    """Draft a project for ``profile``, audit it, and replace metrics that measure effort or reach.

    The replacement round runs once: metrics flagged ``activity-as-value`` or
    ``vanity`` are handed back to the engine with their findings, the engine's
    replacements are audited again, and whatever remains flagged stays visible
    in ``project.findings``.
    """
    if engine is None:
        engine = get_engine(settings)
    if replace_flagged is None:
        replace_flagged = settings.replace_flagged if settings is not None else True
    project = engine.propose(profile, progress=progress)
    progress("rules", "checking every metric against the rules")
    findings = audit_project(project)
    own = _goal_measure_ids(project)
    flagged = [f for f in findings if f.rule in REPLACEABLE_RULES and f.metric_id and f.metric_id not in own]
    kept = [f for f in findings if f.rule in REPLACEABLE_RULES and f.metric_id in own]
    if kept:
        project.notices.append(_kept_notice(project, kept))
    if replace_flagged and flagged:
        ids = list(dict.fromkeys(f.metric_id for f in flagged if f.metric_id))
        progress("replacements", f"replacing {len(ids)} flagged metric(s)")
        replacements = engine.replace(project, ids, flagged, progress=progress)
        for old_id, new in zip(ids, replacements):
            index = next(i for i, m in enumerate(project.metrics) if m.id == old_id)
            project.metrics[index] = new
        audit_project(project)
        project.notices.append(
            Notice(level="info", step="replacements", message=f"replaced {len(ids)} flagged metric(s)")
        )
    return project
