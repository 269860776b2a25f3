"""Small shared widgets.

``TitleBar`` replaces Textual's ``Header``: the stock header updates its title
from an async callback that can run after a quickly replaced screen has
already lost its children (a crash when drafting ends just as the app quits).
A plain ``Static`` that follows ``App.title`` has no such window.

``AppTexts`` gives every screen the app's language and translated strings.

Everything the UI shows is literal text: business names, answers, metric
names and model output may contain ``[brackets]`` that Rich would read as
markup (and ``[/]`` would crash rendering). ``Plain``, ``PlainLabel`` and
:func:`literal` switch markup off; the app never uses markup in its own texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape as escape_markup
from rich.text import Text
from textual.widgets import Label, Static

if TYPE_CHECKING:
    from metricsmith.tui.app import MetricsmithApp


def literal(text: str) -> Text:
    """Text for an option list entry, shown exactly as written (no markup)."""
    return Text(text)


def cell(text: str) -> str:
    """A DataTable cell shown exactly as written: DataTable reads plain strings as Rich markup.

    Escaping keeps the cell a string (sortable, comparable) while ``[/]`` in a
    metric name shows as typed instead of breaking the render.
    """
    return escape_markup(text) if "[" in text else text


class Plain(Static):
    """A ``Static`` whose content is never parsed as markup."""

    def __init__(self, content: object = "", **kwargs: object) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)  # type: ignore[arg-type]


class PlainLabel(Label):
    """A ``Label`` whose content is never parsed as markup."""

    def __init__(self, content: object = "", **kwargs: object) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)  # type: ignore[arg-type]


class TitleBar(Plain):
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
    """Mixin for screens and dialogs: ``lang`` and ``tr`` follow the app (project language first).

    ``ms_app`` is the app with its own type, for the project, settings and
    navigation, without ``type: ignore`` at every use.
    """

    @property
    def ms_app(self) -> "MetricsmithApp":
        from metricsmith.tui.app import MetricsmithApp

        app = self.app  # type: ignore[attr-defined]
        assert isinstance(app, MetricsmithApp)
        return app

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def tr(self, key: str, **kw: object) -> str:
        return self.app.tr(key, **kw)  # type: ignore[attr-defined]
