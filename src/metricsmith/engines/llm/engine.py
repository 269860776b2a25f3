"""The LLM engine: the source articles' method, asked of any LangChain chat model.

A full proposal is three calls: the key metric set first (it defines the rows),
then the tracking table and the Value Management table concurrently (they only
depend on the set). The replacement round is one more call for all flagged
metrics. Each call is validated and retried by :class:`StructuredCaller`; when
a part still fails, that part is drafted by the offline engine and the project
carries a visible :class:`Notice` saying so. Transport failures (timeout,
refused connection, 401 …) raise :class:`EngineError`; the caller still has
the profile, nothing is lost.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Mapping

from metricsmith.config import Settings
from metricsmith.engines.base import ProgressCallback, no_progress
from metricsmith.engines.llm import schemas as S
from metricsmith.engines.llm.prompts import profile_context, render
from metricsmith.engines.llm.runner import Outcome, StructuredCaller
from metricsmith.models.metric import Metric
from metricsmith.models.project import EngineInfo, Finding, Notice, Project
from metricsmith.models.profile import Profile

if TYPE_CHECKING:
    from metricsmith.engines.llm.transport import CancellableTransport

PART_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "metric_set": "metric set",
        "tracking": "tracking table",
        "value": "value table",
        "replacements": "replacement metrics",
    },
    "ru": {
        "metric_set": "набор метрик",
        "tracking": "таблица отслеживания",
        "value": "таблица Value Management",
        "replacements": "замены метрик",
    },
}

PROGRESS: dict[str, dict[str, str]] = {
    "en": {
        "metric_set": "asking the model for the key metric set",
        "tables": "asking the model for both tables",
        "replacements": "asking the model to replace {n} flagged metric(s)",
    },
    "ru": {
        "metric_set": "модель подбирает ключевые метрики",
        "tables": "модель заполняет обе таблицы",
        "replacements": "модель заменяет отмеченные метрики: {n}",
    },
}

def fallback_notice(step: str, outcome: Outcome, language: str) -> Notice:
    """The visible notice for a part drafted offline because the model's answers were unusable."""
    part = PART_NAMES[language][step]
    n = outcome.attempts
    if language == "ru":
        times = {1: "один раз", 2: "дважды", 3: "трижды"}.get(n, f"{n} раз")
        why = f"ответ модели {times} не прошёл проверку"
        if outcome.truncated:
            why += "; увеличьте --max-tokens"
        message = f"{part}: составлено офлайн — {why} (последняя проблема: {outcome.reason})"
    else:
        times = {1: "once", 2: "twice", 3: "three times"}.get(n, f"{n} times")
        why = f"model output was invalid {times}"
        if outcome.truncated:
            why += "; raise --max-tokens"
        message = f"{part} drafted offline: {why} (last problem: {outcome.reason})"
    return Notice(level="warning", step=step, message=message)


def _metric_lines(metrics: list[Metric]) -> list[dict[str, Any]]:
    return [
        {"key": m.id, "name": m.name, "kind": m.kind, "category": m.category, "unit": m.unit,
         "direction": m.direction, "period": m.period, "goal": m.goal}
        for m in metrics
    ]


def _similarity(a: str, b: str) -> float:
    from metricsmith.catalog.matcher import name_similarity

    return name_similarity(a, b)


