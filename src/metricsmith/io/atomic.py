"""Atomic file writes: a temp file in the same folder, fsync, then rename.

A crash, a full disk or a permission error while saving must never leave a
half-written project behind: either the new file is complete, or the old one is
untouched.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from metricsmith.errors import SaveError


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; raise :class:`SaveError` on failure."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveError(_reason(exc), path=target) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            try:
                os.chmod(tmp_name, target.stat().st_mode & 0o777)
            except OSError:
                pass
        os.replace(tmp_name, target)
    except OSError as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise SaveError(_reason(exc), path=target) from exc
    return target


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode(encoding))


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot write here: permission denied; the previous file, if any, is unchanged"
    if exc.errno == errno.ENOSPC:
        return "cannot write: the disk is full; the previous file, if any, is unchanged"
    if exc.errno == errno.ENOENT:
        return "cannot write: the folder does not exist"
    if exc.errno == errno.EISDIR:
        return "cannot write: the path is a folder"
    return f"cannot write: {exc.strerror or exc}; the previous file, if any, is unchanged"
