"""Atomic file writes: a temp file in the same folder, fsync, then rename.

A crash, a full disk or a permission error while saving must never leave a
half-written project behind: either the new file is complete, or the old one is
untouched. :func:`stage_bytes` is the first half (used directly by exports that
write several files all-or-nothing); :func:`atomic_write_bytes` is the whole.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from metricsmith.errors import SaveError


def stage_bytes(target: Path, data: bytes) -> str:
    """Write ``data`` to a fsynced temp file beside ``target``, with ``target``'s permissions.

    Returns the temp file's path; the caller renames it over ``target`` (or
    removes it). Raises ``OSError``; nothing is left behind on failure.
    """
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; a project or export must get the permissions any
        # other new file would (the umask's), or the old file's when replacing it.
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
            os.chmod(tmp_name, mode)
        except OSError:
            pass
    except OSError:
        discard(tmp_name)
        raise
    return tmp_name


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)  # elsewhere: read by setting it, and put it straight back
    os.umask(current)
    return current


def discard(tmp_name: str) -> None:
    """Remove a staged temp file, ignoring errors (it may already be gone)."""
    try:
        os.unlink(tmp_name)
    except OSError:
        pass


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; raise :class:`SaveError` on failure."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp_name = stage_bytes(target, data)
        try:
            os.replace(tmp_name, target)
        except OSError:
            discard(tmp_name)
            raise
    except OSError as exc:
        raise SaveError(describe_os_error(exc), path=target) from exc
    return target


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode(encoding))


def describe_os_error(exc: OSError) -> str:
    """What a failed write means for the user, in one clause."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot write here: permission denied; the previous file, if any, is unchanged"
    if exc.errno == errno.ENOSPC:
        return "cannot write: the disk is full; the previous file, if any, is unchanged"
    if exc.errno == errno.ENOENT:
        return "cannot write: the folder does not exist"
    if exc.errno == errno.EISDIR:
        return "cannot write: the path is a folder"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # mkdir of a folder whose name is taken by a file
        return "cannot write: part of the folder path is a file, not a folder"
    return f"cannot write: {exc.strerror or exc}; the previous file, if any, is unchanged"
