"""Metric detail view: every field of one metric, readable and editable, with its trend chart.

The tables show what fits in a cell; this screen shows the rest (unit,
direction, period, target date, conventions, long texts) and edits long texts
in multi-line boxes. The goal is chosen from the profile's goals, with an
explicit "new goal", so a typo cannot create a goal by accident. The screen
returns a validated copy of the metric (and the new goal's title, if any); the
workbench applies it as one undoable edit.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, TextArea

from metricsmith.formatting import format_quantity, number_text
from metricsmith.models.metric import CATEGORIES, Conventions, Metric
from metricsmith.models.profile import parse_number
from metricsmith.models.tables import KIND_LABELS
from metricsmith.tui.chart import trend_lines
from metricsmith.tui.widgets import AppTexts, Plain, PlainLabel

#: One-line fields: (metric attribute, string key of the label).
LINE_FIELDS = (
    ("name", "f_name"),
    ("unit", "f_unit"),
    ("period", "f_period"),
    ("target_date", "f_target_date"),
    ("start_date", "f_start_date"),
    ("baseline", "f_baseline"),
    ("target", "f_target"),
    ("owner", "f_owner"),
    ("owner_role", "f_owner_role"),
    ("data_source", "f_data_source"),
)
#: Multi-line texts.
TEXT_FIELDS = (
    ("formula", "f_formula"),
    ("why", "f_why"),
    ("where_used", "f_where_used"),
    ("example", "f_example"),
    ("plan", "f_plan"),
    ("comment", "f_comment"),
    ("target_rationale", "f_target_rationale"),
    ("reason", "f_reason"),
)
NUMBERS = frozenset({"baseline", "target"})
DATES = frozenset({"target_date", "start_date"})
NEW_GOAL = "\x00new"  # the Select value of "new goal" (never a goal title)
NO_GOAL = ""


class DetailError(ValueError):
    """A field's text cannot be read; ``field`` names it for the message."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(text)
        self.field = field


def read_line(attr: str, text: str) -> object:
    """The value of a one-line field from what was typed (numbers and dates in human forms)."""
    text = text.strip()
    if attr in NUMBERS:
        if not text:
            return None
        number = parse_number(text)
        if number is None:
            raise DetailError(attr, text)
        return number
    if attr in DATES:
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise DetailError(attr, text) from None
    return text


def line_text(metric: Metric, attr: str) -> str:
    value = getattr(metric, attr)
    if value is None:
        return ""
    if attr in NUMBERS:
        return number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def history_lines(metric: Metric, lang: str, currency: str = "") -> list[str]:
    """The recorded values, newest first: date, period, value with unit, note."""
    out = []
    for o in reversed(metric.history):
        parts = [o.date.isoformat(), o.period, format_quantity(o.value, metric.unit, lang, currency), o.note]
        out.append("  ".join(p for p in parts if p))
    return out


