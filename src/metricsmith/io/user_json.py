"""Parsing JSON that someone else may have written, within bounds and without non-numbers.

Why not plain ``json.loads``: it accepts ``NaN``, ``Infinity`` and ``1e400`` (which
becomes infinity), none of which is a value a metric can have, and a document nested
deeper than Python's recursion limit raises ``RecursionError`` here or in any code
that walks the result later (validation, export). Both become one-line errors naming
the file (and the line, where JSON tells it).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from metricsmith.errors import MetricsmithError
from metricsmith.limits import Limits, current, exceeded


class _NotFinite(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _constant(text: str) -> float:
    raise _NotFinite(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def load_user_json(text: str, path: str | Path | None, error: type[MetricsmithError],
                   limits: Limits | None = None) -> Any:
    """The parsed document; raises ``error`` for broken JSON, non-finite numbers and too deep nesting."""
    limits = limits or current()
    try:
        data = json.loads(text, parse_constant=_constant, parse_float=_float)
    except _NotFinite as exc:
        raise error(f"'{exc.text[:20]}' is not a finite number; JSON numbers must be finite", path=path,
                    line=_line_of(text, exc.text),
                    hint="write the value as a number or leave it empty (null)") from None
    except json.JSONDecodeError as exc:
        raise error(f"broken JSON: {exc.msg} (column {exc.colno})", path=path, line=exc.lineno) from exc
    except RecursionError:
        raise exceeded("depth", f"nested deeper than {limits.depth} levels", limits.depth, error=error,
                       path=path) from None
    check_depth(data, path, error, limits)
    return data


def _line_of(text: str, token: str) -> int | None:
    """The line of the first ``token`` outside a string (where the parser met it), for the message."""
    import re

    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|' + re.escape(token), text):
        if not match.group(0).startswith('"'):
            return text.count("\n", 0, match.start()) + 1
    return None


def check_depth(data: Any, path: str | Path | None, error: type[MetricsmithError], limits: Limits) -> None:
    """Refuse containers nested deeper than ``limits.depth`` (an iterative walk: no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limits.depth:
            raise exceeded("depth", f"nested deeper than {limits.depth} levels", limits.depth, error=error,
                           path=path)
        stack.extend((child, depth + 1) for child in children)
