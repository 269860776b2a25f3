"""Reading inputs: Russian and English headers, CSV/XLSX/Parquet, explicit mappings, segments, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from metricsmith.compute import compute
from metricsmith.compute.mapping import load_map_file, parse_map_args
from metricsmith.errors import InputTableError

from .conftest import ORDERS_HEADER, ORDERS_ROWS, make_project, result, write_csv

RU_HEADER = ["Номер заказа", "Клиент", "Дата заказа", "Сумма", "Статус", "Причина возврата", "Регион", "Валюта"]
RU_ROWS = [
    ["1", "Анна", "10.09.2026", "1 000,50", "выполнен", "", "Москва", "RUB"],
    ["2", "Анна", "05.10.2026", "2 000", "выполнен", "", "Москва", "RUB"],
    ["3", "Борис", "07.10.2026", "3 000", "возврат", "брак", "Казань", "RUB"],
    ["4", "Вера", "08.10.2026", "500", "отменён", "", "Казань", "RUB"],
]


def test_russian_headers_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "заказы.csv", RU_HEADER, RU_ROWS, sep=";")
    report = compute(make_project("average_order_value", "return_rate_by_reason", language="ru"), [path],
                     period="2026-10")
    # October: 2 000 and 3 000 (the cancelled 500 is excluded) → 2 500; «возврат» status counts as returned.
    assert result(report, "average_order_value").value == pytest.approx(2500.0)
    assert result(report, "return_rate_by_reason").parts["reason:брак"] == pytest.approx(50.0)
    orders = report.tables["orders"]
    assert orders.rows == 4 and orders.kept == 3
    assert [(e.reason_ru, e.count, e.first["line"]) for e in orders.exclusions] == [("отменённые заказы", 1, 5)]


def test_xlsx_with_an_extra_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Exported from CRM"])
    sheet = book.create_sheet("Orders")
    sheet.append(ORDERS_HEADER)
    for row in ORDERS_ROWS:
        values = list(row)
        values[2] = dt.date.fromisoformat(values[2])  # real date cells
        sheet.append(values)
    path = tmp_path / "crm.xlsx"
    book.save(path)
    report = compute(make_project("average_order_value", "purchase_frequency"), [path], period="2026-10")
    assert result(report, "average_order_value").value == pytest.approx(200.0)
    assert result(report, "purchase_frequency").value == pytest.approx(1.5)
    assert any("Notes" in note for note in report.notes)
    assert report.tables["orders"].exclusions[0].first == {"path": f"{path}[Orders]", "row": 6}


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [r for r in ORDERS_ROWS if r[4] != "cancelled"]
    table = pa.table({
        "order_id": pa.array([r[0] for r in rows], pa.int64()),
        "customer_id": pa.array([r[1] for r in rows]),
        "order_date": pa.array([dt.date.fromisoformat(r[2]) for r in rows], pa.date32()),
        "amount": pa.array([float(r[3]) for r in rows]),
    })
    path = tmp_path / "orders.parquet"
    pq.write_table(table, path)
    report = compute(make_project("average_order_value", "repeat_purchase_rate"), [path], period="2026-10")
    assert result(report, "average_order_value").value == pytest.approx(200.0)
    assert result(report, "repeat_purchase_rate").value == pytest.approx(75.0)


def test_explicit_map_and_map_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", ["ИНН", "Док", "Когда", "Итог руб"],
                     [["7701", "A-1", "2026-10-01", "100"], ["7702", "A-2", "2026-10-02", "300"]])
    with pytest.raises(InputTableError) as err:
        compute(make_project("average_order_value"), [path], period="2026-10")
    text = err.value.one_line()
    assert "orders" in text and "customer_id" in text and "ИНН, Док, Когда, Итог руб" in text
    assert "--map orders.customer_id=HEADER" in text
    mapping = parse_map_args(["orders.customer_id=ИНН", "orders.order_id=Док", "orders.order_date=Когда",
                              "orders.amount=Итог руб"])
    report = compute(make_project("average_order_value"), [path], period="2026-10", mapping=mapping)
    assert result(report, "average_order_value").value == pytest.approx(200.0)
    map_file = tmp_path / "map.yaml"
    map_file.write_text("columns:\n  orders.customer_id: ИНН\n  orders.order_id: Док\n  orders.order_date: Когда\n"
                        "  orders.amount: Итог руб\noptions:\n  gross_margin: 60\n", encoding="utf-8")
    columns, options = load_map_file(map_file)
    assert columns == mapping and options == {"gross_margin": 60}


def test_bad_map_arguments() -> None:
    with pytest.raises(InputTableError, match="not TABLE.COLUMN=HEADER"):
        parse_map_args(["orders.amount"])
    with pytest.raises(InputTableError, match="unknown column 'orders.price'"):
        parse_map_args(["orders.price=Цена"])


def test_map_to_a_header_that_does_not_exist(orders_csv: Path) -> None:
    with pytest.raises(InputTableError, match="no such header"):
        compute(make_project("average_order_value"), [orders_csv], mapping={"orders.region": "Область"})


def test_bad_map_is_named_even_when_the_table_is_not_recognised_without_it(tmp_path: Path) -> None:
    # Unusual headers need --map; a --map naming a missing header must be reported as such,
    # not as "lacks the columns …, use --map" (which the user already did).
    path = write_csv(tmp_path / "odd.csv", ["cust", "oid", "d", "sum"], [["a", "1", "2026-10-01", 10]])
    mapping = {"orders.customer_id": "cust", "orders.order_id": "oid", "orders.order_date": "d", "orders.amount": "Sum total"}
    with pytest.raises(InputTableError, match="orders.amount=Sum total: no such header; headers found: cust, oid, d, sum") as info:
        compute(make_project("average_order_value"), [path], mapping=mapping)
    assert info.value.path == str(path) and info.value.field == "Sum total"


@pytest.mark.parametrize("segment, expected", [
    # By region: North #2 200, #6 100, #7 150 → 150; South #3 300, #8 250, #9 200 → 250.
    ("region", {"North": 150.0, "South": 250.0}),
    # New (first order in October: c2, c5, c6) vs returning (c1): same AOV 200 by construction of the data.
    ("new_returning", {"new": 200.0, "returning": 200.0}),
])
def test_segment_split_aov(orders_csv: Path, segment: str, expected: dict) -> None:
    report = compute(make_project("average_order_value", "purchase_frequency"), [orders_csv], period="2026-10",
                     segment=segment)
    assert result(report, "average_order_value").segments == pytest.approx(expected)
    if segment == "new_returning":
        # Frequency: returning c1 1 order; new c2 2, c5 2, c6 1 → 5 / 3.
        assert result(report, "purchase_frequency").segments == pytest.approx({"new": 5 / 3, "returning": 1.0})


def test_segment_from_another_table_by_customer(orders_csv: Path, tmp_path: Path) -> None:
    surveys = write_csv(tmp_path / "nps.csv", ["customer", "date", "score", "type"],
                        [["c1", "2026-10-01", 10, "NPS"], ["c2", "2026-10-01", 3, "NPS"], ["c5", "2026-10-02", 9, "NPS"]])
    report = compute(make_project("nps"), [orders_csv, surveys], period="2026-10", segment="Region")
    # c1 and c5 are North customers (their latest order), c2 South.
    assert result(report, "nps").segments == pytest.approx({"North": 100.0, "South": -100.0})


def test_unknown_segment(orders_csv: Path) -> None:
    with pytest.raises(InputTableError, match="segment column 'city'"):
        compute(make_project("average_order_value"), [orders_csv], segment="city")


def _orders(tmp_path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    return write_csv(tmp_path / "orders.csv", header or ["order id", "customer", "date", "amount", "currency"], rows)


@pytest.mark.parametrize("rows, message, line, field", [
    ([[1, "a", "2026-10-01", 10, "RUB"], [2, "b", "31.02.2026", 10, "RUB"]], "'31.02.2026' is not a date", 3, "date"),
    ([[1, "a", "2026-10-01", "ten", "RUB"], [2, "b", "2026-10-02", "n/a", "RUB"]],
     "'ten' is not a number (2 such rows)", 2, "amount"),
    ([[1, "a", "2026-10-01", 10, "RUB"], [2, "b", "2026-10-02", -5, "RUB"]], "negative amount -5", 3, "amount"),
    ([[1, "a", "2026-10-01", 10, "RUB"], [2, "b", "2026-10-02", 5, "RUB"], [1, "c", "2026-10-03", 7, "RUB"]],
     "duplicate order id: the same value as line 2", 4, "order id"),
    ([[1, "a", "2026-10-01", 10, "RUB"], [2, "b", "2026-10-02", 5, "RUB"], [3, "c", "2026-10-03", 7, "USD"]],
     "several currencies in one table: RUB (2), USD (1)", 4, "currency"),
])
def test_bad_orders(tmp_path: Path, rows, message: str, line: int, field: str) -> None:
    path = _orders(tmp_path, rows)
    with pytest.raises(InputTableError) as err:
        compute(make_project("average_order_value"), [path])
    exc = err.value
    assert message in exc.message
    assert (exc.path, exc.line, exc.field) == (str(path), line, field)


def test_empty_table_and_all_rows_excluded(tmp_path: Path) -> None:
    path = _orders(tmp_path, [])
    with pytest.raises(InputTableError, match="the orders table is empty"):
        compute(make_project("average_order_value"), [path])
    path = write_csv(tmp_path / "orders.csv", ["order id", "customer", "date", "amount", "status"],
                     [[1, "a", "2026-10-01", 10, "cancelled"]])
    with pytest.raises(InputTableError, match="every row was excluded \\(cancelled orders: 1\\)"):
        compute(make_project("average_order_value"), [path])


def test_rows_without_a_customer_are_excluded_and_reported(tmp_path: Path) -> None:
    path = _orders(tmp_path, [[1, "a", "2026-10-01", 10, ""], [2, "", "2026-10-02", 30, ""], [3, "b", "2026-10-03", 20, ""]])
    report = compute(make_project("average_order_value"), [path])
    assert result(report, "average_order_value").value == pytest.approx(15.0)
    (ex,) = report.tables["orders"].exclusions
    assert (ex.reason_en, ex.count, ex.first["line"]) == ("empty 'customer'", 1, 3)


def test_russian_error_messages(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "o.csv", RU_HEADER[:4], [["1", "Анна", "01.10.2026", "-3"]], sep=";")
    with pytest.raises(InputTableError) as err:
        compute(make_project("average_order_value", language="ru"), [path])
    assert "отрицательная сумма -3" in err.value.message and err.value.field == "Сумма"


def test_survey_scores_out_of_range_and_unreadable_files(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", ["customer", "date", "score", "type"], [["a", "2026-10-01", 11, "NPS"]])
    with pytest.raises(InputTableError, match="NPS score 11 is outside 0–10"):
        compute(make_project("nps"), [path])
    with pytest.raises(InputTableError, match="data file not found"):
        compute(make_project("nps"), [tmp_path / "missing.csv"])
    odd = tmp_path / "data.json"
    odd.write_text("{}")
    with pytest.raises(InputTableError, match="unsupported file type"):
        compute(make_project("nps"), [odd])


def test_tickets_with_a_russian_fcr_flag(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "обращения.csv", ["Номер обращения", "Дата обращения", "Решено с первого контакта"],
                     [["1", "01.10.2026", "да"], ["2", "02.10.2026", "нет"], ["3", "03.10.2026", "да"], ["4", "04.10.2026", "нет"]])
    report = compute(make_project("fcr"), [path], period="2026-10")
    assert result(report, "fcr").value == pytest.approx(50.0)
    with pytest.raises(InputTableError, match="'может быть' is not yes/no"):
        write_csv(path, ["Номер обращения", "Дата обращения", "Решено с первого контакта"],
                  [["1", "01.10.2026", "может быть"]])
        compute(make_project("fcr"), [path], period="2026-10")


def test_missing_tables_are_reported_per_metric(orders_csv: Path) -> None:
    project = make_project("average_order_value", "nps", "grr")
    project.metrics.append(project.metrics[0].model_copy(update={"id": "calls", "name": "calls", "catalog_id": None}))
    report = compute(project, [orders_csv], period="2026-10")
    reasons = {r.metric_id: r.reason for r in report.not_computed}
    assert reasons == {"nps": "missing:table surveys", "grr": "missing:table mrr", "calls": "no_recipe"}


def test_check_band_segments_and_default_period(orders_csv: Path) -> None:
    report = compute(make_project("average_order_value"), [orders_csv], segment="check_band")
    # No --period: the month of the latest date (2027-01-10), where only c7 (100) bought.
    assert report.period.label == "2027-01"
    # Average order per customer up to January: c1 150, c2 275, c3 50, c5 125, c6 200, c7 100 → tertiles
    # small {c3, c7}, medium {c5, c1}, large {c6, c2}; c7 is 'small'.
    assert result(report, "average_order_value").segments == {"small": pytest.approx(100.0)}


def test_quarter_period(orders_csv: Path) -> None:
    report = compute(make_project("average_order_value", "customer_churn"), [orders_csv], period="2026-Q4")
    # Q4 2026: the six October orders; Q3 buyers c1, c3 → c3 did not come back → 50 %.
    assert report.period.label == "2026-Q4"
    assert result(report, "average_order_value").value == pytest.approx(200.0)
    assert result(report, "customer_churn").value == pytest.approx(50.0)


def test_options_from_the_mapping_file_are_checked(tmp_path: Path) -> None:
    from metricsmith.compute import ComputeOptions

    opts = ComputeOptions.from_mapping({"gross_margin": 60, "feature_event": "export",
                                        "health": {"bands": {"green": 80}}})
    assert (opts.gross_margin, opts.feature_event, opts.health_bands) == (0.6, "export", {"green": 80.0, "yellow": 40.0})
    with pytest.raises(InputTableError, match="unknown health weight 'speed'"):
        ComputeOptions.from_mapping({"health": {"weights": {"speed": 1}}})
    with pytest.raises(InputTableError, match="unknown option 'margin'"):
        ComputeOptions.from_mapping({"margin": 1})
    with pytest.raises(InputTableError, match="gross margin must be above 0"):
        ComputeOptions.from_mapping({"gross_margin": 0})


def test_russian_headers_for_mrr_surveys_tickets_events(tmp_path: Path) -> None:
    mrr = write_csv(tmp_path / "выручка.csv", ["Клиент", "Месяц", "Выручка"],
                    [["А", "09.2026", "100"], ["А", "10.2026", "120"], ["Б", "09.2026", "50"]], sep=";")
    surveys = write_csv(tmp_path / "опрос.csv", ["Клиент", "Дата ответа", "Оценка", "Тип опроса"],
                        [["А", "01.10.2026", "10", "NPS"], ["Б", "02.10.2026", "5", "NPS"]], sep=";")
    events = write_csv(tmp_path / "события.csv", ["Клиент", "Событие", "Время события"],
                       [["А", "Вход", "01.10.2026 10:00"], ["А", "Отчёт", "01.10.2026 16:00"], ["Б", "Вход", "02.10.2026 09:00"]],
                       sep=";")
    project = make_project("grr", "nps", "ttv", "adoption_rate", language="ru",
                           conventions={"ttv": {"ttv_start_event": "Вход", "ttv_value_event": "Отчёт"}})
    from metricsmith.compute import ComputeOptions

    report = compute(project, [mrr, surveys, events], period="2026-10", options=ComputeOptions(feature_event="отчёт"))
    assert set(report.tables) == {"mrr", "surveys", "events"}
    assert result(report, "grr").value == pytest.approx(100 * 100 / 150)  # А kept 100 (capped), Б lost 50
    assert result(report, "nps").value == pytest.approx(0.0)  # one promoter, one detractor
    assert result(report, "ttv").value == pytest.approx(0.25)  # six hours
    assert result(report, "adoption_rate").value == pytest.approx(50.0)


def test_segment_by_a_mapped_header_and_tables_without_customers(orders_csv: Path, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "orders.csv", ["order id", "customer", "date", "amount", "Область"],
                     [[1, "a", "2026-10-01", 100, "Тверская"], [2, "b", "2026-10-02", 300, "Псковская"]])
    report = compute(make_project("average_order_value"), [data], mapping={"orders.region": "Область"},
                     segment="Область")
    assert result(report, "average_order_value").segments == {"Тверская": 100.0, "Псковская": 300.0}
    tickets = write_csv(tmp_path / "tickets.csv", ["ticket id", "opened at", "fcr"], [["t1", "2026-10-01", "yes"]])
    report = compute(make_project("average_order_value", "fcr"), [orders_csv, tickets], period="2026-10",
                     segment="new_returning")
    fcr = result(report, "fcr")
    assert fcr.value == pytest.approx(100.0) and fcr.segments == {} and "no_segment" in fcr.notes


def test_xlsx_and_parquet_errors_name_the_row(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Заказы"
    sheet.append(["Номер заказа", "Клиент", "Дата", "Сумма"])
    sheet.append([1, "А", dt.date(2026, 10, 1), 100])
    sheet.append([2, "Б", dt.date(2026, 10, 2), "сто"])
    path = tmp_path / "orders.xlsx"
    book.save(path)
    with pytest.raises(InputTableError) as err:
        compute(make_project("average_order_value"), [path])
    assert (err.value.path, err.value.row, err.value.field) == (f"{path}[Заказы]", 3, "Сумма")

    table = pa.table({"order_id": [1, 2, 3], "customer_id": ["a", "b", "c"],
                      "order_date": pa.array([dt.date(2026, 10, d) for d in (1, 2, 3)]), "amount": [10.0, -1.0, 5.0]})
    path = tmp_path / "orders.parquet"
    pq.write_table(table, path)
    with pytest.raises(InputTableError) as err:
        compute(make_project("average_order_value"), [path])
    assert (err.value.row, err.value.field) == (2, "amount") and "negative amount -1" in err.value.message


def test_parquet_errors_name_the_row_across_row_groups(tmp_path: Path) -> None:
    """Rows are numbered in file order even though DuckDB reads the row groups in parallel."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 50_000
    amounts = [10.0] * n
    amounts[41_234] = -2.0
    table = pa.table({"order_id": list(range(n)), "customer_id": [f"c{i % 500}" for i in range(n)],
                      "order_date": pa.array([dt.date(2026, 10, 1 + i % 28) for i in range(n)]), "amount": amounts})
    path = tmp_path / "orders.parquet"
    pq.write_table(table, path, row_group_size=4_096)
    with pytest.raises(InputTableError) as err:
        compute(make_project("average_order_value"), [path])
    assert (err.value.row, err.value.field) == (41_235, "amount")