class MetricDetailScreen(AppTexts, ModalScreen[tuple[Metric, str | None] | None]):
    """All fields of one metric; Ctrl+S saves, Esc closes without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", show=False, priority=True),
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    def __init__(self, metric: Metric, goals: list[str], currency: str = "") -> None:
        super().__init__()
        self.metric = metric
        self.goals = goals
        self.currency = currency

    def compose(self) -> ComposeResult:
        lang = self.lang
        m = self.metric
        with Vertical(classes="dialog wide", id="detail"):
            yield Plain(f"{m.name}", classes="dialog-title", id="detail-title")
            with VerticalScroll(id="detail-body"):
                chart = trend_lines(
                    [(o.date, o.value) for o in m.history], baseline=m.baseline, target=m.target,
                    target_date=m.target_date, width=60, height=5,
                    number=lambda v: number_text(round(v, 2)),
                )
                legend = self.tr("chart_legend")
                yield Plain("\n".join(chart + [legend]) if chart else self.tr("chart_empty"), id="detail-chart")
                history = history_lines(m, lang, self.currency)
                yield Plain(
                    self.tr("history_title", n=len(history)) + ("\n" + "\n".join(history[:12]) if history else ""),
                    id="detail-history", classes="muted",
                )
                yield PlainLabel(self.tr("f_goal"))
                options = [(g, g) for g in self.goals]
                if m.goal and m.goal not in self.goals:
                    options.insert(0, (m.goal, m.goal))
                options.append((self.tr("new_goal"), NEW_GOAL))
                yield Select(options, value=m.goal or Select.BLANK, id="d-goal", compact=True,
                             prompt=self.tr("no_goal"))
                yield Input(placeholder=self.tr("new_goal_title"), id="d-new-goal", compact=True)
                yield PlainLabel(self.tr("f_kind"))
                kinds = KIND_LABELS.get(lang, KIND_LABELS["en"])
                yield Select([(kinds[k], k) for k in ("leading", "lagging")], value=m.kind, id="d-kind",
                             allow_blank=False, compact=True)
                yield PlainLabel(self.tr("f_direction"))
                yield Select([(self.tr("dir_up"), "up"), (self.tr("dir_down"), "down")], value=m.direction,
                             id="d-direction", allow_blank=False, compact=True)
                yield PlainLabel(self.tr("f_category"))
                yield Select([(self.tr("cat_" + c), c) for c in CATEGORIES], value=m.category, id="d-category",
                             allow_blank=False, compact=True)
                for attr, label in LINE_FIELDS:
                    yield PlainLabel(self.tr(label))
                    yield Input(line_text(m, attr), id=f"d-{attr}", compact=True)
                for attr, label in TEXT_FIELDS:
                    yield PlainLabel(self.tr(label))
                    yield TextArea(getattr(m, attr), id=f"d-{attr}", classes="multiline", compact=True,
                                   soft_wrap=True)
                yield PlainLabel(self.tr("f_conventions"))
                for name in Conventions.model_fields:
                    value = getattr(m.conventions, name)
                    yield Input(value or "", placeholder=name, id=f"d-conv-{name}", compact=True,
                                tooltip=name)
            with Horizontal(classes="buttons"):
                yield Button(self.tr("save"), variant="primary", id="save", compact=True)
                yield Button(self.tr("cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#d-new-goal", Input).display = False
        self.query_one("#d-name", Input).focus(scroll_visible=False)  # the chart stays in view at the top

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "d-goal":
            box = self.query_one("#d-new-goal", Input)
            box.display = event.value == NEW_GOAL
            if box.display:
                box.focus()

    def result(self) -> tuple[Metric, str | None]:
        """The edited metric, validated; raises :class:`DetailError` naming the first bad field."""
        data = self.metric.model_dump()
        for attr, _ in LINE_FIELDS:
            data[attr] = read_line(attr, self.query_one(f"#d-{attr}", Input).value)
        for attr, _ in TEXT_FIELDS:
            data[attr] = self.query_one(f"#d-{attr}", TextArea).text
        for attr in ("kind", "direction", "category"):
            data[attr] = self.query_one(f"#d-{attr}", Select).value
        new_goal: str | None = None
        goal = self.query_one("#d-goal", Select).value
        if goal == NEW_GOAL:
            new_goal = " ".join(self.query_one("#d-new-goal", Input).value.split())
            if not new_goal:
                raise DetailError("goal", "")
            data["goal"] = new_goal
            if new_goal in self.goals:
                new_goal = None
        else:
            data["goal"] = goal if isinstance(goal, str) else NO_GOAL
        conventions = {}
        for name in Conventions.model_fields:
            text = self.query_one(f"#d-conv-{name}", Input).value.strip()
            conventions[name] = text or None
        data["conventions"] = conventions
        if not data["name"]:
            raise DetailError("name", "")
        try:
            return Metric.model_validate(data), new_goal
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise DetailError(where, str(first.get("input", ""))) from None

    def action_save(self) -> None:
        try:
            result = self.result()
        except DetailError as exc:
            self.notify(self.tr("bad_field", field=exc.field, text=str(exc)), severity="error")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
