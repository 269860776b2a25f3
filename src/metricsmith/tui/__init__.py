"""The Textual terminal UI: welcome → interview → drafting → workbench → export.

Textual is imported only when the UI starts (``run_app``), so the CLI's cold
start stays fast and the library can be used without a terminal.
"""

from __future__ import annotations

from pathlib import Path


def run_app(project_path: str | Path | None = None) -> int:
    """Run the terminal UI until the user quits; returns the process exit code.

    Without a terminal on both ends (a CI job, a pipe, a cron entry) the UI
    would wait forever for keys that never come, so that is an error instead.
    """
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from metricsmith.errors import MetricsmithError, Phrase

        raise MetricsmithError(Phrase("needs_terminal"), hint=Phrase("needs_terminal_hint"))
    from metricsmith.tui.app import MetricsmithApp

    app = MetricsmithApp(project_path=project_path)
    app.run()
    return int(app.return_code or 0)


__all__ = ["run_app"]
