"""Explicit column mappings (``--map orders.amount=Сумма``) and the mapping file.

Recognition by header aliases covers common exports; the rest is named by the
user. With ``compute --source`` a bare table name maps a canonical table to a
database table (``--map orders=shop.orders_2026``); its columns are then
mapped like file headers. A mapping file is YAML::

    tables:                  # compute --source only: canonical table → database table
      orders: shop.orders_2026
    columns:                 # or the pairs at the top level
      orders.amount: Сумма
      orders.customer_id: ИНН
    options:                 # optional compute settings
      feature_event: export_report
      gross_margin: 0.6
      health:
        weights: {usage: 0.35, depth: 0.2, satisfaction: 0.3, support: 0.15}
        bands: {green: 70, yellow: 40}

Every mistake is reported with the exact key and the list of valid names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from metricsmith.compute.schema import TABLES
from metricsmith.errors import InputTableError


def _valid_keys() -> str:
    return ", ".join(f"{t}.{c.name}" for t, spec in TABLES.items() for c in spec.columns)


def check_key(key: str, *, path: str | None = None, field: str | None = None, tables: bool = False) -> str:
    """``table.column`` (with ``tables``, also a bare ``table``) validated against the known tables, in lower case."""
    key = key.strip()
    table, dot, column = key.partition(".")
    table, column = table.strip().lower(), column.strip().lower()
    if tables and not dot and table in TABLES:
        return table
    if table not in TABLES or column not in {c.name for c in TABLES[table].columns}:
        raise InputTableError(
            f"unknown column '{key}' in a mapping",
            path=path,
            field=field,
            hint="use TABLE.COLUMN, one of: " + _valid_keys(),
        )
    return f"{table}.{column}"


def split_tables(mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A mapping split into table mappings (``orders`` → ``shop.orders``) and column mappings."""
    tables = {k: v for k, v in mapping.items() if "." not in k}
    return tables, {k: v for k, v in mapping.items() if "." in k}


def parse_map_args(items: list[str] | None, *, tables: bool = False) -> dict[str, str]:
    """``["orders.amount=Сумма", ...]`` → ``{"orders.amount": "Сумма"}``; ``tables`` allows ``orders=shop.orders``."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, header = item.partition("=")
        if not sep or not header.strip():
            raise InputTableError(
                f"--map '{item}' is not TABLE.COLUMN=HEADER", field="--map", hint="e.g. --map orders.amount=Сумма"
            )
        out[check_key(key, field="--map", tables=tables)] = header.strip()
    return out


def load_map_file(path: str | Path, *, tables: bool = False) -> tuple[dict[str, str], dict[str, Any]]:
    """Read a mapping file: (column mapping, options).

    With ``tables`` the ``tables:`` section comes back as bare keys (``orders`` →
    ``shop.orders``, see :func:`split_tables`); without it (files, the dbt export)
    that section is checked but left out, since only ``compute --source`` reads it.
    """
    import yaml

    from metricsmith.io.reading import decode_utf8, read_user_file

    p = Path(path)
    text = decode_utf8(read_user_file(p, InputTableError, "mapping file"), p, InputTableError)
    from metricsmith.io.user_yaml import load_user_yaml

    try:
        data = load_user_yaml(text, p, InputTableError)  # bounded: aliases, depth, expanded size
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputTableError("broken YAML in the mapping file", path=p,
                              line=(mark.line + 1) if mark else None) from exc
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise InputTableError("a mapping file holds 'table.column: Header' pairs", path=p)
    options = data.pop("options", None) or {}
    table_names = data.pop("tables", None) or {}
    columns = data.pop("columns", None)
    if columns is None:
        columns = data
    elif data:
        raise InputTableError(f"unexpected keys next to 'columns': {', '.join(map(str, data))}", path=p)
    if not isinstance(columns, dict) or not isinstance(options, dict) or not isinstance(table_names, dict):
        raise InputTableError("'tables', 'columns' and 'options' must be 'key: value' pairs", path=p)
    mapping: dict[str, str] = {}
    for key, name in table_names.items():
        table = str(key).strip().lower()
        if table not in TABLES:
            raise InputTableError(f"unknown table '{key}'", path=p, field=f"tables.{key}",
                                  hint="one of: " + ", ".join(TABLES))
        if not isinstance(name, str) or not name.strip():
            raise InputTableError("the database table must be text, e.g. shop.orders", path=p, field=f"tables.{key}")
        if tables:
            mapping[table] = name.strip()
    for key, header in columns.items():
        if not isinstance(header, (str, int, float)) or str(header).strip() == "":
            raise InputTableError("the header must be text", path=p, field=str(key))
        mapping[check_key(str(key), path=str(p), field=str(key), tables=tables)] = str(header).strip()
    return mapping, options
