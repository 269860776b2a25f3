"""``compute --source``: every metric computed inside PostgreSQL equals ``compute`` on the same data from files.

A real PostgreSQL server (the session fixture ``postgres``) holds the shop's
tables with ordinary names and types; DuckDB reads the same rows from CSV
files. Values, parts, row counts, reasons and segment splits must agree for
every metric that has a definition, with each convention that changes a query.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metricsmith.compute import ComputeOptions, compute
from metricsmith.compute.definitions import definitions
from metricsmith.compute.warehouse import compute_from_source
from metricsmith.models.metric import Conventions, Metric

from . import shop_data
from .conftest import make_project
from .postgres_server import create_database

#: Metrics beyond one per catalog id: the conventions that change a query.
VARIANTS = [
    ("nrr_12m_reactivated", "nrr", {"nrr_period": "cohort_12m", "reactivations": "include"}),
    ("csat_average", "csat", {"csat_method": "average"}),
    ("fcr_all_contacts", "fcr", {"fcr_denominator": "all_contacts"}),
    ("fcr_resolved", "fcr", {"fcr_denominator": "resolved_contacts"}),
]
OPTIONS = ComputeOptions(feature_event="Export")


def shop_project():
    project = make_project(*definitions(), conventions={"ttv": {"ttv_start_event": "signup", "ttv_value_event": "report"}},
                           profile={"first_value": {"start_event": "signup", "value_event": "export"}})
    for metric_id, catalog_id, conventions in VARIANTS:
        project.metrics.append(Metric(id=metric_id, name=metric_id, catalog_id=catalog_id,
                                      conventions=Conventions(**conventions)))
    return project


@pytest.fixture(scope="module")
def shop_url(postgres) -> str:
    url = create_database(postgres, "shop")
    shop_data.load_postgres(url)
    return url


@pytest.fixture(scope="module")
def shop_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return shop_data.write_files(tmp_path_factory.mktemp("shop"))


def same(a: float | None, b: float | None) -> bool:
    return a is None and b is None or (a is not None and b is not None and b == pytest.approx(a, rel=1e-9, abs=1e-9))


def assert_same(files_report, source_report) -> int:
    """Every metric's outcome equal in both reports; returns how many have a value."""
    assert len(files_report.results) == len(source_report.results)
    for a, b in zip(files_report.results, source_report.results):
        where = a.metric_id
        assert (a.metric_id, a.status, a.reason, a.rows, a.unit, a.table) == \
               (b.metric_id, b.status, b.reason, b.rows, b.unit, b.table), where
        assert same(a.value, b.value), (where, a.value, b.value)
        assert set(b.parts) == set(a.parts), where
        for part, value in a.parts.items():
            assert same(value, b.parts[part]), (where, part)
        assert set(b.segments) == set(a.segments), where
        for seg, value in a.segments.items():
            assert same(value, b.segments[seg]), (where, seg)
        assert b.segment_rows == a.segment_rows, where
        assert b.notes == a.notes, where
    return len(files_report.computed)


def relations(url: str) -> list[tuple[str, str]]:
    """Every table, view, index and sequence outside the system schemas."""
    import psycopg

    with psycopg.connect(url) as con:
        return con.execute("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
                           "ORDER BY 1, 2").fetchall()


def test_every_metric_agrees_with_duckdb(shop_url: str, shop_files: list[Path]) -> None:
    project = shop_project()
    files = compute(project, shop_files, period="2026-10", options=OPTIONS)
    before = relations(shop_url)
    source = compute_from_source(project, shop_url, period="2026-10", options=OPTIONS)
    assert relations(shop_url) == before  # nothing created in the user's database
    computed = assert_same(files, source)
    # Every metric with a definition, and every convention variant, has a value in October.
    assert computed == len(project.metrics) == len(definitions()) + len(VARIANTS)
    assert {name: (d.rows, d.kept, [(e.reason_en, e.count) for e in d.exclusions])
            for name, d in source.tables.items()} == \
           {name: (d.rows, d.kept, [(e.reason_en, e.count) for e in d.exclusions]) for name, d in files.tables.items()}


