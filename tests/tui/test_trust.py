"""Issue 13 through Pilot: no silent loss, every field in reach, keys, help, languages, a UI that never blocks."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, TextArea

from metricsmith.io.project_file import load_project, save_project
from metricsmith.tui import editing

from .test_workbench import open_workbench, put_cursor


NPS_EN = "Net Promoter Score"


def option_labels(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    options = dialog.query_one("#choices", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


# --- confirmations ------------------------------------------------------------------------
async def test_enter_on_a_confirmation_is_the_safe_answer_and_both_layouts_answer(project_file: Path, h,
                                                                                  rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "nrr", "metric")
        await pilot.press("x")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"
        assert [m.id for m in app.project.metrics] == ["calls", "nrr", "ttv"]
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("н")  # «нет»
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["calls", "nrr", "ttv"]
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("д")  # «да»
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["calls", "ttv"]


# --- undo / redo --------------------------------------------------------------------------
async def test_undo_and_redo_a_delete_and_an_edit(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "nrr", "owner")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-0", Input).value = "Zed"
        await pilot.press("enter")
        await pilot.pause()
        put_cursor(screen, "tracking-table", "calls", "metric")
        await pilot.press("x", "y")
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["nrr", "ttv"]
        await pilot.press("u")
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["calls", "nrr", "ttv"]
        assert load_project(project_file).metric("calls").baseline == 100  # the undo is saved too
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.project.metric("nrr").owner == "Anna"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.project.metric("nrr").owner == "Zed"
        assert screen.query_one("#tracking-table", DataTable).get_row("nrr")[
            editing.TRACKING_COLUMNS.index("owner")] == "Zed"
    assert load_project(project_file).metric("nrr").owner == "Zed"


# --- replacement ----------------------------------------------------------------------------
async def test_replacement_list_is_searchable_in_both_languages_without_ids(project_file: Path, h,
                                                                            rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "calls", "metric")
        await pilot.press("r")
        await h.settle(pilot)
        dialog = app.screen
        labels = option_labels(dialog)
        assert labels[0].startswith("Call-to-deal conversion")  # the engine's pick first
        assert len(labels) > 20
        assert not any("(nps)" in label or "nps_" in label for label in labels)
        dialog.query_one("#search", Input).value = "лояльности"  # NPS by its Russian name
        await pilot.pause()
        labels = option_labels(dialog)
        assert any(label.startswith(NPS_EN) for label in labels) and len(labels) < 5, labels
        await pilot.press("escape")
        await pilot.pause()
        assert [m.id for m in app.project.metrics] == ["calls", "nrr", "ttv"]  # nothing chosen, nothing lost


async def test_replacing_with_the_same_measure_keeps_baseline_target_and_history(project_file: Path, h,
                                                                               rules_stub) -> None:  # type: ignore[no-untyped-def]
    project = load_project(project_file)
    project.metric("nrr").record_actual(101, dt.date(2026, 9, 30))
    project.metric("nrr").record_actual(103, dt.date(2026, 10, 31))
    save_project(project, project_file)

    class SameEngine(h.FakeEngine):
        def replace(self, project, metric_ids, findings, *, progress=lambda s, m: None):  # type: ignore[no-untyped-def]
            from metricsmith.models.metric import Metric

            return [Metric(id="nrr2", name="Net Revenue Retention", unit="%", formula="clearer formula")]

    app = h.make_app(project_file, engine=SameEngine())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "nrr", "metric")
        await pilot.press("r")
        await h.settle(pilot)
        assert "same measure" in option_labels(app.screen)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"  # nothing to lose: no question
        new = app.project.metrics[1]
        assert new.formula == "clearer formula"
        assert (new.baseline, new.target, [o.value for o in new.history]) == (98, 108, [101, 103])


# --- detail view ------------------------------------------------------------------------------
async def test_detail_view_edits_every_field_with_multiline_texts_and_a_new_goal(project_file: Path, h,
                                                                               rules_stub) -> None:  # type: ignore[no-untyped-def]
    project = load_project(project_file)
    project.metric("ttv").record_actual(9, dt.date(2026, 10, 31))
    save_project(project, project_file)
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "ttv", "metric")
        await pilot.press("d")
        await pilot.pause()
        detail = app.screen
        assert type(detail).__name__ == "MetricDetailScreen"
        chart = str(detail.query_one("#detail-chart").render())
        assert "█" in chart and "─" in chart and "┈" in chart  # a bar, the target and the baseline
        assert "9" in str(detail.query_one("#detail-history").render())
        assert detail.query_one("#d-unit", Input).value == "days"
        detail.query_one("#d-target_date", Input).value = "2027-03-31"
        detail.query_one("#d-unit", Input).value = "hours"
        detail.query_one("#d-formula", TextArea).text = "first value event − signup\nmedian over the month"
        from metricsmith.tui.detail import NEW_GOAL

        detail.query_one("#d-goal").value = NEW_GOAL
        await pilot.pause()
        detail.query_one("#d-new-goal", Input).value = "Happier customers"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"
        m = app.project.metric("ttv")
        assert (m.target_date, m.unit, m.goal) == (dt.date(2027, 3, 31), "hours", "Happier customers")
        assert m.formula == "first value event − signup\nmedian over the month"
        assert "Happier customers" in [g.title for g in app.project.profile.goals]
        assert [o.value for o in m.history] == [9]
        await pilot.press("u")  # one undo takes back the whole detail edit
        await pilot.pause()
        assert app.project.metric("ttv").unit == "days"
        assert "Happier customers" not in [g.title for g in app.project.profile.goals]


async def test_detail_view_refuses_a_bad_date_and_keeps_the_dialog(project_file: Path, h,
                                                                  rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "ttv", "metric")
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one("#d-target_date", Input).value = "next spring"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "MetricDetailScreen"
        assert any("next spring" in m for m in h.messages(app))
        assert app.project.metric("ttv").target_date is None


async def test_goal_cell_picks_an_existing_goal_instead_of_creating_one(project_file: Path, h,
                                                                       rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "calls", "goal")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChoiceDialog"
        assert option_labels(app.screen) == ["Grow sales", "Faster onboarding", "(new goal…)"]
        app.screen.query_one("#search", Input).value = "faster"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.project.metric("calls").goal == "Faster onboarding"
        assert [g.title for g in app.project.profile.goals] == ["Grow sales", "Faster onboarding"]


# --- keys, help, footer, tabs ------------------------------------------------------------
async def test_help_screen_on_f1_and_question_mark_in_russian(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "ru.json"
    save_project(Project(profile=Profile(language="ru", goals=["Grow sales"]), metrics=h.sample_metrics()), path)
    app = h.make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbench(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = str(app.screen.query_one("#help-keys").render())
        assert "Отменить" in text and "Детали" in text and "Выход" in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_footer_shows_the_most_used_keys_within_80_columns(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Footer

    for lang in ("en", "ru"):
        app = h.make_app(project_file)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_workbench(pilot, app)
            if lang == "ru":
                await pilot.press("ctrl+l")
                await pilot.pause()
                await pilot.pause()
            footer = app.screen.query_one(Footer)
            keys = [k for k in footer.query("FooterKey")]
            shown = {k.description for k in keys if k.region.width and k.region.right <= 80}
            expected = {"en": {"Details", "Add", "Replace", "Check-in", "Undo", "Export", "Quit", "Help"},
                        "ru": {"Детали", "Добавить", "Заменить", "Замер", "Отменить", "Экспорт", "Выход", "Справка"}}
            assert expected[lang] <= shown, (lang, shown)


async def test_tab_keys_switch_tabs(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        assert screen.active_tab() == "value"
        assert app.focused is screen.query_one("#value-table")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.active_tab() == "findings"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.active_tab() == "tracking"


async def test_palette_is_in_the_apps_language(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "ru.json"
    save_project(Project(profile=Profile(language="ru"), metrics=h.sample_metrics()), path)
    app = h.make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        titles = {c.title for c in app.get_system_commands(screen)}
        assert {"Детали", "Замер", "Отменить", "Справка", "Выход", "Тема"} <= titles
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & titles


async def test_ctrl_c_says_how_to_quit_without_markup(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbench(pilot, app)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert "Press Ctrl+Q to quit." in h.messages(app)
        assert not any("[b]" in m for m in h.messages(app))


# --- files -----------------------------------------------------------------------------------
async def test_conflicting_save_offers_save_as(project_file: Path, tmp_path: Path, h,
                                               rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        other = load_project(project_file)
        other.metric("nrr").owner = "Ana from the other window"
        save_project(other, project_file)
        put_cursor(screen, "tracking-table", "nrr", "owner")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-0", Input).value = "Zed"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConflictDialog"
        await pilot.press("enter")  # the focused, lossless choice: save as
        await pilot.pause()
        target = tmp_path / "mine.json"
        app.screen.query_one("#field-0", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.project_path == target
    assert load_project(target).metric("nrr").owner == "Zed"
    assert load_project(project_file).metric("nrr").owner == "Ana from the other window"


async def test_conflicting_save_can_reload_or_overwrite(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        other = load_project(project_file)
        other.metric("nrr").owner = "Ana"
        other.metric("nrr").target = 120
        save_project(other, project_file)
        put_cursor(screen, "tracking-table", "nrr", "target")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-0", Input).value = "111"
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#overwrite").press()
        await pilot.pause()
        assert load_project(project_file).metric("nrr").target == 111
        other = load_project(project_file)
        other.metric("nrr").target = 130
        save_project(other, project_file)
        screen = app.screen
        put_cursor(screen, "tracking-table", "nrr", "target")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-0", Input).value = "112"
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#reload").press()
        await pilot.pause()
        await pilot.pause()
        assert app.project.metric("nrr").target == 130
    assert load_project(project_file).metric("nrr").target == 130


# --- findings and derived texts -----------------------------------------------------------
async def test_findings_rerun_on_open_and_on_language_switch(project_file: Path, h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import metricsmith.api as api
    from metricsmith.models.project import Finding

    project = load_project(project_file)
    project.findings = [Finding(rule="stale", severity="error", metric_id="nrr", message="from an old version")]
    save_project(project, project_file)
    seen: list[str] = []

    def audit(project):  # type: ignore[no-untyped-def]
        seen.append(project.profile.language)
        project.findings = [Finding(rule="lang", severity="warning", metric_id="nrr",
                                    message="по-русски" if project.profile.language == "ru" else "in English")]
        return project.findings

    monkeypatch.setattr(api, "audit_project", audit)
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbench(pilot, app)
        assert [f.rule for f in app.project.findings] == ["lang"]
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        assert seen[-1] == "ru" and app.project.findings[0].message == "по-русски"


async def test_setting_a_baseline_drops_the_measure_first_advice_and_owner_role_follows(project_file: Path, h,
                                                                                      rules_stub) -> None:  # type: ignore[no-untyped-def]
    project = load_project(project_file)
    project.profile.people = [{"name": "Boris", "role": "Head of sales"}]  # type: ignore[list-item]
    m = project.metric("calls")
    m.baseline = None
    m.owner_role = "Customer success"
    m.comment = ("Measure first: the current “Calls made” over the last month (formula in the Value Management "
                 "table), then set the target. Review every month.")
    save_project(project, project_file)
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        for column, value in (("baseline", "90"), ("owner", "Boris")):
            put_cursor(screen, "tracking-table", "calls", column)
            await pilot.press("enter")
            await pilot.pause()
            app.screen.query_one("#field-0", Input).value = value
            await pilot.press("enter")
            await pilot.pause()
        m = app.project.metric("calls")
        assert m.comment == "Review every month."
        assert m.owner_role == "Head of sales"


# --- interview --------------------------------------------------------------------------------
async def test_esc_in_an_interview_opened_from_the_workbench_returns_there(project_file: Path, h,
                                                                          rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbench(pilot, app)
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"


async def test_draft_with_nothing_answered_asks_for_the_first_answer(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    engine = h.FakeEngine()
    app = h.make_app(None, engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.new_project(tmp_path / "new.json")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewScreen"
        assert app.project.metrics == []
        assert any("drafting needs it" in m for m in h.messages(app))


# --- never blocks -----------------------------------------------------------------------------
async def test_quit_during_a_hanging_draft_does_not_wait_for_the_model(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "p.json"
    save_project(Project(profile=Profile(language="en", first_value={"description": "invoice paid"})), path)
    async with h.hanging_draft(path, (80, 24)) as (app, pilot, engine):
        runners = [t for t in threading.enumerate() if t.name.startswith("metricsmith-")]
        # the model call runs in a daemon thread: interpreter exit does not join it
        assert runners and all(t.daemon for t in runners)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not engine.release.is_set()  # the app ended while the model still had not answered
    engine.release.set()


def test_export_formats_are_described_without_cli_options() -> None:
    from metricsmith.exporters import formats
    from metricsmith.tui.export import format_label

    for lang in ("en", "ru"):
        labels = [format_label(spec.name, spec.description, lang) for spec in formats().values()]
        assert any(label.startswith("csv — ") for label in labels)
        assert not any("--" in label for label in labels), labels


async def test_palette_search_prompt_is_localised(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from textual.command import CommandInput

    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "ru.json"
    save_project(Project(profile=Profile(language="ru"), metrics=h.sample_metrics()), path)
    app = h.make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbench(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Поиск команд…"


async def test_drafting_shows_elapsed_time_and_the_running_step(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "p.json"
    save_project(Project(profile=Profile(language="en", first_value={"description": "invoice paid"})), path)
    async with h.hanging_draft(path, (80, 24)) as (app, pilot, engine):
        await pilot.pause()
        app.screen.show_elapsed()  # the once-a-second refresh, called directly instead of waiting for it
        text = str(app.screen.query_one("#draft-elapsed").render())
        assert " s · Choosing the metric set" in text, text
        engine.release.set()
        await h.settle(pilot)


async def test_hints_name_the_ui_setting_not_a_cli_flag(project_file: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbench(pilot, app)
        app.notify("no answer within 10 s (raise --timeout, use a smaller model)")
        await pilot.pause()
        assert h.messages(app)[-1] == "no answer within 10 s (raise the Timeout setting (F2), use a smaller model)"
        app.show_settings()
        await pilot.pause()
        assert app.screen.query_one("#timeout", Input).value == "60"


async def test_ctrl_s_saves_the_project_under_another_name(project_file: Path, tmp_path: Path, h,
                                                          rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(project_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbench(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        assert app.screen.query_one("#field-0", Input).value.endswith("shop-2.json")
        app.screen.query_one("#field-0", Input).value = str(tmp_path / "copy.json")
        await pilot.press("enter")
        await pilot.pause()
        assert app.project_path == tmp_path / "copy.json"
    assert [m.id for m in load_project(tmp_path / "copy.json").metrics] == ["calls", "nrr", "ttv"]


async def test_replacement_list_opens_before_a_slow_engine_answers(project_file: Path, h,
                                                                   rules_stub) -> None:  # type: ignore[no-untyped-def]
    class SlowReplace(h.FakeEngine):
        def __init__(self) -> None:
            super().__init__()
            self.release = threading.Event()

        def replace(self, project, metric_ids, findings, *, progress=lambda s, m: None):  # type: ignore[no-untyped-def]
            self.release.wait(timeout=30)
            return super().replace(project, metric_ids, findings)

    engine = SlowReplace()
    app = h.make_app(project_file, engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot, app)
        put_cursor(screen, "tracking-table", "calls", "metric")
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChoiceDialog"  # usable while the engine thinks
        assert not option_labels(app.screen)[0].startswith("Call-to-deal conversion")
        engine.release.set()
        await h.settle(pilot)
        assert option_labels(app.screen)[0].startswith("Call-to-deal conversion")
