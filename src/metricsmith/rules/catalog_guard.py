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
    except Exception:  # noqa: BLE001 - a broken catalog must not break the audit; its own tests catch it
        return []
    out: list[str] = []
    for entry in catalog:
        out += [entry.name.en, entry.name.ru, *entry.keywords.all()]
        if entry.short is not None:
            out += [entry.short.en, entry.short.ru]
    return out


@lru_cache(maxsize=1)
def _signatures() -> tuple[frozenset[frozenset[str]], frozenset[str], frozenset[str]]:
    """(signatures of every catalog text, the stems they use or the guard ignores, those ignored)."""
    from metricsmith.text import stems

    ignore = frozenset(load_lexicon().catalog_guard_ignore) | {"%"}
    sigs = frozenset(sig for sig in (_signature(stems(t), ignore) for t in catalog_texts()) if sig)
    return sigs, frozenset().union(*sigs) | ignore, ignore


def _signature(name_stems: Iterable[str], ignore: frozenset[str]) -> frozenset[str]:
    return frozenset(s for s in name_stems if s not in ignore and not s.isdigit())


def is_catalog_name(name_stems: Iterable[str]) -> bool:
    """True when the stems (of a whole name) are exactly a catalog name's or alias's stems.

    It runs for every flagged name of a 100,000-row table, so the common answer comes first and
    cheaply: most names hold a word that no catalog text has.
    """
    sigs, known, ignore = _signatures()
    for s in name_stems:
        if s not in known and not s.isdigit():
            return False
    return _signature(name_stems, ignore) in sigs
