"""How much work one input file may cause: the bounds every reader checks.

Why: a 511 KB XLSX can expand to 3 million rows (and 24 GB of memory), a 1 KB YAML
file can expand exponentially through aliases, and a JSON file nested 100,000 deep
overflows the stack. metricsmith reads files people are sent by others, so every
reader checks these bounds as it goes and stops with an error that names the limit
and the environment variable that raises it. The defaults are far above any real
profile, KPI sheet or data export, and far below what would exhaust a laptop.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, fields

from metricsmith.errors import InputTableError, MetricsmithError, Phrase

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds for reading one input; each field is set by ``METRICSMITH_MAX_<FIELD>``."""

    #: Rows of a metric table (``audit`` input): KPI sheets have tens, catalogs thousands.
    rows: int = 100_000
    #: Rows of one data file or sheet for ``compute`` (orders, events…).
    data_rows: int = 20_000_000
    #: Cells of one sheet's used area, empty ones included (a spreadsheet reader fills the rectangle).
    cells: int = 20_000_000
    #: Bytes of a text input (profile, project, table, mapping) as stored.
    bytes: int = 200 * MB
    #: Bytes of a data file for ``compute`` as stored.
    data_bytes: int = 4096 * MB
    #: Bytes inside a workbook archive after decompression (a full 1,048,576-row, 8-column sheet is ~100 MB).
    unzipped_bytes: int = 200 * MB
    #: Nesting depth of JSON and YAML documents.
    depth: int = 100
    #: YAML aliases (``*name``) in one document.
    yaml_aliases: int = 1_000
    #: Values a YAML document expands to once its aliases are followed.
    yaml_values: int = 1_000_000
    #: Seconds spent reading and checking one input file.
    seconds: float = 120.0

    def variable(self, name: str) -> str:
        return f"METRICSMITH_MAX_{name.upper()}"


def current() -> Limits:
    """The limits in force: the defaults, each overridden by its environment variable when set."""
    values: dict[str, float | int] = {}
    for spec in fields(Limits):
        raw = os.environ.get(f"METRICSMITH_MAX_{spec.name.upper()}", "").strip().replace("_", "")
        if not raw:
            continue
        variable = f"METRICSMITH_MAX_{spec.name.upper()}"
        try:
            value = float(raw) if spec.type in ("float", float) else int(raw)
        except ValueError:
            from metricsmith.errors import ConfigError

            raise ConfigError(Phrase("limit_not_number", variable=variable, value=raw)) from None
        if value <= 0:
            from metricsmith.errors import ConfigError

            raise ConfigError(Phrase("limit_not_positive", variable=variable, value=raw))
        values[spec.name] = value
    return Limits(**values)  # type: ignore[arg-type]


def exceeded(name: str, what: str | Phrase, limit: float, *, error: type[MetricsmithError] = InputTableError,
             **where: object) -> MetricsmithError:
    """The error for a limit hit: ``what`` happened, which limit, and how to raise it."""
    whole = float(limit).is_integer()
    shown = f"{limit:,.0f}" if whole else f"{limit:g}"
    suggestion = int(limit) * 10 if whole else f"{limit * 10:g}"
    return error(
        Phrase("limit_exceeded", what=what, name=name, shown=shown),
        hint=Phrase("limit_hint", variable=f"METRICSMITH_MAX_{name.upper()}", suggestion=suggestion),
        **where,  # type: ignore[arg-type]
    )


class Deadline:
    """The ``seconds`` limit for one file: :meth:`check` raises once the time is up."""

    def __init__(self, limits: Limits, path: object, error: type[MetricsmithError] = InputTableError) -> None:
        self.limit = limits.seconds
        self.until = time.monotonic() + limits.seconds
        self.path = path
        self.error = error

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise exceeded("seconds", Phrase("took_longer", seconds=self.limit), self.limit,
                           error=self.error, path=self.path)


def check_size(path: object, size: int, limits: Limits, *, data: bool = False,
               error: type[MetricsmithError] = InputTableError) -> None:
    """Refuse a file larger than ``bytes`` (``data_bytes`` for data files) before reading it."""
    name = "data_bytes" if data else "bytes"
    limit = getattr(limits, name)
    if size > limit:
        raise exceeded(name, Phrase("file_size", mb=size / MB), limit, error=error, path=path)
