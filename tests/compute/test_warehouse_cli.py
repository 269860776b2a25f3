"""``metricsmith compute --source URL`` end to end: same project as ``--data``, bad input, credentials.

Every bad input ends with exit code 2, one line on stderr naming the source
(the URL without credentials), the table and the column, and the project
file untouched. The password is never printed and never stored.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from metricsmith.cli import main
from metricsmith.io.project_file import load_project, save_project

from . import shop_data
from .conftest import make_project
from .postgres_server import PASSWORD, USER, create_database

METRICS = ("average_order_value", "return_rate_by_reason", "grr", "nps", "fcr", "ttv")


@pytest.fixture(scope="module")
def shop_url(postgres) -> str:
    url = create_database(postgres, "shop_cli")
    shop_data.load_postgres(url)
    return url


@pytest.fixture(scope="module")
def bad_url(postgres) -> str:
    """A database whose tables are wrong in one way each (see the tests)."""
    import psycopg

    url = create_database(postgres, "bad_cli")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute('CREATE TABLE orders (order_id integer, customer text, "date" date, price numeric)')
        con.execute("INSERT INTO orders VALUES (1, 'a', '2026-10-01', 10)")
        con.execute('CREATE TABLE text_orders (order_id integer, customer text, "date" date, amount text)')
        con.execute("INSERT INTO text_orders VALUES (1, 'a', '2026-10-01', '10')")
        con.execute('CREATE TABLE negative_orders (order_id integer, customer text, "date" date, amount numeric)')
        con.execute("INSERT INTO negative_orders VALUES (1, 'a', '2026-10-01', 10), (2, 'b', '2026-10-02', -5)")
        con.execute('CREATE TABLE word_orders (order_id integer, customer text, "date" date, amount numeric, '
                    'returned text)')
        con.execute("INSERT INTO word_orders VALUES (1, 'a', '2026-10-01', 10, 'да'), (2, 'b', '2026-10-02', 5, 'maybe'), "
                    "(3, 'c', '2026-10-03', 7, 'no'), (4, 'd', '2026-10-04', 8, '')")
        con.execute("CREATE SCHEMA sales")
        con.execute("CREATE TABLE sales.orders_2026 (order_id integer)")
        con.execute('CREATE TABLE mrr (customer text, month integer, mrr numeric)')
        con.execute("INSERT INTO mrr VALUES ('a', 202610, 100)")
    return url


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "shop.json"
    project = make_project(*METRICS, conventions={"ttv": {"ttv_start_event": "signup", "ttv_value_event": "report"}})
    save_project(project, path)
    return path


def bare(url: str) -> str:
    """The URL without its credentials, as messages show it."""
    return url.replace(f"{USER}:{PASSWORD}@", "")


def no_password(url: str) -> str:
    """The URL with its user but without the password (which then comes from elsewhere)."""
    return url.replace(f":{PASSWORD}@", "@")


def fails(args: list[str], project_file: Path, capsys) -> str:
    """Run the CLI expecting a user error: exit 2, one stderr line, the project unchanged; returns the line."""
    before = project_file.read_bytes()
    assert main(args) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert PASSWORD not in captured.out + captured.err
    assert project_file.read_bytes() == before
    return err


def test_source_and_data_write_the_same_project(shop_url: str, project_file: Path, tmp_path: Path, capsys) -> None:
    files = shop_data.write_files(tmp_path)
    twin = tmp_path / "twin.json"
    twin.write_bytes(project_file.read_bytes())
    args = ["--period", "2026-10", "--segment", "region"]
    assert main(["compute", str(twin), *sum((["--data", str(f)] for f in files), []), *args]) == 0
    from_files = capsys.readouterr().out
    assert main(["compute", str(project_file), "--source", shop_url, *args]) == 0
    captured = capsys.readouterr()
    assert f"orders: {bare(shop_url)} table orders — 18 rows, 17 used" in captured.out
    assert "excluded 1 rows: cancelled orders" in captured.out
    # The computed lines are the same as from files (parts in any order: a breakdown's rows are unordered).
    def lines(out: str) -> set[tuple[str, ...]]:
        return {tuple(sorted(line.split("; "))) for line in out.splitlines()
                if line.startswith("    by segment") or "rows of" in line}

    assert len(lines(captured.out)) == 2 * len(METRICS) and lines(captured.out) == lines(from_files)
    a, b = load_project(twin), load_project(project_file)
    for metric_id in METRICS:
        assert b.metric(metric_id).actual == pytest.approx(a.metric(metric_id).actual)
        assert [(o.period, o.note, o.source) for o in b.metric(metric_id).history] == \
               [(o.period, o.note, o.source) for o in a.metric(metric_id).history]
    stored = project_file.read_text(encoding="utf-8")
    assert PASSWORD not in stored + captured.out + captured.err and "127.0.0.1" not in stored


def test_a_url_that_does_not_connect(project_file: Path, capsys) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once the socket is closed
    url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/shop"
    err = fails(["compute", str(project_file), "--source", url], project_file, capsys)
    assert f"postgresql://127.0.0.1:{port}/shop" in err and "cannot connect" in err and "--source" in err


def test_a_wrong_password_is_not_shown(postgres, shop_url: str, project_file: Path, capsys) -> None:
    url = shop_url.replace(PASSWORD, "not-" + PASSWORD)
    err = fails(["compute", str(project_file), "--source", url], project_file, capsys)
    assert "password authentication failed" in err and "not-" + PASSWORD not in err and bare(shop_url) in err


@pytest.mark.parametrize("url, words", [
    ("not a url", "not a database URL"),
    ("mysql://u:pw@127.0.0.1/db", "cannot write SQL for 'mysql'"),
    ("snowflake://u:pw@account/db", "driver for 'snowflake' is not installed"),
])
def test_unusable_urls(url: str, words: str, project_file: Path, capsys) -> None:
    err = fails(["compute", str(project_file), "--source", url], project_file, capsys)
    assert words in err and ":pw@" not in err


def test_a_missing_table(shop_url: str, project_file: Path, capsys) -> None:
    err = fails(["compute", str(project_file), "--source", shop_url, "--map", "orders=sales.nope"], project_file, capsys)
    assert bare(shop_url) in err and "no table 'sales.nope' for orders" in err


def test_a_missing_table_in_a_schema_lists_that_schema(bad_url: str, project_file: Path, capsys) -> None:
    """For ``sales.orders_2025`` the tables of ``sales`` are listed (they show the right name), not the default's."""
    err = fails(["compute", str(project_file), "--source", bad_url, "--map", "orders=sales.orders_2025"], project_file,
                capsys)
    assert "no table 'sales.orders_2025' for orders; tables in the schema sales: orders_2026" in err
    assert "negative_orders" not in err
    err = fails(["compute", str(project_file), "--source", bad_url, "--map", "orders=shop.orders"], project_file, capsys)
    assert "no table 'shop.orders' for orders: there is no schema 'shop'; schemas: public, sales" in err


