"""Small helpers shared by CLI commands (kept light: no heavy imports)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from metricsmith.errors import MetricsmithError, Phrase

#: ``--lang`` as written on this command line, read before parsing: texts worded while parsing need it.
_requested_language: str | None = None


def request_language(argv: Sequence[str]) -> None:
    """Remember the ``--lang`` value in ``argv`` (``--lang ru`` or ``--lang=ru``), if any."""
    global _requested_language
    _requested_language = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            _requested_language = argv[i + 1]
        elif arg.startswith("--lang="):
            _requested_language = arg.partition("=")[2]


def cli_language(document: str | None = None) -> str:
    """The language of the command line's own texts: ``--lang``, the ``document``'s, the setting, the locale.

    Worked out only when a text is needed (an error), so a command that succeeds never reads it.
    """
    from metricsmith.i18n import user_language

    return user_language(_requested_language, document)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Errors raised inside are about a document in ``language`` (the profile or project the command
    works on): they are worded in it, as the command's own output is, unless ``--lang`` says otherwise."""
    try:
        yield
    except MetricsmithError as exc:
        if exc.language is None:
            exc.language = language
        raise


def console(stderr: bool = False):  # -> rich.console.Console
    """A rich console; imported lazily so argument parsing stays fast."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def warn(message: str | Phrase) -> None:
    """A one-line warning on stderr, in the user's language."""
    from metricsmith.i18n import tr

    lang = cli_language()
    said = message.render(lang) if isinstance(message, Phrase) else message
    print(f"metricsmith: {tr(lang, 'cli', 'warning')}: {said}", file=sys.stderr)


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
