"""JSON export: a documented, valid document that reads back to the project's data."""

from __future__ import annotations

import json
from pathlib import Path

from metricsmith.exporters import export_project
from metricsmith.exporters.json_export import EXPORT_SCHEMA_VERSION


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_document_shape_and_values(project, tmp_path: Path, today) -> None:
    doc = load(export_project(project, "json", tmp_path / "x.json", today=today, bom=True)[0])
    assert doc["format"] == "metricsmith-export" and doc["schema_version"] == EXPORT_SCHEMA_VERSION
    assert doc["generated"] == today.isoformat() and doc["language"] == project.language
    assert doc["profile"]["business"]["name"] == project.profile.business.name
    assert [r["metric_id"] for r in doc["tracking"]] == ["repeat-rate", "margin-change", "ttv", "orphan"]
    assert [r["metric_id"] for r in doc["value"]] == [m.id for m in project.metrics]
    repeat = doc["tracking"][0]
    assert repeat["baseline"] == 35 and isinstance(repeat["baseline"], int)
    assert repeat["target"] == 45.5 and repeat["status"] == "at_risk"
    assert repeat["target_date"] == "2026-12-31"
    assert repeat["comment"] == project.metrics[0].comment  # verbatim: JSON is for programs
    margin = doc["tracking"][1]
    assert margin["baseline"] == -1500.25 and margin["actual"] is None and margin["status"] == "not_started"
    assert doc["tracking"][2]["comment"] == "back\\slash | and\r\nCRLF"
    assert doc["value"][2]["why"] == "日本語 and emoji ☕"
    assert set(doc["columns"]) == {"tracking", "value"}
    assert [f["rule"] for f in doc["findings"]] == ["vanity", "goal-needs-leading-and-lagging"]
    assert doc["notices"][0]["message"] == "offline fallback | used"
    assert doc["llm_calls"][0]["input_tokens"] == 1200


def test_labels_follow_the_language(make_project, tmp_path: Path, today) -> None:
    doc = load(export_project(make_project("ru"), "json", tmp_path / "x.json", today=today)[0])
    assert doc["tracking"][0]["status_label"] == "под угрозой"
    assert doc["tracking"][0]["kind_label"] == "запаздывающая"
    assert doc["columns"]["tracking"]["goal"] == "Цель"


def test_table_selection_omits_the_other_table(make_project, tmp_path: Path, today) -> None:
    doc = load(export_project(make_project(), "json", tmp_path / "v.json", table="value", today=today)[0])
    assert "tracking" not in doc and len(doc["value"]) == 4 and list(doc["columns"]) == ["value"]


def test_no_bom_even_when_asked(make_project, tmp_path: Path, today) -> None:
    path = export_project(make_project(), "json", tmp_path / "b.json", bom=True, today=today)[0]
    assert path.read_bytes()[:1] == b"{"