def test_a_missing_column(bad_url: str, project_file: Path, capsys) -> None:
    err = fails(["compute", str(project_file), "--source", bad_url, "--map", "orders=negative_orders", "--map",
                 "mrr=nothing_here"], project_file, capsys)
    assert "no table 'nothing_here' for mrr" in err
    err = fails(["compute", str(project_file), "--source", bad_url], project_file, capsys)
    assert f"{bare(bad_url)} table orders" in err and "no column for orders.amount" in err
    assert "price" in err and "--map orders.amount=COLUMN" in err
    err = fails(["compute", str(project_file), "--source", bad_url, "--map", "orders.amount=total"], project_file,
                capsys)
    assert "--map orders.amount=total: no such column" in err and "field 'total'" in err


def test_a_type_that_does_not_fit(bad_url: str, project_file: Path, capsys) -> None:
    err = fails(["compute", str(project_file), "--source", bad_url, "--map", "orders=text_orders", "--map",
                 "mrr=negative_orders"], project_file, capsys)
    assert f"{bare(bad_url)} table text_orders, field 'amount'" in err
    assert "type TEXT does not fit orders.amount, which needs a number" in err
    err = fails(["compute", str(project_file), "--source", bad_url, "--map", "orders=negative_orders"], project_file,
                capsys)  # the mrr table's month is an integer
    assert "table mrr, field 'month'" in err and "type INTEGER does not fit mrr.month" in err


def test_a_value_that_makes_the_numbers_wrong(bad_url: str, project_file: Path, tmp_path: Path, capsys) -> None:
    map_file = tmp_path / "map.yaml"
    map_file.write_text("tables:\n  orders: negative_orders\n  mrr: public.negative_orders\n"
                        "columns:\n  mrr.mrr: amount\n  mrr.month: date\n", encoding="utf-8")
    err = fails(["compute", str(project_file), "--source", bad_url, "--map-file", str(map_file)], project_file, capsys)
    assert f"{bare(bad_url)} table negative_orders, field 'amount'" in err and "negative amount -5" in err


def test_a_text_boolean_that_is_not_yes_or_no(bad_url: str, project_file: Path, tmp_path: Path, capsys) -> None:
    """Text yes/no words are read as a file's; any other word is refused naming the table, column and value."""
    map_file = tmp_path / "map.yaml"
    map_file.write_text("tables:\n  orders: word_orders\n  mrr: word_orders\n"
                        "columns:\n  mrr.mrr: amount\n  mrr.month: date\n", encoding="utf-8")
    err = fails(["compute", str(project_file), "--source", bad_url, "--map-file", str(map_file)], project_file, capsys)
    assert f"{bare(bad_url)} table word_orders, field 'returned'" in err and "'maybe' is not yes/no" in err


def test_table_maps_need_a_source(project_file: Path, tmp_path: Path, capsys) -> None:
    files = shop_data.write_files(tmp_path, (shop_data.ORDERS,))
    err = fails(["compute", str(project_file), "--data", str(files[0]), "--map", "orders=shop.orders"], project_file,
                capsys)
    assert "names a database table; it needs --source" in err


def test_password_from_pgpassword(shop_url: str, project_file: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["compute", str(project_file), "--source", no_password(shop_url), "--period", "2026-10",
                 "--dry-run"]) == 0
    assert "average_order_value: 137.08" in capsys.readouterr().out


def test_password_from_the_config_file(shop_url: str, project_file: Path, monkeypatch, capsys) -> None:
    from metricsmith.config import config_path, load_settings

    monkeypatch.delenv("PGPASSWORD", raising=False)
    config_path().write_text(f'[metricsmith]\nsource_password = "{PASSWORD}"\n', encoding="utf-8")
    assert PASSWORD not in str(load_settings().safe_dump())
    assert main(["compute", str(project_file), "--source", no_password(shop_url), "--period", "2026-10"]) == 0
    captured = capsys.readouterr()
    assert "Saved" in captured.out and PASSWORD not in captured.out + captured.err
    assert PASSWORD not in project_file.read_text(encoding="utf-8")
