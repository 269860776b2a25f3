"""Argument errors in the user's language: argparse's own messages, worded again from ``locales/*/cli.yaml``.

argparse writes its errors in English ("argument --format: invalid choice: …") and offers
no hook but gettext catalogues; so :class:`LocalisedParser` recognises its messages when it
prints one and words them from the command line's texts, keeping every value it named
(the option, what was typed, the choices). A message it does not recognise is shown as
argparse wrote it. Option values that metricsmith reads itself (dates, positive numbers)
are refused with :func:`bad_value`, already in the user's language.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from metricsmith.errors import Phrase

#: argparse's messages (Python 3.11 to 3.13) and the text each becomes; the first that matches wins.
_MESSAGES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.S))
    for key, pattern in (
        ("arg_invalid_choice", r"argument (?P<argument>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
        ("arg_expected_one", r"argument (?P<argument>.+?): expected one argument"),
        ("arg_invalid_value", r"argument (?P<argument>.+?): invalid (?P<type>\w+) value: (?P<value>.+)"),
        ("arg_not_allowed_with", r"argument (?P<argument>.+?): not allowed with argument (?P<other>.+)"),
        ("arg_other", r"argument (?P<argument>.+?): (?P<detail>.+)"),
        ("args_required", r"the following arguments are required: (?P<arguments>.+)"),
        ("args_unrecognized", r"unrecognized arguments: (?P<arguments>.+)"),
        ("one_of_required", r"one of the arguments (?P<arguments>.+) is required"),
        ("ambiguous_option", r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
    )
)
#: Python type names in "invalid int value", as the texts name them.
_TYPES = {"int": "type_int", "float": "type_float"}


def reword(message: str, lang: str) -> str:
    """argparse's ``message`` in ``lang``; English, or a message not recognised, stays as argparse wrote it."""
    if lang != "ru":
        return message
    from metricsmith.i18n import tr

    for key, pattern in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            values = found.groupdict()
            if "type" in values and values["type"] in _TYPES:
                values["type"] = tr(lang, "cli", _TYPES[values["type"]])
            return tr(lang, "cli", key, **values)
    return message


def bad_value(key: str, /, **values: object) -> argparse.ArgumentTypeError:
    """The error an option's type function raises: the ``errors`` text ``key``, in the user's language."""
    from metricsmith.cli.common import cli_language

    return argparse.ArgumentTypeError(Phrase(key, **values).render(cli_language()))


class LocalisedParser(argparse.ArgumentParser):
    """An argument parser whose error line (and its "usage:") is in the user's language."""

    def error(self, message: str) -> NoReturn:
        from metricsmith.cli.common import cli_language
        from metricsmith.i18n import tr

        lang = cli_language()
        sys.stderr.write(_usage(self.format_usage(), tr(lang, "cli", "usage")))
        self.exit(2, f"{self.prog}: {tr(lang, 'cli', 'error')}: {reword(message, lang)}\n")


def _usage(usage: str, prefix: str) -> str:
    """argparse's usage text with ``prefix`` instead of "usage: ", its wrapped lines still aligned."""
    english = "usage: "
    if prefix == english or not usage.startswith(english):
        return usage
    pad = " " * (len(prefix) - len(english))
    first, *rest = usage.split("\n")
    return "\n".join([prefix + first[len(english):], *(pad + line if line.strip() else line for line in rest)])
