"""``export --format sql --dialect …``: the metric SQL in each warehouse's dialect.

Three checks, from cheap to real: every metric query translates and parses
back in its dialect without DuckDB-only functions left in it; the translated
SQL, read back by sqlglot and run in DuckDB, gives the same numbers as the
DuckDB original (so the translation's fixes keep the meaning: ``min_by``
with a filter, BigQuery's interpolated percentile, epochs); and the
PostgreSQL script runs on a real server with the same results.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from metricsmith.cli import main
from metricsmith.compute.definitions import definitions, metric_query, render
from metricsmith.compute.dialects import DIALECTS, parses, transpile
from metricsmith.compute.periods import parse_period
from metricsmith.compute.runner import ComputeOptions, metric_params
from metricsmith.exporters import export_project
from metricsmith.io.project_file import save_project
from metricsmith.models.metric import Conventions, Metric

from . import shop_data
from .conftest import make_project
from .postgres_server import create_database
from .test_warehouse import VARIANTS, shop_project

WAREHOUSES = [d for d in DIALECTS if d != "duckdb"]
#: DuckDB-only spellings that must not survive translation (each would fail on the warehouse).
FOREIGN = {
    "postgres": ("ARG_MIN(", "ARG_MAX(", "ANY_VALUE(", "QUANTILE", "EPOCH("),
    "snowflake": ("ARG_MIN(", "ARG_MAX(", "IGNORE NULLS", "QUANTILE", "EPOCH("),
    "bigquery": ("ARG_MIN(", "ARG_MAX(", "TIME_TO_UNIX", "PERCENTILE_CONT(", "QUANTILE", "EPOCH("),
    "databricks": ("ARG_MIN(", "ARG_MAX(", "PERCENTILE_CONT(", "IGNORE NULLS", "QUANTILE", "EPOCH("),
}


def _queries():
    period = parse_period("2026-10")
    options = ComputeOptions(feature_event="export", gross_margin=0.6)
    metrics = [Metric(id=cid, name=cid, catalog_id=cid) for cid in definitions()]
    metrics += [Metric(id=mid, name=mid, catalog_id=cid, conventions=Conventions(**conv)) for mid, cid, conv in VARIANTS]
    for metric in metrics:
        recipe = definitions()[metric.catalog_id]
        params, _, _ = metric_params(metric, recipe, period, options, ("signup", "report"), True)
        for variant in recipe.variants:
            yield f"{metric.id}/{variant.model}", render(metric_query(variant, metric.conventions), params)


@pytest.mark.parametrize("dialect", WAREHOUSES)
def test_every_metric_query_translates_and_parses_back(dialect: str) -> None:
    count = 0
    for name, sql in _queries():
        out = transpile(sql, dialect)
        assert parses(out, dialect), (name, out)
        left = [word for word in FOREIGN[dialect] if word in out.upper()]
        assert not left, (name, left, out)
        count += 1
    assert count >= len(definitions()) + len(VARIANTS)


def test_duckdb_is_left_as_written() -> None:
    sql = "SELECT arg_min(a, b), quantile_cont(c, 0.5) FROM t"
    assert transpile(sql, "duckdb") == sql


@pytest.fixture(scope="module")
def canonical(tmp_path_factory: pytest.TempPathFactory):
    """A DuckDB connection holding the shop's canonical views, as ``compute`` builds them from files."""
    from metricsmith.compute.runner import _connect, _segment_sql, create_views, load_tables

    files = shop_data.write_files(tmp_path_factory.mktemp("shop"))
    con = _connect(ComputeOptions())
    tables, _ = load_tables(con, files, {}, "en")
    create_views(con, tables, _segment_sql(con, tables, None, parse_period("2026-10"), "en"))
    yield con
    con.close()


def _script(dialect: str, tmp_path: Path) -> str:
    (path,) = export_project(shop_project(), "sql", tmp_path / f"metrics.{dialect}.sql",
                             extra={"period": "2026-10", "dialect": dialect})
    return path.read_text(encoding="utf-8")


