"""Small shared widgets.

``TitleBar`` replaces Textual's ``Header``: the stock header updates its title
from an async callback that can run after a quickly replaced screen has
already lost its children (a crash when drafting ends just as the app quits).
A plain ``Static`` that follows ``App.title`` has no such window.

``AppTexts`` gives every screen the app's language and translated strings.
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """One line with the app title, kept in sync with ``App.title``."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        content-align: center middle;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._set_title, init=True)

    def _set_title(self, title: str) -> None:
        self.update(title)


class AppTexts:
    """Mixin for screens and dialogs: ``lang`` and ``tr`` follow the app (project language first)."""

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def tr(self, key: str, **kw: object) -> str:
        return self.app.tr(key, **kw)  # type: ignore[attr-defined]
