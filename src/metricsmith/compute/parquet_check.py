"""Detecting a corrupted Parquet file before its values are computed with.

Why: DuckDB reads a Parquet file lazily and trusts its pages. Flipped bytes surface
later as assorted errors from deep inside a query (or as absurd dates), and zeroed
bytes can decode cleanly into wrong values — a silently wrong metric. Two checks:
every column is read in full (so undecodable pages fail, with the file named), and
each column's actual minimum and maximum must lie within the range the file's own
footer recorded for it when it was written.

Loading reads only the footer (:func:`read_footer`); the pages are checked while
the table is built (:mod:`metricsmith.compute.validate`), so that a big file is
decoded once: columns the checked table holds unchanged are range-checked there,
the others in one scan of the file (:func:`verify_parquet`). DuckDB errors while
the file is read mean undecodable pages (:func:`reading`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from metricsmith.errors import InputTableError

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.loaders import Source

_HINT = "the file is damaged; export it again from its source"


#: Types whose values the deprecated footer fields ``min``/``max`` were ordered correctly for
#: (signed comparison); for text, decimals and unsigned numbers only ``min_value``/``max_value`` count.
_SIGNED = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DATE", "TIMESTAMP", "TIMESTAMP_S",
           "TIMESTAMP_MS", "TIMESTAMP_NS", "BOOLEAN"}
#: A column whose dictionary pages take at most this many bytes in all (compressed) has few
#: distinct values: tens of thousands at the very most, usually a handful (statuses, regions).
_SMALL_DICTIONARIES = 64 * 1024


@dataclass(frozen=True)
class Footer:
    """What a Parquet file's footer records about its columns, to check their values against."""

    #: Each column's (min, max) over all row groups, for the columns every row group recorded both for.
    ranges: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    #: Columns with few distinct values: booleans, and columns stored with small dictionaries only.
    few: frozenset[str] = frozenset()


def read_footer(con: duckdb.DuckDBPyConnection, p: Path, types: Mapping[str, str]) -> Footer:
    """The footer of ``p`` as DuckDB has parsed it; ``types`` holds each column's DuckDB type.

    The footer's values are read as the column's type, so they compare with the column's own
    values exactly. No other Parquet library is loaded for it.
    """
    from metricsmith.compute.loaders import quote_literal

    scalar = {h: t for h, t in types.items()
              if h != "_row" and not t.upper().startswith(("STRUCT", "MAP", "UNION")) and not t.endswith("]")}
    if not scalar:
        return Footer()
    # Every data page dictionary-encoded, so that the dictionaries hold every distinct value.
    dictionary_only = ("dictionary_page_offset IS NOT NULL AND encoding_stats IS NOT NULL AND len([e FOR e IN "
                       "encoding_stats IF e.page_type LIKE 'DATA_PAGE%' AND struct_extract(e, 'encoding') "
                       "NOT LIKE '%DICTIONARY']) = 0")
    parts = []
    for header, typ in scalar.items():
        low, high = ("coalesce(stats_min_value, stats_min)", "coalesce(stats_max_value, stats_max)") \
            if typ.upper() in _SIGNED else ("stats_min_value", "stats_max_value")
        mine = f"FILTER (WHERE path_in_schema = {quote_literal(header)})"
        parts.append(f"count(*) {mine}, count(TRY_CAST({low} AS {typ})) {mine}, count(TRY_CAST({high} AS {typ})) {mine}, "
                     f"min(TRY_CAST({low} AS {typ})) {mine}, max(TRY_CAST({high} AS {typ})) {mine}, "
                     f"bool_and({dictionary_only}) {mine}, sum(data_page_offset - dictionary_page_offset) {mine}")
    try:
        row = con.execute(f"SELECT {', '.join(parts)} FROM parquet_metadata({quote_literal(str(p))})").fetchall()[0]
    except duckdb.Error as exc:
        raise InputTableError(f"corrupted Parquet: {_first_line(exc)}", path=p, hint=_HINT) from exc
    ranges: dict[str, tuple[Any, Any]] = {}
    few: set[str] = set()
    for i, (header, typ) in enumerate(scalar.items()):
        chunks, lows, highs, low, high, dictionaries, dictionary_bytes = row[7 * i:7 * i + 7]
        if typ.upper() == "BOOLEAN" or (dictionaries and dictionary_bytes is not None
                                        and dictionary_bytes <= _SMALL_DICTIONARIES):
            few.add(header)
        if not chunks or lows != chunks or highs != chunks:
            continue
        if typ.upper().startswith(("DATE", "TIMESTAMP")) and (isinstance(low, str) or isinstance(high, str)):
            # DuckDB hands over dates Python cannot hold (years BC, past 9999) as text.
            raise InputTableError(f"corrupted Parquet: the footer records impossible dates for column '{header}' "
                                  f"({low} … {high})", path=p, field=header, hint=_HINT)
        ranges[header] = (low, high)
    return Footer(ranges, frozenset(few))