def _views(con, script: str, read: str) -> dict[str, list[tuple]]:
    """Run ``script`` (translated back from ``read`` when it is not DuckDB) and read every metric view."""
    import sqlglot

    from sqlglot import exp

    def exact(node: exp.Expression) -> exp.Expression:
        # sqlglot reads Spark's percentile(x, p) (exact, interpolating) as DuckDB's quantile (discrete):
        # read it as what it is, quantile_cont.
        if read == "databricks" and isinstance(node, exp.Quantile):
            return exp.PercentileCont(this=node.this, expression=node.args["quantile"])
        return node

    statements = [s for s in sqlglot.parse(script, read=read) if s is not None]
    for statement in statements:
        con.execute(statement.transform(exact).sql(dialect="duckdb"))
    names = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'metricsmith_%' "
                                       "ORDER BY view_name").fetchall()]
    return {name: _rows(con.execute(f"SELECT * FROM {name}").fetchall()) for name in names}


def _rows(rows) -> list[tuple]:
    """Rows in a comparable form: numbers as floats (a dialect may return decimals or integers), sorted."""
    out = [tuple(float(v) if isinstance(v, (int, float)) or type(v).__name__ == "Decimal" else v for v in row)
           for row in rows]
    return sorted(out, key=lambda r: tuple("" if v is None else str(v) for v in r[:2]))


def assert_rows_equal(expected: dict[str, list[tuple]], got: dict[str, list[tuple]]) -> None:
    assert set(got) == set(expected)
    for name, rows in expected.items():
        assert len(got[name]) == len(rows), name
        for a, b in zip(rows, got[name]):
            assert a[:2] == b[:2], name
            for x, y in zip(a[2:], b[2:]):
                assert (x is None and y is None) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9), (name, a, b)


@pytest.mark.parametrize("dialect", WAREHOUSES)
def test_export_parses_and_keeps_the_numbers(dialect: str, canonical, tmp_path: Path) -> None:
    expected = _views(canonical, _script("duckdb", tmp_path), "duckdb")
    script = _script(dialect, tmp_path)
    assert f"-- Dialect: {dict(postgres='PostgreSQL', snowflake='Snowflake', bigquery='BigQuery', databricks='Databricks')[dialect]}" in script
    got = _views(canonical, script, dialect)
    assert len(expected) == len(definitions()) + len(VARIANTS) + 2  # + the order-based LTV and churn variants
    assert_rows_equal(expected, got)


def test_postgres_export_runs_on_postgres(postgres, canonical, tmp_path: Path) -> None:
    """The canonical tables copied into PostgreSQL; the exported views give DuckDB's rows."""
    import psycopg

    expected = _views(canonical, _script("duckdb", tmp_path), "duckdb")
    url = create_database(postgres, "exported")
    types = {"VARCHAR": "text", "TIMESTAMP": "timestamp", "DOUBLE": "double precision", "BOOLEAN": "boolean",
             "DATE": "date"}
    with psycopg.connect(url, autocommit=True) as pg:
        for name in ("orders", "mrr", "surveys", "tickets", "events"):
            described = canonical.execute(f"DESCRIBE {name}").fetchall()
            columns = ", ".join(f'"{col}" {types[typ]}' for col, typ, *_ in described)
            pg.execute(f"CREATE TABLE {name} ({columns})")
            rows = canonical.execute(f"SELECT * FROM {name}").fetchall()
            with pg.cursor() as cur:
                cur.executemany(f"INSERT INTO {name} VALUES ({', '.join(['%s'] * len(described))})", rows)
        pg.execute(_script("postgres", tmp_path))
        got = {name: _rows(pg.execute(f"SELECT * FROM {name}").fetchall()) for name in expected}
    assert_rows_equal(expected, got)


