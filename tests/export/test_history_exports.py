"""Check-ins in the XLSX (History sheet, native line charts) and Markdown (Mermaid tree, check-in table) exports."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl

from metricsmith.exporters import export_project, render_markdown


def test_xlsx_history_sheet_reads_back(history_project, tmp_path: Path, today) -> None:
    [path] = export_project(history_project, "xlsx", tmp_path / "h.xlsx", today=today)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Value tracking", "Value Management", "Findings", "History", "Charts"]
    rows = list(wb["History"].iter_rows(values_only=True))
    assert rows[0] == ("ID", "Metric", "Period", "Date", "Value", "Baseline", "Target", "Comment", "Recorded by",
                       "Source", "Earlier values")
    assert [(r[0], r[2], r[4]) for r in rows[1:]] == [
        ("repeat-rate", "2026-06", 35.5), ("repeat-rate", "2026-07", 37), ("repeat-rate", "2026-08", 36),
        ("repeat-rate", "2026-09", 40), ("ttv", "2026-W40", 3), ("ttv", "2026-11-20", 1)]
    corrected = rows[4]
    assert corrected[3] == dt.datetime(2026, 9, 30) and corrected[5:7] == (35, 45.5)
    assert (corrected[7], corrected[8], corrected[10]) == ("corrected", "<b>Boris</b>", "39.5")
    assert rows[5][5] is None and rows[5][6] == 2   # ttv: no baseline, target 2


def test_xlsx_native_line_charts_point_at_the_history(history_project, tmp_path: Path, today) -> None:
    [path] = export_project(history_project, "xlsx", tmp_path / "h.xlsx", today=today)
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 2
        first = z.read(charts[0]).decode("utf-8")
        second = z.read(charts[1]).decode("utf-8")
    assert "<c:lineChart>" in first
    assert "History!$E$2:$E$5" in first and "History!$F$2:$F$5" in first and "History!$G$2:$G$5" in first
    assert "History!$C$2:$C$5" in first            # periods on the category axis
    assert "History!$E$6:$E$7" in second and "$F$6" not in second   # ttv has no baseline line
    assert "Repeat purchase rate" in first


def test_xlsx_without_check_ins_has_no_history(make_project, tmp_path: Path, today) -> None:
    [path] = export_project(make_project("en"), "xlsx", tmp_path / "n.xlsx", today=today)
    assert "History" not in openpyxl.load_workbook(path).sheetnames


def test_xlsx_history_in_russian(make_project, add_history, tmp_path: Path, today) -> None:
    [path] = export_project(add_history(make_project("ru")), "xlsx", tmp_path / "r.xlsx", today=today)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-2:] == ["История", "Графики"]
    assert next(wb["История"].iter_rows(values_only=True))[:3] == ("ID", "Метрика", "Период")


def test_markdown_mermaid_tree_and_history(history_project, today) -> None:
    text = render_markdown(history_project, today=today)
    block = text.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert block[0] == "graph LR"
    assert '  g1(["Retention"])' in block and '  m1_1["Repeat purchase rate"]' in block
    assert '  m1_2("+margin change")' in block
    assert "  g1 --> m1_1" in block and "  m1_1 -.-> m1_2" in block
    assert "  g2 -.-> m2_1" in block     # a goal with only a leading metric hangs it from the goal
    assert '  g3(["Without a goal"])' in block
    history = text.split("### Check-ins\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert history[0] == "| Metric | Period | Value | Comment | Recorded by |"
    assert "| Repeat purchase rate | 2026-09 | 40% | corrected | &lt;b>Boris&lt;/b> |" in history
    assert len(history) == 2 + 6


def test_mermaid_labels_cannot_break_the_graph(make_project, today) -> None:
    project = make_project("en")
    project.metric("ttv").name = 'Say "hi" ```\nnow <b>'
    block = render_markdown(project, today=today).split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert '("Say #quot;hi#quot; #96;#96;#96; now #lt;b#gt;")' in block


def test_mermaid_stays_linear_for_big_goals(today) -> None:
    from metricsmith.models import Metric, Project

    metrics = [Metric(id=f"m{i}", name=f"M{i}", goal="G", kind="lagging" if i < 5 else "leading") for i in range(20)]
    block = render_markdown(Project(metrics=metrics), today=today).split("```mermaid\n", 1)[1].split("```", 1)[0]
    edges = [line for line in block.splitlines() if "-->" in line or "-.->" in line]
    assert len(edges) == 20 and sum(line.startswith("  g1 -.->") for line in edges) == 15
