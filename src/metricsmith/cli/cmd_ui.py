"""``metricsmith ui [PROJECT.json]``: open the terminal UI, optionally on a project file.

``metricsmith`` alone opens the welcome screen; this command goes straight to
a project (the interview where it was left, or the workbench once drafted).
"""

from __future__ import annotations

import argparse

HELP = "Open the terminal UI (the same as 'metricsmith' alone), optionally on a project file."


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", metavar="PROJECT.json", help="project file to open")
    from metricsmith.cli.common import add_catalog_option

    add_catalog_option(parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from metricsmith.errors import Phrase, ProjectFileError

    path = Path(args.project) if args.project else None
    if path is not None:
        if not path.exists():
            raise ProjectFileError(Phrase("not_found", noun=Phrase("noun_project_file")), path=path,
                                   hint=Phrase("welcome_hint"))
        from metricsmith.io.project_file import load_project

        load_project(path)  # a broken file is reported here, before the screen is taken over
    from metricsmith.cli.common import use_catalogs
    from metricsmith.tui import run_app

    use_catalogs(getattr(args, "catalog", []))
    return run_app(project_path=path)
