"""Command-line entry point.

``metricsmith`` with no command opens the terminal UI; subcommands live in
``cmd_<name>.py`` modules of this package, each exposing::

    HELP: str                                   # one line for the command list
    def register(sub: argparse.ArgumentParser) -> None
    def run(args: argparse.Namespace) -> int

Modules are discovered by name so that adding a command touches no shared
file. They must import nothing heavy at module level: ``--version`` and
argument parsing have to start in well under 0.3 s.

Errors the user can fix (:class:`metricsmith.errors.MetricsmithError`) are
printed as one line on stderr with exit code 2, never as a traceback, in the
user's language: the command's ``--lang`` where it has one, else the language of
the file the error is about (a profile's ``language:``), else the ``language``
setting, else the system locale (argument errors too, see :mod:`.arguments`).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from metricsmith import __version__


def _command_modules() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_")]
    return sorted(names)


def build_parser() -> argparse.ArgumentParser:
    from metricsmith.cli.arguments import LocalisedParser

    parser = LocalisedParser(
        prog="metricsmith",
        description="Design honest value metrics and KPI tables. Without a command, opens the terminal UI.",
    )
    parser.add_argument("--version", action="version", version=f"metricsmith {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in _command_modules():
        module = importlib.import_module(f"{__name__}.{module_name}")
        name = module_name.removeprefix("cmd_").replace("_", "-")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.register(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list in (["--version"], ["-V"]):
        # Fast path: no parser, no subcommand imports.
        print(f"metricsmith {__version__}")
        return 0
    from metricsmith.cli.common import cli_language, request_language

    request_language(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    from metricsmith.errors import MetricsmithError
    from metricsmith.i18n import tr

    try:
        if getattr(args, "_run", None) is None:
            from metricsmith.tui import run_app

            return run_app()
        return int(args._run(args) or 0)
    except MetricsmithError as exc:
        lang = cli_language(exc.language)
        print(f"metricsmith: {tr(lang, 'cli', 'error')}: {exc.one_line(lang)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"metricsmith: {tr(cli_language(), 'cli', 'interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``metricsmith catalog | head``): stop quietly, as Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
