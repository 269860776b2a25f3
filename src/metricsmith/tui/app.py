"""The application object: holds the open project, saves it, and moves between screens.

Screens ask the app to save, open or switch; they never write files
themselves, so every save goes through :meth:`MetricsmithApp.save` and every
failure becomes a notification while the last good file stays on disk.
"""

from __future__ import annotations

import threading
import weakref
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, TypeVar

from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen

from metricsmith.config import Settings
from metricsmith.engines.base import Engine, close_engine
from metricsmith.errors import MetricsmithError, SaveConflict
from metricsmith.models.profile import Profile
from metricsmith.models.project import Project
from metricsmith.tui.keys import GLOBAL_KEYS, LocalisedKeys, bindings, key_label
from metricsmith.tui.strings import system_language, tr

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

EngineFactory = Callable[[Settings], Engine]
E = TypeVar("E")


class LanguageChanged(Message):
    """Posted to every screen after the app's language changed: relabel what you show."""


class ProjectReloaded(Message):
    """Posted to every screen after the open project was replaced or renamed (reload, save as)."""


def _default_engine_factory(settings: Settings) -> Engine:
    from metricsmith.api import get_engine

    return get_engine(settings)


def _offline_engine_factory(settings: Settings) -> Engine:
    from metricsmith.engines.offline import OfflineEngine

    return OfflineEngine()


