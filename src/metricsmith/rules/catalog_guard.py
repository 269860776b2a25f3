"""Is a metric name one of the catalog's own metrics (by name, abbreviation or alias)?

Why: drafts and suggestions come from the catalog, so the rule layer must never call a catalog
metric activity or vanity, or a draft would contradict its own audit. Some aliases read like
effort out of context («заявок на сотрудника», "callbacks" for rework), so after the lexicon
has spoken, a flagged name whose stems are exactly those of a catalog name or alias (any word
order, any grammatical form, articles aside) is cleared. Exact stem sets, not overlap: "NPS
surveys sent" holds the catalog's "NPS" but is more than it, and stays flagged. Count words and
the reporting period are ignored (lexicon ``catalog_guard_ignore``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from metricsmith.rules.lexicon import load_lexicon


def catalog_texts() -> list[str]:
    """Every name, abbreviation and keyword of the catalog in both languages (empty if unloadable)."""
    try:
        from metricsmith.catalog.extra import active_catalog

        catalog = active_catalog()
    except Exception:  # a broken catalog must not break the audit; the catalog's own tests catch it
        return []
    out: list[str] = []
    for entry in catalog:
        out += [entry.name.en, entry.name.ru, *entry.keywords.all()]
        if entry.short is not None:
            out += [entry.short.en, entry.short.ru]
    return out


@lru_cache(maxsize=1)
def _signatures() -> frozenset[frozenset[str]]:
    from metricsmith.text import stems

    return frozenset(sig for sig in (_signature(stems(t)) for t in catalog_texts()) if sig)


def _signature(name_stems: Iterable[str]) -> frozenset[str]:
    ignore = load_lexicon().catalog_guard_ignore
    return frozenset(s for s in name_stems if s not in ignore and not s.isdigit() and s != "%")


def is_catalog_name(name_stems: Iterable[str]) -> bool:
    """True when the stems (of a whole name) are exactly a catalog name's or alias's stems."""
    sig = _signature(name_stems)
    return bool(sig) and sig in _signatures()
