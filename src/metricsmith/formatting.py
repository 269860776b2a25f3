"""How numbers and units read to people, in English and Russian.

The CLI tables, the terminal UI and the Markdown/XLSX/JSON exports all show
"22 %", "48 дн.", "1 500,25 RUB" the same way; this module is that one place.
Plain, machine-readable number text (for CSV cells and editable fields) is
:func:`number_text`.
"""

from __future__ import annotations

import math

#: How the catalog's unit codes read next to a number; unknown units are shown as written.
UNIT_SUFFIXES: dict[str, dict[str, str]] = {
    "en": {"count": "", "ratio": "", "score": "", "days": "days", "hours": "h", "minutes": "min",
           "months": "months", "points": "points"},
    "ru": {"count": "", "ratio": "", "score": "", "days": "дн.", "hours": "ч", "minutes": "мин",
           "months": "мес.", "points": "балл.", "pp": "п.п."},
}

NBSP = "\u00a0"


def number_text(value: float | int | None) -> str:
    """A number as plain text for files and input fields: ``12`` not ``12.0``, shortest exact form otherwise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    f = float(value)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def display_value(value: float | int) -> float | int:
    """A value rounded for reading: at most two decimals, or three significant digits below 1.

    Computed shares come out as 86.95652173913044; people read 86.96. Files keep
    the exact value (:func:`number_text`); only what is shown is rounded.
    """
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value) or value == 0:
        return value
    if abs(value) >= 1:
        return round(value, 2)
    return round(value, 2 - int(math.floor(math.log10(abs(value)))))


def format_number(value: float | int, lang: str = "en") -> str:
    """A number as people write it: ``1,500.25`` in English; ``1500,25`` and ``12 500`` in Russian.

    Russian groups thousands with a no-break space from five digits on (``1500``
    stays whole, as Russian typography prefers); English groups from four.
    Values are rounded for display (:func:`display_value`).
    """
    text = number_text(display_value(value))
    if any(c.isalpha() for c in text):  # inf, nan, exponent: show as is
        return text
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    if lang == "ru":
        if len(whole) > 4:
            whole = f"{int(whole):,}".replace(",", NBSP)
        return sign + whole + ("," + frac if frac else "")
    if len(whole) > 3:
        whole = f"{int(whole):,}"
    return sign + whole + ("." + frac if frac else "")


def unit_suffix(unit: str, lang: str, currency: str = "") -> str:
    """The unit as a reader sees it: ``days`` → ``дн.`` in Russian, ``currency`` → the profile's currency."""
    code = (unit or "").strip()
    if code.lower() == "currency":
        return currency.strip()
    return UNIT_SUFFIXES.get(lang, {}).get(code.lower(), code)


def format_quantity(
    value: float | int | None, unit: str, lang: str = "en", currency: str = "", missing: str = "—"
) -> str:
    """A number with its unit: ``22%`` / ``22 %``, ``48 дн.``, ``2,400 USD``; ``missing`` when unknown."""
    if value is None:
        return missing
    body = format_number(value, lang)
    suffix = unit_suffix(unit, lang, currency)
    if not suffix:
        return body
    if suffix == "%" and lang == "en":
        return body + "%"
    return f"{body}{NBSP}{suffix}"
