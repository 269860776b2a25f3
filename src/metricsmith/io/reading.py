"""Reading a user's file with errors that say what went wrong, in the caller's error type.

Profiles, projects, audit tables and mapping files are all opened by people who
may have typed the path wrong or pointed at a folder; each gets the same
one-line explanations, raised as the error class of the surface that asked.
"""

from __future__ import annotations

from pathlib import Path

from metricsmith.errors import MetricsmithError, Phrase


def read_user_file(path: str | Path, error: type[MetricsmithError], noun: str | Phrase = Phrase("noun_file")) -> bytes:
    """The bytes of ``path``; missing, folder, permission and I/O problems raise ``error``.

    ``noun`` names what was expected ("profile file", "mapping file") in the messages;
    a :class:`Phrase` is worded in the reader's language.
    """
    import stat

    from metricsmith.limits import check_size, current

    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISREG(info.st_mode):
            check_size(p, info.st_size, current(), error=error)
        elif not stat.S_ISDIR(info.st_mode):  # /dev/zero never ends, a FIFO may never answer
            raise error(Phrase("not_regular_file", noun=noun), path=p)
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise error(Phrase("not_found", noun=noun), path=p) from exc
    except IsADirectoryError as exc:
        raise error(Phrase("is_folder", noun=noun), path=p) from exc
    except PermissionError as exc:
        raise error(Phrase("read_denied"), path=p) from exc
    except OSError as exc:
        raise error(Phrase("read_failed", reason=exc.strerror or exc), path=p) from exc


def decode_utf8(data: bytes, path: str | Path, error: type[MetricsmithError], hint: str | Phrase = "") -> str:
    """UTF-8 text (a BOM is accepted); anything else raises ``error`` naming the file."""
    hint = hint or Phrase("save_as_utf8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(Phrase("not_utf8"), path=path, hint=hint) from exc
    if "\x00" in text:  # valid UTF-8, but UTF-16 (without a BOM) or a binary file
        raise error(Phrase("utf16_not_utf8" if looks_like_utf16(data) else "binary_not_utf8"), path=path, hint=hint)
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
