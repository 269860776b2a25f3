"""With the real offline engine and the real rule layer: an activity metric typed in is flagged and fixed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from metricsmith.io.profile_file import load_profile
from metricsmith.io.project_file import load_project, save_project
from metricsmith.models.project import Project
from metricsmith.tui import editing



async def test_rename_to_activity_is_flagged_and_suggestion_applies(tmp_path: Path, profiles_dir: Path) -> None:
    from metricsmith.config import Settings
    from metricsmith.tui.app import MetricsmithApp

    path = tmp_path / "real.json"
    save_project(Project(profile=load_profile(profiles_dir / "home_services_en.yaml"), interview_step=9), path)
    app = MetricsmithApp(path, settings=Settings(engine="offline", language="en"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.show_drafting()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "WorkbenchScreen"
        target = app.project.metrics[0]
        before = [f.rule for f in app.project.findings_for(target.id)]
        assert "activity-as-value" not in before

        table = screen.query_one("#tracking-table", DataTable)
        table.move_cursor(row=table.get_row_index(target.id), column=editing.TRACKING_COLUMNS.index("metric"))
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-0", Input).value = "Number of calls made"
        await pilot.press("enter")
        await pilot.pause()
        flagged = [f for f in app.project.findings_for(target.id) if f.rule == "activity-as-value"]
        assert flagged, app.project.findings_for(target.id)
        assert table.get_row(target.id)[0].startswith(("⚠", "✖"))

        suggestion = next((f for f in flagged if f.suggestion_catalog_id), None)
        assert suggestion is not None, "the rule layer names a better catalog metric"
        await pilot.press("f")
        await pilot.pause()
        replaced = app.project.metrics[0]
        assert replaced.catalog_id == suggestion.suggestion_catalog_id
        assert not [f for f in app.project.findings_for(replaced.id) if f.rule == "activity-as-value"]
    assert load_project(path).metrics[0].catalog_id == suggestion.suggestion_catalog_id
