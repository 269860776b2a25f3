"""Markdown pipe tables (the first table in the file), read back as the text a viewer shows.

Cells are unescaped the way CommonMark renders them: a backslash before ASCII punctuation
(``\\|``, ``\\+``, ``\\\\``) is dropped, HTML entities (``&lt;``) are decoded and ``<br>``
becomes a space. That makes our own Markdown export (which escapes exactly so) audit
back to the original metric names and goals.
"""

from __future__ import annotations

import html
import re
import string

from metricsmith.readers.table import RawTable

_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PUNCTUATION = frozenset(string.punctuation)


def _cells(line: str) -> list[str]:
    """Split a table row on unescaped pipes and unescape each cell."""
    s = line.strip()
    if "\\" in s:
        cells = _split_escaped(s)
    else:  # the common case, without a character loop
        cells = s.split("|")
    if s.startswith("|"):
        cells = cells[1:]
    if len(cells) > 1 and s.endswith("|") and not cells[-1].strip():
        cells = cells[:-1]
    return [html.unescape(_BR_RE.sub(" ", c)).strip() for c in cells]


def _split_escaped(s: str) -> list[str]:
    """Split on pipes not escaped by a backslash; drop the backslash of escaped punctuation."""
    cells: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] in _PUNCTUATION:
            current.append(s[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    return cells


def read_markdown(text: str, path: str) -> RawTable:
    """The first pipe table (or list of names); refuses more lines than the row limit allows."""
    from metricsmith.limits import current, exceeded

    lines = text.splitlines()
    max_rows = current().rows
    if len(lines) > max_rows + 2:  # header and separator lines on top of the rows
        raise exceeded("rows", f"the file has more than {max_rows:,} lines", max_rows, path=path)
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    in_table = False
    for n, line in enumerate(lines, 1):
        is_row = "|" in line and line.strip() != ""
        if not in_table:
            nxt = lines[n] if n < len(lines) else ""
            if is_row and _SEPARATOR_RE.match(nxt):
                rows.append(_cells(line))  # type: ignore[arg-type]
                numbers.append(n)
                in_table = True
            continue
        if _SEPARATOR_RE.match(line):
            continue
        if not is_row:
            break
        rows.append(_cells(line))  # type: ignore[arg-type]
        numbers.append(n)
    if not rows:
        # No pipe table: read a bullet or plain list of names, one per line.
        for n, line in enumerate(lines, 1):
            s = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()
            if s and not s.startswith("#"):
                rows.append([s])
                numbers.append(n)
    return RawTable(path=path, rows=rows, lines=numbers, header_gap=1 if in_table else 0)
