"""Picking the Russian or English wording of a compute message.

Compute messages are few and parameterised, so they are written inline as
pairs (``t(lang, english, russian)``) next to the code that raises them,
rather than in a separate catalog that would drift out of sync.
"""

from __future__ import annotations


def t(lang: str, en: str, ru: str) -> str:
    """``ru`` for a Russian project, ``en`` otherwise."""
    return ru if lang == "ru" else en
