"""Interview screen: one question per step, answers saved as they are given.

The questions, their order and how answers land in the profile come from
:mod:`metricsmith.interview`; this screen only lays them out, checks required
answers, asks the one follow-up for a vague core answer, and asks the app to
save after every step (so quitting at any point loses nothing).
"""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static, TextArea

from metricsmith.errors import MetricsmithError
from metricsmith.interview import (
    QUESTIONS,
    Question,
    apply_follow_up,
    missing_required,
    offline_follow_up,
    read_answer,
    write_answer,
)
from metricsmith.tui.dialogs import ConfirmDialog
from metricsmith.tui.keys import KeySpec, LocalisedKeys, bindings
from metricsmith.tui.widgets import AppTexts, Plain, PlainLabel, TitleBar

KEYS: tuple[KeySpec, ...] = (
    KeySpec("ctrl+n", "next", "next", footer=True, priority=True),
    KeySpec("ctrl+b", "back", "back", footer=True, priority=True),
    KeySpec("ctrl+k", "skip", "skip", footer=True, priority=True),
    KeySpec("ctrl+d", "draft", "draft", footer=True, priority=True),
    KeySpec("ctrl+l", "language", "language", priority=True),
    KeySpec("escape", "leave", "leave_interview"),
)


def _field_id(path: str) -> str:
    return "f-" + path.replace(".", "-").replace("_", "-")