@contextmanager
def reading(source: "Source") -> Iterator[None]:
    """Report a DuckDB error while a Parquet source's pages are read as a damaged file.

    Other sources (CSV, workbooks) are parsed before their values are queried, so their
    errors pass through unchanged.
    """
    try:
        yield
    except duckdb.Error as exc:
        if source.footer is None:
            raise
        raise InputTableError(f"corrupted Parquet: {_first_line(exc)}", path=source.path, hint=_HINT) from exc


def verify_parquet(con: duckdb.DuckDBPyConnection, source: "Source", columns: Mapping[str, str],
                   relation: str, *, built: bool = False) -> None:
    """Raise :class:`InputTableError` when a column's values contradict the source's footer.

    ``columns`` maps a header of the file to the column of ``relation`` holding its values:
    the file's own view (every page of those columns is decoded here) or, with ``built``, a
    table built from the file that holds them unchanged (its pages were decoded to build it).
    """
    from metricsmith.compute.loaders import quote_ident

    if not columns:
        return
    footer = source.footer or Footer()
    # From the file, a column with few distinct values is grouped: DuckDB groups a dictionary-
    # encoded column by its dictionary, several times faster than comparing every value, and a
    # grouping cannot be answered from the footer. Any other column is read with a filter: a
    # bare min()/max() is answered from the footer itself, and so is one whose filter the
    # optimizer proves always true from the footer's statistics (``_row > 0``); random() cannot
    # be decided in advance. A built table's own statistics come from its values: no filter.
    grouped = [] if built else [(h, c) for h, c in columns.items() if h in footer.few]
    scanned = [(h, c) for h, c in columns.items() if (h, c) not in grouped]
    selects = [f"(SELECT [min(v), max(v)] FROM (SELECT {quote_ident(c)} AS v FROM {relation} GROUP BY v))"
               for _, c in grouped]
    found: list[tuple[Any, Any]] = []
    with reading(source):
        if grouped:
            found.extend(tuple(pair) for pair in con.execute(f"SELECT {', '.join(selects)}").fetchall()[0])
        if scanned:
            bounds = ", ".join(f"min({quote_ident(c)}), max({quote_ident(c)})" for _, c in scanned)
            every_page = "" if built else " WHERE random() >= 0"
            row = con.execute(f"SELECT {bounds} FROM {relation}{every_page}").fetchall()[0]
            found.extend(zip(row[::2], row[1::2]))
    for (header, _), (actual_low, actual_high) in zip(grouped + scanned, found):
        if header not in footer.ranges:
            continue  # read in full all the same: an undecodable page fails above
        low, high = footer.ranges[header]
        if _outside(actual_low, low, high) or _outside(actual_high, low, high):
            raise InputTableError(
                f"corrupted Parquet: column '{header}' holds values ({actual_low} … {actual_high}) outside the "
                f"range its footer records ({low} … {high})", path=source.path, field=header, hint=_HINT,
            )


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
