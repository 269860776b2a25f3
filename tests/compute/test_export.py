"""``--format sql`` runs in DuckDB and gives the same numbers as compute (the dbt package: test_dbt.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from metricsmith.cli import main
from metricsmith.compute.definitions import definitions
from metricsmith.exporters import export_project, get_format
from metricsmith.io.project_file import save_project

from .conftest import make_project


def _duck_tables(con) -> None:
    con.execute("""CREATE TABLE orders AS SELECT * FROM (VALUES
        ('c1', '1', TIMESTAMP '2026-09-10', 100.0, false, NULL, 'done', 'all'),
        ('c1', '2', TIMESTAMP '2026-10-05', 200.0, false, NULL, 'done', 'all'),
        ('c2', '3', TIMESTAMP '2026-10-07', 300.0, true, 'damaged', 'done', 'all'),
        ('c3', '4', TIMESTAMP '2026-09-20', 50.0, false, NULL, 'done', 'all')
    ) t(customer_id, order_id, order_date, amount, is_returned, return_reason, status, segment)""")
    con.execute("""CREATE TABLE mrr AS SELECT * FROM (VALUES
        ('a', DATE '2026-09-01', 100.0, 'all'), ('a', DATE '2026-10-01', 120.0, 'all'), ('b', DATE '2026-09-01', 50.0, 'all')
    ) t(customer_id, month, mrr, segment)""")
    con.execute("""CREATE TABLE surveys AS SELECT * FROM (VALUES
        ('a', TIMESTAMP '2026-10-01', 10.0, 'nps', 'all'), ('b', TIMESTAMP '2026-10-02', 3.0, 'nps', 'all'),
        ('a', TIMESTAMP '2026-10-03', 5.0, 'csat', 'all')
    ) t(customer_id, response_date, score, kind, segment)""")
    con.execute("""CREATE TABLE tickets AS SELECT * FROM (VALUES
        ('a', TIMESTAMP '2026-10-01', true, true, 1.0, 'all'), ('b', TIMESTAMP '2026-10-02', true, false, 2.0, 'all')
    ) t(customer_id, opened_at, resolved, first_contact_resolved, contacts, segment)""")
    con.execute("""CREATE TABLE events AS SELECT * FROM (VALUES
        ('a', 'signup', TIMESTAMP '2026-10-01', 'all'), ('a', 'report', TIMESTAMP '2026-10-03', 'all')
    ) t(customer_id, event_key, event_time, segment)""")


def test_sql_export_runs_in_duckdb(tmp_path: Path) -> None:
    import duckdb

    project = make_project(*definitions(), conventions={"ttv": {"ttv_start_event": "signup", "ttv_value_event": "report"}})
    (path,) = export_project(project, "sql", tmp_path / "metrics.sql", extra={"period": "2026-10"})
    script = path.read_text(encoding="utf-8")
    con = duckdb.connect()
    _duck_tables(con)
    con.execute(script)
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"metricsmith_average_order_value", "metricsmith_grr", "metricsmith_ltv_from_orders"} <= views
    # Worked values: October orders 200 and 300 → AOV 250; GRR (100 of a kept, b lost) / 150; NPS (1 − 1) / 2.
    assert con.execute("SELECT value FROM metricsmith_average_order_value").fetchall() == [(250.0,)]
    assert con.execute("SELECT value FROM metricsmith_grr").fetchall()[0][0] == pytest.approx(100 * 100 / 150)
    assert con.execute("SELECT value FROM metricsmith_nps WHERE part IS NULL").fetchall() == [(0.0,)]
    assert con.execute("SELECT value FROM metricsmith_ttv WHERE part IS NULL").fetchall() == [(2.0,)]
    assert "TIMESTAMP '2026-10-01 00:00:00'" in script


def test_sql_export_defaults_to_last_full_month(tmp_path: Path) -> None:
    (path,) = export_project(make_project("nps"), "sql", tmp_path / "m.sql", today=dt.date(2026, 11, 24))
    assert "-- Period: 2026-10 (2026-10-01 .. 2026-10-31)" in path.read_text(encoding="utf-8")


def test_formats_are_registered_and_cli_exports(tmp_path: Path) -> None:
    assert get_format("sql").suffix == ".sql" and get_format("dbt").suffix == ".dbt"
    project_path = tmp_path / "p.json"
    save_project(make_project("average_order_value"), project_path)
    out = tmp_path / "out.sql"
    assert main(["export", str(project_path), "--format", "sql", "-o", str(out)]) == 0
    assert "CREATE OR REPLACE VIEW metricsmith_average_order_value" in out.read_text(encoding="utf-8")
