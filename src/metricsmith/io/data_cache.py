"""A cache of data derived from packaged files, in the user's cache folder, as ``marshal`` bytes.

Why: the packaged catalog, packs and rule lexicon are the same on every start, but turning
them into Python objects (YAML construction, stemming every catalog phrase) costs several
interpreter starts. A derived value is stored under a key made of what it was derived from
(the source text), a namespace and the Python version; a changed source gets a new key. Only
plain data goes in (dicts, lists, tuples, sets, strings, numbers): ``marshal`` cannot carry
code, and a missing, unwritable or damaged entry only means computing the value again.
``METRICSMITH_NO_DATA_CACHE=1`` switches the cache off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any, Callable

#: Bumped when a cached representation changes.
_FORMAT = 2


def cached(namespace: str, source: str, build: Callable[[], Any]) -> Any:
    """``build()``, or its stored result for this ``namespace`` and ``source`` text."""
    path = _entry(namespace, source)
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    value = build()
    if path is not None:
        _store(path, value)
    return value


def _entry(namespace: str, source: str) -> Path | None:
    if os.environ.get("METRICSMITH_NO_DATA_CACHE"):
        return None
    from metricsmith.paths import cache_dir

    digest = hashlib.blake2b(source.encode("utf-8"), digest_size=16)
    digest.update(f"{namespace}:{_FORMAT}:{sys.version_info[:2]}:{marshal.version}".encode())
    return cache_dir() / "data" / f"{digest.hexdigest()}.marshal"


def _store(path: Path, value: Any) -> None:
    """Write the entry atomically (a reader never sees half a file); failures are ignored."""
    try:
        blob = marshal.dumps(value)
    except ValueError:  # a value marshal cannot hold: computed every time
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
