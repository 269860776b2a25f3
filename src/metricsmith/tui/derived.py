"""Texts drafted from a metric's fields, brought up to date after the user changes those fields.

The drafting engines write some texts from the numbers and people they knew at
the time: "Measure first … then set the target" in the comment when there was
no baseline, the owner's role next to the owner's name. When the user later
sets the baseline or names another owner, those texts would contradict the
row, so they are recomputed here after every edit. Nothing here imports Textual.
"""

from __future__ import annotations

import re

from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile

#: The drafted "measure first" sentence, in both languages (see engines/offline_texts.py).
_MEASURE_FIRST = re.compile(
    r"^\s*(Measure first:.*?then set the target\.|Сначала измерьте.*?затем поставьте цель\.)\s*",
    re.DOTALL,
)


def role_of(owner: str, profile: Profile) -> str:
    """The role the profile gives the person named ``owner`` (case-insensitive), or ``""``."""
    wanted = owner.strip().casefold()
    for person in profile.people:
        if person.name.strip().casefold() == wanted:
            return person.role
    return ""


def refresh_derived(before: Metric, after: Metric, profile: Profile) -> None:
    """Update ``after``'s drafted texts that ``before``'s fields produced and the edit made stale."""
    if after.baseline is not None and _MEASURE_FIRST.match(after.comment):
        after.comment = _MEASURE_FIRST.sub("", after.comment, count=1)
    if after.owner != before.owner and after.owner_role == before.owner_role:
        after.owner_role = role_of(after.owner, profile)
