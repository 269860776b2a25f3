"""JSON and YAML inputs: a metricsmith project, a list of names, or a list of objects.

A project file (an object with ``metrics`` and ``schema_version``/``profile``) is read with
the project loader, so its own validation messages apply; anything else becomes a table
whose header is the union of the objects' keys.
"""

from __future__ import annotations

import json
from typing import Any

from metricsmith.errors import InputTableError
from metricsmith.readers.table import RawTable

_LIST_KEYS = ("metrics", "kpis", "kpi", "items", "rows", "data", "метрики", "показатели")


def parse_json(text: str, path: str) -> Any:
    """Strict, bounded JSON (see :mod:`metricsmith.io.user_json`)."""
    from metricsmith.io.user_json import load_user_json

    return load_user_json(text, path, InputTableError)


def parse_yaml(text: str, path: str) -> Any:
    """Bounded YAML: aliases, depth and expanded size (see :mod:`metricsmith.io.user_yaml`)."""
    import yaml

    from metricsmith.io.user_yaml import load_user_yaml

    try:
        return load_user_yaml(text, path, InputTableError)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputTableError(f"broken YAML: {problem}", path=path, line=mark.line + 1 if mark else None) from exc


def is_project(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("metrics"), list) and (
        "schema_version" in data or "profile" in data
    )


def _cell(v: Any) -> str | float | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return str(v).strip()


def to_table(data: Any, path: str) -> RawTable:
    """Turn parsed JSON/YAML into rows; row 0 holds the keys when items are objects."""
    items = data
    if isinstance(data, dict):
        items = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        if items is None:
            items = next((v for v in data.values() if isinstance(v, list)), None)
        if items is None:
            raise InputTableError("expected a list of metrics (or an object with a 'metrics' list)", path=path)
    if not isinstance(items, list):
        raise InputTableError("expected a list of metrics", path=path)
    if not items:
        raise InputTableError("the list of metrics is empty", path=path)
    from metricsmith.limits import current, exceeded

    max_rows = current().rows
    if len(items) > max_rows:
        raise exceeded("rows", f"the list has more than {max_rows:,} metrics", max_rows, path=path)
    if all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in items):
        rows = [[_cell(x)] for x in items]
        return RawTable(path=path, rows=rows, lines=[n for n in range(1, len(rows) + 1)])  # type: ignore[arg-type]
    keys: list[str] = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InputTableError(
                f"expected a metric name or an object, got {type(item).__name__}", path=path, row=n
            )
        for k in item:
            if str(k) not in keys:
                keys.append(str(k))
    rows: list[list[Any]] = [list(keys)]
    for item in items:
        by_key = {str(k): v for k, v in item.items()}
        rows.append([_cell(by_key.get(k)) for k in keys])
    return RawTable(path=path, rows=rows, lines=list(range(0, len(rows))), keyed=True)
