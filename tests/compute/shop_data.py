"""One shop's data, written both as CSV files (for ``compute --data``) and as PostgreSQL tables.

The rows extend the worked examples of ``conftest`` and ``test_recipes`` so that
every metric with a definition gets a value in October 2026 (surveys, tickets and
events share customers, so the health score has every component). The
database tables have the column names a shop would have and real types
(integer ids, ``date``/``timestamp``, ``numeric`` amounts, ``boolean`` flags),
so ``compute --source`` must recognise and cast them like file headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .conftest import MRR_HEADER, MRR_ROWS, ORDERS_HEADER, ORDERS_ROWS, write_csv


@dataclass(frozen=True)
class Table:
    """A table's name, columns with PostgreSQL types, and rows (None: empty cell / NULL)."""

    name: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[object, ...], ...]

    @property
    def header(self) -> list[str]:
        return [name for name, _ in self.columns]


ORDERS = Table(
    "orders",
    tuple(zip(ORDERS_HEADER, ("integer", "text", "date", "numeric(12,2)", "text", "boolean", "text", "text"))),
    tuple(tuple(r) for r in ORDERS_ROWS) + (
        (11, "c8", "2026-08-15", 80, "done", "no", "", "East"),
        (12, "c8", "2026-10-03", 120, "done", "no", "", "East"),
        (13, "c9", "2026-10-02", 60, "done", "no", "", "East"),
        (14, "c9", "2026-10-21", 90, "refunded", "no", "", "East"),
        (15, "c3", "2026-10-28", 75, "done", "no", "", "South"),
        (16, "c10", "2026-09-05", 40, "done", "no", "", "North"),
        (17, "c11", "2026-10-04", 55.5, "done", "no", "", "North"),
        (18, "c11", "2026-10-30", 44.5, "done", "yes", "late", "North"),
    ),
)
MRR = Table("mrr", tuple(zip(MRR_HEADER, ("text", "date", "double precision", "text"))),
            tuple((c, f"{m}-01", v, p) for c, m, v, p in MRR_ROWS))
SURVEYS = Table(
    "surveys", (("customer", "text"), ("date", "date"), ("score", "integer"), ("type", "text")),
    (("a", "2026-10-01", 10, "NPS"), ("b", "2026-10-02", 9, "NPS"), ("c", "2026-10-03", 8, "NPS"),
     ("d", "2026-10-04", 7, "NPS"), ("e", "2026-10-05", 6, "NPS"), ("f", "2026-10-06", 0, "NPS"),
     ("g", "2026-10-07", 10, "NPS"), ("h", "2026-09-30", 0, "NPS"),
     ("a", "2026-10-08", 5, "CSAT"), ("b", "2026-10-09", 4, "CSAT"), ("c", "2026-10-10", 3, "CSAT"),
     ("d", "2026-10-11", 1, "CSAT"), ("e", "2026-10-12", 2, "CES")),
)
TICKETS = Table(
    "tickets", (("ticket id", "text"), ("customer", "text"), ("opened at", "timestamp"), ("resolved at", "timestamp"),
                ("contacts", "integer")),
    (("t1", "a", "2026-10-01 10:00:00", "2026-10-01 11:00:00", 1), ("t2", "b", "2026-10-02 10:00:00",
                                                                    "2026-10-04 11:00:00", 3),
     ("t3", "c", "2026-10-03 10:00:00", None, 1), ("t4", "a", "2026-10-05 10:00:00", "2026-10-05 12:00:00", 1),
     ("t5", "d", "2026-10-06 10:00:00", "2026-10-07 09:00:00", 2)),
)
EVENTS = Table(
    "events", (("customer", "text"), ("event", "text"), ("timestamp", "timestamp")),
    (("a", "signup", "2026-10-01 00:00:00"), ("a", "report", "2026-10-03 00:00:00"), ("a", "Export", "2026-10-04 00:00:00"),
     ("b", "signup", "2026-10-02 00:00:00"), ("b", "report", "2026-10-02 12:00:00"),
     ("c", "signup", "2026-10-04 00:00:00"), ("c", "login", "2026-10-05 08:00:00"), ("c", "login", "2026-10-06 08:00:00"),
     ("d", "signup", "2026-09-28 00:00:00"), ("d", "report", "2026-10-01 00:00:00"),
     ("e", "signup", "2026-10-09 00:00:00"), ("e", "report", "2026-10-19 06:00:00"),
     ("f", "signup", "2026-10-11 00:00:00"), ("f", "export", "2026-10-12 00:00:00")),
)
ALL = (ORDERS, MRR, SURVEYS, TICKETS, EVENTS)


def write_files(folder: Path, tables: tuple[Table, ...] = ALL) -> list[Path]:
    """The tables as CSV files (empty cells for None / '')."""
    return [write_csv(folder / f"{t.name}.csv", t.header, [["" if v is None else v for v in row] for row in t.rows])
            for t in tables]


def _value(value: object, sql_type: str) -> object:
    if value in (None, ""):
        return None
    if sql_type == "boolean":
        return value == "yes"
    return value


def load_postgres(url: str, tables: tuple[Table, ...] = ALL, *, names: dict[str, str] | None = None) -> None:
    """Create the tables (renamed by ``names``) in the database at ``url`` and fill them."""
    import psycopg
    from psycopg import sql

    names = names or {}
    with psycopg.connect(url, autocommit=True) as con:
        for table in tables:
            name = sql.Identifier(*names.get(table.name, table.name).split("."))
            columns = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(typ))
                                         for c, typ in table.columns)
            con.execute(sql.SQL("CREATE TABLE {} ({})").format(name, columns))
            marks = sql.SQL(", ").join(sql.Placeholder() * len(table.columns))
            with con.cursor() as cur:
                cur.executemany(sql.SQL("INSERT INTO {} VALUES ({})").format(name, marks),
                                [[_value(v, typ) for v, (_, typ) in zip(row, table.columns)] for row in table.rows])
