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


def add_catalog_option(parser) -> None:  # type: ignore[no-untyped-def]
    """``--catalog FILE`` (repeatable): a consultant's own catalog beside the built-in one."""
    parser.add_argument(
        "--catalog", action="append", default=[], metavar="FILE",
        help="your own catalog file (same schema as the built-in one); repeat for several; "
        "also the 'catalogs' setting",
    )


def use_catalogs(given: list[str], configured: list[str] | None = None) -> None:
    """Register the configured and the given catalog files for this process (no-op when none).

    ``configured`` is the ``catalogs`` setting; when ``None`` the settings are read here.
    """
    if configured is None:
        from metricsmith.config import load_settings

        configured = load_settings().catalogs
    paths = [*configured, *given]
    if paths:
        from metricsmith.catalog.extra import use_catalogs as register

        register(paths)
