"""Workbench: both tables, the findings and the profile, editable from the keyboard.

Every change goes through :mod:`metricsmith.tui.editing` (what the change
means), then :meth:`WorkbenchScreen.after_edit` re-runs the rules, saves the
project and re-renders. Re-rendering updates only the cells that changed, so a
keystroke stays cheap with hundreds of metrics.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from metricsmith.engines.base import close_engine
from metricsmith.errors import EngineError, MetricsmithError
from metricsmith.formatting import format_quantity
from metricsmith.interview import QUESTIONS, read_answer
from metricsmith.models.metric import Metric
from metricsmith.models.project import Finding, Project
from metricsmith.models.tables import tracking_order
from metricsmith.tui import editing
from metricsmith.tui.app import LanguageChanged, ProjectReloaded
from metricsmith.tui.dialogs import ChoiceDialog, ConfirmDialog, FormDialog
from metricsmith.tui.keys import KeySpec, LocalisedKeys, bindings
from metricsmith.tui.undo import UndoStack, snapshot
from metricsmith.tui.widgets import AppTexts, Plain, TitleBar, cell

KEYS: tuple[KeySpec, ...] = (
    KeySpec("enter", "edit_current", "edit"),
    KeySpec("d", "details", "details", footer=True),
    KeySpec("a", "add", "add", footer=True),
    KeySpec("x,delete", "delete", "delete"),
    KeySpec("r", "replace", "replace", footer=True),
    KeySpec("n", "check_in", "check_in", footer=True),
    KeySpec("u,ctrl+z", "undo", "undo", footer=True),
    KeySpec("ctrl+y,U", "redo", "redo"),
    KeySpec("e", "export", "export", footer=True),
    KeySpec("f", "apply_suggestion", "apply"),
    KeySpec("ctrl+up", "move(-1)", "move_up"),
    KeySpec("ctrl+down", "move(1)", "move_down"),
    KeySpec("1", "tab('tracking')", "tab_tracking"),
    KeySpec("2", "tab('value')", "tab_value"),
    KeySpec("3", "tab('findings')", "tab_findings"),
    KeySpec("4", "tab('profile')", "tab_profile"),
    KeySpec("right_square_bracket", "next_tab(1)", "next_tab"),
    KeySpec("left_square_bracket", "next_tab(-1)", "prev_tab"),
    KeySpec("i", "interview", "to_interview"),
    KeySpec("ctrl+s", "app.save_as", "save_as"),
    KeySpec("f2", "settings", "settings"),
    KeySpec("ctrl+l", "language", "language"),
)
TABS = ("tracking", "value", "findings", "profile")

CELL_WIDTH = 40
#: Narrower columns so that the metric name is visible at 80 columns.
NARROW = {"goal": 22, "comment": 30}
SEVERITY_ICON = {"error": "✖", "warning": "⚠", "info": "ℹ"}


def _status_cell(metric: Metric, today: dt.date | None, label: str):  # -> rich.text.Text
    """The status label in its band's colour (the same colours as the HTML report's badges)."""
    from rich.text import Text

    from metricsmith.models.tables import derive_status
    from metricsmith.tracking.texts import STATUS_COLOURS

    return Text(label, style=f"bold {STATUS_COLOURS.get(derive_status(metric, today), '')}".strip())


def _short(text: str, width: int = CELL_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_deletion(old: list[str], new: list[str]) -> bool:
    """Whether ``new`` is ``old`` with some rows removed and the rest in the same order."""
    if len(new) >= len(old):
        return False
    kept = set(new)
    return [k for k in old if k in kept] == new


class WorkbenchScreen(LocalisedKeys, AppTexts, Screen[None]):
    """Tables, findings and profile of the open project."""

    KEYS = KEYS
    BINDINGS = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.history = UndoStack()
        self._cell_cache: dict[tuple[str, str], tuple[Metric, tuple[object, ...], tuple[str, ...]]] = {}
        self._candidates: dict[str, Metric] = {}  # the replacement list's metrics by option key
        self._rows: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._rules_warned = False
        self._texts: dict[str, str] = {}
        self.today: dt.date | None = None  # tests may pin the date

    # --- helpers ---------------------------------------------------------------------
    @property
    def project(self) -> Project:
        project = self.ms_app.project
        assert project is not None, "the workbench is shown only with an open project"
        return project

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="workbench"):
            yield Plain(id="wb-summary", classes="muted")
            with TabbedContent(initial="tracking", id="tabs"):
                with TabPane(self.tr("tab_tracking"), id="tracking"):
                    yield DataTable(id="tracking-table", cursor_type="cell", zebra_stripes=True)
                with TabPane(self.tr("tab_value"), id="value"):
                    yield DataTable(id="value-table", cursor_type="cell", zebra_stripes=True)
                with TabPane(self.tr("tab_findings"), id="findings"):
                    yield DataTable(id="findings-table", cursor_type="row", zebra_stripes=True)
                    yield Plain(id="finding-detail", classes="detail")
                with TabPane(self.tr("tab_profile"), id="profile"):
                    with VerticalScroll():
                        yield Plain(id="profile-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._run_rules()  # findings stored in the file may predate the rules or the last edit
        self._setup_columns()
        self.refresh_views()
        self.query_one("#tracking-table", DataTable).focus()

    def _setup_columns(self) -> None:
        for table_id, name, columns in (
            ("tracking-table", "tracking", editing.TRACKING_COLUMNS),
            ("value-table", "value", editing.VALUE_COLUMNS),
        ):
            table = self.query_one(f"#{table_id}", DataTable)
            table.clear(columns=True)
            for col in columns:
                table.add_column(editing.header(name, col, self.lang), key=col)
            self._rows[name] = []
        findings = self.query_one("#findings-table", DataTable)
        findings.clear(columns=True)
        findings.add_column("!", key="severity")
        findings.add_column(self.tr("rule"), key="rule")
        findings.add_column(editing.header("tracking", "metric", self.lang), key="metric")
        findings.add_column(self.tr("message"), key="message")

    # --- rendering --------------------------------------------------------------------
    def _cells(self, table: str, m: Metric, columns: tuple[str, ...], widths: dict[str, int],
               currency: str = "") -> tuple[str, ...]:
        """A row's cells (badge excluded), reused while the metric object is the same one.

        Edits never change a metric in place (:func:`editing.change_metric` puts a
        changed copy in its place), so an unchanged object means unchanged cells,
        and an edit re-formats one row instead of all of them.
        """
        key = (table, m.id)
        stamp = (self.lang, self.today, currency)
        cached = self._cell_cache.get(key)
        if cached is not None and cached[0] is m and cached[1] == stamp:
            return cached[2]
        lang, today = self.lang, self.today
        cells = tuple(
            _status_cell(m, today, _short(editing.cell_text(m, col, lang, today, currency), widths.get(col, CELL_WIDTH)))
            if col == "status" else
            _short(editing.cell_text(m, col, lang, today, currency), widths.get(col, CELL_WIDTH))
            for col in columns[1:]
        )
        self._cell_cache[key] = (m, stamp, cells)
        return cells

    def _tracking_data(self) -> list[tuple[str, tuple[str, ...]]]:
        by = editing.findings_by_metric(self.project)
        currency = self.project.profile.monetisation.currency
        out = []
        for m in tracking_order(self.project):
            cells = self._cells("tracking", m, editing.TRACKING_COLUMNS, NARROW, currency)
            out.append((m.id, (editing.badge(by.get(m.id, [])), *cells)))
        return out

    def _value_data(self) -> list[tuple[str, tuple[str, ...]]]:
        by = editing.findings_by_metric(self.project)
        return [
            (m.id, (editing.badge(by.get(m.id, [])), *self._cells("value", m, editing.VALUE_COLUMNS, {})))
            for m in self.project.metrics
        ]

    def _sync(self, name: str, table: DataTable, columns: tuple[str, ...], data: list[tuple[str, tuple[str, ...]]]) -> None:
        """Bring ``table`` in line with ``data``, touching only changed cells when rows are the same."""
        old = self._rows.get(name, [])
        old_keys, new_keys = [k for k, _ in old], [k for k, _ in data]
        if old_keys != new_keys and _is_deletion(old_keys, new_keys):
            # a delete: drop those rows instead of rebuilding 200 of them
            gone = set(old_keys) - set(new_keys)
            for key in gone:
                table.remove_row(key)
            old = [(k, cells) for k, cells in old if k not in gone]
            old_keys = new_keys
        if old_keys == new_keys:
            for (key, before), (_, after) in zip(old, data):
                if before != after:
                    for col, a, b in zip(columns, before, after):
                        if a != b:
                            table.update_cell(key, col, cell(b), update_width=True)
        else:
            current = self._current_key(table)
            coordinate = table.cursor_coordinate
            table.clear()
            for key, cells in data:
                table.add_row(*map(cell, cells), key=key)
            if current is not None and any(k == current for k, _ in data):
                row = table.get_row_index(current)
                table.move_cursor(row=row, column=coordinate.column, animate=False)
        self._rows[name] = data

    def refresh_views(self) -> None:
        """Re-render tables, findings, summary and profile from the project."""
        self._sync("tracking", self.query_one("#tracking-table", DataTable), editing.TRACKING_COLUMNS, self._tracking_data())
        self._sync("value", self.query_one("#value-table", DataTable), editing.VALUE_COLUMNS, self._value_data())
        self._refresh_findings()
        self._refresh_summary()
        self._refresh_profile()

    def _refresh_findings(self) -> None:
        table = self.query_one("#findings-table", DataTable)
        names = {m.id: m.name for m in self.project.metrics}
        rows = []
        for i, f in enumerate(self.project.findings):
            metric = names.get(f.metric_id or "", f.goal or self.tr("set_level"))
            rows.append((str(i), (SEVERITY_ICON.get(f.severity, "·"), f.rule, _short(metric, 30), _short(f.message, 60))))
        if rows == self._rows.get("findings"):
            return
        cursor = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*map(cell, cells), key=key)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)
        self._rows["findings"] = rows
        self._show_finding_detail()
        count = len(self.project.findings)
        label = f"{self.tr('tab_findings')} ({count})" if count else self.tr("tab_findings")
        if self._texts.get("tab:findings") != label:  # a new label costs a layout pass: only when it changes
            self._texts["tab:findings"] = label
            try:
                self.query_one("#tabs", TabbedContent).get_tab("findings").label = label
            except Exception:  # noqa: BLE001 - the label is cosmetic
                pass

    def _show_finding_detail(self) -> None:
        finding = self.current_finding()
        if finding is None:
            self._set_text("#finding-detail", self.tr("no_findings") if not self.project.findings else "")
            return
        lines = [f"{SEVERITY_ICON.get(finding.severity, '')} {finding.rule}: {finding.message}"]
        if finding.suggestion:
            lines.append(f"{self.tr('finding_suggestion')}: {finding.suggestion}")
        if finding.suggestion_catalog_id:
            lines.append(f"[f] {self.tr('apply')} → {finding.suggestion_catalog_id}")
        # the findings table re-highlights its row after every rebuild: an unchanged text costs no layout pass
        self._set_text("#finding-detail", "\n".join(lines))

    def _refresh_summary(self) -> None:
        errors = sum(1 for f in self.project.findings if f.severity == "error")
        warnings = sum(1 for f in self.project.findings if f.severity == "warning")
        name = self.ms_app.project_name()
        path = self.ms_app.project_path
        parts = [name, self.tr("n_metrics", n=len(self.project.metrics)), f"✖{errors} ⚠{warnings}"]
        if path is not None and path.name != name:
            parts.append(path.name)
        self._set_text("#wb-summary", " · ".join(parts))

    def _refresh_profile(self) -> None:
        lines = []
        profile = self.project.profile
        for q in QUESTIONS:
            lines.append(q.text(self.lang))
            answer = read_answer(profile, q.id)
            for field in q.fields:
                value = answer.get(field.path, "")
                if value:
                    lines.append(f"  {field.label(self.lang)}: {value}")
            lines.append("")
        self._set_text("#profile-text", "\n".join(lines))

    def _set_text(self, selector: str, text: str) -> None:
        """Update a Static only when its text changes (an update costs a layout pass)."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            # the summary is one line high whatever it says: no layout pass for the whole screen
            self.query_one(selector, Static).update(text, layout=selector != "#wb-summary")

    # --- cursor helpers ---------------------------------------------------------------
    @staticmethod
    def _current_key(table: DataTable) -> str | None:
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - empty or stale cursor
            return None

    def active_tab(self) -> str:
        return self.query_one("#tabs", TabbedContent).active or "tracking"

    def current_metric(self) -> Metric | None:
        tab = self.active_tab()
        if tab in ("tracking", "value"):
            key = self._current_key(self.query_one(f"#{tab}-table", DataTable))
        elif tab == "findings":
            finding = self.current_finding()
            key = finding.metric_id if finding else None
        else:
            key = None
        if key is None:
            return None
        try:
            return self.project.metric(key)
        except KeyError:
            return None

    def current_finding(self) -> Finding | None:
        table = self.query_one("#findings-table", DataTable)
        if table.row_count == 0:
            return None
        index = table.cursor_row
        if 0 <= index < len(self.project.findings):
            return self.project.findings[index]
        return None

    def focus_metric(self, metric_id: str) -> None:
        tab = self.active_tab()
        if tab not in ("tracking", "value"):
            return
        table = self.query_one(f"#{tab}-table", DataTable)
        try:
            row = table.get_row_index(metric_id)
        except Exception:  # noqa: BLE001
            return
        table.move_cursor(row=row, animate=False)

    # --- edits ------------------------------------------------------------------------
    def _run_rules(self) -> None:
        error = editing.run_rules(self.project)
        if error and not self._rules_warned:
            self._rules_warned = True
            self.notify(self.tr("rules_unavailable", error=error), severity="warning")

    def after_edit(self) -> None:
        """Rules, save, re-render: called after every change to the project."""
        self._run_rules()
        self.ms_app.save()
        self.refresh_views()

    def commit(self, change: Callable[[], object]) -> bool:
        """Apply ``change`` as one undoable edit, then rules, save and re-render.

        When ``change`` raises :class:`MetricsmithError` (a value that cannot be
        read) the user is told, and neither the project nor the undo stack changes;
        when it returns ``False`` nothing changed and nothing is recorded.
        """
        before = snapshot(self.project)
        try:
            if change() is False:  # nothing to do (a move at the end of the list)
                return False
        except MetricsmithError as exc:
            self.notify(exc.message, severity="error")
            return False
        self.history.done.append(before)
        del self.history.done[: -self.history.depth]
        self.history.undone.clear()
        self.after_edit()
        return True

    def action_undo(self) -> None:
        if self.history.undo(self.project):
            self.after_edit()
            self.notify(self.tr("undone"), timeout=2)
        else:
            self.notify(self.tr("nothing_to_undo"), timeout=2)

    def action_redo(self) -> None:
        if self.history.redo(self.project):
            self.after_edit()
            self.notify(self.tr("redone"), timeout=2)
        else:
            self.notify(self.tr("nothing_to_redo"), timeout=2)

    def edit_cell(self, table_name: str, metric_id: str, column: str) -> None:
        if column in editing.READ_ONLY_COLUMNS:
            self.notify(self.tr("not_editable"), severity="warning")
            return
        if column == "goal":
            self.edit_goal(metric_id)
            return
        metric = self.project.metric(metric_id)
        lang = self.lang

        def validate(values: list[str]) -> None:
            editing.apply_edit(metric.model_copy(deep=True), column, values[0], lang)

        def done(values: list[str] | None) -> None:
            if values is None:
                return
            self.commit(lambda: editing.change_metric(
                self.project, metric_id, lambda m: editing.apply_edit(m, column, values[0], lang)))

        title = self.tr("edit_title", column=editing.header(table_name, column, lang), metric=metric.name)
        self.app.push_screen(
            FormDialog(
                title,
                [(editing.header(table_name, column, lang), editing.edit_text(metric, column, lang))],
                ok=self.tr("save"),
                cancel=self.tr("cancel"),
                validate=validate,
                note=self.tr("long_text_note") if column in editing.LONG_TEXT_COLUMNS else "",
            ),
            done,
        )

    def edit_goal(self, metric_id: str) -> None:
        """Pick the metric's goal from the profile's goals, or name a new one explicitly."""
        metric = self.project.metric(metric_id)
        goals = editing.goal_titles(self.project)
        options = [(f"goal:{i}", title) for i, title in enumerate(goals)] + [("new", self.tr("new_goal"))]

        def set_goal(title: str, new: bool) -> None:
            def change() -> None:
                if new:
                    editing.add_goal(self.project, title)
                editing.change_metric(self.project, metric_id, lambda m: setattr(m, "goal", title))

            self.commit(change)

        def named(values: list[str] | None) -> None:
            title = " ".join((values or [""])[0].split())
            if title:
                set_goal(title, title not in goals)

        def chosen(key: str | None) -> None:
            if key is None:
                return
            if key == "new":
                self.app.push_screen(
                    FormDialog(self.tr("new_goal"), [(self.tr("new_goal_title"), "")], ok=self.tr("save"),
                               cancel=self.tr("cancel")),
                    named,
                )
            else:
                set_goal(goals[int(key.split(":")[1])], False)

        title = self.tr("edit_title", column=editing.header("tracking", "goal", self.lang), metric=metric.name)
        self.app.push_screen(ChoiceDialog(title, options, placeholder=self.tr("search")), chosen)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        table_id = event.data_table.id or ""
        if table_id not in ("tracking-table", "value-table"):
            return
        event.stop()
        name = table_id.removesuffix("-table")
        self.edit_cell(name, str(event.cell_key.row_key.value), str(event.cell_key.column_key.value))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "findings-table":
            self._show_finding_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "findings-table":
            event.stop()
            self.action_apply_suggestion()

    def _need_metric(self) -> Metric | None:
        metric = self.current_metric()
        if metric is None:
            self.notify(self.tr("no_metric"), severity="warning")
        return metric

    def action_details(self) -> None:
        """Every field of the current metric, with its trend; saving is one undoable edit."""
        from metricsmith.tui.detail import MetricDetailScreen

        metric = self._need_metric()
        if metric is None:
            return
        metric_id = metric.id

        def done(result: tuple[Metric, str | None] | None) -> None:
            if result is None:
                return
            edited, new_goal = result

            def change() -> None:
                if new_goal:
                    editing.add_goal(self.project, new_goal)
                editing.change_metric(self.project, metric_id, lambda m: editing.copy_fields(edited, m))

            self.commit(change)

        self.app.push_screen(
            MetricDetailScreen(metric, editing.goal_titles(self.project), self.project.profile.monetisation.currency),
            done,
        )

    def action_add(self) -> None:
        from metricsmith.catalog.extra import active_catalog

        current = self.current_metric()
        lang = self.lang
        try:
            catalog = list(active_catalog())
        except Exception as exc:  # noqa: BLE001 - a broken catalog still allows a blank metric
            self.notify(str(exc), severity="warning")
            catalog = []
        used = {m.catalog_id for m in self.project.metrics}
        options: list[tuple[str, ...]] = [("", self.tr("add_blank"))] + [
            (e.id, e.name.get(lang), e.name.get("en" if lang == "ru" else "ru")) for e in catalog if e.id not in used
        ]

        def done(choice: str | None) -> None:
            if choice is None:
                return
            if choice:
                from metricsmith.catalog.extra import active_catalog as _load

                metric = editing.metric_from_catalog(_load().get(choice), self.project, lang)
            else:
                metric = editing.blank_metric(self.project, lang)
            if current is not None and not metric.goal:
                metric.goal = current.goal
            if self.commit(lambda: editing.add_metric(self.project, metric, current.id if current else None)):
                self.focus_metric(metric.id)
                self.notify(self.tr("added", name=metric.name), timeout=3)

        self.app.push_screen(ChoiceDialog(self.tr("add_title"), options, placeholder=self.tr("search")), done)

    def action_delete(self) -> None:
        metric = self._need_metric()
        if metric is None:
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if self.commit(lambda: editing.delete_metric(self.project, metric.id)):
                self.notify(self.tr("deleted", name=metric.name), timeout=3)

        self.app.push_screen(ConfirmDialog(self.tr("confirm_delete", name=metric.name), self.tr("yes"), self.tr("no")), done)

    def action_move(self, delta: int) -> None:
        metric = self._need_metric()
        if metric is None:
            return
        if self.commit(lambda: editing.move_metric(self.project, metric.id, delta)):
            self.focus_metric(metric.id)

    def action_check_in(self) -> None:
        """A check-in: value, date, period and a comment, recorded in the metric's history."""
        metric = self._need_metric()
        if metric is None:
            return
        lang = self.lang
        metric_id = metric.id
        today = self.today or dt.date.today()

        def validate(values: list[str]) -> None:
            editing.record_actual(metric.model_copy(deep=True), values[0], values[1], lang)

        def done(values: list[str] | None) -> None:
            if values is None:
                return
            recorded: list[tuple[float, dt.date]] = []

            def change(m: Metric) -> None:
                recorded.append(editing.record_actual(m, values[0], values[1], lang, period=values[2], note=values[3]))

            if self.commit(lambda: editing.change_metric(self.project, metric_id, change)):
                value, on = recorded[0]
                shown = format_quantity(value, metric.unit, lang, self.project.profile.monetisation.currency)
                self.notify(self.tr("recorded", value=shown, date=on.isoformat()), timeout=3)

        unit = f" ({metric.unit})" if metric.unit else ""
        self.app.push_screen(
            FormDialog(
                f"{self.tr('check_in')} — {metric.name}",
                [
                    (self.tr("actual_value") + unit, ""),
                    (self.tr("actual_date"), today.isoformat()),
                    (self.tr("actual_period"), editing.default_period(metric, today)),
                    (self.tr("actual_note"), ""),
                ],
                ok=self.tr("save"),
                cancel=self.tr("cancel"),
                validate=validate,
            ),
            done,
        )

    def action_record_actual(self) -> None:
        self.action_check_in()

    def _confirm_replacement(self, old_id: str, new: Metric, how: Callable[[], Metric]) -> None:
        """Replace at once when nothing recorded would be lost; otherwise say what will be dropped first."""
        old = self.project.metric(old_id)
        lost = editing.dropped_values(old, new, self.lang, self.project.profile.monetisation.currency)

        def go() -> None:
            replaced: list[Metric] = []
            if self.commit(lambda: replaced.append(how())):
                self.focus_metric(replaced[0].id)
                kept = editing.same_measure(old, new) and (old.baseline is not None or old.history)
                key = "replaced_kept" if kept else "replaced"
                self.notify(self.tr(key, old=old.name, new=replaced[0].name), timeout=4)

        if not lost:
            go()
            return
        question = self.tr("confirm_replace", old=old.name, new=new.name, lost=", ".join(lost))
        self.app.push_screen(ConfirmDialog(question, self.tr("yes"), self.tr("no")), lambda yes: go() if yes else None)

    def action_apply_suggestion(self) -> None:
        finding: Finding | None
        if self.active_tab() == "findings":
            finding = self.current_finding()
        else:
            metric = self.current_metric()
            found = self.project.findings_for(metric.id) if metric else []
            finding = next((f for f in found if f.suggestion_catalog_id), None)
        if finding is None or not finding.suggestion_catalog_id or not finding.metric_id:
            self.notify(self.tr("no_suggestion"), severity="warning")
            return
        from metricsmith.catalog.extra import active_catalog

        try:
            entry = active_catalog().get(finding.suggestion_catalog_id)
            self.project.metric(finding.metric_id)
        except (MetricsmithError, KeyError) as exc:
            self.notify(str(exc), severity="error")
            return
        new = editing.metric_from_catalog(entry, self.project, self.lang)
        old_id = finding.metric_id
        self._confirm_replacement(old_id, new, lambda: editing.replace_metric(self.project, old_id, new))

    # --- replace: the engine's pick first, then the catalog, searchable ---------------
    def action_replace(self) -> None:
        """The ranked list opens at once; the engine's own pick joins it at the top when it arrives."""
        metric = self._need_metric()
        if metric is None:
            return
        dialog = self.offer_replacements(metric.id)
        if dialog is not None:
            self._suggest_replacement(dialog, metric.id, self.project.model_copy(deep=True),
                                      self.project.findings_for(metric.id))

    @work(exclusive=True, group="replace", exit_on_error=False)
    async def _suggest_replacement(self, dialog: ChoiceDialog, metric_id: str, project_copy: Project,
                                   findings: list[Finding]) -> None:
        """Ask the engine for its pick in a background thread (an LLM may be slow) while the list is open."""
        from metricsmith.tui.background import in_thread

        app = self.ms_app
        fallback: str | None = None
        new: list[Metric] = []
        engine = app.make_engine()
        try:
            try:
                new = await in_thread(engine.replace, project_copy, [metric_id], findings)
            except EngineError as exc:
                fallback = exc.one_line(self.lang)
                new = await in_thread(app.make_engine(offline=True).replace, project_copy, [metric_id], findings)
        except MetricsmithError as exc:
            self.notify(self.tr("replace_failed", error=exc.one_line(self.lang)), severity="error")
        finally:  # answered, failed, or cancelled by the next replacement or by quitting: the client goes
            close_engine(engine)
        if fallback:
            self.notify(self.tr("llm_failed_replace", error=fallback), severity="warning", timeout=10)
        if new and dialog.is_attached:  # still open: the pick goes to the top of the list
            dialog.put_first([self._replacement_option(metric_id, "engine:0", new[0])])

    def _replacement_option(self, old_id: str, key: str, m: Metric) -> tuple[str, ...]:
        old = self.project.metric(old_id)
        other = "en" if self.lang == "ru" else "ru"
        also = editing.catalog_name(m.catalog_id, other) if m.catalog_id else ""
        mark = f"  · {self.tr('same_measure')}" if editing.same_measure(old, m) else ""
        kind = editing.cell_text(m, "kind", self.lang)
        self._candidates[key] = m
        return (key, f"{m.name}  ({kind}){mark}", also)

    def offer_replacements(self, old_id: str) -> ChoiceDialog | None:
        """The ranked, searchable list of replacements; choosing one replaces (after a confirmation when data would be lost)."""
        try:
            old = self.project.metric(old_id)
        except KeyError:
            return None
        self._candidates = {}
        options = [self._replacement_option(old_id, key, m)
                   for key, m in editing.replacement_candidates(self.project, old, self.lang)]
        candidates = self._candidates

        def chosen(key: str | None) -> None:
            if key is None or key not in candidates:
                return
            new = candidates[key]
            self._confirm_replacement(old_id, new, lambda: editing.replace_metric(self.project, old_id, new))

        dialog = ChoiceDialog(self.tr("replace_title", name=old.name), options, placeholder=self.tr("search"),
                              note=self.tr("replace_note"))
        self.app.push_screen(dialog, chosen)
        return dialog

    # --- navigation -------------------------------------------------------------------
    def action_tab(self, name: str) -> None:
        self.query_one("#tabs", TabbedContent).active = name
        self._focus_tab(name)

    def action_next_tab(self, delta: int) -> None:
        current = TABS.index(self.active_tab()) if self.active_tab() in TABS else 0
        self.action_tab(TABS[(current + delta) % len(TABS)])

    def _focus_tab(self, name: str) -> None:
        target = {"tracking": "#tracking-table", "value": "#value-table", "findings": "#findings-table"}.get(name)
        if target:
            self.query_one(target, DataTable).focus()

    def action_edit_current(self) -> None:
        """Enter where the table does not take it itself (the palette, the tab bar): edit the current cell."""
        focused = self.focused
        tab = focused.id.removesuffix("-table") if isinstance(focused, DataTable) and focused.id else self.active_tab()
        if tab == "findings":
            self.action_apply_suggestion()
            return
        if tab not in ("tracking", "value"):
            return
        table = self.query_one(f"#{tab}-table", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        self.edit_cell(tab, str(key.row_key.value), str(key.column_key.value))

    def action_export(self) -> None:
        from metricsmith.tui.export import ExportDialog

        self.app.push_screen(ExportDialog())

    def action_settings(self) -> None:
        self.ms_app.show_settings()

    def action_interview(self) -> None:
        self.ms_app.show_interview(0, return_to_workbench=True)

    def action_language(self) -> None:
        self.ms_app.set_language("en" if self.lang == "ru" else "ru")

    def on_language_changed(self, message: LanguageChanged) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        for pane_id, key in (("tracking", "tab_tracking"), ("value", "tab_value"), ("profile", "tab_profile")):
            tabs.get_tab(pane_id).label = self.tr(key)
        self._run_rules()  # findings are worded in the project's language
        self._setup_columns()
        self._rows.pop("findings", None)
        self._texts.clear()
        self.refresh_views()

    def on_project_reloaded(self, message: ProjectReloaded) -> None:
        self.history = UndoStack()
        self._run_rules()
        self._texts.clear()
        self.refresh_views()
