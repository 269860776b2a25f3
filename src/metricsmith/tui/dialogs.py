"""Small modal dialogs: a form of text inputs, a yes/no question, a list to choose from.

Each returns its result through ``dismiss`` so the calling screen uses
``push_screen(dialog, callback)``. A form takes a validator: when it raises a
:class:`MetricsmithError` the dialog stays open with a notification, so bad
input is corrected in place instead of being lost.
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from metricsmith.tui.widgets import Plain, PlainLabel, literal
from metricsmith.errors import MetricsmithError

Validator = Callable[[list[str]], None]


class FormDialog(ModalScreen[list[str] | None]):
    """One or more labelled inputs; Enter submits, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str]],
        *,
        ok: str = "OK",
        cancel: str = "Cancel",
        validate: Validator | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.ok_label = ok
        self.cancel_label = cancel
        self.validate = validate
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.title_text, classes="dialog-title")
            for i, (label, value) in enumerate(self.fields):
                yield PlainLabel(label)
                yield Input(value=value, id=f"field-{i}", compact=True)
            if self.note:
                yield Plain(self.note, classes="muted")
            with Horizontal(classes="buttons"):
                yield Button(self.ok_label, variant="primary", id="ok", compact=True)
                yield Button(self.cancel_label, id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#field-0", Input).focus()

    def values(self) -> list[str]:
        return [self.query_one(f"#field-{i}", Input).value for i in range(len(self.fields))]

    def submit(self) -> None:
        values = self.values()
        if self.validate is not None:
            try:
                self.validate(values)
            except MetricsmithError as exc:
                self.notify(exc.message, severity="error")
                return
        self.dismiss(values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = int((event.input.id or "field-0").split("-")[1])
        if index + 1 < len(self.fields):
            self.query_one(f"#field-{index + 1}", Input).focus()
        else:
            self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


#: Answers in either language: y/д (yes, да) and n/н (no, нет).
YES_KEYS = frozenset("yYдД")
NO_KEYS = frozenset("nNнН")


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: Enter and Esc give the safe answer (no) unless "yes" is focused.

    Answers are read from the typed character rather than the key name, so
    ``y``/``д`` and ``n``/``н`` work whichever layout the keyboard is in.
    """

    BINDINGS = [Binding("escape", "answer(False)", "No", show=False)]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.question, classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="warning", id="yes", compact=True)
                yield Button(self.no, id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            focused = self.focused
            self.dismiss(bool(focused is not None and focused.id == "yes"))
        elif event.character and event.character in YES_KEYS:
            event.stop()
            self.dismiss(True)
        elif event.character and event.character in NO_KEYS:
            event.stop()
            self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


def _folded(text: str) -> str:
    """Lower case with ё read as е, so a search matches however the name was typed."""
    return text.casefold().replace("ё", "е")


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one option from a list, narrowed by typing; Enter chooses, Esc cancels.

    Options are ``(key, label)`` or ``(key, label, also_matches)``: the third
    part holds words the search also matches (the name in the other language)
    without showing them. Keys are never shown, so internal ids stay internal.
    The order given is the ranking; filtering keeps it.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("down", "into_list", show=False),
    ]

    def __init__(self, title: str, options: list[tuple[str, ...]], *, placeholder: str = "", note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = [(o[0], o[1], _folded(" ".join(o[1:]))) for o in options]
        self.placeholder = placeholder
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Plain(self.title_text, classes="dialog-title")
            if self.note:
                yield Plain(self.note, classes="muted")
            yield Input(placeholder=self.placeholder, id="search", compact=True)
            yield OptionList(*self._matching(""), id="choices")

    def _matching(self, query: str) -> list[Option]:
        words = _folded(query).split()
        return [
            Option(literal(label), id=key)
            for key, label, haystack in self.options
            if all(w in haystack for w in words)
        ]

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        options = self.query_one("#choices", OptionList)
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter(event.value)

    def _refilter(self, query: str, *, keep_cursor: bool = False) -> None:
        options = self.query_one("#choices", OptionList)
        current = options.highlighted
        options.clear_options()
        options.add_options(self._matching(query))
        if options.option_count:
            options.highlighted = min(current, options.option_count - 1) if keep_cursor and current else 0

    def put_first(self, options: list[tuple[str, ...]]) -> None:
        """Add options at the top of the list (a suggestion that arrived later); a key already listed moves up."""
        keys = {o[0] for o in options}
        self.options = [(o[0], o[1], _folded(" ".join(o[1:]))) for o in options] + [
            o for o in self.options if o[0] not in keys
        ]
        self._refilter(self.query_one("#search", Input).value, keep_cursor=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#choices", OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_into_list(self) -> None:
        options = self.query_one("#choices", OptionList)
        if self.focused is not options and options.option_count:
            options.focus()
            options.highlighted = min((options.highlighted or 0) + 1, options.option_count - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
