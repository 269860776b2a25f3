"""Reading a user's file with errors that say what went wrong, in the caller's error type.

Profiles, projects, audit tables and mapping files are all opened by people who
may have typed the path wrong or pointed at a folder; each gets the same
one-line explanations, raised as the error class of the surface that asked.
"""

from __future__ import annotations

from pathlib import Path

from metricsmith.errors import MetricsmithError


def read_user_file(path: str | Path, error: type[MetricsmithError], noun: str = "file") -> bytes:
    """The bytes of ``path``; missing, folder, permission and I/O problems raise ``error``.

    ``noun`` names what was expected ("profile file", "mapping file") in the messages.
    """
    import stat

    from metricsmith.limits import check_size, current

    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISREG(info.st_mode):
            check_size(p, info.st_size, current(), error=error)
        elif not stat.S_ISDIR(info.st_mode):  # /dev/zero never ends, a FIFO may never answer
            raise error(f"is not a regular file (a device, pipe or socket), not a {noun}", path=p)
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise error(f"{noun} not found", path=p) from exc
    except IsADirectoryError as exc:
        raise error(f"is a folder, not a {noun}", path=p) from exc
    except PermissionError as exc:
        raise error("cannot read: permission denied", path=p) from exc
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=p) from exc


def decode_utf8(data: bytes, path: str | Path, error: type[MetricsmithError], hint: str = "") -> str:
    """UTF-8 text (a BOM is accepted); anything else raises ``error`` naming the file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("not UTF-8 text", path=path, hint=hint or "save the file as UTF-8") from exc
    if "\x00" in text:  # valid UTF-8, but UTF-16 (without a BOM) or a binary file
        kind = "UTF-16 text" if looks_like_utf16(data) else "a binary file"
        raise error(f"this is {kind}, not UTF-8 text", path=path, hint=hint or "save the file as UTF-8")
    return text


def looks_like_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``data`` looks like UTF-16 without a BOM (NULs every other byte)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None