def test_default_period_is_the_latest_month_in_both(shop_url: str, shop_files: list[Path]) -> None:
    project = make_project("average_order_value", "nps")
    files = compute(project, shop_files)
    source = compute_from_source(project, shop_url)
    assert source.period == files.period
    assert_same(files, source)


@pytest.mark.parametrize("segment", ["region", "new_returning", "check_band", "plan"])
def test_segment_splits_agree(shop_url: str, shop_files: list[Path], segment: str) -> None:
    project = shop_project()
    files = compute(project, shop_files, period="2026-10", segment=segment, options=OPTIONS)
    source = compute_from_source(project, shop_url, period="2026-10", segment=segment, options=OPTIONS)
    assert_same(files, source)
    assert any(r.segments for r in source.results)


def test_order_only_variants_agree(postgres, tmp_path: Path) -> None:
    """Without MRR, LTV and customer churn come from orders (the helper order_customers)."""
    url = create_database(postgres, "orders_only")
    shop_data.load_postgres(url, (shop_data.ORDERS,))
    files = shop_data.write_files(tmp_path, (shop_data.ORDERS,))
    project = make_project("ltv", "customer_churn", "retention_90d", "time_to_first_reorder")
    for period in ("2026-10", "2026-Q4"):
        a = compute(project, files, period=period)
        b = compute_from_source(project, url, period=period)
        assert_same(a, b)
    assert {r.recipe for r in b.results} >= {"order_value_and_churn", "previous_buyers"}


def test_named_tables_and_columns(postgres, tmp_path: Path) -> None:
    """Tables in another schema under other names, a column named by --map, a survey table without a type."""
    import psycopg

    url = create_database(postgres, "renamed")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE SCHEMA sales")
    orders = shop_data.Table("orders", (("Nr", "integer"), ("Client", "text"), ("Placed", "timestamp"),
                                        ("Total EUR", "numeric")),
                             tuple((r[0], r[1], r[2], r[3]) for r in shop_data.ORDERS.rows if r[4] != "cancelled"))
    answers = shop_data.Table("surveys", (("customer", "text"), ("date", "date"), ("score", "integer")),
                              tuple(r[:3] for r in shop_data.SURVEYS.rows if r[3] == "NPS"))
    shop_data.load_postgres(url, (orders, answers), names={"orders": "sales.Orders 2026", "surveys": "answers"})
    files = shop_data.write_files(tmp_path, (orders, answers))
    project = make_project("average_order_value", "repeat_purchase_rate", "nps")
    mapping = {"orders.order_id": "Nr", "orders.customer_id": "Client", "orders.order_date": "Placed",
               "orders.amount": "Total EUR"}
    a = compute(project, files, period="2026-10", mapping=mapping)
    b = compute_from_source(project, url, period="2026-10", mapping=mapping,
                            tables={"orders": "sales.orders 2026", "surveys": "ANSWERS"})
    assert_same(a, b)
    assert len(b.computed) == 3
    assert any("read as NPS" in note for note in b.notes)


def test_text_booleans_are_read_as_files_read_them(postgres, tmp_path: Path) -> None:
    """A ``returned`` column stored as text (yes/no, да/нет, true/false, 1/0, any case, empty) is parsed as a file's."""
    words = ["no", "NO", "нет", "false", "0", "", "yes", "Да", "true", "1", "Y", "n", "ДА", "F", "no", "x", "нет", "1"]
    assert len(words) == len(shop_data.ORDERS.rows)
    columns = tuple((name, "text" if name == "returned" else typ) for name, typ in shop_data.ORDERS.columns)
    orders = shop_data.Table("orders", columns,
                             tuple(row[:5] + (word,) + row[6:] for row, word in zip(shop_data.ORDERS.rows, words)))
    url = create_database(postgres, "text_booleans")
    shop_data.load_postgres(url, (orders,))
    files = shop_data.write_files(tmp_path, (orders,))
    project = make_project("return_rate_by_reason", "average_order_value")
    a = compute(project, files, period="2026-10")
    b = compute_from_source(project, url, period="2026-10")
    assert_same(a, b)
    assert len(b.computed) == 2 and b.results[0].value == a.results[0].value > 0


