"""Decode text files written by real people: UTF-8, UTF-8 with BOM, or cp1251 (Russian Excel).

A file that is partly UTF-8 and partly cp1251 is refused with the line where the encodings
change, rather than being silently turned into mojibake.
"""

from __future__ import annotations

from metricsmith.errors import InputTableError


def decode_bytes(data: bytes, path: str) -> str:
    """Text of ``data``; strips a UTF-8 BOM; falls back to cp1251; refuses mixed encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputTableError("broken UTF-16 text", path=path) from exc
    if b"\x00" in data[:4096]:
        from metricsmith.io.reading import looks_like_utf16

        encoding = looks_like_utf16(data)  # UTF-16 without a BOM is valid UTF-8 full of NULs
        if encoding is None:
            raise InputTableError("this is a binary file, not a text table", path=path)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputTableError("broken UTF-16 text", path=path) from exc
        if "\x00" in text:
            raise InputTableError("this is a binary file, not a text table", path=path)
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
    else:
        if "\x00" in text:
            raise InputTableError("this is a binary file, not a text table", path=path)
        return text
    lines = data.split(b"\n")
    for n, raw in enumerate(lines, 1):
        if n == bad_line or raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        # This line is valid non-ASCII UTF-8 while another is not: two encodings in one file.
        raise InputTableError(
            f"mixed text encodings: line {n} is UTF-8 but line {bad_line} is not",
            path=path,
            line=bad_line,
            hint="save the file again with one encoding, preferably UTF-8",
        )
    return data.decode("cp1251", errors="replace")
