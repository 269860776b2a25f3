"""Export dialog: pick a format and a path (default next to the project), confirm overwrites.

The writing itself is :func:`metricsmith.exporters.export_project`; this
dialog only collects the choices and turns errors into notifications, staying
open so the user can pick another path.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select

from metricsmith.tui.widgets import AppTexts, Plain, PlainLabel
from metricsmith.errors import MetricsmithError
from metricsmith.tui.dialogs import ConfirmDialog


def format_label(name: str, description: str, lang: str) -> str:
    """``name — description`` in the UI language.

    The exporters' own descriptions are written for ``metricsmith export --help``
    and name command-line options, so the dialog uses its own texts; a format
    added later without one shows its name only.
    """
    from metricsmith.tui.strings import has_text, tr

    key = f"format_{name}"
    return f"{name} — {tr(lang, key)}" if has_text(key) else name


class ExportDialog(AppTexts, ModalScreen[list[Path] | None]):
    """Format, table and path; Enter exports, Esc closes."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self._auto_path = ""

    def compose(self) -> ComposeResult:
        from metricsmith.exporters import formats

        names = [(format_label(spec.name, spec.description, self.lang), spec.name) for spec in formats().values()]
        first = names[0][1] if names else "md"
        with Vertical(classes="dialog wide"):
            yield Plain(self.tr("export_title"), classes="dialog-title")
            yield PlainLabel(self.tr("format"))
            yield Select(names, value=first, allow_blank=False, compact=True, id="format")
            yield PlainLabel(self.tr("table"))
            yield Select(
                [(self.tr(f"table_{t}"), t) for t in ("both", "tracking", "value")],
                value="both",
                allow_blank=False,
                compact=True,
                id="table",
            )
            yield PlainLabel(self.tr("path"))
            yield Input(id="path", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(self.tr("export"), variant="primary", id="export", compact=True)
                yield Button(self.tr("cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self._set_default_path()
        self.query_one("#format", Select).focus()

    def _default_path(self, fmt: str) -> str:
        from metricsmith.exporters import default_path

        app = self.ms_app
        source = app.project_path or (app.project.profile.business.name or "metrics")
        return str(default_path(source, fmt))

    def _set_default_path(self) -> None:
        path_input = self.query_one("#path", Input)
        if path_input.value and path_input.value != self._auto_path:
            return  # the user typed a path: keep it
        self._auto_path = self._default_path(str(self.query_one("#format", Select).value))
        path_input.value = self._auto_path

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "format":
            self._set_default_path()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.start_export()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def start_export(self) -> None:
        from metricsmith.exporters import get_format

        fmt = str(self.query_one("#format", Select).value)
        table = str(self.query_one("#table", Select).value)
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.notify(self.tr("empty_path"), severity="error")
            return
        path = Path(text).expanduser()
        try:
            planned = get_format(fmt).output_paths(path, table, self.ms_app.project)  # type: ignore[arg-type]
            existing = [p for p in planned if p.exists()]
        except MetricsmithError as exc:
            self.notify(self.tr("export_failed", error=exc.one_line(self.lang)), severity="error")
            return
        if existing:
            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.do_export(fmt, path, table)

            names = ", ".join(str(p) for p in existing)
            self.app.push_screen(ConfirmDialog(self.tr("overwrite", path=names), self.tr("yes"), self.tr("no")), confirmed)
            return
        self.do_export(fmt, path, table)

    def do_export(self, fmt: str, path: Path, table: str) -> None:
        from metricsmith.exporters import export_project

        app = self.ms_app
        try:
            written = export_project(
                app.project,
                fmt,
                path,
                table=table,  # type: ignore[arg-type]
                source=app.project_path,
            )
        except MetricsmithError as exc:
            self.notify(self.tr("export_failed", error=exc.one_line(self.lang)), severity="error", timeout=10)
            return
        app.notify(self.tr("exported", path=", ".join(str(p) for p in written)), timeout=5)
        self.dismiss(written)