class InterviewScreen(LocalisedKeys, AppTexts, Screen[None]):
    """The interview, step by step."""

    KEYS = KEYS
    BINDINGS = bindings(KEYS)

    def __init__(self, step: int = 0, *, return_to_workbench: bool = False) -> None:
        super().__init__()
        self.step = max(0, min(step, len(QUESTIONS) - 1))
        #: Opened from the workbench: Esc goes back there instead of leaving the project.
        self.return_to_workbench = return_to_workbench
        self.asked_follow_up: set[str] = set()
        self.follow_up_open = False
        #: The step whose answer the model is judging right now, if any.
        self.checking: int | None = None

    # --- helpers ---------------------------------------------------------------------
    @property
    def question(self) -> Question:
        return QUESTIONS[self.step]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="interview"):
            yield Plain(id="progress")
            yield Plain(id="question", classes="question")
            yield Plain(id="hint", classes="muted")
            yield Plain(id="example", classes="example")
            yield VerticalScroll(id="fields")
            with Vertical(id="follow-up"):
                yield Plain(id="follow-up-text", classes="follow-up")
                yield Input(id="follow-up-input", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(id="back", compact=True)
                yield Button(id="skip", compact=True)
                yield Button(variant="primary", id="next", compact=True)
                yield Button(variant="success", id="draft", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        await self.show_step(self.step)

    def _label_buttons(self) -> None:
        for key in ("back", "skip", "next", "draft"):
            self.query_one(f"#{key}", Button).label = self.tr(key)
        self.query_one("#skip", Button).disabled = self.question.required

    async def show_step(self, step: int, values: dict[str, str] | None = None) -> None:
        """Show question ``step`` with its saved answer (or ``values`` typed but not saved)."""
        self.step = step
        q = self.question
        lang = self.lang
        project = self.ms_app.project
        answer = values if values is not None else read_answer(project.profile, q.id)
        self.query_one("#progress", Static).update(
            f"{self.tr('interview')} · {self.tr('step_of', n=step + 1, total=len(QUESTIONS))}"
        )
        required = " *" if q.required else ""
        self.query_one("#question", Static).update(q.text(lang) + required)
        self.query_one("#hint", Static).update(f"{self.tr('hint')}: {q.hint(lang)}")
        examples = " · ".join(f.example(lang) for f in q.fields)
        self.query_one("#example", Static).update(f"{self.tr('example')}: {examples}")
        box = self.query_one("#fields", VerticalScroll)
        await box.remove_children()
        widgets = []
        for field in q.fields:
            star = " *" if field.required else ""
            widgets.append(PlainLabel(field.label(lang) + star))
            text = answer.get(field.path, "")
            if field.multiline:
                widgets.append(TextArea(text, id=_field_id(field.path), classes="answer multiline", compact=True))
            else:
                widgets.append(
                    Input(value=text, placeholder=field.example(lang), id=_field_id(field.path), classes="answer", compact=True)
                )
        await box.mount_all(widgets)
        self._close_follow_up()
        self._label_buttons()
        self.query_one(f"#{_field_id(q.fields[0].path)}").focus()

    async def settle(self) -> None:
        """Let keystrokes already on their way to the answer fields land before the fields are read.

        The step keys are priority bindings, handled by the app as soon as they
        arrive, while typed characters wait in the focused field's own message
        queue. Text typed (or sent by a terminal) in the same burst as Ctrl+N
        would otherwise be read a moment too early and lost. A callback queued
        behind those characters on every field marks the point where they have
        all been handled.
        """
        waits = []
        for widget in self.query(".answer, #follow-up-input"):
            landed = asyncio.Event()
            if widget.call_later(landed.set):
                waits.append(landed.wait())
        if waits:
            try:
                await asyncio.wait_for(asyncio.gather(*waits), timeout=2)
            except asyncio.TimeoutError:  # a field that stopped processing must not freeze the screen
                pass

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field in self.question.fields:
            widget = self.query_one(f"#{_field_id(field.path)}")
            out[field.path] = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return out

    def _close_follow_up(self) -> None:
        self.follow_up_open = False
        self.query_one("#follow-up").display = False
        self.query_one("#follow-up-input", Input).value = ""

    def _open_follow_up(self, text: str) -> None:
        self.follow_up_open = True
        self.query_one("#follow-up-text", Static).update(f"{self.tr('follow_up')}: {text}")
        box = self.query_one("#follow-up")
        box.display = True
        follow = self.query_one("#follow-up-input", Input)
        follow.display = True
        follow.placeholder = self.tr("follow_up_answer")
        follow.focus()

    def _store(self, *, check_required: bool) -> bool:
        """Write the typed answer into the profile and save; ``False`` when it cannot be accepted."""
        q = self.question
        answer = self.values()
        if check_required:
            missing = missing_required(q.id, answer)
            if missing:
                labels = ", ".join(f.label(self.lang) for f in q.fields if f.path in missing)
                self.notify(self.tr("required_empty", fields=labels), severity="error")
                return False
        project = self.ms_app.project
        try:
            write_answer(project.profile, q.id, answer)
        except MetricsmithError as exc:
            self.notify(self.tr("bad_answer", error=exc.one_line(self.lang)), severity="error")
            return False
        project.interview_step = self.step
        self.ms_app.save()
        return True

    def _ask_model(self, q: Question, answer: dict[str, str]) -> None:
        """Ask the configured model whether ``answer`` needs a follow-up, in a worker thread.

        The screen stays responsive meanwhile (a slow or unreachable model must
        not freeze the keyboard until its timeout); the answer arrives in
        :meth:`_model_answered`. Any failure falls back to the offline check.
        """
        settings = self.ms_app.settings
        profile = self.ms_app.project.profile.model_copy(deep=True)  # type: ignore[union-attr]
        self.checking = self.step
        self._show_checking()
        self._ask(q, answer, settings, profile, self.lang, self.step)

    @work(exclusive=True, group="follow-up", exit_on_error=False)
    async def _ask(self, q: Question, answer: dict[str, str], settings: object, profile: object, lang: str,
                   step: int) -> None:
        """The model call in a daemon thread (see :mod:`metricsmith.tui.background`): quitting never waits for it."""
        from metricsmith.tui.background import in_thread

        app = self.ms_app

        def ask() -> str | None:
            from metricsmith.engines.base import close_engine
            from metricsmith.engines.llm import LLMEngine

            # tracked by the app, so that quitting closes its client even while the model is silent
            engine = app.track_engine(LLMEngine(settings))  # type: ignore[arg-type]
            try:
                return engine.follow_up(q.id, answer, profile)  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001 - any LLM failure falls back to the offline check
                return offline_follow_up(q.id, answer, lang)
            finally:
                close_engine(engine)

        text = await in_thread(ask)
        await self._model_answered(step, q.id, text or None)

    async def _model_answered(self, step: int, question_id: str, text: str | None) -> None:
        if self.checking != step or not self.is_mounted or self.step != step:
            return  # the user moved on (back, skip, another screen): the answer no longer applies
        self.checking = None
        self._close_follow_up()
        if text:
            self.asked_follow_up.add(question_id)
            self._open_follow_up(text)
            return
        if self._store(check_required=True):  # keep what was typed while the model thought
            await self._advance()

    def _show_checking(self) -> None:
        self.query_one("#follow-up-text", Static).update(self.tr("checking_answer"))
        self.query_one("#follow-up-input", Input).display = False
        self.query_one("#follow-up").display = True

    def _cancel_check(self) -> None:
        """Forget a running follow-up check (its answer will be ignored)."""
        if self.checking is not None:
            self.checking = None
            self._close_follow_up()

    # --- actions ----------------------------------------------------------------------
    async def action_next(self) -> None:
        await self.settle()
        if self.checking is not None:
            return  # the model is still judging this answer
        q = self.question
        project = self.ms_app.project
        if self.follow_up_open:
            extra = self.query_one("#follow-up-input", Input).value
            if not self._store(check_required=True):
                return
            apply_follow_up(project.profile, q.id, extra)
            self.ms_app.save()
            await self._advance()
            return
        if not self._store(check_required=True):
            return
        if q.core and q.id not in self.asked_follow_up:
            if self.ms_app.settings.engine == "llm":
                self._ask_model(q, self.values())
                return
            text = offline_follow_up(q.id, self.values(), self.lang)
            if text:
                self.asked_follow_up.add(q.id)
                self._open_follow_up(text)
                return
        await self._advance()

    async def _advance(self) -> None:
        project = self.ms_app.project
        if self.step + 1 >= len(QUESTIONS):
            project.interview_step = len(QUESTIONS) - 1
            self.ms_app.save()
            self._go_draft()
            return
        project.interview_step = self.step + 1
        self.ms_app.save()
        await self.show_step(self.step + 1)

    async def action_back(self) -> None:
        await self.settle()
        self._cancel_check()
        if not self._store(check_required=False):
            return
        if self.step > 0:
            self.ms_app.project.interview_step = self.step - 1
            self.ms_app.save()
            await self.show_step(self.step - 1)

    async def action_skip(self) -> None:
        self._cancel_check()
        if self.question.required:
            self.notify(
                self.tr("required_empty", fields=", ".join(f.label(self.lang) for f in self.question.fields if f.required)),
                severity="error",
            )
            return
        await self._advance()

    async def action_draft(self) -> None:
        await self.settle()
        self._cancel_check()
        if not self._store(check_required=False):
            return
        unanswered = self._first_unanswered_required()
        if unanswered is not None:
            # drafting from nothing would invent a goal and five generic metrics
            q = QUESTIONS[unanswered]
            labels = ", ".join(f.label(self.lang) for f in q.fields if f.required)
            self.notify(self.tr("draft_needs", question=q.text(self.lang), fields=labels), severity="error")
            if unanswered != self.step:
                await self.show_step(unanswered)
            return
        self._go_draft()

    def _first_unanswered_required(self) -> int | None:
        """Step 0 when the first question (where the customer first gets value) is unanswered.

        That answer is what every draft starts from; the other questions refine
        it, so drafting early with only that one answered stays possible.
        """
        profile = self.ms_app.project.profile  # type: ignore[union-attr]
        first = QUESTIONS[0]
        return 0 if missing_required(first.id, read_answer(profile, first.id)) else None

    def _go_draft(self) -> None:
        """Start drafting; when the project already has metrics, ask first (they will be replaced)."""
        project = self.ms_app.project
        if not project.metrics:
            self.ms_app.show_drafting()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.ms_app.show_drafting()

        self.app.push_screen(
            ConfirmDialog(self.tr("confirm_redraft", n=len(project.metrics)), self.tr("yes"), self.tr("no")), answer
        )

    def flush(self) -> None:
        """Save what is typed on this step (called before the app quits)."""
        if self.is_mounted and self.ms_app.project is not None:
            self._store(check_required=False)

    async def action_language(self) -> None:
        await self.settle()
        self._cancel_check()
        values = self.values()
        self.ms_app.set_language("en" if self.lang == "ru" else "ru")
        self.notify(self.tr("lang_switched"), timeout=2)
        await self.show_step(self.step, values)

    async def action_leave(self) -> None:
        await self.settle()
        self._cancel_check()
        self._store(check_required=False)
        if self.return_to_workbench and self.ms_app.project is not None and self.ms_app.project.metrics:
            self.ms_app.show_workbench()
        else:
            self.ms_app.show_welcome()

    # --- events -----------------------------------------------------------------------
    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        handler = {
            "next": self.action_next,
            "back": self.action_back,
            "skip": self.action_skip,
        }.get(event.button.id or "")
        if handler is not None:
            await handler()
        elif event.button.id == "draft":
            await self.action_draft()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "follow-up-input":
            await self.action_next()
            return
        paths = [f.path for f in self.question.fields]
        ids = [_field_id(p) for p in paths]
        index = ids.index(event.input.id) if event.input.id in ids else len(ids) - 1
        if index + 1 < len(ids):
            self.query_one(f"#{ids[index + 1]}").focus()
        else:
            await self.action_next()
