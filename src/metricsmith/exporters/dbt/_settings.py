"""What a dbt export is told beyond the project: the column mapping, compute's options, the tables.

Why: the package must compute what ``metricsmith compute`` computes on the same
data, so it takes the same inputs compute takes: the ``--map`` pairs or the
mapping file (columns and options: feature event, gross margin, health
weights and bands), and which input tables exist (compute sees the files; the
export only sees the project). On the command line they come as ``-O`` keys::

    -O map=orders.amount=Сумма,orders.customer_id=ИНН
    -O map_file=mapping.yaml
    -O tables=orders,surveys
    -O feature=export_report
    -O name=shop_metrics
    -O definitions=custom.definitions.yaml   (custom metrics, as compute --definitions)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from metricsmith.errors import ExportError, MetricsmithError

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.compute.definitions import Definition
    from metricsmith.compute.runner import ComputeOptions
    from metricsmith.models.project import Project

_NAME = re.compile(r"[^a-z0-9_]+")


@dataclass
class DbtSettings:
    """Everything the package is generated from besides the project's metrics."""

    name: str
    mapping: dict[str, str] = field(default_factory=dict)  # "orders.amount" → the header holding it
    tables: tuple[str, ...] | None = None  # the input tables that exist; None: the ones the metrics need
    options: "ComputeOptions | None" = None
    definitions_file: str | None = None  # a user's definitions (custom metrics), as compute --definitions

    def definitions(self, project: "Project") -> dict[str, "Definition"]:
        """The definition of each metric, by metric id: the user's file first, then the packaged ones."""
        from metricsmith.compute.definitions.user import export_definitions

        return export_definitions(project, {"definitions": self.definitions_file} if self.definitions_file else None)

    @property
    def compute_options(self) -> "ComputeOptions":
        from metricsmith.compute.runner import ComputeOptions

        return self.options or ComputeOptions()


def identifier(text: str, fallback: str = "metrics") -> str:
    """A dbt / MetricFlow name: lower-case letters, digits and single underscores, starting with a letter."""
    name = re.sub(r"_+", "_", _NAME.sub("_", str(text).lower())).strip("_")
    if not name or not name[0].isalpha():
        name = f"{fallback}_{name}".strip("_")
    return name


def read_settings(project: "Project", extra: Mapping[str, Any]) -> DbtSettings:
    """The settings from ``ExportOptions.extra``; an :class:`ExportError` names the ``-O`` key at fault."""
    import dataclasses

    from metricsmith.compute.mapping import check_key, load_map_file
    from metricsmith.compute.runner import ComputeOptions, profile_margin
    from metricsmith.compute.schema import TABLES

    mapping: dict[str, str] = {}
    options = ComputeOptions()
    if extra.get("map_file"):
        try:
            file_mapping, raw_options = load_map_file(str(extra["map_file"]))
            options = ComputeOptions.from_mapping(raw_options, path=str(extra["map_file"]))
        except MetricsmithError as exc:
            raise ExportError(exc.message, path=exc.path, field=exc.field or "map_file", hint=exc.hint) from exc
        mapping.update(file_mapping)
    for pair in _split(extra.get("map")):
        key, sep, header = pair.partition("=")
        if not sep or not header.strip():
            raise ExportError(f"'{pair}' is not TABLE.COLUMN=HEADER", field="map",
                              hint="e.g. -O map=orders.amount=Сумма,orders.customer_id=ИНН")
        try:
            mapping[check_key(key, field="map")] = header.strip()
        except MetricsmithError as exc:
            raise ExportError(exc.message, field="map", hint=exc.hint) from exc
    if extra.get("feature"):
        options.feature_event = str(extra["feature"]).strip()
    if options.gross_margin is None:
        options = dataclasses.replace(options, gross_margin=profile_margin(project))
    tables = None
    if extra.get("tables"):
        tables = tuple(t.lower() for t in _split(extra["tables"]))
        unknown = [t for t in tables if t not in TABLES]
        if unknown:
            raise ExportError(f"unknown input table '{unknown[0]}'", field="tables",
                              hint="tables: " + ", ".join(TABLES))
    name = identifier(str(extra.get("name") or project.profile.business.name or "metrics"))
    definitions_file = str(extra["definitions"]) if extra.get("definitions") else None
    return DbtSettings(name=name, mapping=mapping, tables=tables, options=options, definitions_file=definitions_file)


def _split(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]
