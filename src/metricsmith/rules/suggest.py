"""Better metrics to suggest, taken from the catalog when one fits.

The catalog is another engineer's data file and may lack an id; every lookup here falls back
to a neutral text instead of failing, so the rule layer never crashes on catalog content.
"""

from __future__ import annotations

from functools import lru_cache

from metricsmith.rules.registry import common_text


@lru_cache(maxsize=1)
def _catalog():  # -> Catalog | None
    try:
        from metricsmith.catalog.extra import active_catalog

        return active_catalog()
    except Exception:  # a broken or missing catalog must not break the audit
        return None


def catalog_name(entry_id: str, lang: str) -> str | None:
    """The catalog name of ``entry_id`` in ``lang``, or None when the id is not in the catalog."""
    cat = _catalog()
    if cat is None:
        return None
    try:
        return cat.get(entry_id).name.get(lang)
    except (KeyError, AttributeError):
        return None


def catalog_entry(entry_id: str | None):  # -> CatalogEntry | None
    if not entry_id or _catalog() is None:
        return None
    try:
        return _catalog().get(entry_id)
    except KeyError:
        return None


def pick(candidates: tuple[str, ...] | list[str], lang: str, avoid: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    """See :func:`_pick`; cached because every flagged row of a big table asks the same question."""
    return _pick(tuple(candidates), lang, frozenset(avoid))


@lru_cache(maxsize=4096)
def _pick(candidates: tuple[str, ...], lang: str, avoid: frozenset[str]) -> tuple[str, str | None]:
    """The first candidate present in the catalog (and not in ``avoid``): ``(name, id)``.

    Falls back to a generic phrase with no id when none is available.
    """
    ordered = [c for c in candidates if c not in avoid] + [c for c in candidates if c in avoid]
    for cid in ordered:
        name = catalog_name(cid, lang)
        if name:
            return name, cid
    return common_text("fallback_better", lang), None


def match_catalog(text: str, kind: str | None = None) -> str | None:
    """The catalog id whose keywords ``text`` contains in full (the shared catalog matcher)."""
    from metricsmith.catalog.matcher import phrase_entry

    cat = _catalog()
    if cat is None:
        return None
    entry = phrase_entry(cat, text, kind)
    return entry.id if entry is not None else None
