"""Bilingual key bindings: the footer shows each action in the project's language.

Textual's ``BINDINGS`` are class-level and carry one description, so screens
declare ``KEYS`` as ``(key, action, string-key)`` and call :func:`apply_keys`
whenever the language changes.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

from metricsmith.tui.strings import tr

KeySpec = tuple[str, str, str]


def apply_keys(
    node: DOMNode, keys: list[KeySpec], lang: str, *, show: bool = True, priority: bool = False
) -> None:
    """(Re)bind ``keys`` on ``node`` with descriptions in ``lang``."""
    table = node._bindings.key_to_bindings
    for key, action, text_key in keys:
        table[key] = [Binding(key, action, tr(lang, text_key), show=show, priority=priority)]
    if node.is_mounted:
        node.refresh_bindings()
