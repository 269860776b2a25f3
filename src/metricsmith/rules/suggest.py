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


def task_object(name: str, verb: str) -> str:
    """What a task produces: the name without its leading task verb ("the referral programme").

    ``verb`` is the task's first word(s) as the classifier read them (lower case, "roll out" for
    "Roll-out"); a following "of" goes too ("Launch of the app" -> "the app").
    """
    import re

    pattern = r"^\W*" + r"[\s-]+".join(re.escape(w) for w in verb.split()) + r"\b[\s-]*(?:of\s+)?"
    rest = re.sub(pattern, "", name.strip(), count=1, flags=re.IGNORECASE).strip(" .,:;-–—")
    return rest or name.strip()


@lru_cache(maxsize=4096)
def task_outcome(name: str, verb: str, lang: str, group_ids: tuple[str, ...]) -> tuple[str, str, str | None]:
    """``(object, better, better_id)`` for a task: the outcome metric its object points at.

    The object is matched against the catalog's keywords, wholly or by its distinctive words
    («программу лояльности» -> the share of sales to loyalty members); failing that, the outcome of anything launched: the
    share of customers who adopt or activate it (``group_ids``).
    """
    obj = task_object(name, verb)
    cid = match_catalog(obj) or match_catalog_loose(obj)
    better, bid = pick(((cid,) if cid else ()) + group_ids, lang, frozenset())
    return obj, better, bid


def match_catalog_loose(text: str) -> str | None:
    """The catalog id sharing most distinctive keyword words with ``text`` (a task's object), or None."""
    from metricsmith.catalog.matcher import distinctive_entry

    cat = _catalog()
    entry = distinctive_entry(cat, text) if cat is not None else None
    return entry.id if entry is not None else None
