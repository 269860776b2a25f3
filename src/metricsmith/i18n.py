"""The localisation layer: every user-facing text in English and Russian, read by one function.

The texts live in ``locales/{en,ru}/<domain>.yaml`` next to this module, one file per
domain and language with the same keys in both (a test checks): ``tui`` for the terminal
UI, ``errors`` for what an error says and suggests, ``cli`` for the command line's own
words. A translator edits data, not code. :func:`texts` is the only reader; the parsed
files come from the data cache, so reporting an error does not import a YAML parser
after the first run.

Which language a person reads is decided once, the same way everywhere
(:func:`user_language`): an explicit choice (``--lang``), then the ``language`` setting
(``METRICSMITH_LANGUAGE`` or the config file), then the system locale. This module
imports nothing heavy: the command line's error path goes through it.
"""

from __future__ import annotations

import locale
import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "ru")
LOCALES = Path(__file__).with_name("locales")


@lru_cache(maxsize=None)
def texts(lang: str, domain: str) -> dict[str, str]:
    """The texts of ``domain`` in ``lang`` (``en`` or ``ru``), keyed by text id."""
    from metricsmith.io.fast_yaml import load_yaml

    data = load_yaml((LOCALES / lang / f"{domain}.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data or {}).items()}


def domains() -> list[str]:
    """The text domains there are (one file per domain in each language's folder)."""
    return sorted(p.stem for p in (LOCALES / "en").glob("*.yaml"))


def tr(lang: str, domain: str, key: str, /, **values: object) -> str:
    """The text for ``key`` of ``domain`` in ``lang`` (``ru`` or English), formatted with ``values``."""
    text = texts("ru" if lang == "ru" else "en", domain)[key]
    return text.format(**values) if values else text


def system_language() -> str:
    """``ru`` when the system locale is Russian, else ``en`` (LANG/LC_* first, then ``locale``)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "ru" if code.lower().startswith("ru") else "en"


def configured_language() -> str:
    """The ``language`` setting (``METRICSMITH_LANGUAGE``, else the config file), or ``""`` when not set.

    Read without the settings model, so an error can be worded before (or without) it;
    a value the settings would refuse counts as not set here.
    """
    value = os.environ.get("METRICSMITH_LANGUAGE", "").strip().lower()
    if value in LANGUAGES:
        return value
    import tomllib

    from metricsmith.paths import config_path

    try:
        data = tomllib.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    section = data.get("metricsmith", data)
    value = section.get("language") if isinstance(section, dict) else None
    return value if value in LANGUAGES else ""


def user_language(choice: str | None = None, document: str | None = None) -> str:
    """The language to speak to the user in.

    ``choice`` (``--lang``) first; then ``document``, the language of the file the
    command works on when it declares one (a command's output speaks it too, as the
    terminal UI speaks the open project's); then the setting; then the system locale.
    """
    for given in (choice, document):
        if given in LANGUAGES:
            return given
    return configured_language() or system_language()