def test_cli_dialect_option(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.json"
    save_project(make_project("time_to_first_reorder", "ttv"), project)
    out = tmp_path / "out.sql"
    assert main(["export", str(project), "--format", "sql", "--dialect", "BigQuery", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "-- Dialect: BigQuery" in text and "ARRAY_AGG(" in text and "quantile_cont" not in text.lower()
    assert main(["export", str(project), "--format", "sql", "--dialect", "oracle", "-o", str(tmp_path / "x.sql")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "unknown SQL dialect 'oracle'" in err and "postgres" in err
    assert not (tmp_path / "x.sql").exists()
    assert main(["export", str(project), "--format", "md", "--dialect", "postgres", "-o", str(tmp_path / "x.md")]) == 2
    assert "unknown option 'dialect' for the md format" in capsys.readouterr().err


#: Pairs of times where counting unit boundaries (DuckDB's date_diff) and counting whole units elapsed differ.
DIFF_PAIRS = [
    ("2026-01-01 23:00:00", "2026-01-02 01:00:00"),  # 1 day boundary, 2 hours elapsed
    ("2026-01-01 00:00:00.900", "2026-01-01 00:00:01.100"),  # 1 second boundary, 0.2 s elapsed
    ("2026-01-31 12:00:00", "2026-02-01 00:00:00"),  # 1 month boundary, half a day elapsed
    ("2026-01-01 23:00:00", "2026-01-08 01:00:00"),  # 7 days: 1 week
    ("2026-01-08 00:00:00", "2026-01-01 01:00:00"),  # backwards: -1 week, -7 days
    ("2026-01-05 10:59:00", "2026-01-05 11:01:00"),  # 1 hour boundary, 2 minutes elapsed
    ("2026-01-01 00:00:00", "2026-01-05 00:00:00"),  # 4 days: 0 weeks (not rounded up)
]
DIFF_UNITS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")


def _diff_query() -> str:
    values = ", ".join(f"(TIMESTAMP '{a}', TIMESTAMP '{b}')" for a, b in DIFF_PAIRS)
    columns = ", ".join(f"date_diff('{unit}', a, b) AS {unit}s" for unit in DIFF_UNITS)
    return f"SELECT {columns} FROM (VALUES {values}) AS pairs(a, b)"


def test_date_diff_fits_each_warehouse() -> None:
    """BigQuery's DATE_DIFF takes dates only: timestamps need TIMESTAMP_DIFF; Databricks counts whole units elapsed."""
    import re

    sql = ("SELECT date_diff('second', started_at, value_at) / 86400.0 AS days, "
           "date_diff('day', first_day, CAST(second_at AS DATE)) AS gap FROM t")
    bigquery = transpile(sql, "bigquery")
    assert ("TIMESTAMP_DIFF(TIMESTAMP_TRUNC(CAST(value_at AS TIMESTAMP), SECOND), "
            "TIMESTAMP_TRUNC(CAST(started_at AS TIMESTAMP), SECOND), SECOND)") in bigquery
    assert "DATE_DIFF(CAST(second_at AS DATE), CAST(first_day AS DATE), DAY)" in bigquery
    databricks = transpile(sql, "databricks")
    assert "TIMESTAMPDIFF(SECOND, DATE_TRUNC('SECOND', started_at), DATE_TRUNC('SECOND', value_at))" in databricks
    assert "TIMESTAMPDIFF(DAY, DATE_TRUNC('DAY', first_day), DATE_TRUNC('DAY', CAST(second_at AS DATE)))" in databricks
    snowflake = transpile(sql, "snowflake")  # Snowflake's DATEDIFF counts boundaries, as DuckDB's does
    assert "DATEDIFF(SECOND, started_at, value_at)" in snowflake and "DATEDIFF(DAY, first_day, " in snowflake
    # No metric query leaves BigQuery a DATE_DIFF over a unit shorter than a day.
    sub_day = re.compile(r"DATE_DIFF\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*, (?:MICRO|MILLI)?(?:SECOND|MINUTE|HOUR)\)")
    for name, query in _queries():
        assert not sub_day.search(transpile(query, "bigquery")), name
    for dialect in WAREHOUSES:
        assert parses(transpile(_diff_query(), dialect), dialect), dialect


@pytest.mark.parametrize("dialect", WAREHOUSES)
def test_date_diff_keeps_duckdb_values(dialect: str) -> None:
    """Every unit, on pairs where boundaries and elapsed units differ, read back from the dialect gives DuckDB's numbers."""
    import duckdb
    import sqlglot

    con = duckdb.connect()
    expected = con.execute(_diff_query()).fetchall()
    back = sqlglot.transpile(transpile(_diff_query(), dialect), read=dialect, write="duckdb")[0]
    con.execute("SET TimeZone = 'UTC'")  # BigQuery's TIMESTAMP reads back as TIMESTAMPTZ
    assert [tuple(int(v) for v in row) for row in con.execute(back).fetchall()] == expected, back
    assert expected[0][3] == 1 and expected[1][0] == 1 and expected[2][5] == 1 and expected[3][4] == 1


def test_date_diff_runs_on_postgres(postgres) -> None:
    """The PostgreSQL translation of every unit gives DuckDB's numbers on a real server."""
    import duckdb
    import psycopg

    expected = duckdb.connect().execute(_diff_query()).fetchall()
    url = create_database(postgres, "date_diffs")
    with psycopg.connect(url) as con:
        got = con.execute(transpile(_diff_query(), "postgres")).fetchall()
    assert [tuple(int(v) for v in row) for row in got] == expected
