"""Export dialog for every format (files read back with real readers), and bad input that must not hurt."""

from __future__ import annotations

import csv
import errno
import json
import os
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from metricsmith.exporters import formats, get_format
from metricsmith.io.project_file import load_project


def read_back(fmt: str, paths: list[Path]) -> str:
    """All text of an export, read with the reader the format's users would use."""
    texts = []
    for path in paths:
        if fmt == "xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    texts.append(" ".join(str(c) for c in row if c is not None))
        elif fmt == "csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                texts.extend(" ".join(row) for row in csv.reader(handle))
        elif fmt == "json":
            texts.append(json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False))
        else:
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


async def open_export(pilot, app):  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert type(app.screen).__name__ == "ExportDialog"
    return app.screen


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "json"])
async def test_export_each_format(fmt: str, project_file: Path, tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    assert fmt in formats()
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one("#format", Select).value = fmt
        await pilot.pause()
        default = dialog.query_one("#path", Input).value
        assert Path(default).parent == project_file.parent  # default sits next to the project
        assert default.endswith(get_format(fmt).suffix)
        target = tmp_path / "out" / f"report{get_format(fmt).suffix}"
        dialog.query_one("#path", Input).value = str(target)
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"
    written = get_format(fmt).output_paths(target, "both")
    assert all(p.is_file() for p in written)
    text = read_back(fmt, written)
    assert "Net revenue retention" in text and "Time to value" in text
    assert load_project(project_file).metrics  # the project file is untouched by exports


async def test_export_asks_before_overwriting(project_file: Path, tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "exists.md"
    target.write_text("keep me", encoding="utf-8")
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one("#format", Select).value = "md"
        await pilot.pause()
        dialog.query_one("#path", Input).value = str(target)
        dialog.query_one("#export").press()
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "keep me"
        assert type(app.screen).__name__ == "ExportDialog"
        dialog.query_one("#export").press()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Net revenue retention" in target.read_text(encoding="utf-8")
        assert type(app.screen).__name__ == "WorkbenchScreen"


async def test_export_to_unwritable_path_notifies(project_file: Path, tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one("#path", Input).value = str(blocker / "report.md")
        dialog.query_one("#export").press()
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportDialog"  # still open: pick another path
        assert any("Export failed" in m for m in h.messages(app))


async def test_unreadable_project_file_notifies(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    app = h.make_app(broken)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert any("Cannot open" in m and "broken JSON" in m for m in h.messages(app))
        assert app.project is None
    assert broken.read_text(encoding="utf-8") == "{ not json"


async def test_open_errors_are_worded_in_the_ui_language(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.config import Settings

    app = h.make_app(tmp_path, settings=Settings(language="ru"))  # a folder, not a project file
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert f"Не удалось открыть проект: {tmp_path}: это папка, а нужен файл проекта" in h.messages(app)


async def test_new_project_in_unwritable_place_notifies(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "FormDialog"
        dialog.query_one("#field-0", Input).value = str(blocker / "p.json")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert any("Not saved" in m for m in h.messages(app))
        assert app.project is None


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
async def test_failed_save_keeps_last_good_file(code: int, project_file: Path, h, rules_stub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    from metricsmith.tui import editing

    before = project_file.read_bytes()
    app = h.make_app(project_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen

        def refuse(src, dst):  # type: ignore[no-untyped-def]
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "replace", refuse)
        table = screen.query_one("#tracking-table", DataTable)
        table.move_cursor(row=table.get_row_index("nrr"), column=editing.TRACKING_COLUMNS.index("owner"))
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-0", Input).value = "Zed"
        await pilot.press("enter")
        await pilot.pause()
        assert any("Not saved" in m for m in h.messages(app))
        assert app.project.metric("nrr").owner == "Zed"  # the edit stays on screen
        assert app.is_running
        monkeypatch.undo()
    assert project_file.read_bytes() == before
    assert not [p for p in project_file.parent.iterdir() if p.name.endswith(".tmp")]


async def test_settings_save_and_test_connection(h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys
    import tomllib
    import types

    from metricsmith.config import config_path

    fake = types.ModuleType("metricsmith.doctor")
    fake.run_checks = lambda settings: [  # type: ignore[attr-defined]
        {"name": "model", "ok": True, "message": f"{settings.provider} {settings.model} answered"}
    ]
    monkeypatch.setitem(sys.modules, "metricsmith.doctor", fake)
    monkeypatch.setenv("METRICSMITH_API_KEY", "sk-secret-never-saved")
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "SettingsScreen"
        screen.query_one("#engine", Select).value = "llm"
        screen.query_one("#provider", Select).value = "ollama"
        screen.query_one("#model", Input).value = "qwen2.5:7b"
        screen.query_one("#base_url", Input).value = "http://localhost:11434/v1"
        screen.query_one("#test").press()
        await h.settle(pilot)
        assert "ollama qwen2.5:7b answered" in str(screen.query_one("#check-results").render())
        screen.query_one("#save").press()
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert app.settings.engine == "llm" and app.settings.model == "qwen2.5:7b"
    text = config_path().read_text(encoding="utf-8")
    data = tomllib.loads(text)
    section = data.get("metricsmith", data)
    assert section["engine"] == "llm" and section["base_url"] == "http://localhost:11434/v1"
    assert "sk-secret" not in text and "api_key" not in section


async def check_connection_to_a_closed_port(pilot, app, h) -> str:  # type: ignore[no-untyped-def]
    """Open settings, point an LLM engine at a loopback port nobody listens on, press "test connection"."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    await pilot.pause()
    app.show_settings()
    await pilot.pause()
    screen = app.screen
    screen.query_one("#engine", Select).value = "llm"
    screen.query_one("#provider", Select).value = "openai-compatible"
    screen.query_one("#base_url", Input).value = f"http://127.0.0.1:{port}/v1"
    screen.query_one("#test").press()
    await h.settle(pilot)
    return str(screen.query_one("#check-results").render())


async def test_test_connection_with_the_real_doctor_reports_refusal(h) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        text = await check_connection_to_a_closed_port(pilot, app, h)
        assert text.startswith("✖") and "reachable" in text and "Testing" not in text
        assert app.is_running


async def test_export_formats_are_described_in_russian(tmp_path: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    """A Russian project sees the formats explained in Russian (the exporters' descriptions are English)."""
    from metricsmith.io.project_file import save_project
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "ru.json"
    save_project(Project(profile=Profile(language="ru"), metrics=h.sample_metrics()), path)
    app = h.make_app(path)
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await open_export(pilot, app)
        labels = {value: str(prompt) for prompt, value in dialog.query_one("#format", Select)._options}
        assert labels["md"].startswith("md — отчёт Markdown"), labels
        assert labels["xlsx"].startswith("xlsx — книга Excel"), labels
        english = {spec.description for spec in formats().values() if spec.description}
        assert not any(desc in label for label in labels.values() for desc in english), labels


async def test_test_connection_speaks_the_screen_language(tmp_path: Path, h) -> None:  # type: ignore[no-untyped-def]
    """In a Russian project the doctor's check names are Russian, whatever the language setting says."""
    from metricsmith.io.project_file import save_project
    from metricsmith.models.profile import Profile
    from metricsmith.models.project import Project

    path = tmp_path / "ru.json"
    save_project(Project(profile=Profile(language="ru")), path)
    app = h.make_app(path)
    async with app.run_test(size=(100, 32)) as pilot:
        text = await check_connection_to_a_closed_port(pilot, app, h)
        assert text.startswith("✖ сервер доступен"), text
        assert "пропущено" in text and "skipped" not in text, text