def test_parquet_footer_is_read_as_the_columns_types(tmp_path: Path) -> None:
    """The footer's ranges equal the columns' own minimum and maximum, type for type, and the
    columns with few values (booleans, small dictionaries) are told apart from the others."""
    import decimal

    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    from metricsmith.compute.parquet_check import read_footer

    n = 30_000
    table = pa.table({
        "id": pa.array(range(n), pa.int64()), "score": pa.array([i % 11 for i in range(n)], pa.int32()),
        "amount": pa.array([i / 8 - 100 for i in range(n)]),
        "price": pa.array([decimal.Decimal(f"{i % 1000}.25") for i in range(n)], pa.decimal128(10, 2)),
        "day": pa.array([dt.date(2026, 1, 1) + dt.timedelta(days=i % 400) for i in range(n)]),
        "at": pa.array([dt.datetime(2026, 1, 1, 9, 30) + dt.timedelta(minutes=i) for i in range(n)], pa.timestamp("us")),
        "city": pa.array(["Тверь" if i % 3 else "Псков" for i in range(n)]),
        "code": pa.array([f"код-{i:07d}" for i in range(n)]),
        "plain": pa.array(["a" if i % 2 else "b" for i in range(n)]),
        "flag": pa.array([i % 5 == 0 for i in range(n)]),
        "empty": pa.array([None] * n, pa.string()),
    })
    path = tmp_path / "mixed.parquet"
    pq.write_table(table, path, row_group_size=7_000, use_dictionary=[c for c in table.column_names if c != "plain"])
    con = duckdb.connect()
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{path}'))")
                 .fetchall())
    footer = read_footer(con, path, types)
    for column in table.column_names:
        if column == "empty":
            assert column not in footer.ranges
            continue
        assert footer.ranges[column] == tuple(con.execute(
            f"SELECT min(\"{column}\"), max(\"{column}\") FROM read_parquet('{path}') WHERE random() >= 0").fetchone()), column
    # Booleans and small dictionaries; "id", "amount", "at" and "code" have big ones, "plain" none.
    assert footer.few == {"score", "price", "day", "city", "flag", "empty"}


