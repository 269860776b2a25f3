"""``metricsmith audit`` through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from metricsmith.cli import main


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return str(p)


def run_json(capsys, *args):
    code = main(["audit", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_json_contract(tmp_path, capsys):
    path = write(tmp_path, "k.csv", "Metric\nOutbound calls per day\nLead-to-customer conversion\nSite visits\n")
    code, report = run_json(capsys, path)
    assert code == 1
    assert set(report) == {"metrics", "goals", "summary"}
    assert report["goals"] == []  # a table of names has no profile goals
    assert [m["row"] for m in report["metrics"]] == [1, 2, 3]
    assert [m["metric"] for m in report["metrics"]] == ["Outbound calls per day", "Lead-to-customer conversion",
                                                        "Site visits"]
    first = report["metrics"][0]["findings"][0]
    assert {"rule", "severity", "message", "suggestion"} <= set(first)
    assert first["rule"] == "activity-as-value" and first["severity"] == "error"
    assert report["metrics"][1]["findings"] == []
    assert [f["rule"] for f in report["metrics"][2]["findings"]] == ["vanity"]
    s = report["summary"]
    assert s["metrics"] == 3 and s["flagged"] == 2 and s["errors"] == 2
    assert s["by_rule"] == {"activity-as-value": 1, "set-size": 1, "vanity": 1}
    assert [f["rule"] for f in s["set_findings"]] == ["set-size"]


@pytest.mark.parametrize("fail_on,code", [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on_with_errors(tmp_path, capsys, fail_on, code):
    path = write(tmp_path, "k.csv", "Metric\nCalls made\n")
    assert main(["audit", path, "--fail-on", fail_on]) == code
    capsys.readouterr()


@pytest.mark.parametrize("fail_on,code", [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on_with_warnings_only(tmp_path, capsys, fail_on, code):
    path = write(tmp_path, "k.csv", "Metric,Owner\nRepeat purchase rate,Sales department\n")
    assert main(["audit", path, "--fail-on", fail_on]) == code
    capsys.readouterr()


def test_clean_table_exits_0(tmp_path, capsys):
    path = write(tmp_path, "k.csv", "Metric\nRepeat purchase rate\n")
    assert main(["audit", path]) == 0
    assert "No problems found." in capsys.readouterr().out


def test_table_and_markdown_output_in_russian(tmp_path, capsys):
    path = write(tmp_path, "k.csv", "Метрика\nКоличество звонков\nПодписчики | канал\n", encoding="cp1251")
    assert main(["audit", path, "--format", "md"]) == 1
    out = capsys.readouterr().out
    assert "| Строка | Метрика |" in out and "Подписчики \\| канал" in out and "activity-as-value" in out
    assert main(["audit", path]) == 1
    out = capsys.readouterr().out
    assert "activity-as-value" in out and "Метрик: 2" in out


def test_lang_option_switches_messages(tmp_path, capsys):
    path = write(tmp_path, "k.csv", "Metric\nCalls made\n")
    _, report = run_json(capsys, path, "--lang", "ru")
    assert "усилия" in report["metrics"][0]["findings"][0]["message"]


def test_column_option(tmp_path, capsys):
    path = write(tmp_path, "k.csv", "Area,What we track\nSales,Emails sent\n")
    _, report = run_json(capsys, path, "--column", "What we track")
    assert report["metrics"][0]["metric"] == "Emails sent"


def test_explain(capsys):
    assert main(["audit", "--explain", "vanity", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("vanity — Метрика тщеславия") and "охват" in out.lower()
    assert main(["audit", "--explain", "all"]) == 0
    assert "impossible-value" in capsys.readouterr().out


@pytest.mark.parametrize("content,fragment", [
    ("", "the file is empty"),
    ("Area,Owner\nSales,Anna\n", "no metric column found; headers found: 'Area', 'Owner'"),
    ("Metric,Owner\nCalls,Anna,x\n", "row 1"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, content, fragment):
    path = write(tmp_path, "k.csv", content)
    assert main(["audit", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and fragment in err and "k.csv" in err and "Traceback" not in err


def test_unknown_format_missing_file_and_unknown_rule(tmp_path, capsys):
    assert main(["audit", write(tmp_path, "k.pdf", "x")]) == 2
    assert "unknown format" in capsys.readouterr().err
    assert main(["audit", str(tmp_path / "none.csv")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["audit", "--explain", "nope"]) == 2
    assert "unknown rule 'nope'" in capsys.readouterr().err
    assert main(["audit"]) == 2
    assert "no file given" in capsys.readouterr().err


def test_project_file_uses_profile_language(tmp_path, capsys):
    from metricsmith.io.project_file import save_project
    from metricsmith.models import Metric, Profile, Project

    project = Project(profile=Profile(language="ru"), metrics=[Metric(id="x", name="Calls made", owner="Анна")])
    save_project(project, tmp_path / "p.json")
    code, report = run_json(capsys, str(tmp_path / "p.json"))
    assert code == 1
    rules = {f["rule"] for f in report["metrics"][0]["findings"]}
    assert {"activity-as-value", "no-goal", "baseline-or-target-missing"} <= rules
    assert report["summary"]["language"] == "ru"


def test_markdown_output_escapes_tags_like_the_markdown_export(tmp_path, capsys):
    # A metric name from a client's sheet must not turn into HTML in a Markdown viewer.
    path = tmp_path / "k.csv"
    path.write_text('KPI\n"Calls | emails\nsent <script>alert(1)</script>"\n', encoding="utf-8")
    assert main(["audit", str(path), "--format", "md", "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| 1 |"))
    assert "<script>" not in out and "&lt;script>" in row and "Calls \\| emails sent" in row


def test_human_outputs_name_severities_in_the_report_language(tmp_path, capsys):
    # JSON keeps the stable English ids; the table and Markdown are read by people.
    path = write(tmp_path, "k.csv", "Метрика\nКоличество звонков\nДоля повторных покупок\n")
    assert main(["audit", path, "--format", "md"]) == 1
    out = capsys.readouterr().out
    assert "| ошибка | activity-as-value |" in out and "**предупреждение** `set-size`" in out
    assert "| error |" not in out
    assert main(["audit", path]) == 1
    out = capsys.readouterr().out
    assert "ошибка" in out and "предупреждение set-size" in out
    _, report = run_json(capsys, path)
    assert report["metrics"][0]["findings"][0]["severity"] == "error"
