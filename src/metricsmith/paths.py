"""The user's folders for metricsmith (config, data, cache), without importing the settings model.

Why a module of its own: several cold paths (the data cache read at every start, the quick
"nothing is configured" check of ``propose``) need these folders, and importing
:mod:`metricsmith.config` would pull in pydantic-settings for nothing. Each folder can be
moved with a ``METRICSMITH_*_DIR`` variable (tests and portable installs do).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "metricsmith"


def _folder(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's config folder (``METRICSMITH_CONFIG_DIR`` overrides)."""
    return _folder("METRICSMITH_CONFIG_DIR", "config")


def config_path() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    """The user's data folder (recent projects, autosaves; ``METRICSMITH_DATA_DIR`` overrides)."""
    return _folder("METRICSMITH_DATA_DIR", "data")


def cache_dir() -> Path:
    """The user's cache folder (LLM answers, parsed packaged data; ``METRICSMITH_CACHE_DIR`` overrides)."""
    return _folder("METRICSMITH_CACHE_DIR", "cache")
