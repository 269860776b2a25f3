"""Parsing the packaged YAML data (catalog, packs, rule lexicon and texts, header lists) fast.

These files are read at every ``propose``/``audit`` start. libyaml's C loader parses them, but
building the Python objects still costs most of a tenth of a second; so the parsed data is kept
in the user's cache folder (:mod:`metricsmith.io.data_cache`), keyed by the text itself.
"""

from __future__ import annotations

from typing import Any


def parse_yaml(text: str) -> Any:
    """Parse one YAML document safely, as fast as this PyYAML allows (no cache).

    PyYAML is imported here, not with the module: a cached text (the usual case) never
    needs it, which keeps a command that only reports an error light.
    """
    import yaml

    loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C or Python


def load_yaml(text: str) -> Any:
    """Parsed packaged data, from the cache when this exact text was parsed before."""
    from metricsmith.io.data_cache import cached

    return cached("yaml", text, lambda: parse_yaml(text))
