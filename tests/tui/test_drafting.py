"""Drafting: offline with the real engine, cancelling a blocked run, LLM failures and their fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from metricsmith.io.profile_file import load_profile
from metricsmith.io.project_file import load_project, save_project
from metricsmith.models.project import Project


@pytest.fixture
def answered(tmp_path: Path, profiles_dir: Path) -> Path:
    """A project whose interview is answered (from a shipped profile) but not drafted yet."""
    path = tmp_path / "answered.json"
    project = Project(profile=load_profile(profiles_dir / "saas_b2b_en.yaml"), interview_step=9)
    save_project(project, path)
    return path


async def test_draft_with_the_real_offline_engine(answered: Path, rules_stub) -> None:  # type: ignore[no-untyped-def]
    from metricsmith.config import Settings
    from metricsmith.tui.app import MetricsmithApp

    app = MetricsmithApp(answered, settings=Settings(engine="offline", language="en"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewScreen"
        assert app.screen.step == 9
        await pilot.press("ctrl+d")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkbenchScreen"
        assert 3 <= len(app.project.metrics) <= 9
    saved = load_project(answered)
    assert saved.metrics and saved.profile.business.name == "Ledgerly"
    assert saved.engine.name == "offline"


async def test_progress_steps_are_shown(answered: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    async with h.hanging_draft(answered) as (app, pilot, engine):
        await pilot.pause()
        await pilot.pause()
        steps = str(app.screen.query_one("#steps").render())
        assert "▶ Choosing the metric set" in steps
        engine.release.set()
        await h.settle(pilot)
        assert type(app.screen).__name__ == "WorkbenchScreen"


async def test_cancel_drafting_returns_to_interview_with_nothing_lost(answered: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    before = answered.read_text(encoding="utf-8")
    async with h.hanging_draft(answered) as (app, pilot, engine):
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewScreen"
        assert app.screen.step == 9
        engine.release.set()  # the abandoned run finishes; its result must be discarded
        await h.settle(pilot)
        assert type(app.screen).__name__ == "InterviewScreen"
        assert app.project.metrics == []
        assert app.project.profile.business.name == "Ledgerly"
        assert any("cancelled" in m for m in h.messages(app))
    assert answered.read_text(encoding="utf-8") == before


async def test_llm_failure_notifies_and_falls_back(answered: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    offline = h.FakeEngine()
    app = h.make_app(answered, engine=h.FailingEngine(), offline=offline)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.show_drafting()
        await h.settle(pilot)
        assert type(app.screen).__name__ == "WorkbenchScreen"
        notes = h.messages(app)
        assert any("connection refused" in m and "offline catalog" in m for m in notes)
        assert [m.id for m in app.project.metrics] == ["call_to_deal", "nrr", "ttv"]
        assert sum("connection refused" in m for m in notes) == 1  # notified once, not again as a notice
    # the saved project says why it was drafted offline (the notification alone fades away)
    saved = load_project(answered)
    assert saved.notices and "connection refused" in saved.notices[0].message
    assert saved.notices[0].level == "warning"


async def test_engine_notices_become_notifications(answered: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    app = h.make_app(answered, engine=h.NoticeEngine())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.show_drafting()
        await h.settle(pilot)
        assert any("model output invalid" in m for m in h.messages(app))
        assert type(app.screen).__name__ == "WorkbenchScreen"


async def test_engine_bug_is_reported_not_fatal(answered: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    class Broken(h.FakeEngine):
        def propose(self, profile, *, progress=lambda s, m: None):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    app = h.make_app(answered, engine=Broken())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.show_drafting()
        await h.settle(pilot)
        assert type(app.screen).__name__ == "InterviewScreen"
        assert any("boom" in m for m in h.messages(app))


async def test_quitting_right_after_drafting_is_clean(answered: Path, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    """Screens swapped and the app closed in quick succession must not crash (no late title update)."""
    app = h.make_app(answered)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.show_drafting()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the switch to the workbench races the exit below
    assert app.return_code in (0, None)
    assert load_project(answered).interview_step == 9


# --- a real LLM engine against a model server that never answers ---------------------------------
def _llm_app(path: Path, url: str):  # type: ignore[no-untyped-def]
    """The app with its real engine factory, drafting with the LLM engine at ``url`` (a long timeout)."""
    from metricsmith.config import Settings
    from metricsmith.tui.app import MetricsmithApp

    settings = Settings(engine="llm", provider="openai-compatible", model="tiny-model", base_url=url, cache=False,
                        timeout=120, language="en")
    return MetricsmithApp(path, settings=settings)


async def _until(event) -> bool:  # type: ignore[no-untyped-def]
    """Wait for a server-side ``threading.Event`` without blocking the app's event loop."""
    import asyncio

    return await asyncio.to_thread(event.wait, 10)


async def _joined(thread) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``thread`` ends within a few seconds, waited for without blocking the app's event loop."""
    import asyncio

    await asyncio.to_thread(thread.join, 5)
    return not thread.is_alive()


async def test_cancel_closes_the_model_connection(answered: Path, loopback, h, rules_stub) -> None:  # type: ignore[no-untyped-def]
    import threading

    server = loopback(lambda m, p, b: None)
    app = _llm_app(answered, server.url)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.show_drafting()
        await pilot.pause()
        assert await _until(server.hanging)
        drafts = [t for t in threading.enumerate() if t.name == "metricsmith-_draft"]
        assert len(drafts) == 1

        await pilot.press("escape")

        assert await _until(server.disconnected)  # the server sees the client go, long before the timeout
        assert await _joined(drafts[0])  # the worker thread ended too: nothing keeps waiting
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewScreen"
        assert not any("failed" in m for m in h.messages(app))  # a cancel is not reported as an error
    assert len(server.requests) == 1


async def test_quit_during_an_llm_draft_closes_the_connection_at_once(answered: Path, loopback) -> None:  # type: ignore[no-untyped-def]
    import time

    server = loopback(lambda m, p, b: None)
    app = _llm_app(answered, server.url)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.show_drafting()
        await pilot.pause()
        assert await _until(server.hanging)
        pressed = time.monotonic()
        await pilot.press("ctrl+q")
    quit_took = time.monotonic() - pressed
    assert app.return_code == 0
    assert server.disconnected.wait(5)  # closed by quitting, not by the 120 s timeout
    assert not server.release.is_set()  # the model never answered: nothing waited for it
    assert quit_took < 1.0, quit_took
