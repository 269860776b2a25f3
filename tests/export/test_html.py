"""HTML report read back with an HTML parser: self-contained, every section, charts, escaping, languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from metricsmith.exporters import export_project, formats
from metricsmith.exporters.html import render


class Collect(HTMLParser):
    """Tags with their attributes, and the visible text, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self._skip:
            self.text.append(data)

    def of(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def parse(text: str) -> Collect:
    page = Collect()
    page.feed(text)
    return page


def test_registered_and_written(history_project, tmp_path: Path, today) -> None:
    assert "html" in formats()
    [path] = export_project(history_project, "html", tmp_path / "report.html", today=today)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_self_contained_no_network_no_script(history_project, today) -> None:
    text = render(history_project, options=_options(today))
    page = parse(text)
    assert not page.of("script") and not page.of("link") and not page.of("img") and not page.of("iframe")
    refs = [v for _, attrs in page.tags for k, v in attrs.items() if k in ("src", "href") and v]
    assert refs == []
    assert "@import" not in text and "url(" not in text
    assert "@page { size: A4" in text and "@media print" in text and "break-before: page" in text


def _options(today):  # type: ignore[no-untyped-def]
    from metricsmith.exporters import ExportOptions

    return ExportOptions(today=today)


def test_sections_tree_tables_charts(history_project, today) -> None:
    page = parse(render(history_project, options=_options(today)))
    assert [a["id"] for a in page.of("section")] == ["profile", "tree", "tracking", "value", "trends", "findings"]
    text = " ".join(page.text)
    for expected in ("Business profile", "Metric tree", "Value-delivery tracking", "Value Management", "Trends",
                     "Findings", "Notices", "offline fallback | used", "Neighbourhood café"):
        assert expected in text
    boxes = [a["class"] for a in page.of("div") if (a.get("class") or "").startswith("box")]
    assert boxes.count("box goal") == 3 and boxes.count("box lagging") == 2 and boxes.count("box leading") == 2
    # One chart per metric with check-ins, each a line through every check-in, baseline and target lines.
    svgs = page.of("svg")
    assert len(svgs) == 2
    paths = [a for a in page.of("path")]
    lines = [a["d"] for a in paths if a.get("class") == "line"]
    assert sorted(len(re.findall(r"[ML]", d or "")) for d in lines) == [2, 4]
    assert [a.get("class") for a in paths].count("target") == 2
    assert [a.get("class") for a in paths].count("baseline") == 1   # ttv has no baseline
    assert [a.get("class") for a in paths].count("target-date") == 1
    assert "No check-ins yet." in text  # the metrics without check-ins say so instead of an empty chart


def test_user_text_is_escaped(history_project, today) -> None:
    text = render(history_project, options=_options(today))
    assert "<b>Co</b>" not in text and "&lt;b&gt;Co&lt;/b&gt;" in text
    assert "<b>Boris</b>" not in text and "&lt;b&gt;Boris&lt;/b&gt;" in text
    page = parse(text)
    assert "Bean | Leaf <b>Co</b> — Value metrics" in page.text


def test_history_under_each_chart_newest_first(history_project, today) -> None:
    page = parse(render(history_project, options=_options(today)))
    text = " ".join(t.strip() for t in page.text if t.strip())
    assert "2026-09 40% corrected <b>Boris</b> 2026-08 36%" in text


@pytest.mark.parametrize("table", ["tracking", "value"])
def test_one_table(history_project, today, table: str) -> None:
    from metricsmith.exporters import ExportOptions

    page = parse(render(history_project, table=table, options=ExportOptions(today=today)))
    ids = [a["id"] for a in page.of("section")]
    assert ("tracking" in ids) == (table == "tracking") and ("value" in ids) == (table == "value")


def test_russian_report(make_project, add_history, today) -> None:
    text = render(add_history(make_project("ru")), options=_options(today))
    page = parse(text)
    assert '<html lang="ru">' in text
    words = " ".join(page.text)
    for expected in ("Профиль бизнеса", "Дерево метрик", "Отслеживание доставки ценности", "Динамика", "Замечания",
                     "Запаздывающие (результат)", "исправлено"):
        assert expected in words
    assert "Value-delivery tracking" not in words and "Trends" not in words


def test_empty_project(today) -> None:
    from metricsmith.models import Project

    page = parse(render(Project(), options=_options(today)))
    assert "No metrics yet." in " ".join(page.text) and not page.of("svg")
