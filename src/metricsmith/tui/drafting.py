"""Drafting screen: runs the engine in a background thread and shows each step as it happens.

The engine runs in a daemon thread awaited by a Textual worker (see
:mod:`metricsmith.tui.background`), so Esc and Ctrl+Q take effect at once even
while a model server keeps a request hanging; both also close the engine's
model client, so the hanging request ends and the server sees the client go.

The project on screen is replaced only when drafting finishes, so Esc (cancel)
simply abandons the worker and returns to the interview with every answer
intact. An LLM failure (``EngineError``) is shown as a notification and the
draft is made with the offline engine instead; notices the engine recorded
(partial fallbacks) are shown the same way.
"""

from __future__ import annotations

import threading
import time

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Log, ProgressBar, Static
from textual.worker import Worker

from metricsmith.engines.base import STEPS, Engine, close_engine
from metricsmith.errors import EngineError, MetricsmithError
from metricsmith.models.project import Notice, Project
from metricsmith.tui.keys import KeySpec, LocalisedKeys, bindings
from metricsmith.tui.strings import tr
from metricsmith.tui.widgets import AppTexts, Plain, TitleBar

KEYS: tuple[KeySpec, ...] = (KeySpec("escape", "cancel", "cancel", footer=True),)


class DraftCancelled(Exception):
    """Raised inside the worker's progress callback once the user cancelled."""


