"""Parsing YAML with libyaml's C loader when PyYAML was built with it.

The catalog, the rule lexicon and texts, and the header lists are read at
every ``propose``/``audit`` start; the pure-Python loader spends a tenth of a
second on them, the C loader a few milliseconds. Both are safe loaders.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely, as fast as this PyYAML allows."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