class MetricsmithApp(App[int]):
    """metricsmith's terminal UI."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "metricsmith"
    BINDINGS = bindings(GLOBAL_KEYS)

    def __init__(
        self,
        project_path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        engine_factory: EngineFactory | None = None,
        offline_factory: EngineFactory | None = None,
    ) -> None:
        super().__init__()
        self._settings_error: MetricsmithError | None = None
        if settings is None:
            try:
                from metricsmith.config import load_settings

                settings = load_settings()
            except MetricsmithError as exc:
                self._settings_error = exc  # shown once the screen is up, in the UI's language
                settings = Settings.model_construct()
        self.settings: Settings = settings
        self.engine_factory: EngineFactory = engine_factory or _default_engine_factory
        self.offline_factory: EngineFactory = offline_factory or _offline_engine_factory
        self.project: Project | None = None
        self.project_path: Path | None = Path(project_path) if project_path else None
        self._remembered_name: str | None = None
        self.ui_lang: str = settings.language or system_language()
        # Engines in use by workers (drafting may make one in its thread): quitting closes their clients.
        self._engines: weakref.WeakSet[object] = weakref.WeakSet()
        self._engines_lock = threading.Lock()

    # --- language ----------------------------------------------------------------------
    @property
    def lang(self) -> str:
        if self.project is not None:
            return self.project.profile.language
        return self.ui_lang

    def tr(self, key: str, **kwargs: object) -> str:
        return tr(self.lang, key, **kwargs)

    def set_language(self, lang: str) -> None:
        self.ui_lang = lang
        if self.project is not None and self.project.profile.language != lang:
            self.project.profile.language = lang  # type: ignore[assignment]
            self.save()
        self.title = tr(lang, "app_title")
        for screen in self.screen_stack:
            screen.post_message(LanguageChanged())
            screen.refresh_bindings()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: "SeverityLevel" = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications show their text literally: messages quote file paths, names and model output."""
        super().notify(self.ui_text(message), title=title, severity=severity, timeout=timeout, markup=False)

    def ui_text(self, text: str) -> str:
        """Library messages name command-line options; in the UI the same choice is a setting (F2)."""
        return text.replace("--timeout", self.tr("timeout_setting")) if "--timeout" in text else text

    # --- lifecycle ---------------------------------------------------------------------
    def on_mount(self) -> None:
        self.title = self.tr("app_title")
        from metricsmith.tui.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen())
        if self._settings_error is not None:
            self.notify(self._settings_error.one_line(self.lang), severity="error", timeout=10)
        if self.project_path is not None:
            self.open_project(self.project_path)

    # --- files -------------------------------------------------------------------------
    def error(self, key: str, exc: BaseException) -> None:
        text = exc.one_line(self.lang) if isinstance(exc, MetricsmithError) else str(exc)
        self.notify(self.tr(key, error=text), severity="error", timeout=10)

    def save(self, *, overwrite: bool = False) -> bool:
        """Save the open project atomically; on failure notify and keep going.

        When another program changed the same values in the file meanwhile,
        nothing is written and the user chooses: reload the file, overwrite it,
        or save this version under another name.
        """
        if self.project is None or self.project_path is None:
            return False
        from metricsmith.io.project_file import save_project

        try:
            save_project(self.project, self.project_path, overwrite=overwrite)
        except SaveConflict as exc:
            self.error("cannot_save", exc)
            self._ask_about_conflict()
            return False
        except MetricsmithError as exc:
            self.error("cannot_save", exc)
            return False
        if self.project_name() != self._remembered_name:  # the business got its name: relabel the recent entry
            self._remember()
        return True

    def _ask_about_conflict(self) -> None:
        from metricsmith.tui.conflict import ConflictDialog

        if isinstance(self.screen, ConflictDialog):
            return
        self.push_screen(ConflictDialog(), self._resolve_conflict)

    def _resolve_conflict(self, choice: str | None) -> None:
        if choice == "reload" and self.project_path is not None:
            self.open_project(self.project_path)
        elif choice == "overwrite":
            if self.save(overwrite=True):
                self.notify(self.tr("edited"), timeout=3)
        elif choice == "save_as":
            self.save_as()

    def save_as(self) -> None:
        """Ask for another file name and save the open project there (it becomes the open file)."""
        from metricsmith.tui.dialogs import FormDialog

        current = self.project_path or Path("metricsmith-project.json")
        suggestion = current.with_name(f"{current.stem}-2{current.suffix or '.json'}")

        def done(values: list[str] | None) -> None:
            if not values or not values[0].strip() or self.project is None:
                return
            previous = self.project_path
            self.project_path = Path(values[0].strip()).expanduser()
            if self.save():
                self._remember()
                self.notify(self.tr("saved_as", path=str(self.project_path)), timeout=4)
                for screen in self.screen_stack:
                    screen.post_message(ProjectReloaded())
            else:
                self.project_path = previous

        self.push_screen(
            FormDialog(self.tr("save_as"), [(self.tr("path"), str(suggestion))], ok=self.tr("save"), cancel=self.tr("cancel")),
            done,
        )

    def action_save_as(self) -> None:
        self.save_as()

    def new_project(self, path: str | Path) -> bool:
        """Start a project at ``path`` and go to the interview; the file is written at once."""
        project = Project(profile=Profile(language=self.ui_lang))  # type: ignore[arg-type]
        previous = (self.project, self.project_path)
        self.project, self.project_path = project, Path(path)
        if not self.save():
            self.project, self.project_path = previous
            return False
        self._remember()
        self.show_interview(0)
        return True

    def open_project(self, path: str | Path) -> bool:
        """Open a project file; on failure notify and stay where we are."""
        from metricsmith.io.project_file import load_project

        try:
            project = load_project(path)
        except MetricsmithError as exc:
            self.error("cannot_open", exc)
            return False
        self.project, self.project_path = project, Path(path)
        self.ui_lang = project.profile.language
        self.title = self.tr("app_title")
        self._remember()
        self.notify(self.tr("opened", name=self.project_name()), timeout=3)
        if project.metrics:
            self.show_workbench()
        else:
            self.show_interview(project.interview_step)
        return True

    def project_name(self) -> str:
        if self.project is not None and self.project.profile.business.name:
            return self.project.profile.business.name
        return self.project_path.name if self.project_path else "metricsmith"

    def _remember(self) -> None:
        if self.project_path is None:
            return
        from metricsmith.recent import add_recent

        self._remembered_name = self.project_name()
        add_recent(self.project_path, self._remembered_name)

    # --- navigation --------------------------------------------------------------------
    def _show(self, screen: Screen) -> None:
        """Make ``screen`` the main screen above the welcome screen (modals are closed)."""
        while len(self.screen_stack) > 3:
            self.pop_screen()
        if len(self.screen_stack) == 3:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_welcome(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        refresh = getattr(self.screen_stack[-1], "refresh_recent", None)
        if refresh is not None:
            refresh()

    def show_interview(self, step: int = 0, *, return_to_workbench: bool = False) -> None:
        from metricsmith.tui.interview import InterviewScreen

        self._show(InterviewScreen(step, return_to_workbench=return_to_workbench))

    def show_drafting(self) -> None:
        from metricsmith.tui.drafting import DraftingScreen

        self._show(DraftingScreen())

    def show_workbench(self) -> None:
        from metricsmith.tui.workbench import WorkbenchScreen

        self._show(WorkbenchScreen())

    def show_settings(self) -> None:
        from metricsmith.tui.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def make_engine(self, offline: bool = False) -> Engine:
        """An engine for one piece of work; safe to call from a worker thread. Quitting closes it."""
        return self.track_engine((self.offline_factory if offline else self.engine_factory)(self.settings))

    def track_engine(self, engine: E) -> E:
        """Remember ``engine`` until it is gone, so that quitting can close its model client."""
        with self._engines_lock:
            self._engines.add(engine)
        return engine

    def close_engines(self) -> None:
        """Close every engine's model client: calls in flight end now instead of at their timeout."""
        with self._engines_lock:
            engines = list(self._engines)
        for engine in engines:
            close_engine(engine)

    def action_command_palette(self) -> None:
        """Textual's palette, with its search prompt in the app's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=self.tr("palette_search"), id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C: Textual's own hint carries markup; say it plainly, in the app's language."""
        self.notify(self.tr("how_to_quit"), timeout=3)

    def action_help(self) -> None:
        """F1 / ?: the keys of the current screen and of the app, in the app's language."""
        from metricsmith.tui.help import HelpScreen

        if type(self.screen).__name__ == "HelpScreen":
            return
        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Quit after saving whatever the current screens hold but have not saved yet."""
        for worker in self.workers:  # a draft or a model call in flight is abandoned, not awaited
            worker.cancel()
        self.close_engines()  # ... and its connection closed, so neither the server nor a thread keeps waiting
        for screen in reversed(self.screen_stack):
            settle = getattr(screen, "settle", None)
            if settle is not None:
                await settle()
            flush = getattr(screen, "flush", None)
            if flush is not None:
                flush()
        self.exit(0)

    # --- command palette ---------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette, in the app's language: the screen's keys, settings, help, theme and quit."""
        if isinstance(screen, LocalisedKeys):
            for spec in screen.KEYS:
                if spec.palette:
                    yield SystemCommand(self.tr(spec.text), key_label(spec.key), partial(self.run_action, spec.action, screen))
        yield SystemCommand(self.tr("settings"), self.tr("settings_title"), self.show_settings)
        yield SystemCommand(self.tr("help"), key_label("f1,question_mark"), self.action_help)
        yield SystemCommand(self.tr("theme"), self.tr("theme_help"), self.action_change_theme)
        yield SystemCommand(self.tr("quit"), "Ctrl+Q", self.action_quit)
