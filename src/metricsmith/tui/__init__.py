"""The Textual terminal UI: welcome → interview → drafting → workbench → export.

Textual is imported only when the UI starts (``run_app``), so the CLI's cold
start stays fast and the library can be used without a terminal.
"""

from __future__ import annotations

from pathlib import Path


def run_app(project_path: str | Path | None = None) -> int:
    """Run the terminal UI until the user quits; returns the process exit code."""
    from metricsmith.tui.app import MetricsmithApp

    app = MetricsmithApp(project_path=project_path)
    app.run()
    return int(app.return_code or 0)


__all__ = ["run_app"]
