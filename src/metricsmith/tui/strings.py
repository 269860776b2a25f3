"""Every user-facing text of the terminal UI, in English and Russian, read by one function.

The texts live in ``locales/{en,ru}/tui.yaml`` next to this module (one file
per language, the same keys in both; a test checks), so a translator edits
data, not code, and switching the language re-labels everything. :func:`tr`
is the only way the screens get a text.
"""

from __future__ import annotations

import locale
import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "ru")
LOCALES = Path(__file__).with_name("locales")


@lru_cache(maxsize=None)
def texts(lang: str) -> dict[str, str]:
    """The UI texts of ``lang`` (``en`` or ``ru``), keyed by text id."""
    from metricsmith.io.fast_yaml import load_yaml

    data = load_yaml((LOCALES / lang / "tui.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data or {}).items()}


def has_text(key: str) -> bool:
    """Whether ``key`` names a UI text (key tables keep Textual's own descriptions otherwise)."""
    return key in texts("en")


def tr(lang: str, key: str, **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` (``ru`` or English), formatted with ``kwargs``."""
    text = texts("ru" if lang == "ru" else "en")[key]
    return text.format(**kwargs) if kwargs else text


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
