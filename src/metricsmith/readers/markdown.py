"""Markdown pipe tables (the first table in the file); escaped pipes ``\\|`` stay in cells."""

from __future__ import annotations

import re

from metricsmith.readers.table import RawTable

_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPLIT_RE = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip().replace("\\|", "|").replace("<br>", " ") for c in _SPLIT_RE.split(s)]


def read_markdown(text: str, path: str) -> RawTable:
    lines = text.splitlines()
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
