"""Export speed: a generated 10,000-metric project written to every registered format.

Function-level timing (median of 3) of :func:`metricsmith.exporters.export_project`,
so process start is not counted; the target is at most 1 s per format. One
more figure, without a target, is the whole ``metricsmith export`` command on
that project file (process start and loading the 10,000-metric JSON included).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from common import cli_command, figure, time_call, time_process

TARGET_S = 1.0
N_METRICS = 10_000


def make_project(n: int = N_METRICS):
    """A project with ``n`` metrics over 10 goals, with long texts, gaps and negative numbers."""
    from metricsmith.models import Finding, Metric, Profile, Project

    goals = [{"title": f"Goal {g}", "problem": f"Problem {g}", "expected_result": f"+{g} %"} for g in range(10)]
    profile = Profile.model_validate(
        {
            "language": "en",
            "business": {"name": "Benchmark Co", "description": "A generated project", "industry": "saas"},
            "goals": goals,
            "people": [{"name": "Anna", "role": "CEO"}],
        }
    )
    long_text = "Share of customers who reached the first value within the window; " * 3
    metrics = []
    for i in range(n):
        metrics.append(
            Metric(
                id=f"m{i}",
                name=f"Metric {i} | variant",
                kind="leading" if i % 2 else "lagging",
                formula=f"=count(x{i}) / total × 100" if i % 50 == 0 else f"count(x{i}) / total × 100",
                unit="%" if i % 3 else "RUB",
                direction="up" if i % 4 else "down",
                goal=f"Goal {i % 10}",
                owner="Anna",
                baseline=None if i % 7 == 0 else float(i % 100) - 20.5,
                target=float(i % 100) + 10,
                actual=None if i % 5 == 0 else float(i % 100),
                why=long_text,
                where_used="CRM dashboard\nweekly review",
                example=f"{i} → {i + 10}",
                plan="- onboarding calls\n- email nudges",
                comment="" if i % 3 else "behind plan: -5 %",
                data_source="CRM",
                start_date=dt.date(2026, 1, 1),
                target_date=dt.date(2026, 12, 31),
            )
        )
    findings = [Finding(rule="vanity", metric_id=f"m{i}", message="reach without conversion") for i in range(0, n, 100)]
    return Project(profile=profile, metrics=metrics, findings=findings)


def run() -> list[dict]:
    from metricsmith.exporters import export_project, formats
    from metricsmith.io.project_file import save_project

    project = make_project()
    today = dt.date(2026, 6, 1)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for name, spec in formats().items():
            target = Path(folder) / f"bench{spec.suffix}"
            seconds = time_call(lambda: export_project(project, name, target, today=today), repeat=3)
            results.append(
                figure(f"export 10,000 metrics to {name} (median of 3)", seconds, "s", f"<= {TARGET_S}", seconds <= TARGET_S)
            )
        project_path = Path(folder) / "big.json"
        save_project(project, project_path)
        command = cli_command("export", str(project_path), "-f", "xlsx", "-o", str(Path(folder) / "cli.xlsx"), "--force")
        seconds = time_process(command, repeat=3)
        results.append(figure("metricsmith export of a 10,000-metric project to xlsx, whole command", seconds, "s", "", None))
    return results
