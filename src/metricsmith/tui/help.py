"""The help screen (F1 or ``?``): every key of the screen below and the global keys, in the app's language.

It reads the same key table as the bindings and the footer, so it cannot list
a key that does not work or miss one that does.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen

from metricsmith.tui.keys import GLOBAL_KEYS, KeySpec, LocalisedKeys, key_label
from metricsmith.tui.widgets import AppTexts, Plain


def help_lines(keys: tuple[KeySpec, ...], lang: str) -> list[str]:
    """One line per key: the key as people write it, then what it does."""
    from metricsmith.tui.strings import tr

    seen: set[str] = set()
    lines = []
    for spec in keys:
        if spec.key in seen:
            continue
        seen.add(spec.key)
        lines.append(f"{key_label(spec.key):>18}  {tr(lang, spec.text)}")
    return lines


class HelpScreen(AppTexts, ModalScreen[None]):
    """Keys of ``screen`` and of the whole app."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "close", show=False)]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.keys: tuple[KeySpec, ...] = tuple(screen.KEYS) if isinstance(screen, LocalisedKeys) else ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Plain(self.tr("help_title"), classes="dialog-title")
            with VerticalScroll():
                yield Plain("\n".join(help_lines(self.keys + GLOBAL_KEYS, self.lang)), id="help-keys")
            yield Plain(self.tr("help_close"), classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
