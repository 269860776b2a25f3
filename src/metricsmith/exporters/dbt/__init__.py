"""dbt export: a dbt package that computes the project's metrics where the data lives.

Why: a team that runs dbt should get the figures ``metricsmith compute`` gives,
from its own warehouse, through its semantic layer (MetricFlow), without
building anything by hand. ``metricsmith export --format dbt -o DIR`` writes a
package into the folder DIR:

* ``dbt_project.yml``, ``profiles.example.yml`` (DuckDB) and a README;
* ``models/staging``: sources for the input tables (orders, mrr, surveys,
  tickets, events); for each, a model that recognises and parses the columns
  exactly as compute does, with the user's column mapping, whose data tests
  are compute's checks (so ``dbt build`` fails where compute refuses the
  data), and the staging model that filters its rows as compute does;
* ``models/metrics``: one model per definition model (and helper), repeated
  for every month of the data with its ``period_month``, plus the semantic
  models and the metrics (simple / ratio / derived, parts as derived metrics)
  with direction, target, owner and thresholds in ``meta``;
* a day time spine for MetricFlow.

Everything is generated from :mod:`metricsmith.compute.definitions` (and a
user's definitions file); no metric is named here. Options (``-O key=value``): ``map`` (``TABLE.COLUMN=HEADER``
pairs, comma-separated), ``map_file`` (compute's mapping file: columns and
options), ``tables`` (the input tables that exist, comma-separated; default:
the ones the metrics need), ``feature`` (the adoption feature event),
``definitions`` (a user's definitions file for custom metrics, as
``compute --definitions``) and ``name`` (the dbt project name).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from metricsmith.exporters._common import write_files

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.models.project import Project

FORMAT = "dbt"
SUFFIX = ".dbt"
OPTIONS = ("map", "map_file", "tables", "feature", "name", "definitions")
DESCRIPTION = "a dbt package (staging, metric models, MetricFlow semantic models and metrics) in the folder -o DIR"


def _files(project: "Project", extra) -> dict:
    from metricsmith.exporters.dbt._package import package_files
    from metricsmith.exporters.dbt._settings import read_settings

    return package_files(project, read_settings(project, extra or {}))


def output_paths(path: Path, table: str, project: "Project | None" = None,
                 extra: dict | None = None) -> list[Path]:
    """The files an export into the folder ``path`` writes (the folder itself only without a project)."""
    if project is None:
        return [Path(path) / "dbt_project.yml"]
    return [Path(path) / rel for rel in _files(project, extra)]


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    """Write the package into the folder ``path``; ``table`` does not apply."""
    files = _files(project, options.extra)
    return write_files({Path(path) / rel: text.encode("utf-8") for rel, text in files.items()})
