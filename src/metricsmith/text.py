"""Tokenising and stemming for Russian and English metric texts.

Why this module exists: the rule layer, the offline engine's keyword matching and the
duplicate detector all need the same notion of "the same word" ("calls" == "called",
«звонков» == «звонки» == «звонок»). Keeping it in one tiny module with cached stems makes
matching consistent across the product and fast enough to audit tens of thousands of names
per second. The stemmers come from ``snowballstemmer`` (PyStemmer's C implementation is used
automatically when installed).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Lang = Literal["ru", "en"]

__all__ = ["Lang", "tokens", "stem", "stems", "stem_set", "detect_language", "normalise"]

# A token is a run of letters/digits; "%" is kept as its own token because units matter.
_TOKEN_RE = re.compile(r"[^\W_]+|%|#")  # "#" stays: "# of demos" is a count
_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
_LATIN_RE = re.compile(r"[A-Za-z]")
# Fleeting vowel at the end of a Russian stem: «звонок» -> «звонк» (matches «звонков»).
_FLEETING_RE = re.compile(r"([бвгджзклмнпрстфхцчшщ])[оеё]([кц])$")


def normalise(text: str) -> str:
    """Lower-case and fold «ё» to «е» so spelling variants compare equal."""
    return text.lower().replace("ё", "е")


def tokens(text: str) -> list[str]:
    """Split ``text`` into normalised word tokens (letters/digits) and ``%`` and ``#`` signs."""
    if not text:
        return []
    return _TOKEN_RE.findall(normalise(text))


@lru_cache(maxsize=8)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("russian" if lang == "ru" else "english")


def _token_lang(token: str) -> Lang:
    return "ru" if _CYRILLIC_RE.search(token) else "en"


@lru_cache(maxsize=200_000)
def _stem_cached(token: str, lang: str) -> str:
    if token.isdigit() or token in ("%", "#"):
        return token
    if lang == "ru":
        s = _stemmer("ru").stemWord(token)
        s = _FLEETING_RE.sub(r"\1\2", s)
        return s
    if len(token) <= 2:
        return token
    return _stemmer("en").stemWord(token)


def stem(word: str, lang: str | None = None) -> str:
    """Stem a single word; the language is detected from its script unless given.

    A token in Latin script is always stemmed as English and a Cyrillic one as Russian;
    ``lang`` only matters for script-less tokens (digits), so passing it is optional.
    """
    token = normalise(word)
    return _stem_cached(token, _token_lang(token) if lang is None else _script_or(token, lang))


def _script_or(token: str, lang: str) -> str:
    if _CYRILLIC_RE.search(token):
        return "ru"
    if _LATIN_RE.search(token):
        return "en"
    return lang


def stems(text: str, lang: str | None = None) -> list[str]:
    """Stems of every token in ``text``, each token stemmed by its own script."""
    out = []
    for tok in tokens(text):
        out.append(_stem_cached(tok, "ru" if _CYRILLIC_RE.search(tok) else "en"))
    return out


def stem_set(text: str) -> frozenset[str]:
    """The set of stems in ``text`` (handy for keyword overlap)."""
    return frozenset(stems(text))


def detect_language(text: str) -> Lang:
    """Return ``"ru"`` when Cyrillic letters outnumber Latin ones, else ``"en"``."""
    if not text:
        return "en"
    cyr = len(_CYRILLIC_RE.findall(text))
    if cyr == 0:
        return "en"
    lat = len(_LATIN_RE.findall(text))
    return "ru" if cyr >= lat else "en"
