"""Fixtures for the TUI tests: fake engines, a deterministic rule stub, and app helpers.

The fake engines let tests control drafting precisely (block it, make it fail);
the rule stub flags metrics whose name says "calls" so that tests of "replace a
flagged metric" do not depend on the exact content of the real rule layer.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pytest

from metricsmith.errors import EngineError
from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile
from metricsmith.models.project import Finding, Notice, Project

SUGGESTED = "nps"  # a catalog id the stub suggests; checked to exist in the catalog by a test


def sample_metrics() -> list[Metric]:
    return [
        Metric(id="calls", name="Calls made", kind="lagging", unit="count", goal="Grow sales",
               owner="Anna", baseline=100, target=150, formula="count of calls", origin="fake"),
        Metric(id="nrr", name="Net revenue retention", kind="lagging", unit="%", goal="Grow sales",
               owner="Anna", baseline=98, target=108, formula="MRR now / MRR 12 months ago", origin="fake"),
        Metric(id="ttv", name="Time to value", kind="leading", unit="days", direction="down",
               goal="Faster onboarding", owner="Oleg", baseline=12, target=5, origin="fake"),
    ]


class FakeEngine:
    """Drafts the three sample metrics; replaces anything with 'Call-to-deal conversion'."""

    name = "fake"

    def __init__(self) -> None:
        self.replaced: list[list[str]] = []

    def propose(self, profile: Profile, *, progress=lambda s, m: None) -> Project:  # type: ignore[no-untyped-def]
        for step in ("metric_set", "tracking", "value"):
            progress(step, f"fake {step}")
        return Project(profile=profile, metrics=sample_metrics())

    def replace(self, project, metric_ids, findings, *, progress=lambda s, m: None):  # type: ignore[no-untyped-def]
        self.replaced.append(list(metric_ids))
        return [
            Metric(id="call_to_deal", name="Call-to-deal conversion", kind="lagging", unit="%",
                   baseline=8, target=12, origin="fake")
            for _ in metric_ids
        ]


class SlowEngine(FakeEngine):
    """Blocks inside ``propose`` until the test sets ``release``."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.release = threading.Event()

    def propose(self, profile: Profile, *, progress=lambda s, m: None) -> Project:  # type: ignore[no-untyped-def]
        progress("metric_set", "slow start")
        self.started.set()
        self.release.wait(timeout=30)
        progress("tracking", "after release")
        return Project(profile=profile, metrics=sample_metrics())


class FailingEngine(FakeEngine):
    """An LLM engine that cannot reach its server."""

    name = "llm"

    def propose(self, profile: Profile, *, progress=lambda s, m: None) -> Project:  # type: ignore[no-untyped-def]
        progress("metric_set", "calling the model")
        raise EngineError("connection refused", hint="is the server running?")

    def replace(self, project, metric_ids, findings, *, progress=lambda s, m: None):  # type: ignore[no-untyped-def]
        raise EngineError("connection refused")


class NoticeEngine(FakeEngine):
    """Drafts, but records that one step fell back to the catalog."""

    def propose(self, profile: Profile, *, progress=lambda s, m: None) -> Project:  # type: ignore[no-untyped-def]
        project = super().propose(profile, progress=progress)
        project.notices.append(Notice(level="warning", step="value", message="model output invalid; used the catalog"))
        return project


def stub_audit(project: Project) -> list[Finding]:
    """Flag 'calls' metrics as activity-as-value, suggesting a catalog metric."""
    project.findings = [
        Finding(rule="activity-as-value", severity="warning", metric_id=m.id,
                message="counts the team's effort, not the customer's result",
                suggestion="call-to-deal conversion", suggestion_catalog_id=SUGGESTED)
        for m in project.metrics if "calls" in m.name.lower()
    ]
    return project.findings


@pytest.fixture
def rules_stub(monkeypatch: pytest.MonkeyPatch) -> None:
    import metricsmith.api as api

    monkeypatch.setattr(api, "audit_project", stub_audit)


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    from metricsmith.io.project_file import save_project

    path = tmp_path / "shop.json"
    profile = Profile(language="en", business={"name": "Shop"}, goals=["Grow sales", "Faster onboarding"])
    save_project(Project(profile=profile, metrics=sample_metrics()), path)
    return path


def make_app(path: Path | None = None, engine=None, offline=None, settings=None):  # type: ignore[no-untyped-def]
    from metricsmith.config import Settings
    from metricsmith.tui.app import MetricsmithApp

    engine = engine or FakeEngine()
    offline = offline or FakeEngine()
    return MetricsmithApp(
        path,
        settings=settings or Settings(language="en"),
        engine_factory=lambda s: engine,
        offline_factory=lambda s: offline,
    )


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and the UI process what they posted."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


@contextlib.asynccontextmanager
async def hanging_draft(path: Path, size: tuple[int, int] = (100, 32)):  # type: ignore[no-untyped-def]
    """The app drafting the project at ``path`` with an engine that waits until released:
    yields (app, pilot, engine) once the engine has started."""
    engine = SlowEngine()
    app = make_app(path, engine=engine)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.show_drafting()
        await pilot.pause()
        assert engine.started.wait(timeout=10)
        yield app, pilot, engine


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


@pytest.fixture
def h():  # type: ignore[no-untyped-def]
    """The helpers above, as one object (test modules cannot import conftest directly)."""
    import types

    return types.SimpleNamespace(
        make_app=make_app,
        settle=settle,
        hanging_draft=hanging_draft,
        messages=messages,
        FakeEngine=FakeEngine,
        SlowEngine=SlowEngine,
        FailingEngine=FailingEngine,
        NoticeEngine=NoticeEngine,
        sample_metrics=sample_metrics,
        SUGGESTED=SUGGESTED,
    )
