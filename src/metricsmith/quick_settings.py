"""The offline defaults, known without importing the settings model, when nothing is configured.

Why: ``metricsmith propose`` on the offline engine is the first command every user runs, and
the settings model (pydantic-settings) alone costs about three bare interpreter starts to
import. When no option, no ``METRICSMITH_*`` setting variable and no config file can change
anything, the answer is known: the offline engine, one replacement round, no extra catalogs.
In every other case the caller loads the real :class:`metricsmith.config.Settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

#: ``METRICSMITH_*`` variables that are not settings: folders, reader limits, the data cache.
_NOT_SETTINGS = ("METRICSMITH_CONFIG_DIR", "METRICSMITH_DATA_DIR", "METRICSMITH_CACHE_DIR",
                 "METRICSMITH_NO_DATA_CACHE")


@dataclass(frozen=True)
class OfflineDefaults:
    """The settings fields an offline draft reads, at their defaults."""

    engine: str = "offline"
    replace_flagged: bool = True
    catalogs: list[str] = field(default_factory=list)
    language: str = ""


def quick_offline_settings(**overrides: object) -> OfflineDefaults | None:
    """Offline defaults when nothing configured could differ from them, else ``None``.

    ``overrides`` are the command-line values (``None`` = not given); only ``engine="offline"``
    and ``replace_flagged`` may be given for the shortcut to apply.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    if given.get("engine", "offline") != "offline" or set(given) - {"engine", "replace_flagged"}:
        return None
    for name in os.environ:
        if name.startswith("METRICSMITH_") and name not in _NOT_SETTINGS and not name.startswith("METRICSMITH_MAX_"):
            return None
    from metricsmith.paths import config_path

    if config_path().exists():
        return None
    return OfflineDefaults(replace_flagged=bool(given.get("replace_flagged", True)))