@pytest.mark.parametrize("ci", ["", "true"])
def test_missing_postgres_skips_locally_and_fails_on_ci(ci: str, monkeypatch) -> None:
    from . import postgres_server

    def unavailable():
        raise postgres_server.Unavailable("PostgreSQL server binaries not found")

    monkeypatch.setattr(postgres_server, "find_bindir", unavailable)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception if ci else pytest.skip.Exception, match="PostgreSQL"):
        postgres_server.start_for_tests()


def test_server_binaries_are_found() -> None:
    """pg_config --bindir or the Debian location: the folder has initdb, pg_ctl and postgres."""
    from . import postgres_server

    try:
        folder = postgres_server.find_bindir()
    except postgres_server.Unavailable:
        pytest.skip("PostgreSQL is not installed")
    assert all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres"))


def test_table_mappings_are_read_only_for_a_source(tmp_path: Path) -> None:
    """``orders=shop.orders`` and a ``tables:`` section concern ``--source``; other readers never see them."""
    from metricsmith.compute.mapping import load_map_file, parse_map_args, split_tables
    from metricsmith.errors import InputTableError

    assert split_tables(parse_map_args(["orders=shop.orders", "orders.amount=total"], tables=True)) == \
        ({"orders": "shop.orders"}, {"orders.amount": "total"})
    with pytest.raises(InputTableError, match="unknown column 'orders'"):
        parse_map_args(["orders=shop.orders"])
    path = tmp_path / "map.yaml"
    path.write_text("tables:\n  orders: shop.orders\ncolumns:\n  orders.amount: total\n", encoding="utf-8")
    assert load_map_file(path) == ({"orders.amount": "total"}, {})
    assert load_map_file(path, tables=True) == ({"orders": "shop.orders", "orders.amount": "total"}, {})
    path.write_text("tables:\n  invoices: shop.invoices\n", encoding="utf-8")
    with pytest.raises(InputTableError, match="unknown table 'invoices'"):
        load_map_file(path)


def test_custom_definitions_run_in_the_source_and_export(shop_url: str, shop_files: list[Path], tmp_path: Path) -> None:
    """A user's definitions file (compute --definitions) works the same in the database, and exports."""
    from metricsmith.compute.definitions.user import load_definitions_file, skeleton
    from metricsmith.compute.dialects import parses
    from metricsmith.exporters import export_project

    from .test_user_definitions import _completed, _project

    path = tmp_path / "defs.yaml"
    path.write_text(_completed(skeleton(_project())), encoding="utf-8")
    project = _project()
    options = ComputeOptions(definitions=load_definitions_file(path))
    files = compute(project, shop_files, period="2026-10", options=options)
    source = compute_from_source(project, shop_url, period="2026-10", options=options)
    assert_same(files, source)
    assert {r.metric_id for r in source.computed} == {"big_orders", "nps"}
    (out,) = export_project(project, "sql", tmp_path / "m.sql",
                            extra={"period": "2026-10", "dialect": "postgres", "definitions": str(path)})
    script = out.read_text(encoding="utf-8")
    assert "CREATE OR REPLACE VIEW metricsmith_big_orders AS" in script and parses(script, "postgres")
    assert "-- Share of big orders [own definition]" in script and "[None]" not in script


def test_names_are_quoted_as_the_database_stores_them() -> None:
    """Snowflake (like Oracle) stores case-insensitive names in upper case; SQLAlchemy reports them in lower."""
    from sqlalchemy.dialects import oracle, postgresql

    from metricsmith.compute.warehouse.tables import stored_name

    assert stored_name(oracle.dialect(), "orders") == "ORDERS"
    assert stored_name(oracle.dialect(), "Orders 2026") == "Orders 2026"
    assert stored_name(postgresql.dialect(), "orders") == "orders"
