"""The offline engine itself: the four stages in order, and replacements for flagged metrics."""

from __future__ import annotations

import datetime as dt

from metricsmith.catalog import Catalog
from metricsmith.catalog.extra import active_catalog
from metricsmith.engines.base import ProgressCallback, no_progress
from metricsmith.catalog.matcher import assign_to_selected
from metricsmith.engines.offline.context import ContextStage, DraftContext
from metricsmith.engines.offline.filling import FillingStage, missing_answer_notices
from metricsmith.engines.offline.scoring import ScoringStage
from metricsmith.engines.offline.selection import Pick, SelectionStage
from metricsmith.engines.offline.weights import WEIGHTS, Weights
from metricsmith.engines.offline_texts import t
from metricsmith.engines.owners import OwnerPicker
from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile
from metricsmith.models.project import EngineInfo, Finding, Notice, Project


class OfflineEngine(ContextStage, ScoringStage, SelectionStage, FillingStage):
    """Deterministic catalog-based engine (no network, no key)."""

    name = "offline"

    def __init__(self, catalog: Catalog | None = None, today: dt.date | None = None, weights: Weights = WEIGHTS) -> None:
        self._catalog = catalog
        self.today = today
        self.weights = weights

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = active_catalog()
        return self._catalog

    def propose(self, profile: Profile, *, progress: ProgressCallback = no_progress) -> Project:
        """Draft a project for ``profile``; raises :class:`ProfileError` for an unknown industry."""
        ctx, notices, _, metrics = self._draft(profile, strict=True, progress=progress)
        notices += ctx.notices + self._known_notices(ctx) + missing_answer_notices(profile, ctx.lang)
        return Project(
            profile=profile.model_copy(deep=True),
            metrics=metrics,
            notices=notices,
            engine=EngineInfo(name=self.name),
        )

    def _draft(
        self, profile: Profile, *, strict: bool, progress: ProgressCallback = no_progress
    ) -> tuple[DraftContext, list[Notice], list[Pick], list[Metric]]:
        """The four stages for ``profile``: context, selection, known numbers, filled metrics."""
        today = self.today or dt.date.today()
        lang = profile.language
        progress("metric_set", t("progress_metric_set", lang))
        ctx, notices = self._context(profile, strict=strict)
        picks = self._select(ctx)
        self._mark_primary(ctx, picks)
        self._assign_known(ctx, picks)
        progress("tracking", t("progress_tracking", lang))
        owners = OwnerPicker(profile.people)
        metrics = [self._metric(ctx, p, owners, today) for p in picks]
        progress("value", t("progress_value", lang))
        return ctx, notices, picks, metrics

    def _assign_known(self, ctx: DraftContext, picks: list[Pick]) -> None:
        """Known numbers become baselines of the drafted catalog metrics they name, in their units
        (goal measures took theirs during selection)."""
        ctx.known = assign_to_selected(
            self._usable_known(ctx), [p.entry for p in picks if p.measure is None], self.catalog,
            units=ctx.profile.known_units,
        )

    def measure_metrics(self, profile: Profile) -> dict[str, Metric]:
        """Goal title → the metric drafted for the measure that goal names: what another engine's
        draft is completed with (:mod:`metricsmith.engines.measure_contract`), exactly as the
        offline draft of the same profile has it."""
        ctx, _, picks, metrics = self._draft(profile, strict=False)
        return {ctx.goals[p.goal].title: m for p, m in zip(picks, metrics) if p.measure is not None}

    def replace(
        self,
        project: Project,
        metric_ids: list[str],
        findings: list[Finding],
        *,
        progress: ProgressCallback = no_progress,
    ) -> list[Metric]:
        """Catalog alternatives for ``metric_ids`` (same order), keeping each metric's goal and owner.

        A finding's ``suggestion_catalog_id`` is used when it names an unused catalog entry;
        otherwise the best unused entry of the same kind for the metric's goal is chosen.
        """
        today = self.today or dt.date.today()
        ctx, _ = self._context(project.profile, strict=False)
        used = {m.catalog_id or m.id for m in project.metrics}
        titles = [g.title for g in ctx.goals]
        out: list[Metric] = []
        for metric_id in metric_ids:
            progress("replacements", t("progress_replace", ctx.lang, metric=metric_id))
            old = project.metric(metric_id)
            goal_index = titles.index(old.goal) if old.goal in titles else -1
            entry = self._replacement_entry(ctx, old, goal_index, findings, used)
            if entry is None:
                out.append(old)
                continue
            used.add(entry.id)
            owners = OwnerPicker([] if old.owner else project.profile.people)
            title = ctx.goals[max(goal_index, 0)].title if ctx.goals else old.goal
            pick = Pick(entry, max(goal_index, 0), "replace",
                        reason=t("reason_replace", ctx.lang, old=old.name, goal=old.goal or title))
            metric = self._metric(ctx, pick, owners, today)
            reason = next((f.message for f in findings if f.metric_id == metric_id and f.message), "")
            update: dict[str, object] = {
                "id": project.new_metric_id(entry.id, replacing=metric_id),
                "goal": old.goal,
                "owner": old.owner or metric.owner,
                "owner_role": old.owner_role if old.owner else metric.owner_role,
                "comment": f"{t('replaced', ctx.lang, old=old.name, reason=reason)} {metric.comment}"
                if reason
                else metric.comment,
            }
            out.append(metric.model_copy(update=update))
        return out
