"""Terminal UI speed: process start to an interactive welcome screen, and keystrokes in a 200-metric workbench.

Startup is measured in a fresh process (imports included) that runs the real
app headless and exits as soon as the welcome screen is mounted and has
focus. Every keystroke figure is also given as a ratio to an "empty" frame
(a repaint with nothing changed) measured in the same run, so a busy machine
shows up in both and the ratio stays comparable. The keystroke figures are in-process under Textual's test harness: a key
event is posted as the terminal driver would post it, and the time runs until
the last frame it caused that changed what the screen shows has been written to
the headless display. A frame that writes the very same cells again is not counted:
after a row is removed Textual repaints the table's unchanged scrollbars one or two
frame intervals (17-33 ms at 60 fps) after the frame that showed the change, and that
repeat says nothing about the workbench; the delete figure is also given to the last
frame written, without a target, so the difference stays visible. Pilot's own
``press`` adds tens of milliseconds of idle polling that a real terminal does not
have, so it is reported separately, without a target.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import figure, time_process

START_TARGET_S = 1.0
CURSOR_TARGET_S = 0.030
KEY_TARGET_S = 0.050

_STARTUP_SCRIPT = r"""
import sys
from metricsmith.tui.app import MetricsmithApp

class Probe(MetricsmithApp):
    def on_ready(self) -> None:
        self.set_interval(0.005, self._check)

    def _check(self) -> None:
        screen = self.screen
        if type(screen).__name__ == "WelcomeScreen" and screen.is_mounted and self.focused is not None:
            self.exit(0)

