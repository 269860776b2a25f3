"""Detecting a corrupted Parquet file before its values are computed with.

Why: DuckDB reads a Parquet file lazily and trusts its pages. Flipped bytes surface
later as assorted errors from deep inside a query (or as absurd dates), and zeroed
bytes can decode cleanly into wrong values — a silently wrong metric. Two checks,
one scan: every column is read in full (so undecodable pages fail here, with the
file named), and each column's actual minimum and maximum must lie within the
range the file's own footer recorded for it when it was written. Page checksums,
where the writer stored them, are verified by pyarrow on the same occasion.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from metricsmith.errors import InputTableError

_HINT = "the file is damaged; export it again from its source"


def verify_parquet(con: duckdb.DuckDBPyConnection, p: Path, relation: str, headers: list[str]) -> None:
    """Raise :class:`InputTableError` when ``p`` cannot be read in full or contradicts its footer."""
    from metricsmith.compute.loaders import quote_ident

    ranges = _footer_ranges(p)
    columns = list(headers)
    # FILTER makes DuckDB decode the pages; a bare min()/max() is answered from the footer itself.
    selects = ", ".join(f"min({quote_ident(c)}) FILTER (WHERE _row > 0), max({quote_ident(c)}) FILTER (WHERE _row > 0)"
                        for c in columns) or "count(*)"
    try:
        row = con.execute(f"SELECT count(*), {selects} FROM {relation}").fetchall()[0]
    except duckdb.Error as exc:
        raise InputTableError(f"corrupted Parquet: {_first_line(exc)}", path=p, hint=_HINT) from exc
    for i, column in enumerate(columns):
        if column not in ranges:
            continue
        low, high = ranges[column]
        actual_low, actual_high = row[1 + 2 * i], row[2 + 2 * i]
        if _outside(actual_low, low, high) or _outside(actual_high, low, high):
            raise InputTableError(
                f"corrupted Parquet: column '{column}' holds values ({actual_low} … {actual_high}) outside the "
                f"range its footer records ({low} … {high})", path=p, field=column, hint=_HINT,
            )


def _footer_ranges(p: Path) -> dict[str, tuple[Any, Any]]:
    """Each top-level column's (min, max) over all row groups, where every row group recorded both."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(p, page_checksum_verification=True).metadata
        return _ranges(metadata)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a broken footer
        raise InputTableError(f"corrupted Parquet: {_first_line(exc)}", path=p, hint=_HINT) from exc


def _ranges(metadata: Any) -> dict[str, tuple[Any, Any]]:
    """(min, max) per column from the row groups' statistics (decoding them may raise: a broken footer)."""
    ranges: dict[str, tuple[Any, Any]] = {}
    complete: dict[str, bool] = {}
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        for c in range(group.num_columns):
            chunk = group.column(c)
            name = chunk.path_in_schema
            stats = chunk.statistics
            if stats is None or not stats.has_min_max or "." in name:
                complete[name] = False
                continue
            low, high = stats.min, stats.max
            if name in ranges:
                try:
                    low, high = min(low, ranges[name][0]), max(high, ranges[name][1])
                except TypeError:
                    complete[name] = False
                    continue
            ranges[name] = (low, high)
            complete.setdefault(name, True)
    return {name: r for name, r in ranges.items() if complete.get(name)}


def _outside(value: Any, low: Any, high: Any) -> bool:
    """True when ``value`` is comparable with the footer's range and lies outside it."""
    if value is None:
        return False
    if isinstance(value, str) and isinstance(low, dt.date):
        return True  # DuckDB hands over dates Python cannot hold (years BC, past 9999) as text
    if isinstance(value, dt.datetime) and type(low) is dt.date:
        value = value.date()
    if isinstance(value, (int, float)) and isinstance(low, (int, float)) and not isinstance(value, bool):
        return value < low or value > high
    if type(value) is not type(low) or type(low) is not type(high):
        return False
    try:
        return value < low or value > high
    except TypeError:
        return False


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
