"""Helpers for compute tests: small CSV/XLSX/Parquet files and projects with given catalog metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from metricsmith.models.metric import Conventions, Metric
from metricsmith.models.project import Project


def write_csv(path: Path, header: list[str], rows: list[list[object]], sep: str = ",") -> Path:
    lines = [sep.join(header)] + [sep.join("" if v is None else str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_project(*catalog_ids: str, language: str = "en", conventions: dict[str, dict] | None = None,
                 profile: dict | None = None) -> Project:
    conventions = conventions or {}
    metrics = [
        Metric(id=cid, name=cid, catalog_id=cid, conventions=Conventions(**conventions.get(cid, {})))
        for cid in catalog_ids
    ]
    data = {"language": language, **(profile or {})}
    return Project(profile=data, metrics=metrics)


ORDERS_HEADER = ["order_id", "customer", "date", "amount", "status", "returned", "return reason", "region"]
# Worked example used across the order tests (period 2026-10 unless said otherwise).
ORDERS_ROWS = [
    [1, "c1", "2026-09-10", 100, "done", "no", "", "North"],
    [2, "c1", "2026-10-05", 200, "done", "no", "", "North"],
    [3, "c2", "2026-10-07", 300, "done", "yes", "damaged", "South"],
    [4, "c3", "2026-09-20", 50, "done", "no", "", "South"],
    [5, "c4", "2026-10-10", 400, "cancelled", "no", "", "North"],
    [6, "c5", "2026-10-12", 100, "done", "yes", "wrong size", "North"],
    [7, "c5", "2026-10-20", 150, "done", "no", "", "North"],
    [8, "c2", "2026-10-25", 250, "done", "yes", "damaged", "South"],
    [9, "c6", "2026-10-15", 200, "done", "no", "", "South"],
    [10, "c7", "2027-01-10", 100, "done", "no", "", "North"],
]


@pytest.fixture
def orders_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "orders.csv", ORDERS_HEADER, ORDERS_ROWS)


MRR_HEADER = ["customer", "month", "mrr", "plan"]
MRR_ROWS = [
    ["a", "2025-10", 100, "pro"], ["a", "2026-09", 100, "pro"], ["a", "2026-10", 150, "pro"],
    ["b", "2025-10", 200, "basic"], ["b", "2026-09", 200, "basic"], ["b", "2026-10", 100, "basic"],
    ["c", "2025-10", 50, "basic"], ["c", "2026-09", 50, "basic"],
    ["d", "2026-08", 80, "pro"], ["d", "2026-10", 90, "pro"],
    ["e", "2026-10", 60, "basic"],
    ["g", "2025-10", 100, "pro"],
]


@pytest.fixture
def mrr_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "mrr.csv", MRR_HEADER, MRR_ROWS)


def result(report, metric_id: str):
    return next(r for r in report.results if r.metric_id == metric_id)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the whole session (see ``postgres_server``), stopped and removed at the end."""
    from .postgres_server import start_for_tests

    server = start_for_tests()
    try:
        yield server
    finally:
        server.stop()
