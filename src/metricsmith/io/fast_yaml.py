"""Parsing the packaged YAML data (catalog, packs, rule lexicon and texts, header lists) fast.

These files are read at every ``propose``/``audit`` start. libyaml's C loader parses them, but
building the Python objects still costs most of a tenth of a second; so the parsed data is
kept in the user's cache folder as ``marshal`` bytes (plain dicts, lists, strings and numbers:
nothing that can run code), keyed by a hash of the text and the Python version. A changed file
gets a new key; a missing, unwritable or damaged cache only means parsing again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

import yaml

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Bumped when the cached representation changes.
_FORMAT = 1


def parse_yaml(text: str) -> Any:
    """Parse one YAML document safely, as fast as this PyYAML allows (no cache)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def load_yaml(text: str) -> Any:
    """Parsed packaged data, from the cache when this exact text was parsed before."""
    path = _cache_file(text)
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    data = parse_yaml(text)
    if path is not None:
        _store(path, data)
    return data


def _cache_file(text: str) -> Path | None:
    if os.environ.get("METRICSMITH_NO_DATA_CACHE"):
        return None
    override = os.environ.get("METRICSMITH_CACHE_DIR")
    if override:
        folder = Path(override)
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("metricsmith", appauthor=False))
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16)
    digest.update(f"{_FORMAT}:{sys.version_info[:2]}:{marshal.version}".encode())
    return folder / "data" / f"{digest.hexdigest()}.marshal"


def _store(path: Path, data: Any) -> None:
    """Write the cache entry atomically (a reader never sees half a file); failures are ignored."""
    try:
        blob = marshal.dumps(data)
    except ValueError:  # a value marshal cannot hold (e.g. a date): parse every time
        return
    try:
        from metricsmith.io.private import private_folder

        private_folder(path.parent)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(temporary, path)
    except OSError:
        pass
