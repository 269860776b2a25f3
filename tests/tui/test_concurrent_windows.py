"""Two windows (or a window and a ``compute`` run) on one project: nobody's edit is lost (issue 14, defect 4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input

from metricsmith.io.project_file import load_project, save_project


async def _edit_owner(app, pilot, metric_id: str, owner: str) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.tui import editing

    table = app.screen.query_one("#tracking-table", DataTable)
    table.move_cursor(row=table.get_row_index(metric_id), column=editing.TRACKING_COLUMNS.index("owner"))
    table.focus()
    await pilot.press("enter")
    await pilot.pause()
    app.screen.query_one("#field-0", Input).value = owner
    await pilot.press("enter")
    await pilot.pause()


async def test_a_check_in_saved_by_another_program_survives_the_windows_save(project_file: Path, h,
                                                                             rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        other = load_project(project_file)  # a compute run while the window is open
        other.metric("ttv").record_actual(7, dt.date(2026, 10, 31), period="2026-10")
        save_project(other, project_file)
        await _edit_owner(app, pilot, "nrr", "Zed")
        assert not [m for m in h.messages(app) if "Not saved" in m]
        assert app.project.metric("ttv").actual == 7  # the window now shows the merged project
    saved = load_project(project_file)
    assert saved.metric("nrr").owner == "Zed" and saved.metric("ttv").actual == 7


async def test_the_same_cell_changed_elsewhere_is_not_overwritten(project_file: Path, h,
                                                                  rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        other = load_project(project_file)  # a second window
        other.metric("nrr").owner = "Ana from the other window"
        save_project(other, project_file)
        await _edit_owner(app, pilot, "nrr", "Zed")
        assert any("Not saved" in m and "metrics[nrr].owner" in m for m in h.messages(app))
        assert app.project.metric("nrr").owner == "Zed"  # kept on screen, so it can be saved elsewhere
    assert load_project(project_file).metric("nrr").owner == "Ana from the other window"
