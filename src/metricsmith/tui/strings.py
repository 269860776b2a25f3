"""The terminal UI's texts: the ``tui`` domain of the localisation layer (:mod:`metricsmith.i18n`).

The texts live in ``locales/{en,ru}/tui.yaml`` (one file per language, the same keys
in both; a test checks), so a translator edits data, not code, and switching the
language re-labels everything. :func:`tr` is the only way the screens get a text.
"""

from __future__ import annotations

from metricsmith import i18n
from metricsmith.i18n import LANGUAGES, system_language

__all__ = ["LANGUAGES", "has_text", "system_language", "texts", "tr"]

#: The UI's domain in the localisation layer.
DOMAIN = "tui"


def texts(lang: str) -> dict[str, str]:
    """The UI texts of ``lang`` (``en`` or ``ru``), keyed by text id."""
    return i18n.texts(lang, DOMAIN)


def has_text(key: str) -> bool:
    """Whether ``key`` names a UI text (key tables keep Textual's own descriptions otherwise)."""
    return key in texts("en")


def tr(lang: str, key: str, /, **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` (``ru`` or English), formatted with ``kwargs``."""
    return i18n.tr(lang, DOMAIN, key, **kwargs)
