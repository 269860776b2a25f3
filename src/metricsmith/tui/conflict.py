"""What to do when the project file changed on disk in a way that cannot be merged with this window's edits.

Nothing has been written when this dialog shows; the edits are still on
screen. Esc keeps everything as it is (the next save asks again).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from metricsmith.tui.widgets import AppTexts, Plain

CHOICES = ("reload", "overwrite", "save_as")


class ConflictDialog(AppTexts, ModalScreen[str | None]):
    """Reload the file (drop this window's unsaved edits), overwrite it, or save under another name."""

    BINDINGS = [Binding("escape", "keep", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.tr("conflict_title"), classes="dialog-title")
            yield Plain(self.tr("conflict_text"), classes="muted")
            with Horizontal(classes="buttons"):
                yield Button(self.tr("conflict_reload"), id="reload", compact=True)
                yield Button(self.tr("conflict_overwrite"), variant="warning", id="overwrite", compact=True)
                yield Button(self.tr("conflict_save_as"), variant="primary", id="save_as", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save_as", Button).focus()  # the choice that loses nothing

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_keep(self) -> None:
        self.dismiss(None)
