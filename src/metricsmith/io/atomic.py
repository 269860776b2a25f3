"""Atomic file writes: a temp file in the same folder, fsync, then rename.

A crash, a full disk or a permission error while saving must never leave a
half-written project behind: either the new file is complete, or the old one is
untouched. :func:`stage_bytes` is the first half (used directly by exports that
write several files all-or-nothing); :func:`atomic_write_bytes` is the whole.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from metricsmith.errors import Phrase, SaveError


def writable_target(path: str | Path) -> Path:
    """The regular file a save may replace (or create) for ``path``; refuse anything else.

    A rename over ``/dev/null``, a FIFO or a socket would turn it into a regular file (and
    as root that breaks the system), so only regular files are ever replaced. A symbolic
    link is followed: the file it points to is replaced, the link stays. A file without
    write permission is the user saying "do not change this": a rename would ignore that
    (it needs only the folder's permission), so it is refused too. Raises :class:`SaveError`.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise SaveError(describe_os_error(exc), path=target) from exc
    if stat.S_ISDIR(info.st_mode):
        raise SaveError(Phrase("target_is_folder"), path=target, hint=Phrase("file_name_hint"))
    if not stat.S_ISREG(info.st_mode):
        raise SaveError(Phrase("target_not_regular"), path=target, hint=Phrase("ordinary_file_hint"))
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise SaveError(Phrase("target_read_only"), path=target, hint=Phrase("read_only_hint"))
    return target


def stage_bytes(target: Path, data: bytes, mode: int | None = None) -> str:
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
        # A private file (``mode`` given) stays 0600 from the first byte.
        try:
            if mode is None:
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


def atomic_write_bytes(path: str | Path, data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; raise :class:`SaveError` on failure.

    Only a regular file is replaced (see :func:`writable_target`). ``private`` files
    (config, caches) are created 0600, and missing folders 0700.
    """
    given = Path(path)
    target = writable_target(given)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if private:
            from metricsmith.io.private import FILE_MODE, private_folder

            private_folder(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tmp_name = stage_bytes(target, data, FILE_MODE if private else None)
        try:
            os.replace(tmp_name, target)
        except OSError:
            discard(tmp_name)
            raise
    except OSError as exc:
        raise SaveError(describe_os_error(exc), path=target) from exc
    return given


def atomic_write_many(files: Mapping[Path, bytes]) -> list[Path]:
    """Write several files all-or-nothing; return the paths as given.

    Every file is staged beside its target first; then each existing target is kept
    under a hidden hard link (a copy where links are not possible) while the staged
    files are renamed into place. If any rename fails, the files already replaced are
    put back from those links and new ones are removed, so either every file is new or
    every file is as it was. Raises :class:`SaveError` naming the file that failed.
    """
    targets = {Path(given): writable_target(given) for given in files}
    staged: list[tuple[str, Path]] = []
    backups: dict[Path, str | None] = {}
    done: list[Path] = []
    created: list[Path] = []
    current: Path | None = None
    try:
        for given, data in files.items():
            target = targets[Path(given)]
            current = target
            folder = target.parent if str(target.parent) else Path(".")
            created.extend(p for p in [folder, *folder.parents] if not p.exists())
            folder.mkdir(parents=True, exist_ok=True)
            staged.append((stage_bytes(target, data), target))
        for _, target in staged:
            current = target
            backups[target] = _keep_aside(target)
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
            done.append(target)
    except OSError as exc:
        for target in reversed(done):
            _put_back(target, backups.get(target))
        for tmp, _ in staged:
            discard(tmp)
        for folder in created:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                pass
        raise SaveError(describe_os_error(exc), path=current) from exc
    finally:
        for backup in backups.values():
            if backup is not None:
                discard(backup)
    return [Path(given) for given in files]


def _keep_aside(target: Path) -> str | None:
    """A hidden second name for the current ``target`` (``None`` when there is no file yet)."""
    if not target.exists():
        return None
    folder = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=folder)
    os.close(fd)
    os.unlink(name)
    try:
        os.link(target, name)
    except OSError:  # a file system without hard links: a copy does the same job
        import shutil

        shutil.copy2(target, name)
    return name


def _put_back(target: Path, backup: str | None) -> None:
    """Undo one rename of :func:`atomic_write_many`: the old file back, or the new one removed."""
    try:
        if backup is None:
            os.unlink(target)
        else:
            os.replace(backup, target)
    except OSError:
        pass


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode(encoding))


def describe_os_error(exc: OSError) -> Phrase:
    """What a failed write means for the user, in one clause."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Phrase("write_denied")
    if exc.errno == errno.ENOSPC:
        return Phrase("disk_full")
    if exc.errno == errno.ENOENT:
        return Phrase("no_folder")
    if exc.errno == errno.EISDIR:
        return Phrase("write_is_folder")
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # mkdir of a folder whose name is taken by a file
        return Phrase("part_is_file")
    return Phrase("write_failed", reason=exc.strerror or exc)
