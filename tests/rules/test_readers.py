"""Readers: every format, header detection in both languages, encodings and bad input."""

from __future__ import annotations

import json

import pytest

from metricsmith.errors import InputTableError, MetricsmithError
from metricsmith.readers import load_audit_input

TRACKING_RU = "Цель;Метрика / KPI;Тип;Было;Стало (цель);Факт;Ответственный\n" \
              "Рост продаж;Количество звонков;опережающая;100;150;120;Отдел продаж\n" \
              "Рост продаж;Конверсия лидов в сделки;запаздывающая;12%;18%;;Анна\n"


def write(tmp_path, name: str, data: bytes | str) -> str:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(p)


def test_csv_with_english_headers(tmp_path):
    path = write(tmp_path, "k.csv", "KPI,Owner,Baseline (before),Target (after),Goal,Type\n"
                                    "Calls made,Anna,10,20,Sales,leading\nChurn rate,Bob,5%,3%,Retain,lagging\n")
    got = load_audit_input(path)
    assert [m.name for m in got.metrics] == ["Calls made", "Churn rate"]
    assert got.rows == [1, 2]
    assert {"owner", "baseline", "target", "goal", "kind"} <= got.fields
    churn = got.metrics[1]
    assert (churn.baseline, churn.target, churn.unit, churn.kind, churn.goal) == (5.0, 3.0, "%", "lagging", "Retain")
    assert got.metrics[0].kind == "leading"


@pytest.mark.parametrize("encoding,prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1251", b"")])
def test_russian_csv_in_every_encoding(tmp_path, encoding, prefix):
    path = write(tmp_path, "k.csv", prefix + TRACKING_RU.encode(encoding))
    got = load_audit_input(path)
    assert [m.name for m in got.metrics] == ["Количество звонков", "Конверсия лидов в сделки"]
    m = got.metrics[0]
    assert (m.goal, m.kind, m.baseline, m.target, m.actual, m.owner) == ("Рост продаж", "leading", 100.0, 150.0,
                                                                        120.0, "Отдел продаж")
    assert got.metrics[1].target == 18.0 and got.metrics[1].actual is None


def test_mixed_encodings_are_refused_with_the_line(tmp_path):
    data = "Метрика\nКоличество звонков\n".encode("utf-8") + "Конверсия\n".encode("cp1251")
    with pytest.raises(InputTableError) as exc:
        load_audit_input(write(tmp_path, "k.csv", data))
    assert exc.value.line == 3 and "encodings" in exc.value.one_line()


def test_single_column_list_without_header(tmp_path):
    got = load_audit_input(write(tmp_path, "names.txt", "Outbound calls\nSite visits\n\nChurn rate\n"))
    assert [m.name for m in got.metrics] == ["Outbound calls", "Site visits", "Churn rate"]
    assert got.fields == frozenset({"name"})


def test_header_found_below_a_title_row_and_by_russian_alias(tmp_path):
    got = load_audit_input(write(tmp_path, "k.csv", "KPI отчёт за 2026,,\nПоказатель,Владелец,Факт\nNPS,Анна,45\n"))
    assert got.metrics[0].name == "NPS" and got.metrics[0].actual == 45.0 and got.metrics[0].owner == "Анна"


def test_column_option_picks_the_column_and_reports_unknown_ones(tmp_path):
    path = write(tmp_path, "k.csv", "Area,What we track\nSales,Calls made\n")
    with pytest.raises(InputTableError) as exc:
        load_audit_input(path)
    assert "'Area', 'What we track'" in exc.value.one_line() and "--column" in exc.value.one_line()
    assert load_audit_input(path, column="what we track").metrics[0].name == "Calls made"
    assert load_audit_input(path, column="2").metrics[0].name == "Calls made"
    with pytest.raises(InputTableError, match="no column named 'Nope'"):
        load_audit_input(path, column="Nope")


