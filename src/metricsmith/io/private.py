"""Folders and files only the user can read: the config (it may hold an API key) and the LLM cache.

The cache holds prompts built from the user's business answers and the model's
answers; the config may hold ``api_key``. Both are created 0600 in folders created
0700, from the first byte (a chmod after writing leaves a window where others can
read). Folders that already exist are left as they are: ``METRICSMITH_CACHE_DIR``
may point at a shared folder whose mode is not ours to change.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) 0700; an existing folder is left alone."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for level in reversed(missing):
        try:
            level.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(level, FOLDER_MODE)  # mkdir's mode is filtered by the umask; 0700 is meant exactly
    return folder


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists with mode 0600 (created so, or tightened if it is ours and looser).

    Raises ``OSError`` when ``path`` is something other than a regular file (or a symlink).
    """
    import stat

    private_folder(path.parent)
    # O_NONBLOCK: a FIFO put in the file's place must not hang us (it fails instead, with no reader).
    flags = os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path} is not a regular file")
        if info.st_mode & 0o077 and info.st_uid == os.getuid():
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path
