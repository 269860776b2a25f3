"""Welcome: start a new project, open a project file, or pick a recent one."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from metricsmith.recent import load_recent
from metricsmith.tui.dialogs import FormDialog
from metricsmith.tui.app import LanguageChanged
from metricsmith.tui.keys import KeySpec, LocalisedKeys, bindings
from metricsmith.tui.widgets import AppTexts, Plain, TitleBar, literal

KEYS: tuple[KeySpec, ...] = (
    KeySpec("ctrl+n", "new", "new_project", footer=True),
    KeySpec("ctrl+o", "open", "open_project", footer=True),
    KeySpec("f2", "settings", "settings", footer=True),
    KeySpec("ctrl+l", "language", "language", footer=True),
)


def default_project_path(folder: Path | None = None) -> Path:
    """``metricsmith-project.json`` in the current folder, numbered when taken."""
    folder = folder or Path.cwd()
    candidate = folder / "metricsmith-project.json"
    n = 2
    while candidate.exists():
        candidate = folder / f"metricsmith-project-{n}.json"
        n += 1
    return candidate


class WelcomeScreen(LocalisedKeys, AppTexts, Screen[None]):
    """First screen: new / open / recent."""

    KEYS = KEYS
    BINDINGS = bindings(KEYS)

    @property
    def lang(self) -> str:
        return self.ms_app.ui_lang

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="welcome"):
            yield Plain(self.tr("welcome_intro"), id="intro")
            with Horizontal(classes="buttons"):
                yield Button(self.tr("new_project"), variant="primary", id="new")
                yield Button(self.tr("open_project"), id="open")
                yield Button(self.tr("settings"), id="settings")
            yield Plain(self.tr("recent"), classes="section-title", id="recent-title")
            yield OptionList(id="recent")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_recent()

    def on_screen_resume(self) -> None:
        self.refresh_recent()

    def refresh_recent(self) -> None:
        if not self.is_mounted:
            return
        options = self.query_one("#recent", OptionList)
        options.clear_options()
        items = load_recent()
        if not items:
            options.add_option(Option(self.tr("no_recent"), id="", disabled=True))
            return
        for item in items:
            missing = "" if item.exists else f" {self.tr('missing_file')}"
            label = f"{item.name or Path(item.path).name} — {item.path}{missing}"
            options.add_option(Option(literal(label), id=item.path, disabled=not item.exists))
        first = next((i for i, item in enumerate(items) if item.exists), None)
        if first is not None:
            options.highlighted = first

    def on_language_changed(self, message: LanguageChanged) -> None:
        self.query_one("#intro", Static).update(self.tr("welcome_intro"))
        self.query_one("#new", Button).label = self.tr("new_project")
        self.query_one("#open", Button).label = self.tr("open_project")
        self.query_one("#settings", Button).label = self.tr("settings")
        self.query_one("#recent-title", Static).update(self.tr("recent"))
        self.refresh_recent()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"new": self.action_new, "open": self.action_open, "settings": self.action_settings}
        action[event.button.id or "new"]()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.ms_app.open_project(event.option.id)

    def _path_dialog(self, title_key: str, default: str, then) -> None:  # type: ignore[no-untyped-def]
        def done(values: list[str] | None) -> None:
            if not values:
                return
            path = values[0].strip()
            if not path:
                self.notify(self.tr("empty_path"), severity="error")
                return
            then(Path(path).expanduser())

        self.app.push_screen(
            FormDialog(
                self.tr(title_key),
                [(self.tr("path"), default)],
                ok=self.tr("ok"),
                cancel=self.tr("cancel"),
            ),
            done,
        )

    def action_new(self) -> None:
        def create(path: Path) -> None:
            if path.exists():
                self.ms_app.open_project(path)
            else:
                self.ms_app.new_project(path)

        self._path_dialog("new_project_path", str(default_project_path()), create)

    def action_open(self) -> None:
        self._path_dialog("open_project_path", "", self.ms_app.open_project)

    def action_settings(self) -> None:
        self.ms_app.show_settings()

    def action_language(self) -> None:
        self.ms_app.set_language("en" if self.lang == "ru" else "ru")