def test_column_number_is_not_taken_for_a_data_value_and_must_exist(tmp_path):
    # "--column 3" once matched the data cell "3" in a later row and took it for the header.
    path = write(tmp_path, "k.csv", "KPI,Owner,Goal\nCalls made,Anna,Sales\n3,4,NPS\n")
    got = load_audit_input(path, column="3")
    assert [m.name for m in got.metrics] == ["Sales", "NPS"] and got.rows == [1, 2]
    with pytest.raises(InputTableError) as exc:
        load_audit_input(path, column="9")
    assert "no column 9: the table has 3 columns" in exc.value.one_line()
    assert exc.value.line == 1 and "'KPI', 'Owner', 'Goal'" in exc.value.one_line()


def test_ragged_row_names_the_row(tmp_path):
    path = write(tmp_path, "k.csv", "Metric,Owner\nCalls,Anna\nVisits,Bob,extra,more\n")
    with pytest.raises(InputTableError) as exc:
        load_audit_input(path)
    assert exc.value.row == 2 and exc.value.line == 3
    assert "k.csv:3, row 2" in exc.value.one_line()


def test_unclosed_quote_is_refused_instead_of_swallowing_later_rows(tmp_path):
    path = write(tmp_path, "k.csv", 'Metric,Owner\nNPS,Bob\n"Calls made,Ann\nChurn rate,Eve\n')
    with pytest.raises(InputTableError, match="quoted cell is never closed") as exc:
        load_audit_input(path)
    assert exc.value.line == 3
    # A closed multi-line cell at the end is fine.
    ok = write(tmp_path, "ok.csv", 'Metric,Owner\nNPS,Bob\n"Calls\nmade",Ann\n')
    assert [m.name for m in load_audit_input(ok).metrics] == ["NPS", "Calls made"]


def test_short_rows_are_padded(tmp_path):
    got = load_audit_input(write(tmp_path, "k.csv", "Metric,Owner,Target\nCalls\nNPS,Anna\n"))
    assert [m.owner for m in got.metrics] == ["", "Anna"]


@pytest.mark.parametrize("content,message", [("", "empty"), ("   \n\n", "empty"), ("Metric\n", "no metric rows")])
def test_empty_inputs(tmp_path, content, message):
    with pytest.raises(InputTableError, match=message):
        load_audit_input(write(tmp_path, "k.csv", content))


def test_missing_file_folder_and_unknown_format(tmp_path):
    with pytest.raises(InputTableError, match="file not found"):
        load_audit_input(tmp_path / "nope.csv")
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(InputTableError, match="folder"):
        load_audit_input(tmp_path / "d.csv")
    with pytest.raises(InputTableError, match=r"unknown format \(\.docx\)"):
        load_audit_input(write(tmp_path, "k.docx", "x"))


