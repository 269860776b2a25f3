"""Small helpers shared by CLI commands (kept light: no heavy imports)."""

from __future__ import annotations

import sys


def console(stderr: bool = False):  # -> rich.console.Console
    """A rich console; imported lazily so argument parsing stays fast."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    print(f"metricsmith: warning: {message}", file=sys.stderr)
