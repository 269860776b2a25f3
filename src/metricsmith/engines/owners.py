"""Choosing a metric owner from the profile's people by their roles (Russian and English).

Why: a metric nobody owns does not move, and "the marketing department" is not an owner.
The engine therefore only ever proposes a *person's name* from ``profile.people``. Each
metric has an ordered list of responsibility areas (who usually steers it: repeat purchases
→ marketing, NRR → customer success, OTIF → operations, LTV → finance); each person's role
text is matched against keyword phrases per area. The first area that has a person wins;
among several people in the same area, the one with fewer metrics so far is chosen (spreading
ownership), then profile order. When nobody matches any area, the head of the business
(CEO/founder) is asked to own it, and failing that the first person listed.

"Director" alone (директор) is ambiguous — «финансовый директор» is finance, not the CEO — so
it counts as the CEO only when the role matches no other area. The role phrases per area live in
``catalog/packs.yaml`` (``roles``), each metric's areas in its catalog entry (``owner_areas``).
"""

from __future__ import annotations

from functools import lru_cache

from metricsmith.catalog.packs import load_packs
from metricsmith.models.profile import Person
from metricsmith.text import stems

@lru_cache(maxsize=1)
def _area_phrases() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple((area, tuple(tuple(stems(p)) for p in phrases)) for area, phrases in load_packs().roles.items())


def _has(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1))


def role_areas(role: str) -> frozenset[str]:
    """Responsibility areas a role text points at (e.g. "руководитель маркетинга" → marketing)."""
    seq = stems(role)
    found = {area for area, phrases in _area_phrases() if any(_has(seq, p) for p in phrases)}
    if not found and any(_has(seq, tuple(stems(w))) for w in load_packs().weak_ceo):
        found.add("ceo")
    return frozenset(found)


def areas_for(metric_id: str, category: str, owner_areas: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The ordered responsibility areas for a metric, ending with the CEO: the catalog entry's own
    ``owner_areas`` (looked up by id when not given), else its category's usual areas."""
    if not owner_areas:
        from metricsmith.catalog.extra import active_catalog

        entry = active_catalog().find(metric_id)
        owner_areas = entry.owner_areas if entry is not None else ()
    base = owner_areas or load_packs().category_areas.get(category, ())
    return tuple(dict.fromkeys(tuple(base) + ("ceo",)))


class OwnerPicker:
    """Assigns owners across a metric set, spreading the load within an area."""

    def __init__(self, people: list[Person]) -> None:
        self.people = [p for p in people if p.name]
        self.areas = [role_areas(p.role) for p in self.people]
        self.load = [0] * len(self.people)

    def pick(self, metric_id: str, category: str, owner_areas: tuple[str, ...] = ()) -> tuple[str, str]:
        """``(name, role)`` of the owner, or ``("", "")`` when the profile lists nobody."""
        if not self.people:
            return "", ""
        for area in areas_for(metric_id, category, owner_areas):
            matches = [i for i, a in enumerate(self.areas) if area in a]
            if matches:
                i = min(matches, key=lambda k: (self.load[k], k))
                return self._take(i)
        return self._take(0)

    def keep(self, name: str) -> None:
        """Count an owner that was kept from elsewhere (e.g. a replaced metric's owner)."""
        for i, p in enumerate(self.people):
            if p.name == name:
                self.load[i] += 1

    def _take(self, i: int) -> tuple[str, str]:
        self.load[i] += 1
        return self.people[i].name, self.people[i].role
