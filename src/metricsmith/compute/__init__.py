"""Computing metric values from the user's own data (orders, MRR, surveys, tickets, events).

Why: a KPI table filled by hand holds opinions; one filled from the exports a
business already has holds facts. This package loads CSV / Parquet / XLSX
files into an embedded DuckDB, recognises the input tables by their Russian
or English headers (or an explicit ``--map``), checks them with clear errors,
and runs the query built from each catalog metric's definition
(``definitions/definitions.yaml`` and its models) with the metric's conventions. Nothing is loaded into Python row by row.

Public API::

    report = compute(project, ["orders.csv"], period="2026-10", segment="region")
    apply_report(project, report, as_="actual")   # or "baseline"
    report_lines(report)                          # the text the CLI prints
"""

from __future__ import annotations

from metricsmith.compute.periods import Period, parse_period
from metricsmith.compute.definitions import Definition, definition, definitions, metric_query
from metricsmith.compute.report import report_lines
from metricsmith.compute.runner import (
    HEALTH_BANDS,
    HEALTH_WEIGHTS,
    ComputeOptions,
    ComputeReport,
    MetricResult,
    apply_report,
    compute,
)

__all__ = [
    "HEALTH_BANDS",
    "HEALTH_WEIGHTS",
    "ComputeOptions",
    "ComputeReport",
    "Definition",
    "MetricResult",
    "Period",
    "apply_report",
    "compute",
    "definition",
    "definitions",
    "metric_query",
    "parse_period",
    "report_lines",
]