@pytest.mark.parametrize("text, number", [
    ("1 000,50", 1000.5), ("1,200.50", 1200.5), ("3,5", 3.5), ("0,125", 0.125), ("1\u00a0500 ₽", 1500.0),
    ("−7", -7.0), ("12,345,678", 12345678.0), ("1,2,3", None), ("abc", None),
])
def test_amount_text_is_read_as_people_write_it(text: str, number: float | None) -> None:
    import duckdb

    from metricsmith.compute.schema import ORDERS
    from metricsmith.compute.validate import parse_expr

    expr, keeps_raw = parse_expr(ORDERS.column("amount"), "x", "VARCHAR")
    assert keeps_raw
    assert duckdb.connect().execute(f"SELECT {expr} FROM (SELECT ? AS x)", [text]).fetchall() == [(number,)]


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16"])
def test_russian_csv_from_excel_in_cp1251_or_utf16_is_read(tmp_path: Path, encoding: str) -> None:
    # DuckDB reads UTF-8 only; a Russian Excel export (cp1251) used to fail with "CSV Error on Line: 1".
    text = ("Номер заказа;Клиент;Дата;Сумма\n1;к1;01.10.2026;100\n2;к1;15.10.2026;300\n"
            "3;к2;20.10.2026;200\n")
    path = tmp_path / "заказы.csv"
    path.write_bytes(text.encode(encoding))
    report = compute(make_project("average_order_value"), [path], period="2026-10")
    assert result(report, "average_order_value").value == pytest.approx(200.0)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(text.replace("300", "сто").encode(encoding))
    with pytest.raises(InputTableError, match="сто.* not a number") as info:
        compute(make_project("average_order_value"), [bad], period="2026-10")
    assert info.value.line == 3 and info.value.path == str(bad)


