"""One key table per screen that feeds the bindings, the footer, the help screen and the palette.

Textual's ``BINDINGS`` carry one fixed description, so each screen declares
``KEYS``, a tuple of :class:`KeySpec` whose text is a key of the string table.
:func:`bindings` turns them into Textual bindings (the description holds the
string key), and :class:`LocalisedKeys` translates descriptions where Textual
reads them (``Screen.active_bindings``, used by the footer and the keys
panel), so a language switch relabels everything with a ``refresh_bindings()``.
The help screen and the command palette read the same ``KEYS``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual.binding import Binding

from metricsmith.tui.strings import has_text, tr

if TYPE_CHECKING:
    from textual.binding import ActiveBinding


class KeySpec(NamedTuple):
    """A key (or comma-separated keys), the action it runs, and its label's string key."""

    key: str
    action: str
    text: str
    footer: bool = False  # shown in the footer: only the most used keys fit at 80 columns
    priority: bool = False
    palette: bool = True  # offered in the command palette


#: Keys every screen has (bound on the app).
GLOBAL_KEYS: tuple[KeySpec, ...] = (
    KeySpec("f1,question_mark", "app.help", "help", footer=True, palette=False),
    KeySpec("ctrl+p", "app.command_palette", "palette", palette=False),
    KeySpec("ctrl+q", "app.quit", "quit", footer=True, priority=True),
)

#: Textual's own bindings whose descriptions we translate by action.
_ACTION_TEXTS = {"quit": "quit", "app.quit": "quit", "command_palette": "palette", "help_quit": "quit"}


def bindings(keys: tuple[KeySpec, ...] | list[KeySpec]) -> list[Binding]:
    """Textual bindings for ``keys``; the description is the string key, translated on display."""
    return [Binding(k.key, k.action, k.text, show=k.footer, priority=k.priority) for k in keys]


def key_label(key: str) -> str:
    """How a key is written for people: ``ctrl+up`` → ``Ctrl+↑``, ``question_mark`` → ``?``."""
    names = {"question_mark": "?", "up": "↑", "down": "↓", "left": "←", "right": "→", "escape": "Esc",
             "enter": "Enter", "delete": "Del", "left_square_bracket": "[", "right_square_bracket": "]"}
    out = []
    for one in key.split(","):
        parts = one.split("+")
        shown = [names.get(p, p.upper() if p.startswith("f") and p[1:].isdigit() else p) for p in parts]
        if len(parts) > 1 and len(shown[-1]) == 1:
            shown[-1] = shown[-1].upper()  # Ctrl+N, as keyboards and menus write it
        out.append("+".join(p.capitalize() if p in ("ctrl", "shift", "alt") else p for p in shown))
    return " / ".join(out)


def translate(binding: Binding, lang: str) -> Binding:
    text = binding.description if has_text(binding.description) else _ACTION_TEXTS.get(binding.action)
    if not text:
        return binding
    return dataclasses.replace(binding, description=tr(lang, text))


class LocalisedKeys:
    """Screen mixin: the footer and keys panel show each binding in the app's language."""

    KEYS: ClassVar[tuple[KeySpec, ...]] = ()

    @property
    def active_bindings(self) -> dict[str, "ActiveBinding"]:
        base: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        lang: str = self.lang  # type: ignore[attr-defined]  # the screen's language (AppTexts)
        return {key: b._replace(binding=translate(b.binding, lang)) for key, b in base.items()}
