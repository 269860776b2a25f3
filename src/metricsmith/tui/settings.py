"""Settings screen: engine, provider, model, base URL, language; test the connection; save.

Saving writes the user's config file through :func:`metricsmith.config.save_user_config`
(never the project: API keys stay in the environment or that file). "Test
connection" runs the same checks as ``metricsmith doctor`` in a worker thread.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from metricsmith.tui.widgets import AppTexts, Plain, PlainLabel
from metricsmith.config import Settings
from metricsmith.errors import MetricsmithError

PROVIDERS = ("openai", "ollama", "openai-compatible", "other")


def describe_check(check: object) -> str:
    """One line for a doctor check result, whatever its exact shape."""
    if isinstance(check, str):
        return check
    if isinstance(check, dict):
        get = check.get
    else:
        def get(name: str, default: object = None) -> object:
            return getattr(check, name, default)
    ok = get("ok", None)
    status = get("status", None)
    mark = {True: "✓", False: "✖"}.get(ok, "·") if status is None else str(status)  # type: ignore[arg-type]
    name = get("label", "") or get("name", "") or get("title", "")
    message = get("message", "") or get("detail", "") or ""
    hint = get("hint", "") or ""
    return f"{mark} {name}: {message}" + (f" ({hint})" if hint else "")


class SettingsScreen(AppTexts, ModalScreen[bool]):
    """Edit and save the user's settings."""

    BINDINGS = [Binding("escape", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        s: Settings = self.ms_app.settings
        with VerticalScroll(classes="dialog wide", id="settings"):
            yield Plain(self.tr("settings_title"), classes="dialog-title")
            yield PlainLabel(self.tr("engine"))
            yield Select([("offline", "offline"), ("llm", "llm")], value=s.engine, allow_blank=False, compact=True, id="engine")
            yield PlainLabel(self.tr("provider"))
            yield Select([(p, p) for p in PROVIDERS], value=s.provider, allow_blank=False, compact=True, id="provider")
            yield PlainLabel(self.tr("model"))
            yield Input(value=s.model, id="model", compact=True)
            yield PlainLabel(self.tr("base_url"))
            yield Input(value=s.base_url, placeholder="http://localhost:11434/v1", id="base_url", compact=True)
            yield PlainLabel(self.tr("timeout_label"))
            yield Input(value=f"{s.timeout:g}", id="timeout", compact=True, type="number")
            yield PlainLabel(self.tr("language"))
            yield Select(
                [(self.tr("system_default"), ""), ("English", "en"), ("Русский", "ru")],
                value=s.language,
                allow_blank=False,
                compact=True,
                id="language",
            )
            yield Plain(self.tr("api_key_note"), classes="muted")
            yield Plain(id="check-results")
            with Horizontal(classes="buttons"):
                yield Button(self.tr("test_connection"), id="test", compact=True)
                yield Button(self.tr("save"), variant="primary", id="save", compact=True)
                yield Button(self.tr("close"), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#engine", Select).focus()

    def values(self) -> dict[str, object]:
        return {
            "engine": self.query_one("#engine", Select).value,
            "provider": self.query_one("#provider", Select).value,
            "model": self.query_one("#model", Input).value.strip(),
            "base_url": self.query_one("#base_url", Input).value.strip(),
            "timeout": self.query_one("#timeout", Input).value.strip() or "60",
            "language": self.query_one("#language", Select).value,
        }

    def candidate(self) -> Settings:
        """The app's settings with this form's values (validated)."""
        from pydantic import ValidationError

        from metricsmith.errors import ConfigError

        current: Settings = self.ms_app.settings
        try:
            return _updated(current, self.values())
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ConfigError(first["msg"], field=".".join(str(p) for p in first["loc"])) from exc

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "test":
            self.action_test()
        else:
            self.action_close()

    def action_save(self) -> None:
        from metricsmith.config import save_user_config

        try:
            settings = self.candidate()
            path = save_user_config(self.values())
        except MetricsmithError as exc:
            self.notify(exc.one_line(self.lang), severity="error", timeout=10)
            return
        app = self.ms_app
        app.settings = settings
        if settings.language and app.project is None:
            app.set_language(settings.language)
        app.notify(self.tr("saved_settings", path=path), timeout=4)
        self.dismiss(True)

    def action_test(self) -> None:
        try:
            settings = self.candidate()
        except MetricsmithError as exc:
            self.notify(exc.one_line(self.lang), severity="error")
            return
        self.query_one("#check-results", Static).update(self.tr("testing"))
        # the checks are labelled in the language on screen (the setting may be "system default")
        self._test(settings.model_copy(update={"language": self.lang}))

    @work(exclusive=True, group="doctor", exit_on_error=False)
    async def _test(self, settings: Settings) -> None:
        """The checks in a daemon thread: closing the screen or quitting never waits for a slow server."""
        from metricsmith.doctor import run_checks
        from metricsmith.tui.background import in_thread

        try:
            checks = await in_thread(run_checks, settings)
            text = "\n".join(describe_check(c) for c in checks)
        except Exception as exc:  # noqa: BLE001 - a failing check is a result to show, not a crash
            text = f"✖ {exc}"
        if self.is_mounted:
            self.query_one("#check-results", Static).update(self.ms_app.ui_text(text))

    def action_close(self) -> None:
        self.dismiss(False)


def _updated(current: Settings, values: dict[str, object]) -> Settings:
    """A copy of ``current`` with ``values`` applied and validated (secrets carried over, never shown)."""
    fresh = current.model_copy(deep=True)
    for key, value in values.items():
        setattr(fresh, key, value)  # validate_assignment checks each value
    return fresh