app = Probe()
app.run(headless=True, size=(100, 32))
sys.exit(0 if app.return_code == 0 else 1)
"""


def _project_with(n: int, path: Path) -> None:
    from metricsmith.io.profile_file import load_profile
    from metricsmith.io.project_file import save_project
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

    profile = load_profile(Path(__file__).resolve().parent.parent / "fixtures" / "profiles" / "saas_b2b_en.yaml")
    goals = [g.title for g in profile.goals]
    metrics = [
        Metric(
            id=f"m{i}",
            name=f"Metric number {i} for customers",
            kind="leading" if i % 2 else "lagging",
            unit="%",
            goal=goals[i % len(goals)],
            owner="Priya Nair",
            baseline=10 + i % 7,
            target=20 + i % 5,
            actual=12 + i % 9,
            formula="share of accounts that did X within 30 days",
            why="shows whether customers get the result they pay for",
        )
        for i in range(n)
    ]
    save_project(Project(profile=profile, metrics=metrics, interview_step=0), path)


def _startup(folder: Path) -> float:
    from metricsmith.io.profile_file import load_profile
    from metricsmith.io.project_file import save_project
    from metricsmith.models.project import Project

    path = folder / "start.json"
    profile = load_profile(Path(__file__).resolve().parent.parent / "fixtures" / "profiles" / "sparse_en.yaml")
    save_project(Project(profile=profile, interview_step=2), path)  # listed in the recent projects
    script = folder / "probe.py"
    script.write_text(_STARTUP_SCRIPT, encoding="utf-8")
    env = {
        "METRICSMITH_DATA_DIR": str(folder / "data"),
        "METRICSMITH_CONFIG_DIR": str(folder / "config"),
        "METRICSMITH_CACHE_DIR": str(folder / "cache"),
    }
    return time_process([sys.executable, str(script), str(path)], repeat=5, env=env)


class _FrameClock:
    """Records the frames the app writes to its (headless) display, and which of them changed a cell.

    Frames are kept as written and compared with the screen afterwards, outside the timed
    path, so telling a changing frame from a repeated one costs the app nothing.
    """

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.console = app.console
        self.frames: list[tuple[float, object]] = []
        self.cells: dict[tuple[int, int], tuple[str, object]] = {}
        original = app._display

        def display(screen, renderable):  # type: ignore[no-untyped-def]
            original(screen, renderable)
            if renderable is not None:
                self.frames.append((time.perf_counter(), renderable))

        app._display = display

    def _changes(self, update) -> int:  # type: ignore[no-untyped-def]
        """Cells ``update`` changes on the screen so far (a Rich renderable of cursor moves and text)."""
        from rich.cells import cell_len
        from rich.segment import ControlType

        changed, x, y = 0, 0, 0
        for segment in self.console.render(update):
            if segment.control:
                for code in segment.control:
                    if code[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = int(code[1]), int(code[2])
                continue
            if segment.text == "\n":
                x, y = 0, y + 1
                continue
            for ch in segment.text:
                cell = (ch, segment.style)
                if self.cells.get((x, y)) != cell:
                    self.cells[(x, y)] = cell
                    changed += 1
                x += cell_len(ch)
        return changed

    def settle(self) -> tuple[float, float]:
        """(last frame written, last frame that changed a cell) since the previous call; 0.0 when none."""
        last = changing = 0.0
        for at, update in self.frames:
            last = at
            if self._changes(update):
                changing = at
        self.frames.clear()
        return last, changing


async def _until_frame(pilot, clock: _FrameClock, action, *, repeats: bool = False):  # type: ignore[no-untyped-def]
    """Seconds from ``action()`` to the last frame it caused that changed the screen (Pilot's own polling excluded).

    With ``repeats`` the time to the last frame written, repeated or not, comes second.
    """
    clock.settle()
    started = time.perf_counter()
    action()
    await pilot.pause()
    await pilot.pause()
    last, changing = clock.settle()
    shown = (changing or last or time.perf_counter()) - started
    return (shown, (last or time.perf_counter()) - started) if repeats else shown


async def _workbench(path: Path) -> dict[str, float]:
    from textual import events
    from textual.widgets import DataTable

    from metricsmith.config import Settings
    from metricsmith.tui import editing
    from metricsmith.tui.app import MetricsmithApp

    app = MetricsmithApp(path, settings=Settings(language="en"))
    med = statistics.median
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#tracking-table", DataTable)
        table.focus()
        await pilot.pause()
        clock = _FrameClock(app)
        # an empty frame: a full repaint with nothing changed, the floor for everything below
        empty = []
        for _ in range(15):
            empty.append((await _until_frame(pilot, clock, screen.refresh, repeats=True))[1])
        # a key as the terminal driver delivers it, until the re-rendered frame is written
        moves = []
        for key in ["down"] * 20 + ["right"] * 5 + ["up"] * 10:
            moves.append(await _until_frame(pilot, clock, lambda k=key: app.post_message(events.Key(k, None))))
        # a cell edit: value set (undo snapshot), rules re-run, project saved atomically, tables re-rendered
        edits = []
        for i in range(10):
            metric_id = app.project.metrics[5].id

            def edit(i: int = i, metric_id: str = metric_id) -> None:
                screen.commit(lambda: editing.change_metric(
                    app.project, metric_id, lambda m: editing.apply_edit(m, "actual", str(13 + i), "en")))

            edits.append(await _until_frame(pilot, clock, edit))
        # a confirmed delete of the row under the cursor: the metric removed, rules, save, the rows
        # below move up in both tables
        deletes, deletes_written = [], []
        for _ in range(10):
            metric = screen.current_metric()
            assert metric is not None

            def delete(metric_id: str = metric.id) -> None:
                screen.commit(lambda: editing.delete_metric(app.project, metric_id))

            shown, written = await _until_frame(pilot, clock, delete, repeats=True)
            deletes.append(shown)
            deletes_written.append(written)
        # the same keystroke measured with Pilot.press (includes Pilot's idle polling)
        pilot_moves = []
        for _ in range(10):
            started = time.perf_counter()
            await pilot.press("down")
            pilot_moves.append(time.perf_counter() - started)
    return {"empty": med(empty), "move": med(moves), "edit": med(edits), "delete": med(deletes),
            "delete_written": med(deletes_written), "pilot_move": med(pilot_moves)}


#: Issue target for drawing a metric's trend chart in the detail view.
CHART_TARGET_S = 0.05


def _trend_chart_time() -> float:
    """The detail view's chart for 36 monthly check-ins with baseline, target and target date."""
    import datetime as dt

    from common import time_call

    from metricsmith.tui.chart import trend_lines

    points = [(dt.date(2024 + (i // 12), i % 12 + 1, 28), 40 + (i % 7) * 3.5) for i in range(36)]
    return time_call(lambda: trend_lines(points, baseline=40, target=60, target_date=dt.date(2027, 3, 31),
                                         width=76, height=8), repeat=25)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old = {k: os.environ.get(k) for k in ("METRICSMITH_DATA_DIR", "METRICSMITH_CONFIG_DIR", "METRICSMITH_CACHE_DIR")}
        for key, sub in (("METRICSMITH_DATA_DIR", "data"), ("METRICSMITH_CONFIG_DIR", "config"), ("METRICSMITH_CACHE_DIR", "cache")):
            os.environ[key] = str(folder / sub)
        try:
            start = _startup(folder)
            path = folder / "big.json"
            _project_with(200, path)
            t = asyncio.run(_workbench(path))
        finally:
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    ratio = lambda v: f"{v / t['empty']:.1f}× an empty frame ({t['empty'] * 1000:.1f} ms)"  # noqa: E731
    chart = _trend_chart_time()
    return [
        figure(f"tui: trend chart of 36 monthly check-ins drawn (median; {ratio(chart)})", chart, "s",
               f"<= {CHART_TARGET_S}", chart <= CHART_TARGET_S),
        figure("tui: process start to interactive welcome screen (median)", start, "s", f"<= {START_TARGET_S}", start <= START_TARGET_S),
        figure("tui: empty frame (repaint, nothing changed), 200 metrics (median)", t["empty"], "s", "", None),
        figure(f"tui: cursor keystroke, 200-metric workbench (median; {ratio(t['move'])})", t["move"], "s",
               f"<= {CURSOR_TARGET_S}", t["move"] <= CURSOR_TARGET_S),
        figure(f"tui: cell edit → undo snapshot, rules, save, re-render, 200 metrics (median; {ratio(t['edit'])})",
               t["edit"], "s", f"<= {KEY_TARGET_S}", t["edit"] <= KEY_TARGET_S),
        figure(f"tui: delete → rules, save, re-render, 200 metrics (median; {ratio(t['delete'])})", t["delete"], "s",
               f"<= {KEY_TARGET_S}", t["delete"] <= KEY_TARGET_S),
        figure(f"tui: delete, to the last frame written incl. Textual's repaint of unchanged scrollbars (median; "
               f"{ratio(t['delete_written'])})", t["delete_written"], "s", "", None),
        figure("tui: cursor keystroke via Pilot.press incl. its idle polling (median)", t["pilot_move"], "s", "", None),
    ]
