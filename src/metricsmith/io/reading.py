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
    p = Path(path)
    try:
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
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("not UTF-8 text", path=path, hint=hint or "save the file as UTF-8") from exc