class LLMEngine:
    """Drafts projects with a chat model; see the module docstring for the call plan."""

    name = "llm"

    def __init__(self, settings: Settings | None = None, *, chat_model: Any = None, today: Any = None) -> None:
        from metricsmith.config import load_settings

        self.settings = settings or load_settings()
        #: The date target dates are counted from (``None``: today); tests pin it.
        self.today = today
        self._chat_model = chat_model
        self._caller: StructuredCaller | None = None
        #: Carries the model client's requests; :meth:`close` ends them (made with the chat model).
        self._transport: CancellableTransport | None = None
        self._closed = False
        self._lock = threading.Lock()
        #: Calls made by :meth:`follow_up` (they belong to no project).
        self.follow_up_calls: list = []

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def caller(self) -> StructuredCaller:
        return self.caller_for("en")

    def caller_for(self, language: str) -> StructuredCaller:
        """The structured caller, built on first use; a setup error (no key, no URL) speaks ``language``."""
        if self._caller is None:
            from metricsmith.engines.llm.cache import ResponseCache
            from metricsmith.engines.llm.provider import build_chat_model, structured_method

            model = self._chat_model
            if model is None:
                model = build_chat_model(self.settings, language, transport=self._own_transport())
            self._caller = StructuredCaller(
                self.settings,
                model,
                method=structured_method(self.settings),
                cache=ResponseCache() if self.settings.cache else None,
            )
        return self._caller

    def _own_transport(self) -> CancellableTransport:
        """The transport for the chat model's requests; already closed when :meth:`close` came first."""
        from metricsmith.engines.llm.transport import CancellableTransport

        with self._lock:
            if self._transport is None:
                self._transport = CancellableTransport()
                if self._closed:
                    self._transport.close()
            return self._transport

    def close(self) -> None:
        """End the model calls in flight now and release their connections; later calls fail at once.

        Called from another thread when the user cancels a draft or quits: the worker that
        is waiting for the model gets a connection error instead of waiting for the timeout,
        and the server sees the client go away.
        """
        with self._lock:
            self._closed = True
            transport = self._transport
        if transport is not None:
            transport.close()

    def engine_info(self) -> EngineInfo:
        from metricsmith.engines.llm.provider import effective_base_url, public_url

        return EngineInfo(name=self.name, provider=self.settings.provider, model=self.settings.model,
                          base_url=public_url(effective_base_url(self.settings)))

    @staticmethod
    def _offline():  # -> OfflineEngine
        from metricsmith.engines.offline import OfflineEngine

        return OfflineEngine()

    # --- the Engine protocol ----------------------------------------------------------------

    def propose(self, profile: Profile, *, progress: ProgressCallback = no_progress) -> Project:
        lang = profile.language
        caller = self.caller_for(lang)
        ctx = profile_context(profile)
        system = render("system", lang)
        progress("metric_set", PROGRESS[lang]["metric_set"])
        first = caller.call("metric_set", S.MetricSetOutput, system, render("propose_metrics", lang, **ctx),
                            language=lang, check=self._metric_set_check(profile))
        if not first.ok:
            project = self._offline().propose(profile, progress=progress)
            project.engine = self.engine_info()
            project.llm_calls = list(first.calls)
            project.notices.append(fallback_notice("metric_set", first, lang))
            return project

        project = Project(profile=profile, engine=self.engine_info(), llm_calls=list(first.calls))
        metrics = [S.draft_to_metric(d, profile) for d in first.value.metrics]
        keys = [m.id for m in metrics]
        table_ctx = {**ctx, "metrics": _metric_lines(metrics)}
        progress("tracking", PROGRESS[lang]["tables"])
        progress("value", PROGRESS[lang]["tables"])
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="metricsmith-llm") as pool:
            tracking_future = pool.submit(
                caller.call, "tracking", S.TrackingOutput, system, render("fill_tracking", lang, **table_ctx),
                language=lang, check=lambda out: S.check_rows(keys, out.rows))
            value_future = pool.submit(
                caller.call, "value", S.ValueOutput, system, render("fill_value", lang, **table_ctx),
                language=lang, check=lambda out: S.check_rows(keys, out.rows))
            errors = [f.exception() for f in (tracking_future, value_future)]
        for error in errors:
            if error is not None:
                raise error
        tracking, value = tracking_future.result(), value_future.result()
        project.llm_calls += tracking.calls + value.calls
        by_id = {m.id: m for m in metrics}
        offline_metrics: list[Metric] | None = None
        if tracking.ok:
            for row in tracking.value.rows:
                S.apply_tracking(by_id[S.slug(row.key)], row)
        else:
            offline_metrics = self._offline_metrics(profile)
            self._fill_offline(metrics, offline_metrics, profile, "tracking")
            project.notices.append(fallback_notice("tracking", tracking, lang))
        if value.ok:
            for row in value.value.rows:
                S.apply_value(by_id[S.slug(row.key)], row)
        else:
            offline_metrics = offline_metrics if offline_metrics is not None else self._offline_metrics(profile)
            self._fill_offline(metrics, offline_metrics, profile, "value")
            project.notices.append(fallback_notice("value", value, lang))
        # After the tables: an inserted offline measure arrives with every column filled.
        metrics = self._with_goal_measures(project, metrics, profile)
        self._complete(project, metrics, lang)
        return project

    def _metric_set_check(self, profile: Profile):  # -> Callable[[MetricSetOutput], None]
        """The metric set's validation, plus the goal-measure contract named once: the first answer
        that misses a goal's own measure is sent back with the gap; a second one is accepted and
        completed afterwards (:meth:`_with_goal_measures`), so a stubborn model never costs the draft."""
        from metricsmith.engines import measure_contract

        named_once = [self.settings.max_retries < 1]

        def check(out: S.MetricSetOutput) -> None:
            S.check_metric_set(out, profile)
            if named_once[0]:
                return
            drafted = [measure_contract.Named(m.name, S.canonical_goal(m.goal, profile) or m.goal, m.kind)
                       for m in out.metrics]
            missing = measure_contract.missing_goals(drafted, profile)
            named_once[0] = True
            if missing:
                raise ValueError(measure_contract.gap_text(missing, profile))

        return check

    def _with_goal_measures(self, project: Project, metrics: list[Metric], profile: Profile) -> list[Metric]:
        """Every goal's stated measure with the user's numbers (the offline engine's contract):
        restored or inserted from the offline draft, each change named in a notice."""
        from metricsmith.engines import measure_contract

        missing = measure_contract.missing_goals(metrics, profile)
        offline = self._offline().measure_metrics(profile) if missing else {}
        metrics, notices = measure_contract.enforce(metrics, profile, offline)
        project.notices += notices
        return metrics

    def _complete(self, project: Project, metrics: list[Metric], lang: str) -> None:
        """What the offline engine adds to every draft: a target date, and which answers would help."""
        import datetime as dt

        from metricsmith.engines.offline import missing_answer_notices
        from metricsmith.engines.targets import end_of_next_quarter

        due = end_of_next_quarter(self.today or dt.date.today())
        for metric in metrics:
            if metric.target_date is None:
                metric.target_date = due
        project.metrics = metrics
        project.notices += missing_answer_notices(project.profile, lang)

    def replace(
        self,
        project: Project,
        metric_ids: list[str],
        findings: list[Finding],
        *,
        progress: ProgressCallback = no_progress,
    ) -> list[Metric]:
        if not metric_ids:
            return []
        profile = project.profile
        lang = profile.language
        progress("replacements", PROGRESS[lang]["replacements"].format(n=len(metric_ids)))
        flagged = []
        for metric_id in metric_ids:
            metric = project.metric(metric_id)
            about = [f for f in findings if f.metric_id == metric_id]
            flagged.append({
                "key": metric_id,
                "name": metric.name,
                "message": " ".join(f.message for f in about if f.message) or "measures effort or reach",
                "suggestion": next((f.suggestion for f in about if f.suggestion), ""),
            })
        ctx = {**profile_context(profile), "metrics": _metric_lines(project.metrics), "flagged": flagged}
        outcome = self.caller_for(lang).call(
            "replacements", S.ReplacementOutput, render("system", lang), render("replace_metrics", lang, **ctx),
            language=lang, check=lambda out: S.check_replacements(out, metric_ids, profile))
        project.llm_calls += outcome.calls
        if not outcome.ok:
            project.notices.append(fallback_notice("replacements", outcome, lang))
            return self._offline().replace(project, metric_ids, findings, progress=progress)
        from metricsmith.engines.offline_texts import t

        by_old = {r.replaces: r for r in outcome.value.replacements}
        taken = {m.id for m in project.metrics}
        result: list[Metric] = []
        for metric_id in metric_ids:
            out = by_old[metric_id]
            base = S.slug(out.name) if S.slug(out.name) != "metric" else f"{metric_id}-replacement"
            new_id, n = base, 2
            while new_id in taken:
                new_id, n = f"{base}-{n}", n + 1
            taken.add(new_id)
            metric = S.replacement_to_metric(out, new_id, profile)
            # The same one-line reason an offline replacement carries: what it replaces and for which goal.
            metric.reason = t("reason_replace", lang, old=project.metric(metric_id).name, goal=metric.goal or "—")
            result.append(metric)
        return result

    # --- the interview's clarifying question ------------------------------------------------

    def follow_up(self, question_id: str, answer: Mapping[str, str] | str, profile: Profile) -> str | None:
        """One clarifying question when ``answer`` is too vague to design from, else ``None``.

        ``answer`` is the step's fields by profile path (or one text). Never
        raises for model trouble: when the model is unreachable or its answer
        unusable, the offline check of :mod:`metricsmith.interview` decides
        instead, so a vague answer is still challenged.
        """
        from metricsmith.errors import MetricsmithError
        from metricsmith.interview import answer_text, offline_follow_up

        lang = profile.language
        text = answer_text(answer)
        if not text:
            return None
        try:
            from metricsmith.interview import question as interview_question

            question = interview_question(question_id).text(lang)
        except (ImportError, KeyError):
            question = question_id.replace("_", " ")
        context = " — ".join(p for p in (profile.business.name, profile.business.description) if p)
        try:
            outcome = self.caller_for(lang).call(
                "follow_up", S.FollowUpOutput, render("system", lang),
                render("follow_up", lang, question_id=question_id, question=question, answer=text,
                       context=context),
                language=lang)
        except MetricsmithError:  # unreachable, misconfigured: the offline check asks instead
            return offline_follow_up(question_id, answer, lang)
        self.follow_up_calls += outcome.calls
        if not outcome.ok:
            return offline_follow_up(question_id, answer, lang)
        if not outcome.value.vague or not outcome.value.question.strip():
            return None
        return outcome.value.question.strip()

    # --- offline fallback for one part -----------------------------------------------------

    def _offline_metrics(self, profile: Profile) -> list[Metric]:
        try:
            return list(self._offline().propose(profile).metrics)
        except Exception:  # noqa: BLE001 - the fallback must not turn a bad answer into a crash
            return []

    @staticmethod
    def _fill_offline(metrics: list[Metric], offline: list[Metric], profile: Profile, part: str) -> None:
        """Fill one table's columns of the model's metrics from the offline engine's closest metric.

        Closest = most shared word stems in the name. Without a match, tracking
        still gets an owner (the offline engine's owner picker) and a baseline
        from the profile's known numbers; value columns stay empty for the user.
        """
        from metricsmith.engines.owners import OwnerPicker

        owners = OwnerPicker(profile.people)
        for metric in metrics:
            best = max(offline, key=lambda o: _similarity(metric.name, o.name), default=None)
            if best is not None and _similarity(metric.name, best.name) == 0:
                best = None
            if part == "tracking":
                if best is not None:
                    metric.owner, metric.owner_role = best.owner, best.owner_role
                    metric.comment = best.comment
                    if best.unit == metric.unit and best.direction == metric.direction:
                        metric.baseline, metric.target = best.baseline, best.target
                        metric.target_rationale = best.target_rationale
                        metric.target_date, metric.start_date = best.target_date, best.start_date
                if not metric.owner:
                    metric.owner, metric.owner_role = owners.pick(metric.id, metric.category)
                else:
                    owners.keep(metric.owner)
                if metric.baseline is None:
                    metric.baseline = profile.known_number(metric.name)
            elif best is not None:
                metric.formula, metric.why, metric.where_used = best.formula, best.why, best.where_used
                metric.example, metric.plan = best.example, best.plan
                metric.data_source = metric.data_source or best.data_source
            metric.origin = "llm"
