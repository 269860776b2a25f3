"""An advisory lock that serialises metricsmith's saves into one folder.

Why the folder and not the file: a save replaces the file by renaming a new one over
it, so a lock held on the old file's inode would not stop a process that opens the
new one. Locking the folder (``flock`` on its descriptor) leaves no lock file behind
and covers every save into it; saves are short, so waiting is rare and brief. Where
``fcntl`` is missing (Windows) the lock is a no-op and the compare-and-swap check
still catches most races.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder of ``path`` (which may not exist yet) while inside."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a missing or unreadable folder: the save itself will report it
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: go on with the compare-and-swap alone
            pass
        yield
    finally:
        os.close(fd)  # closing releases the lock
