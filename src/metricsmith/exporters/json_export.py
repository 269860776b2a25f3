"""JSON export: the tables as data, for scripts, BI tools and other programs.

The document (``schema_version`` 1 of the *export*, independent of the project
file's version)::

    {
      "format": "metricsmith-export",
      "schema_version": 1,
      "project_schema_version": 1,
      "generated": "2026-11-24",          # the date statuses were derived for
      "language": "en",
      "profile": {...},                   # the interview answers as in the project file
      "columns": {"tracking": {key: header}, "value": {key: header}},
      "tracking": [{"metric_id", "goal", "metric", "kind", "kind_label", "unit", "unit_label",
                    "direction", "baseline", "target", "actual", "status",
                    "status_label", "target_date", "owner", "comment"}],
      "value": [{"metric_id", "metric", "formula", "why", "where_used",
                 "example", "plan", "data_source"}],
      "findings": [{"rule", "severity", "metric_id", "goal", "message",
                    "suggestion", "suggestion_catalog_id"}],
      "notices": [{"level", "step", "message"}],
      "engine": {"name", "provider", "model", "base_url"},
      "llm_calls": [...]                  # present only when the project has any
    }

``tracking`` and ``value`` are present only when selected with ``--table``.
Numbers are JSON numbers (whole values without ``.0``), missing values are
``null``, and dates are ISO strings. Text is kept verbatim: JSON consumers
are programs, not spreadsheets, so nothing is neutralised here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from metricsmith.exporters._common import number_value, unit_label, write_files

if TYPE_CHECKING:  # pragma: no cover
    from metricsmith.exporters import ExportOptions
    from metricsmith.models.project import Project

FORMAT = "json"
SUFFIX = ".json"
DESCRIPTION = "JSON document with the profile, both tables, findings and notices"

EXPORT_SCHEMA_VERSION = 1


def document(project: "Project", *, table: str, options: "ExportOptions") -> dict[str, Any]:
    """The export document as plain Python data."""
    from metricsmith.models.tables import (
        KIND_LABELS,
        STATUS_LABELS,
        TRACKING_HEADERS,
        VALUE_HEADERS,
        tracking_rows,
        value_rows,
    )

    language = project.language
    doc: dict[str, Any] = {
        "format": "metricsmith-export",
        "schema_version": EXPORT_SCHEMA_VERSION,
        "project_schema_version": project.schema_version,
        "generated": options.date.isoformat(),
        "language": language,
        "profile": project.profile.model_dump(mode="json"),
        "columns": {},
    }
    if table in ("tracking", "both"):
        doc["columns"]["tracking"] = TRACKING_HEADERS[language]
        kinds, statuses = KIND_LABELS[language], STATUS_LABELS[language]
        doc["tracking"] = [
            {
                "metric_id": r.metric_id,
                "goal": r.goal,
                "metric": r.metric,
                "kind": r.kind,
                "kind_label": kinds.get(r.kind, r.kind),
                "unit": r.unit,
                "unit_label": unit_label(r.unit, language, project.profile.monetisation.currency),
                "direction": r.direction,
                "baseline": number_value(r.baseline),
                "target": number_value(r.target),
                "actual": number_value(r.actual),
                "status": r.status,
                "status_label": statuses.get(r.status, r.status),
                "target_date": r.target_date.isoformat() if r.target_date else None,
                "owner": r.owner,
                "comment": r.comment,
            }
            for r in tracking_rows(project, options.date)
        ]
    if table in ("value", "both"):
        doc["columns"]["value"] = VALUE_HEADERS[language]
        doc["value"] = [r.model_dump(mode="json") for r in value_rows(project)]
    doc["findings"] = [f.model_dump(mode="json") for f in project.findings]
    doc["notices"] = [n.model_dump(mode="json") for n in project.notices]
    doc["engine"] = project.engine.model_dump(mode="json")
    if project.llm_calls:
        doc["llm_calls"] = [c.model_dump(mode="json") for c in project.llm_calls]
    return doc


def render(project: "Project", *, table: str, options: "ExportOptions") -> str:
    import json

    return json.dumps(document(project, table=table, options=options), ensure_ascii=False, indent=2) + "\n"


def write(project: "Project", path: Path, *, table: str, options: "ExportOptions") -> list[Path]:
    # No BOM even with ``--bom``: RFC 8259 forbids one and most JSON parsers reject it.
    data = render(project, table=table, options=options).encode("utf-8")
    return write_files({Path(path): data})