def test_csv_mixing_utf8_and_cp1251_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes("Номер заказа;Клиент;Дата;Сумма\n1;к1;01.10.2026;100\n".encode() + "2;к2;02.10.2026;5\n".encode("cp1251"))
    with pytest.raises(InputTableError, match="mixed text encodings") as info:
        compute(make_project("average_order_value"), [path], period="2026-10")
    assert info.value.line == 3


def test_xlsx_with_a_title_row_lower_start_and_1c_style_headers(tmp_path: Path) -> None:
    # Accounting/CRM exports: a title row, the table lower on the sheet, "№ заказа", "Сумма, руб.".
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B2"] = "Заказы за октябрь 2026"
    for col, header in enumerate(["Клиент", "№ заказа", "Дата заказа", "Сумма, руб."], start=2):
        ws.cell(4, col, header)
    rows = [["к1", "1", dt.date(2026, 10, 1), 100], ["к1", "2", dt.date(2026, 10, 5), 300], ["к2", "3", dt.date(2026, 10, 9), 200]]
    for r, row in enumerate(rows, start=5):
        for col, value in enumerate(row, start=2):
            ws.cell(r, col, value)
    path = tmp_path / "выгрузка.xlsx"
    wb.save(path)
    report = compute(make_project("average_order_value"), [path], period="2026-10")
    assert result(report, "average_order_value").value == pytest.approx(200.0)
    ws.cell(7, 5, "двести")  # sheet row 7: the third order
    wb.save(path)
    with pytest.raises(InputTableError, match="двести") as info:
        compute(make_project("average_order_value"), [path], period="2026-10")
    assert info.value.row == 7
