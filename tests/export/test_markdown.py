"""Markdown report: sections, tables that parse back to the cell text, escaping, numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from metricsmith.exporters import export_project, render_markdown
from metricsmith.exporters.markdown import escape, format_number
from metricsmith.models import Project


def parse_tables(text: str) -> list[list[list[str]]]:
    """Every table in ``text`` as rows of unescaped cells (header first, delimiter row dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.split("\n"):
        if line.startswith("| ") and line.endswith(" |"):
            cells = [unescape(c) for c in line[2:-2].split(" | ")]
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        elif line.startswith("|---"):
            assert current is not None and len(current) == 1
        else:
            current = None
    return tables


def unescape(cell: str) -> str:
    cell = cell.strip().replace("<br>", "\n").replace("&lt;", "<")
    return re.sub(r"\\(.)", r"\1", cell)


def original(text: str) -> str:
    """What a cell should read back as: line ends normalised, each line stripped."""
    return "\n".join(part.strip() for part in re.split(r"\r\n|\r|\n", text.strip()))


def test_report_sections_in_order(project, today) -> None:
    text = render_markdown(project, today=today)
    headings = [line for line in text.split("\n") if line.startswith("#")]
    if project.language == "en":
        assert headings == [
            "# Bean \\| Leaf &lt;b>Co&lt;/b> — Value metrics",
            "## Business profile",
            "### Goals",
            "## Metric tree",
            "## Value-delivery tracking",
            "## Value Management",
            "## Findings",
            "## Notices",
            "## LLM calls",
        ]
        assert "Date: 2026-11-24" in text
        assert "**First value (the “aha” moment):** first order arrives on time (clock starts at: signup; value event: first delivery)" in text
        assert "**Monetisation:** transactions, average check 12,500.5\u00a0USD" in text
        assert "**People:** Anna (CEO), \\=Boris (COO)" in text
        assert "   - Expected result: \\+10 pp" in text
        assert "**Total:** Calls: 1 · Input tokens: 1200 · Output tokens: 300 · Latency, s: 1.50" in text
    else:
        assert headings[0] == "# Кофе \\| Чай — Метрики ценности"
        assert "## Отслеживание доставки ценности" in headings and "## Замечания" in headings
        assert "средний чек 12\u00a0500,5\u00a0₽" in text


def test_tables_parse_back_to_the_cell_text(project, today) -> None:
    tables = parse_tables(render_markdown(project, today=today))
    tracking, value, findings, llm = tables
    for table in tables:
        assert len({len(row) for row in table}) == 1  # no pipe or newline broke a row
    by_name = {row[1]: row for row in tracking[1:]}
    for metric in project.metrics:
        row = by_name[metric.name]
        assert row[0] == original(metric.goal)
        assert row[7] == original(metric.owner)
        assert row[8] == original(metric.comment)
    assert [row[0] for row in tracking[1:]][-1] == ""  # metrics without a goal come last
    for row, metric in zip(value[1:], project.metrics):
        assert row[0] == original(metric.name)
        assert row[1] == original(metric.formula)
        assert row[2] == original(metric.why)
        assert row[5] == original(metric.plan)
    assert findings[1][-1] == "use | conversion" and findings[2][-2] == "only one kind\nhere"
    assert len(llm) == 2


def test_tracking_rows_grouped_by_goal_with_status_and_units(make_project, today) -> None:
    tracking = parse_tables(render_markdown(make_project("en"), today=today))[0]
    assert tracking[0] == ["Goal", "Metric / KPI", "Type", "Baseline (before)", "Target (after)", "Actual", "Status", "Owner", "Comment"]
    assert [r[0] for r in tracking[1:]] == ["Retention", "Retention", "# Growth", ""]
    assert tracking[1][2:7] == ["lagging", "35%", "45.5%", "40%", "at risk"]
    assert tracking[2][3:7] == ["-1,500.25\u00a0RUB", "-200\u00a0RUB", "—", "not started"]
    assert tracking[3][4:7] == ["2\u00a0days", "1\u00a0days", "achieved"]
    assert tracking[4][4:5] == ["1,234,567.89"]  # shown rounded to two decimals; files keep the exact value
    ru = parse_tables(render_markdown(make_project("ru"), today=today))[0]
    assert ru[1][2:7] == ["запаздывающая", "35\u00a0%", "45,5\u00a0%", "40\u00a0%", "под угрозой"]
    assert ru[2][3] == "-1500,25\u00a0RUB"
    assert ru[3][4] == "2\u00a0дн."


def test_value_table_mentions_the_data_source(make_project, today) -> None:
    value = parse_tables(render_markdown(make_project("en"), today=today))[1]
    assert value[1][3] == "CRM\nData source: CRM export"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("one\ntwo\r\nthree\rfour", "one<br>two<br>three<br>four"),
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("a < b", "a < b"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("> quote", "\\> quote"),
        ("back\\|slash", "back\\\\\\|slash"),
        ("  padded  ", "padded"),
        (None, ""),
    ],
)
def test_escape(text: str | None, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize(
    ("value", "unit", "language", "shown"),
    [
        (12.0, "%", "en", "12%"),
        (12.0, "%", "ru", "12\u00a0%"),
        (3.5, "days", "ru", "3,5\u00a0дн."),
        (3.0, "score", "en", "3"),
        (1500.0, "RUB", "ru", "1500\u00a0RUB"),
        (15000.0, "RUB", "ru", "15\u00a0000\u00a0RUB"),
        (1500.0, "USD", "en", "1,500\u00a0USD"),
        (-2.25, "count", "en", "-2.25"),
        (None, "%", "en", "—"),
    ],
)
def test_format_number(value: float | None, unit: str, language: str, shown: str) -> None:
    assert format_number(value, unit, language) == shown


def test_table_selection_and_empty_project(make_project, tmp_path: Path, today) -> None:
    path = export_project(make_project("en"), "md", tmp_path / "t.md", table="tracking", today=today)[0]
    text = path.read_text(encoding="utf-8")
    assert "## Value-delivery tracking" in text and "## Value Management" not in text
    empty = render_markdown(Project(), today=today)
    assert empty.startswith("# Value metrics\n") and "No profile answers yet." in empty and "No metrics yet." in empty
    assert "## Findings" not in empty


def rendered_tables(text: str) -> list[list[list[str]]]:
    """Tables as a real CommonMark + GFM-tables parser (markdown-it-py) sees them."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            tables[-1].append(row)
        elif token.type == "inline" and row is not None:
            parts = []
            for child in token.children or []:
                if child.type == "html_inline":
                    assert child.content == "<br>", child.content  # no user text became HTML
                    parts.append("\n")
                else:
                    parts.append(child.content)
            row.append("".join(parts))
        elif token.type == "table_close":
            row = None
    return tables


def test_a_real_markdown_parser_reads_the_original_cells(project, today) -> None:
    text = render_markdown(project, today=today)
    tables = rendered_tables(text)
    assert len(tables) == 4  # tracking, value, findings, LLM calls
    tracking, value = tables[0], tables[1]
    assert len(tracking) == len(value) == len(project.metrics) + 1
    for table in tables:
        assert len({len(r) for r in table}) == 1
    by_name = {r[1]: r for r in tracking[1:]}
    for metric in project.metrics:
        row = by_name[metric.name]
        assert [row[0], row[7], row[8]] == [original(metric.goal), original(metric.owner), original(metric.comment)]
    for row, metric in zip(value[1:], project.metrics):
        assert row[:3] == [original(metric.name), original(metric.formula), original(metric.why)]
        assert row[5] == original(metric.plan)
