"""Putting the canonical tables in front of a metric query as CTEs.

Why CTEs: ``compute --source`` must not create anything in the user's
database (no views, no temporary tables), yet every metric query reads the
canonical tables ``orders``, ``mrr``, … and helpers such as
``order_customers``. Each query therefore carries its own ``WITH orders AS
(SELECT <user columns AS canonical names> FROM <user table>)``, and only the
tables it actually reads (and what those read in turn) are included.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlglot import exp


@lru_cache(maxsize=512)
def _parsed(sql: str) -> "exp.Expression":
    """``sql`` parsed once (DuckDB's dialect): the same CTEs go in front of every metric query."""
    import sqlglot

    return sqlglot.parse_one(sql, read="duckdb")


@lru_cache(maxsize=512)
def read_tables(sql: str) -> frozenset[str]:
    """The unqualified table names ``sql`` (DuckDB's dialect) reads, CTE names included."""
    from sqlglot import exp

    return frozenset(t.name for t in _parsed(sql).find_all(exp.Table) if not t.args.get("db"))


def compose(query: str, tables: Mapping[str, str]) -> "exp.Expression":
    """``query`` (DuckDB's dialect) with a CTE for each entry of ``tables`` it needs, as a parsed tree.

    ``tables`` maps a name to its defining SELECT, in dependency order (an
    entry may read only earlier entries). The query's own CTEs follow them.
    """
    from sqlglot import exp

    needed: set[str] = set()
    pending = [n for n in read_tables(query) if n in tables]
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        pending.extend(n for n in read_tables(tables[name]) if n in tables and n not in needed)
    tree = _parsed(query).copy()
    ctes = [exp.CTE(this=_parsed(sql).copy(), alias=exp.TableAlias(this=exp.to_identifier(name)))
            for name, sql in tables.items() if name in needed]
    if not ctes:
        return tree
    own = tree.args.get("with_")
    if own is not None:
        ctes += list(own.expressions)
    tree.set("with_", exp.With(expressions=ctes))
    return tree


def with_tables(query: str, tables: Mapping[str, str]) -> str:
    """:func:`compose` as DuckDB SQL text."""
    return compose(query, tables).sql(dialect="duckdb")
