"""Definitions export: a skeleton for every metric the catalog cannot compute.

Why: a custom metric should reach the warehouse too. This writes, in the packaged definitions
schema, a model (SQL, measures) and a value for each metric without a definition, marked TODO
where only the user knows the answer; completed, the file goes back to ``compute``,
``export --format sql`` and ``export --format dbt`` (``--definitions FILE`` /
``-O definitions=FILE``). With ``-O all=yes`` the skeleton covers every metric, so a packaged
definition can be rewritten for the user's own data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from metricsmith.exporters._common import write_files

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.models.project import Project

FORMAT = "definitions"
SUFFIX = ".definitions.yaml"
OPTIONS = ("all",)
DESCRIPTION = "YAML definitions to complete for metrics the catalog cannot compute (compute --definitions)"


def render_definitions(project: "Project", options: "ExportOptions") -> str:
    """The skeleton as text."""
    from metricsmith.compute.definitions.user import skeleton

    every = str((options.extra or {}).get("all", "")).strip().lower() in ("1", "yes", "true", "да")
    return skeleton(project, project.metrics if every else None)


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    """Write the skeleton; ``table`` does not apply."""
    return write_files({Path(path): render_definitions(project, options).encode("utf-8")})
