"""Tracking speed: the HTML and XLSX reports of 200 metrics × 36 monthly check-ins, and ``status``.

Targets (issue 10): the HTML report ≤ 1 s and the XLSX workbook with one native line
chart per metric ≤ 2 s (function-level, median of 3, process start not counted); the
whole ``metricsmith status`` process ≤ 5× a bare ``python -c pass`` measured in the
same run. Every timing is also printed as a ratio to a reference measured here: the
exports against the JSON export of the same project, the process against the bare start
and against the floor any pydantic-validated project has to pay (one pydantic model).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from common import cli_command, figure, start_references, time_call, time_process

N_METRICS, N_PERIODS = 200, 36
HTML_TARGET_S, XLSX_TARGET_S, STATUS_RATIO = 1.0, 2.0, 5.0


def make_project():
    """200 metrics over 8 goals, each with 36 monthly check-ins (2024-01 … 2026-12), comments on some."""
    from metricsmith.models import Metric, Profile, Project

    profile = Profile.model_validate({
        "language": "en",
        "business": {"name": "Tracking Co", "description": "A generated project", "industry": "saas"},
        "goals": [{"title": f"Goal {g}"} for g in range(8)],
    })
    metrics = []
    for i in range(N_METRICS):
        metric = Metric(id=f"m{i}", name=f"Metric {i}", kind="leading" if i % 3 else "lagging", unit="%",
                        direction="up" if i % 4 else "down", goal=f"Goal {i % 8}", owner="Anna",
                        baseline=40.0, target=60.0 if i % 4 else 20.0,
                        start_date=dt.date(2024, 1, 1), target_date=dt.date(2027, 6, 30))
        for p in range(N_PERIODS):
            year, month = 2024 + p // 12, p % 12 + 1
            end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            metric.record_actual(40 + ((p * 7 + i) % 23) * (1 if i % 4 else -1) * 0.5, end,
                                 period=f"{year}-{month:02d}", author="Anna", note="" if p % 5 else "review")
        metrics.append(metric)
    return Project(profile=profile, metrics=metrics)


def run() -> list[dict]:
    from metricsmith.exporters import export_project
    from metricsmith.io.project_file import save_project

    project = make_project()
    today = dt.date(2026, 12, 31)
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        json_s = time_call(lambda: export_project(project, "json", out / "ref.json", today=today), repeat=3)
        html_s = time_call(lambda: export_project(project, "html", out / "r.html", today=today), repeat=3)
        xlsx_s = time_call(lambda: export_project(project, "xlsx", out / "r.xlsx", today=today), repeat=3)
        figures.append(figure("JSON export of the same project (reference, median of 3)", json_s, "s", "", None))
        figures.append(figure(f"HTML report, {N_METRICS} metrics × {N_PERIODS} periods (median of 3)", html_s, "s",
                              f"<= {HTML_TARGET_S:g}", html_s <= HTML_TARGET_S))
        figures.append(figure("HTML report ÷ JSON export", html_s / json_s, "×", "", None))
        figures.append(figure(f"XLSX with {N_METRICS} line charts, same project (median of 3)", xlsx_s, "s",
                              f"<= {XLSX_TARGET_S:g}", xlsx_s <= XLSX_TARGET_S))
        figures.append(figure("XLSX with charts ÷ JSON export", xlsx_s / json_s, "×", "", None))

        path = out / "tracked.json"
        save_project(project, path)
        bare, floor = start_references(7)
        status = time_process(cli_command("status", str(path), "--date", "2026-12-31"), repeat=7)
        status_json = time_process(cli_command("status", str(path), "--date", "2026-12-31", "--format", "json"), repeat=7)
        figures.append(figure("bare python -c pass (process, median of 7)", bare, "s", "", None))
        figures.append(figure(f"metricsmith status, {N_METRICS} metrics × {N_PERIODS} check-ins (process)", status,
                              "s", "", None))
        figures.append(figure("status ÷ bare python start", status / bare, "×", f"<= {STATUS_RATIO:g}",
                              status / bare <= STATUS_RATIO))
        figures.append(figure("status --format json ÷ bare python start (no rich table)", status_json / bare, "×", "",
                              None))
        figures.append(figure("one pydantic model ÷ bare python start (the floor)", floor / bare, "×", "", None))
    return figures
