"""The workbench driven through Pilot: edit cells, replace, apply suggestions, record actuals, reorder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable

from metricsmith.io.project_file import load_project
from metricsmith.tui import editing


async def open_workbench(pilot, app):  # type: ignore[no-untyped-def]
    await pilot.pause()
    assert type(app.screen).__name__ == "WorkbenchScreen"
    return app.screen


def put_cursor(screen, table_id: str, metric_id: str, column: str) -> DataTable:  # type: ignore[no-untyped-def]
    table = screen.query_one(f"#{table_id}", DataTable)
    columns = editing.TRACKING_COLUMNS if table_id == "tracking-table" else editing.VALUE_COLUMNS
    table.move_cursor(row=table.get_row_index(metric_id), column=columns.index(column), animate=False)
    table.focus()
    return table


async def test_opening_a_drafted_project_shows_tables_and_badges(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        table = screen.query_one("#tracking-table", DataTable)
        assert table.row_count == 3
        row = table.get_row("calls")
        assert row[0] == "⚠1"  # the stub flags "Calls made"
        assert table.get_row("nrr")[0] == ""
        value = screen.query_one("#value-table", DataTable)
        assert value.get_row("nrr")[editing.VALUE_COLUMNS.index("formula")] == "MRR now / MRR 12 months ago"


async def test_edit_cell_enter_type_enter(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        table = put_cursor(screen, "tracking-table", "nrr", "actual")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        await pilot.press(*"109 %", "enter")
        await pilot.pause()
        assert app.project.metric("nrr").actual == 109.0
        status_col = editing.TRACKING_COLUMNS.index("status")
        assert str(table.get_row("nrr")[status_col]) == "achieved"
        # Esc cancels an edit: nothing changes.
        put_cursor(screen, "tracking-table", "nrr", "owner")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Zed", "escape")
        await pilot.pause()
        assert app.project.metric("nrr").owner == "Anna"
    saved = load_project(project_file)
    assert saved.metric("nrr").actual == 109.0
    assert saved.metric("nrr").owner == "Anna"


async def test_edit_renaming_reruns_rules(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        table = put_cursor(screen, "value-table", "calls", "metric")
        await pilot.press("enter")
        await pilot.pause()
        dialog_input = app.screen.query_one("#field-0")
        dialog_input.value = ""
        await pilot.press(*"Deals closed", "enter")
        await pilot.pause()
        assert app.project.metric("calls").name == "Deals closed"
        assert app.project.findings == []  # the stub no longer flags it
        assert table.get_row("calls")[0] == ""


async def test_bad_number_keeps_dialog_open(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "nrr", "target")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-0").value = "lots"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        assert any("not a number" in m for m in h.messages(app))
        assert app.project.metric("nrr").target == 108.0


async def test_status_column_is_read_only(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "nrr", "status")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"
        assert any("computed" in m for m in h.messages(app))


async def test_replace_flagged_metric_via_engine(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    engine = h.FakeEngine()
    app = h.make_app(project_file, engine=engine)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "calls", "metric")
        await pilot.press("r")
        await h.settle(pilot)
        assert engine.replaced == [["calls"]]
        # the engine's pick heads a list the user chooses from; nothing is replaced yet
        assert type(app.screen).__name__ == "ChoiceDialog"
        assert app.project.metrics[0].id == "calls"
        await pilot.press("enter")
        await pilot.pause()
        # baseline and target of "Calls made" do not fit a conversion rate: the user is told and asked
        assert type(app.screen).__name__ == "ConfirmDialog"
        question = str(app.screen.query_one(".dialog-title").render())
        assert "Baseline (before) 100" in question and "Target (after) 150" in question, question
        await pilot.press("y")
        await pilot.pause()
        ids = [m.id for m in app.project.metrics]
        assert ids == ["call_to_deal", "nrr", "ttv"]
        new = app.project.metric("call_to_deal")
        assert new.goal == "Grow sales" and new.owner == "Anna"  # carried over from the replaced metric
        assert app.project.findings == []
        assert screen.query_one("#tracking-table", DataTable).get_row("call_to_deal")[0] == ""
    assert [m.id for m in load_project(project_file).metrics] == ["call_to_deal", "nrr", "ttv"]


async def test_replace_llm_failure_falls_back(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    offline = h.FakeEngine()
    app = h.make_app(project_file, engine=h.FailingEngine(), offline=offline)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "calls", "metric")
        await pilot.press("r")
        await h.settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert offline.replaced == [["calls"]]
        assert any("connection refused" in m for m in h.messages(app))
        # the notification names what was taken from the catalog: the replacement, not a whole draft
        assert any("replacement comes from the offline catalog" in m for m in h.messages(app)), h.messages(app)
        assert not any("drafted with" in m for m in h.messages(app))
        assert app.project.metrics[0].id == "call_to_deal"


async def test_apply_suggestion_from_findings_tab(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.catalog import load_catalog

    entry = load_catalog().get(h.SUGGESTED)
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        screen.query_one("#tabs").active = "findings"
        await pilot.pause()
        findings = screen.query_one("#findings-table", DataTable)
        findings.focus()
        detail = str(screen.query_one("#finding-detail").render())
        assert "activity-as-value" in detail and "call-to-deal conversion" in detail
        await pilot.press("f")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"  # baseline and target would be dropped
        await pilot.press("д")  # yes, in the Russian layout
        await pilot.pause()
        first = app.project.metrics[0]
        assert first.catalog_id == h.SUGGESTED and first.name == entry.name.en
        assert first.goal == "Grow sales"
        assert app.project.findings == []
        assert "No findings" in str(screen.query_one("#finding-detail").render())


async def test_record_actual_dialog(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "ttv", "actual")
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#field-1").value == dt.date.today().isoformat()
        await pilot.press(*"9", "enter")  # value, then Enter moves to the date
        dialog.query_one("#field-1").value = "2026-10-31"
        await pilot.press("enter", "enter")  # date, then period (optional)
        await pilot.press(*"late data", "enter")  # comment
        await pilot.pause()
        metric = app.project.metric("ttv")
        assert metric.actual == 9.0
        assert [(o.date, o.value, o.note) for o in metric.history] == [(dt.date(2026, 10, 31), 9.0, "late data")]
        status = screen.query_one("#tracking-table", DataTable).get_row("ttv")[editing.TRACKING_COLUMNS.index("status")]
        assert str(status) == "at risk"  # 12 → 9 of the way to 5: less than half
    assert load_project(project_file).metric("ttv").history[0].value == 9.0


async def test_record_actual_rejects_bad_date(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "ttv", "actual")
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-0").value = "9"
        app.screen.query_one("#field-1").value = "31.10.2026x"
        app.screen.query_one("#ok").press()
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        assert app.project.metric("ttv").history == []


async def test_add_delete_and_move(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "value-table", "nrr", "metric")
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["nrr", "calls", "ttv"]
        await pilot.press("ctrl+down", "ctrl+down")
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["calls", "ttv", "nrr"]
        # add the blank metric (first option) after the current one
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChoiceDialog"
        await pilot.press("enter")
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["calls", "ttv", "nrr", "metric"]
        assert app.project.metric("metric").goal == "Grow sales"
        # delete it again, answering the confirmation
        put_cursor(screen, "value-table", "metric", "metric")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["calls", "ttv", "nrr"]
    assert [m.id for m in load_project(project_file).metrics] == ["calls", "ttv", "nrr"]


async def test_palette_lists_workbench_actions(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        titles = {c.title for c in app.get_system_commands(screen)}
        for expected in ("Add", "Delete", "Replace", "Apply suggestion", "Check-in", "Export", "Edit", "Settings", "Details", "Undo", "Help"):
            assert expected in titles


async def test_usable_at_80x24(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        table = screen.query_one("#tracking-table", DataTable)
        assert table.region.height >= 5 and table.region.width >= 70
        for theme in ("textual-light", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            assert table.get_row("calls")[0] == "⚠1"


async def test_command_palette_runs_an_action(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_workbench(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Export")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportDialog"


async def test_every_screen_offers_palette_commands(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        welcome = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New project", "Open project", "Settings", "Language"} <= welcome
        app.new_project(tmp_path / "p.json")
        await pilot.pause()
        interview = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Next", "Back", "Skip", "Draft", "Language"} <= interview


async def test_language_switch_relabels_the_workbench(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        table = screen.query_one("#tracking-table", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert "Цель" in labels and "Статус" in labels
        assert table.get_row("nrr")[editing.TRACKING_COLUMNS.index("kind")] == "запаздывающая"
        assert table.get_row("calls")[0] == "⚠1"
    assert load_project(project_file).profile.language == "ru"


async def test_mouse_click_on_cell_and_tab(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        await pilot.click("#tabs Tab#--content-tab-findings")
        await pilot.pause()
        assert screen.active_tab() == "findings"
        await pilot.click("#tabs Tab#--content-tab-tracking")
        await pilot.pause()
        table = screen.query_one("#tracking-table", DataTable)
        region = table.region
        # the first click on the metric name of the "nrr" row moves the cursor there,
        # a click on the cell under the cursor opens its editor
        x = sum(col.get_render_width(table) for col in list(table.columns.values())[: editing.TRACKING_COLUMNS.index("metric")])
        y = 1 + table.get_row_index("nrr")
        await pilot.click(table, offset=(x + 1, y))
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"
        assert screen.current_metric().id == "nrr"
        await pilot.click(table, offset=(x + 1, y))
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        assert app.screen.query_one("#field-0").value == "Net revenue retention"
        await pilot.click("#cancel")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"
        assert region.width > 0


async def test_an_edited_cell_widens_its_column(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    """A value longer than the column's widest cell is shown whole, not cut to the old width."""
    app = h.make_app(project_file)
    async with app.run_test(size=(160, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        table = put_cursor(screen, "tracking-table", "nrr", "owner")
        before = table.columns["owner"].get_render_width(table)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Alexandra Konstantinopolskaya", "enter")
        await pilot.pause()
        assert app.project.metric("nrr").owner == "Alexandra Konstantinopolskaya"
        width = table.columns["owner"].get_render_width(table)
        assert width > before
        assert width >= len("Alexandra Konstantinopolskaya")


async def test_record_actual_notice_writes_the_number_the_russian_way(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    """The confirmation shows «12,5 %» in a Russian project (it used to say «12.5»)."""
    from metricsmith.io.project_file import save_project
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "ru.json"
    save_project(Project(profile=Profile(language="ru", goals=["Grow sales"]), metrics=h.sample_metrics()), path)
    app = h.make_app(path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "nrr", "actual")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"12,5", "enter", "enter", "enter", "enter")
        await pilot.pause()
        assert app.project.metric("nrr").actual == 12.5
        assert any(m.startswith("Записано 12,5\u00a0%") for m in h.messages(app)), h.messages(app)


async def test_brackets_in_user_text_are_shown_literally(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    """Rich markup in names or comments (``[/]``, ``[red]``) must neither crash the render nor vanish."""
    from textual.widgets import Static

    project = load_project(project_file)
    project.profile.business.name = "Shop [/] one"
    project.metrics[1].name = "NRR [red]net[/red] [/]"
    project.metrics[1].comment = "see [b]"
    from metricsmith.io.project_file import save_project

    save_project(project, project_file)
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        table = screen.query_one("#tracking-table", DataTable)
        shown = table.get_row("nrr")[editing.TRACKING_COLUMNS.index("metric")]
        rendered = table._get_row_renderables(table.get_row_index("nrr")).cells
        assert "[red]net[/red] [/]" in "".join(str(c) for c in rendered)
        assert shown.endswith("[/]")
        summary = screen.query_one("#wb-summary", Static)
        assert "Shop [/] one" in str(summary.render())
        app.notify("a [/] notice")
        await pilot.pause()


async def test_a_delete_redraws_only_what_changed(project_file: Path, h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Rows below move up in both tables (never a rebuild); the findings' detail and tab keep their text untouched.

    The findings change with the delete (a set-level one counts the metrics), so their table is
    rebuilt; the finding under its cursor is the same, and a rebuild must not redraw its detail.
    """
    import metricsmith.api as api
    from metricsmith.models.project import Finding

    def audit(project):  # type: ignore[no-untyped-def]
        project.findings = [
            Finding(rule="activity-as-value", severity="warning", metric_id="calls", message="counts effort"),
            Finding(rule="set-size", severity="info", message=f"{len(project.metrics)} metrics"),
        ]
        return project.findings

    monkeypatch.setattr(api, "audit_project", audit)
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_workbench(pilot, app)
        tables = [screen.query_one(f"#{name}", DataTable) for name in ("tracking-table", "value-table")]
        redrawn: list[str] = []
        for table in tables:
            table.clear = lambda *a, _id=table.id, **k: redrawn.append(f"{_id} cleared")  # type: ignore[method-assign]
        detail = screen.query_one("#finding-detail")
        update = detail.update
        detail.update = lambda *a, **k: (redrawn.append("detail"), update(*a, **k))  # type: ignore[method-assign]
        label_before = str(screen.query_one("#tabs").get_tab("findings").label)

        assert screen.commit(lambda: editing.delete_metric(app.project, "nrr"))
        await pilot.pause()

        assert [str(row.value) for row in tables[0].rows] == ["calls", "ttv"]
        assert [str(row.value) for row in tables[1].rows] == ["calls", "ttv"]
        assert redrawn == []
        assert str(screen.query_one("#tabs").get_tab("findings").label) == label_before
        for table in tables:
            del table.clear  # an insertion (the undo) rebuilds
        await pilot.press("u")  # and undo brings it back where it was
        await pilot.pause()
        assert [str(row.value) for row in tables[0].rows] == ["calls", "nrr", "ttv"]