def test_xlsx_written_with_openpyxl(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Metric", "Owner", "Baseline", "Target", "Type"])
    ws.append(["Instagram followers", "Sales team", 1000, 5000, "lagging"])
    ws.append([None, None, None, None, None])
    ws.append(["Повторные покупки", "Анна", 0.2, 0.3, "запаздывающая"])
    path = tmp_path / "k.xlsx"
    wb.save(path)
    got = load_audit_input(path)
    assert [m.name for m in got.metrics] == ["Instagram followers", "Повторные покупки"]
    assert got.rows == [1, 3]
    assert got.metrics[0].baseline == 1000.0 and got.metrics[1].target == 0.3


def test_xlsx_cover_sheet_with_a_title_loses_to_the_kpi_sheet(tmp_path):
    # A one-cell cover sheet reads as a list of one "metric"; the sheet with a metric
    # header must win, and a workbook of name lists only still reads its first sheet.
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active.append(["KPI report 2026"])
    ws = wb.create_sheet("KPIs")
    ws.append(["Показатель", "Было", "Стало"])
    ws.append(["Количество звонков", 10, 20])
    path = tmp_path / "k.xlsx"
    wb.save(path)
    got = load_audit_input(path)
    assert [m.name for m in got.metrics] == ["Количество звонков"] and got.name_column == "Показатель"
    wb = openpyxl.Workbook()
    wb.active.append(["Page views"])
    wb.create_sheet("More").append(["NPS"])
    wb.save(path)
    assert [m.name for m in load_audit_input(path).metrics] == ["Page views"]


def test_xlsx_second_sheet_is_used_when_the_first_has_no_metric_column(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Notes"])
    wb.active.append(["Read me", "first"])
    ws = wb.create_sheet("KPI")
    ws.append(["Метрика"])
    ws.append(["Отток клиентов"])
    wb.save(tmp_path / "k.xlsx")
    assert load_audit_input(tmp_path / "k.xlsx").metrics[0].name == "Отток клиентов"


def test_broken_xlsx(tmp_path):
    with pytest.raises(InputTableError, match="not an XLSX"):
        load_audit_input(write(tmp_path, "k.xlsx", "Metric\nCalls\n"))
    with pytest.raises(InputTableError, match="cannot read the spreadsheet"):
        load_audit_input(write(tmp_path, "k.xlsx", b"PK\x03\x04 broken zip"))


def test_markdown_table_with_escaped_pipes(tmp_path):
    md = "# KPIs\n\nSome text.\n\n| Goal | Metric | Owner |\n|---|:---:|---|\n" \
         "| Sales | Calls \\| emails sent | Anna |\n| Retain | Churn rate | Bob |\n\nAfter.\n"
    got = load_audit_input(write(tmp_path, "k.md", md))
    assert [m.name for m in got.metrics] == ["Calls | emails sent", "Churn rate"]
    assert got.rows == [1, 2]
    assert got.metrics[0].goal == "Sales"


def test_markdown_export_reads_back_to_the_original_texts(tmp_path):
    # Our own Markdown export escapes backslashes, pipes, tag-like "<" and leading block
    # characters; auditing that export must see the names and goals as they were typed.
    from metricsmith.exporters import export_project
    from metricsmith.models import Metric, Profile, Project

    names = ["+Growth of <b>paid</b> users", "Cost \\ per | unit", "-5 % churn", "#1 reorder rate", "Plain NPS"]
    metrics = [Metric(id=f"m{i}", name=n, goal="=Grow *repeat* | sales", owner="@Anna <PM>") for i, n in enumerate(names)]
    project = Project(profile=Profile(language="en"), metrics=metrics)
    (path,) = export_project(project, "md", tmp_path / "p.md", table="tracking")
    got = load_audit_input(path)
    assert [m.name for m in got.metrics] == names
    assert {m.goal for m in got.metrics} == {"=Grow *repeat* | sales"}
    assert {m.owner for m in got.metrics} == {"@Anna <PM>"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_neutralised_cells_of_our_exports_read_back_without_the_apostrophe(tmp_path, fmt):
    # CSV/XLSX exports put "'" before a leading = + - @ against formula injection; the
    # audit of that export must see the texts as typed.
    from metricsmith.exporters import export_project
    from metricsmith.models import Metric, Profile, Project

    metrics = [Metric(id="a", name="-5 % churn", goal="+Grow repeat sales", owner="@anna"),
               Metric(id="b", name="=Repeat purchase rate", goal="+Grow repeat sales", owner="Bob")]
    project = Project(profile=Profile(language="en"), metrics=metrics)
    (path,) = export_project(project, fmt, tmp_path / f"p.{fmt}", table="tracking")
    got = load_audit_input(path)
    assert [m.name for m in got.metrics] == ["-5 % churn", "=Repeat purchase rate"]
    assert {m.goal for m in got.metrics} == {"+Grow repeat sales"} and got.metrics[0].owner == "@anna"


def test_markdown_bullet_list(tmp_path):
    got = load_audit_input(write(tmp_path, "k.md", "# Our KPIs\n\n- Site visits\n- Repeat purchase rate\n"))
    assert [m.name for m in got.metrics] == ["Site visits", "Repeat purchase rate"]


def test_json_list_of_names_and_of_objects(tmp_path):
    got = load_audit_input(write(tmp_path, "k.json", json.dumps(["Calls made", "NPS"])))
    assert [m.name for m in got.metrics] == ["Calls made", "NPS"]
    objs = [{"metric": "GRR", "actual": 104}, {"metric": "Количество звонков", "owner": "Отдел продаж"}]
    got = load_audit_input(write(tmp_path, "o.json", json.dumps({"metrics": objs}, ensure_ascii=False)))
    assert got.metrics[0].actual == 104.0 and got.metrics[1].owner == "Отдел продаж"
    assert {"actual", "owner"} <= got.fields


def test_json_errors(tmp_path):
    with pytest.raises(InputTableError) as exc:
        load_audit_input(write(tmp_path, "k.json", '{"metrics": [\n"a",\n}'))
    assert exc.value.line == 3
    with pytest.raises(InputTableError) as exc:
        load_audit_input(write(tmp_path, "k.json", '[{"metric": "a"}, 5]'))
    assert exc.value.row == 2


def test_yaml_list(tmp_path):
    got = load_audit_input(write(tmp_path, "k.yaml", "metrics:\n  - name: Site visits\n    owner: Anna\n"
                                                     "  - name: Отток клиентов\n"))
    assert [m.name for m in got.metrics] == ["Site visits", "Отток клиентов"]
    with pytest.raises(InputTableError) as exc:
        load_audit_input(write(tmp_path, "b.yaml", "metrics:\n  - a\n - b: [\n"))
    assert exc.value.line is not None


def test_project_file(tmp_path):
    from metricsmith.io.project_file import save_project
    from metricsmith.models import Metric, Profile, Project

    project = Project(profile=Profile(language="ru"), metrics=[Metric(id="x", name="Количество звонков")])
    path = tmp_path / "p.json"
    save_project(project, path)
    got = load_audit_input(path)
    assert got.profile is not None and got.profile.language == "ru"
    assert [m.id for m in got.metrics] == ["x"] and "owner" in got.fields


def test_broken_project_file_is_a_metricsmith_error(tmp_path):
    path = write(tmp_path, "p.json", json.dumps({"schema_version": 1, "metrics": [{"id": "x"}]}))
    with pytest.raises(MetricsmithError):
        load_audit_input(path)


def test_semicolon_and_tab_delimiters(tmp_path):
    assert load_audit_input(write(tmp_path, "a.csv", "Metric;Owner\nCalls;Anna\n")).metrics[0].owner == "Anna"
    assert load_audit_input(write(tmp_path, "a.tsv", "Metric\tOwner\nCalls, emails\tAnna\n")).metrics[0].name == \
        "Calls, emails"


def test_binary_file_with_a_text_extension(tmp_path):
    with pytest.raises(InputTableError, match="binary"):
        load_audit_input(write(tmp_path, "k.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00"))


def test_utf16_with_bom(tmp_path):
    got = load_audit_input(write(tmp_path, "k.csv", "Метрика\nОтток клиентов\n".encode("utf-16")))
    assert got.metrics[0].name == "Отток клиентов"


def test_a_type_column_counts_only_when_its_values_are_understood(tmp_path):
    got = load_audit_input(write(tmp_path, "k.csv", "Metric,Type\nCalls,KPI\nNPS,KPI\n"))
    assert "kind" not in got.fields
    got = load_audit_input(write(tmp_path, "k.csv", "Metric,Type\nCalls,KPI\nNPS,lagging\n"))
    assert "kind" in got.fields


def test_category_and_direction_values_in_both_languages(tmp_path):
    got = load_audit_input(write(tmp_path, "k.csv", "Metric,Category,Direction\nОтток,Клиентская ценность,снижение\n"
                                                    "Revenue,financial,up\n"))
    assert [(m.category, m.direction) for m in got.metrics] == [("customer_value", "down"), ("financial", "up")]


def test_xlsx_falls_back_to_openpyxl_without_calamine(tmp_path, monkeypatch):
    import sys

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Показатель", "Факт"])
    wb.active.append(["Доля повторных покупок", 0.25])
    wb.save(tmp_path / "k.xlsx")
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    got = load_audit_input(tmp_path / "k.xlsx")
    assert got.metrics[0].name == "Доля повторных покупок" and got.metrics[0].actual == 0.25
