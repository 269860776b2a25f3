"""CSV/TSV (and plain text lists of names), with the delimiter guessed from the first lines."""

from __future__ import annotations

import csv
import io

from metricsmith.errors import InputTableError
from metricsmith.readers.table import RawTable

_DELIMITERS = ",;\t|"


def _guess_delimiter(text: str) -> str:
    sample_lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    if not sample_lines:
        return ","
    best, best_score = ",", -1.0
    # The header (first line) must contain the delimiter; a one-column list keeps ",".
    for d in (d for d in _DELIMITERS if d in sample_lines[0]):
        counts = [ln.count(d) for ln in sample_lines]
        if not any(counts):
            continue
        # Prefer a delimiter that appears the same number of times on every line.
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = consistent * 10 + min(counts[0], 5)
        if score > best_score:
            best, best_score = d, score
    return best


def read_delimited(text: str, path: str, delimiter: str | None = None) -> RawTable:
    """Rows of a CSV/TSV text with their first line numbers; stops at the row limit (see :mod:`metricsmith.limits`)."""
    from metricsmith.limits import Deadline, current, exceeded

    limits = current()
    max_rows = limits.rows
    deadline = Deadline(limits, path)
    d = delimiter or _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=d)
    rows: list[list[str | None]] = []
    lines: list[int] = []
    last_start = last_end = 0
    try:
        start = 1
        for row in reader:
            if len(rows) > max_rows:  # header + max_rows data rows are allowed
                raise exceeded("rows", f"the table has more than {max_rows:,} rows", max_rows, path=path,
                               line=start)
            if not len(rows) & 0x3FFF:  # a cheap look at the clock every 16,384 rows
                deadline.check()
            end = reader.line_num
            last_start, last_end = start, end
            # Cells are kept as read (the mapping strips them); blank lines are skipped.
            if any(row) and (len(row) > 1 or row[0].strip()):
                rows.append(row)
                lines.append(start)
            start = end + 1
    except csv.Error as exc:
        raise InputTableError(f"broken CSV: {exc}", path=path, line=reader.line_num) from exc
    if last_end > last_start:
        _refuse_unclosed_quote(text, d, path, last_start)
    return RawTable(path=path, rows=rows, lines=lines)  # type: ignore[arg-type]


def _refuse_unclosed_quote(text: str, delimiter: str, path: str, start: int) -> None:
    """The lenient reader lets a quote that is never closed swallow every later row into one cell."""
    tail = "".join(text.splitlines(keepends=True)[start - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputTableError(
                "a quoted cell is never closed: every later row would be read into it", path=path, line=start,
                hint='close the quote, or double quotes inside a quoted cell ("")',
            ) from None
