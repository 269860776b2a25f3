"""Cold start of the CLI: ``metricsmith --version`` must not import anything heavy."""

from __future__ import annotations

from common import cli_command, figure, time_process

TARGET_S = 0.3


def run() -> list[dict]:
    median = time_process(cli_command("--version"), repeat=11)
    help_median = time_process(cli_command("--help"), repeat=5)
    return [
        figure("metricsmith --version cold start (median)", median, "s", f"<= {TARGET_S}", median <= TARGET_S),
        figure("metricsmith --help (median)", help_median, "s", "", None),
    ]