class DraftingScreen(LocalisedKeys, AppTexts, Screen[None]):
    """Progress of one drafting run."""

    KEYS = KEYS
    BINDINGS = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.cancel_event = threading.Event()
        self.worker: Worker[None] | None = None
        #: The engine drafting now (set in the worker's thread); cancelling closes its client.
        self.engine: Engine | None = None
        self.done_steps: list[str] = []
        self.fallback_notice: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="drafting"):
            yield Plain(id="draft-title", classes="question")
            yield ProgressBar(total=len(STEPS), show_eta=False, id="draft-progress")
            yield Plain(id="steps")
            yield Plain(id="draft-elapsed", classes="muted")
            yield Log(id="draft-log", auto_scroll=True)
            yield Plain(self.tr("esc_cancel"), classes="muted")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._app = self.ms_app
        settings = self.ms_app.settings
        try:
            self.query_one("#draft-title", Static).update(self.tr("drafting_title", engine=settings.engine))
            self._render_steps(None)
        except NoMatches:  # the app is closing while this screen mounts: do not start a run
            return
        self.started = time.monotonic()
        self.current_step: str | None = None
        self.set_interval(1.0, self.show_elapsed)
        self.worker = self.run_worker(self._run(), group="draft", exclusive=True, exit_on_error=False)

    async def _run(self) -> None:
        """Await the draft running in a daemon thread: cancelling this worker (Esc, quit) returns at once."""
        from metricsmith.tui.background import in_thread

        await in_thread(self._draft)

    def show_elapsed(self) -> None:
        """Elapsed time and the step running, so a slow model is visibly working, not frozen."""
        elapsed = int(time.monotonic() - self.started)
        step = self.tr("step_" + self.current_step) if self.current_step in STEPS else "…"
        self.query_one("#draft-elapsed", Static).update(self.tr("draft_elapsed", seconds=elapsed, step=step))

    def _render_steps(self, current: str | None) -> None:
        lines = []
        for step in STEPS:
            mark = "✓" if step in self.done_steps and step != current else ("▶" if step == current else "·")
            lines.append(f" {mark} {self.tr('step_' + step)}")
        self.query_one("#steps", Static).update("\n".join(lines))

    # --- worker side (runs in a thread) -------------------------------------------------
    def _progress(self, step: str, message: str) -> None:
        if self.cancel_event.is_set():
            raise DraftCancelled()
        self._app.call_from_thread(self._on_progress, step, message)

    def _draft(self) -> None:
        from metricsmith.api import propose

        app = self._app
        profile = app.project.profile.model_copy(deep=True)
        settings = app.settings
        lang = profile.language
        fallback_error: str | None = None
        try:
            try:
                project = propose(profile, engine=self._use(app.make_engine()), settings=settings,
                                  progress=self._progress)
            except EngineError as exc:
                if self.cancel_event.is_set():
                    raise DraftCancelled() from exc
                fallback_error = exc.one_line(lang)
                app.call_from_thread(self._on_fallback, fallback_error)
                project = propose(profile, engine=self._use(app.make_engine(offline=True)), settings=settings,
                                  progress=self._progress)
                # the notification fades; the project keeps saying why it was drafted offline
                self.fallback_notice = tr(lang, "llm_failed_fallback", error=fallback_error)
                project.notices.insert(0, Notice(level="warning", step="metric_set", message=self.fallback_notice))
        except DraftCancelled:
            return
        except MetricsmithError as exc:
            if not self.cancel_event.is_set():
                app.call_from_thread(self._on_failed, exc.one_line(lang))
            return
        except Exception as exc:  # noqa: BLE001 - a bug in an engine must not take the UI down
            if not self.cancel_event.is_set():
                app.call_from_thread(self._on_failed, f"{type(exc).__name__}: {exc}")
            return
        finally:
            self._release()  # the draft is over either way: its connections go too
        if self.cancel_event.is_set():
            return
        app.call_from_thread(self._on_done, project)

    def _use(self, engine: Engine) -> Engine:
        """Make ``engine`` the one drafting; it is closed at once when the user cancelled meanwhile."""
        self._release()
        self.engine = engine
        if self.cancel_event.is_set():  # read after the engine is published: action_cancel sets it first
            close_engine(engine)
        return engine

    def _release(self) -> None:
        engine, self.engine = self.engine, None
        if engine is not None:
            close_engine(engine)

    # --- UI side -----------------------------------------------------------------------
    def _on_progress(self, step: str, message: str) -> None:
        self.current_step = step
        if step in STEPS and step not in self.done_steps:
            self.done_steps.append(step)
            self.query_one("#draft-progress", ProgressBar).update(progress=STEPS.index(step))
        self.query_one("#draft-log", Log).write_line(f"[{step}] {message}")
        self._render_steps(step)

    def _on_fallback(self, error: str) -> None:
        self.notify(self.tr("llm_failed_fallback", error=error), severity="warning", timeout=10)
        self.query_one("#draft-log", Log).write_line(self.tr("llm_failed_fallback", error=error))

    def _on_failed(self, error: str) -> None:
        self.notify(self.tr("draft_failed", error=error), severity="error", timeout=10)
        self.ms_app.show_interview(self.ms_app.project.interview_step)

    def _on_done(self, drafted: Project) -> None:
        if self.cancel_event.is_set():
            return
        app = self.ms_app
        current: Project = app.project
        drafted.profile = current.profile
        drafted.interview_step = current.interview_step
        drafted.created_at = current.created_at
        drafted._revision = current._revision  # the file it replaces: saving stays a compare-and-swap
        app.project = drafted
        self.query_one("#draft-progress", ProgressBar).update(progress=len(STEPS))
        for notice in drafted.notices:
            if notice.message == self.fallback_notice:
                continue  # already shown when the model failed
            if notice.level in ("warning", "error"):
                severity = "error" if notice.level == "error" else "warning"
                self.notify(f"{notice.step}: {notice.message}" if notice.step else notice.message, severity=severity, timeout=10)
        app.save()
        self.notify(self.tr("draft_done", n=len(drafted.metrics)), timeout=3)
        app.show_workbench()

    def action_cancel(self) -> None:
        """Abandon the run: the worker's result is discarded; the interview is as it was."""
        self.cancel_event.set()
        if self.worker is not None:
            self.worker.cancel()
        if self.engine is not None:
            close_engine(self.engine)  # the request in flight ends now; the thread sees the cancel and stops
        self.notify(self.tr("drafting_cancelled"), timeout=3)
        self.ms_app.show_interview(self.ms_app.project.interview_step)
