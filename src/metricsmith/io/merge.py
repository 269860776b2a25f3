"""Three-way merge of two versions of one project that both started from the same file.

Why: two ``compute`` runs (or two UI windows) read a project, each adds check-ins,
and the second save used to overwrite the first run's history. A save now compares
the file with what it read (see :mod:`metricsmith.io.project_file`); when it changed,
the two versions are merged here on their JSON form:

* a value changed on one side only takes that side's value;
* metrics are matched by ``id`` and check-ins (``history``) by date and period, so new
  check-ins from both sides are all kept, and an edit to one metric does not clash with
  an edit to another;
* ``actual`` follows the latest check-in after a merge, ``updated_at`` is the newer one;
* the same value changed differently on both sides is a :class:`MergeConflict` naming
  it: nothing is guessed, nothing is lost silently.
"""

from __future__ import annotations

from typing import Any


class MergeConflict(Exception):
    """Both sides changed the same value differently; ``where`` names it (``metrics[nps].name``)."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


_MISSING: Any = object()


def _metric_key(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


def _checkin_key(item: Any) -> Any:
    return (item.get("date"), item.get("period", "")) if isinstance(item, dict) else None


#: Lists whose items are matched by a key rather than compared whole.
_KEYED = {"metrics": _metric_key, "history": _checkin_key}


def merge_documents(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """The merged project document; raises :class:`MergeConflict`."""
    merged = _merge(base, ours, theirs, "", None)
    if isinstance(merged, dict):
        merged["updated_at"] = max(str(ours.get("updated_at", "")), str(theirs.get("updated_at", "")))
        _actuals_follow_history(merged, ours)
    return merged


def _merge(base: Any, ours: Any, theirs: Any, where: str, name: str | None) -> Any:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if name in ("updated_at", "actual"):  # derived: settled after the merge
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        old = base if isinstance(base, dict) else {}
        out: dict[str, Any] = {}
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            value = _merge(old.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING),
                           f"{where}.{key}" if where else key, key)
            if value is not _MISSING:
                out[key] = value
        return out
    if isinstance(ours, list) and isinstance(theirs, list) and name in _KEYED:
        return _merge_keyed(base if isinstance(base, list) else [], ours, theirs, where, _KEYED[name])
    raise MergeConflict(where or "the whole file")


def _merge_keyed(base: list[Any], ours: list[Any], theirs: list[Any], where: str, key_of: Any) -> list[Any]:
    keys = [key_of(item) for item in (*base, *ours, *theirs)]
    if None in keys or any(len({key_of(i) for i in side}) != len(side) for side in (base, ours, theirs)):
        raise MergeConflict(where)  # items without a usable key, or a key twice: compare whole lists only
    b = {key_of(i): i for i in base}
    o = {key_of(i): i for i in ours}
    t = {key_of(i): i for i in theirs}
    out = []
    for key in [*o, *(k for k in t if k not in o)]:
        label = key if isinstance(key, str) else " ".join(str(part) for part in key if part)
        value = _merge(b.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING), f"{where}[{label}]", None)
        if value is not _MISSING:
            out.append(value)
    if key_of is _checkin_key:
        out.sort(key=lambda item: str(item.get("date")))
    return out


def _actuals_follow_history(merged: dict[str, Any], ours: dict[str, Any]) -> None:
    """After merging check-ins, a metric's ``actual`` is its latest check-in (as ``record_actual`` keeps it)."""
    before = {m.get("id"): m.get("history") for m in ours.get("metrics", []) if isinstance(m, dict)}
    for metric in merged.get("metrics", []):
        if isinstance(metric, dict) and metric.get("history") and metric.get("history") != before.get(metric.get("id")):
            metric["actual"] = metric["history"][-1].get("value")
