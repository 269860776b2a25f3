"""The in-memory table every reader produces, before it becomes metrics.

Why a plain structure: readers for CSV, XLSX, Markdown, JSON and YAML only have to agree on
"rows of cells with their source location"; header detection and the mapping to metrics are
done once, in :mod:`metricsmith.readers.mapping`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metricsmith.models.metric import Metric
    from metricsmith.models.profile import Profile

Cell = str | float | int | None


@dataclass
class RawTable:
    """Rows of cells as read from a file; ``lines[i]`` is the source line (or sheet row) of ``rows[i]``."""

    path: str
    rows: list[list[Cell]]
    lines: list[int]
    keyed: bool = False  # rows came from JSON/YAML objects: rows[0] holds the keys
    header_gap: int = 0  # lines between the header and the first data row that are not data (Markdown's |---|)


@dataclass
class AuditInput:
    """Metrics ready for :func:`metricsmith.rules.audit`, with where each came from."""

    path: str
    metrics: list["Metric"]
    rows: list[int]  # 1-based data row of each metric
    fields: frozenset[str]
    profile: "Profile | None" = None
    headers: list[str] = field(default_factory=list)
    name_column: str | None = None
