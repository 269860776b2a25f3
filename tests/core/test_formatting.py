"""Numbers and units as people read them, the same in the CLI, the UI and the exports."""

from __future__ import annotations

import pytest

from metricsmith.formatting import display_value, format_number, format_quantity, number_text

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (12.0, "en", "12"),
        (1500.25, "en", "1,500.25"),
        (1500.25, "ru", "1500,25"),
        (12500, "ru", f"12{NB}500"),
        (-2.25, "en", "-2.25"),
        (86.95652173913044, "en", "86.96"),
        (0.034567, "en", "0.0346"),
        (0.0, "en", "0"),
    ],
)
def test_format_number(value, lang, expected):
    assert format_number(value, lang) == expected


def test_display_rounding_never_touches_file_text():
    assert number_text(86.95652173913044) == "86.95652173913044"
    assert display_value(86.95652173913044) == 86.96
    assert display_value(7) == 7


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (22, "%", "en", "22%"),
        (22, "%", "ru", f"22{NB}%"),
        (48, "days", "ru", f"48{NB}дн."),
        (2400, "currency", "en", f"2,400{NB}USD"),
        (5, "count", "en", "5"),
        (None, "%", "en", "—"),
    ],
)
def test_format_quantity(value, unit, lang, expected):
    assert format_quantity(value, unit, lang, currency="USD") == expected
