"""Custom metrics: a definition skeleton to complete, refused while unfinished, computed once done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from metricsmith.cli import main
from metricsmith.compute import ComputeOptions, compute
from metricsmith.compute.definitions.user import load_definitions_file, project_definitions, skeleton
from metricsmith.errors import ConfigError
from metricsmith.models.metric import Metric
from metricsmith.models.project import Project

from .conftest import result


def _project() -> Project:
    return Project(profile={"language": "en"}, metrics=[
        Metric(id="big_orders", name="Share of big orders", unit="%", formula="orders over 150 / all orders"),
        Metric(id="days_to_resolve", name="Days to resolve a complaint", unit="days", formula="median days"),
        Metric(id="nps", name="NPS", catalog_id="nps"),
    ])


def _completed(text: str) -> str:
    """The skeleton with its TODOs filled as a user would."""
    data = yaml.safe_load(text)
    model = data["models"]["big_orders_rows"]
    model["sql"] = model["sql"].replace("CASE WHEN TODO THEN", "CASE WHEN amount > 150 THEN").replace(
        "-- TODO: one row per entity the metric counts, for the period.", "-- one row per order")
    model["description"] = "The period's orders."
    model["measures"]["counted"]["description"] = "Orders."
    model["measures"]["meeting"]["description"] = "Orders above 150."
    del data["models"]["days_to_resolve_rows"], data["metrics"]["days_to_resolve"]
    return yaml.safe_dump(data, sort_keys=False)


def test_the_skeleton_covers_only_metrics_without_a_definition() -> None:
    data = yaml.safe_load(skeleton(_project()))
    assert list(data["metrics"]) == ["big_orders", "days_to_resolve"]
    big = data["metrics"]["big_orders"]["variants"][0]
    assert big["value"] == {"type": "ratio", "numerator": "meeting", "denominator": "counted", "scale": 100}
    assert data["models"]["big_orders_rows"]["tables"] == ["orders"]  # "orders" in its words
    slow = data["metrics"]["days_to_resolve"]["variants"][0]
    assert slow["value"] == {"type": "simple", "measure": "median_duration"}
    assert data["models"]["days_to_resolve_rows"]["tables"] == ["tickets"]  # a complaint is a ticket


def test_an_unfinished_skeleton_is_refused_naming_the_todo(tmp_path: Path) -> None:
    path = tmp_path / "defs.yaml"
    path.write_text(skeleton(_project()), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_definitions_file(path)
    assert "model big_orders_rows" in caught.value.message and "TODO" in caught.value.message
    assert str(path) in str(caught.value)


def test_a_completed_definition_is_computed(orders_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "defs.yaml"
    path.write_text(_completed(skeleton(_project())), encoding="utf-8")
    defined = load_definitions_file(path)
    project = _project()
    assert set(project_definitions(project, defined)) == {"big_orders", "nps"}
    report = compute(project, [orders_csv], period="2026-10", options=ComputeOptions(definitions=defined))
    # October's six orders: 200, 300, 100, 150, 250, 200 → four above 150.
    big = result(report, "big_orders")
    assert big.value == pytest.approx(100 * 4 / 6) and big.rows == 6 and big.unit == "%"
    assert result(report, "days_to_resolve").reason == "no_recipe"


def test_compute_cli_takes_the_definitions_file(orders_csv: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    project_path = tmp_path / "project.json"
    project_path.write_text(_project().model_dump_json(), encoding="utf-8")
    defs = tmp_path / "defs.yaml"
    assert main(["export", str(project_path), "--format", "definitions", "-o", str(defs)]) == 0
    assert main(["compute", str(project_path), "--data", str(orders_csv), "--period", "2026-10",
                 "--definitions", str(defs)]) == 2
    assert "still has a TODO" in capsys.readouterr().err
    assert json.loads(project_path.read_text())["metrics"][0]["actual"] is None
    defs.write_text(_completed(defs.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["compute", str(project_path), "--data", str(orders_csv), "--period", "2026-10",
                 "--definitions", str(defs)]) == 0
    saved = json.loads(project_path.read_text())
    assert saved["metrics"][0]["actual"] == pytest.approx(66.6667, abs=1e-3)


@pytest.mark.parametrize(("text", "message"), [
    ("models: {}\n", "expected 'metrics:'"),
    ("metrics:\n  m:\n    variants:\n    - {model: nowhere, n: x, value: {type: simple, measure: x}}\n",
     "unknown model 'nowhere'"),
    ("models:\n  period_orders: {entity: order, tables: [orders], sql: 'SELECT 1', measures: {x: {agg: sum, expr: '1'}}}\n"
     "metrics:\n  m:\n    variants:\n    - {model: period_orders, n: x, value: {type: simple, measure: x}}\n",
     "the name is taken by a packaged model"),
    ("models:\n  mine: {entity: order, tables: [orders], measures: {x: {agg: sum, expr: '1'}}}\n"
     "metrics:\n  m:\n    variants:\n    - {model: mine, n: x, value: {type: simple, measure: x}}\n",
     "'sql' is missing"),
    ("models:\n  mine: {entity: order, tables: [orders], sql: 'SELECT 1', reads: [elsewhere],"
     " measures: {x: {agg: sum, expr: '1'}}}\nmetrics:\n  m:\n    variants:\n"
     "    - {model: mine, n: x, value: {type: simple, measure: x}}\n",
     "'reads' may name order_customers, not elsewhere"),
    ("models:\n  mine: {entity: order, tables: [orders], sql: 'SELECT 1', measures: {x: {agg: percentile, expr: a}}}\n"
     "metrics:\n  m:\n    variants:\n    - {model: mine, n: x, value: {type: simple, measure: x}}\n",
     "needs 'percentile'"),
    ("metrics: [1, 2]\n", "expected 'metrics:'"),
    ("metrics: {m: {variants: [{model: period_orders, n: orders, value: {type: ratio, numerator: revenue}}]}}\n",
     "'denominator' is missing"),
])
def test_a_bad_definitions_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "defs.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_definitions_file(path)
    assert message in caught.value.message


def test_a_missing_definitions_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="definitions file"):
        load_definitions_file(tmp_path / "absent.yaml")


def test_a_failing_user_model_names_the_definitions_file_not_the_data(orders_csv: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "defs.yaml"
    path.write_text(_completed(skeleton(_project())).replace("amount > 150", "hours_between(amount, 150) > 1"),
                    encoding="utf-8")
    project_path = tmp_path / "project.json"
    project_path.write_text(_project().model_dump_json(), encoding="utf-8")
    assert main(["compute", str(project_path), "--data", str(orders_csv), "--period", "2026-10",
                 "--definitions", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "metric big_orders: the SQL of model big_orders_rows failed" in err
    assert "hours_between" in err and "--data" not in err


def test_the_skeleton_quotes_any_text_and_keeps_model_names_apart() -> None:
    tricky = 'Share of "big" orders: # not a comment\n\'quoted\''
    project = Project(profile={"language": "en"}, metrics=[
        Metric(id="a-b", name=tricky, unit="%", formula="x: y"), Metric(id="a_b", name="Other", unit="hours")])
    data = yaml.safe_load(skeleton(project))
    assert list(data["models"]) == ["a_b_rows", "a_b_2_rows"]
    assert data["metrics"]["a-b"]["variants"][0]["model"] == "a_b_rows"
    assert data["metrics"]["a_b"]["variants"][0]["model"] == "a_b_2_rows"
    assert repr(tricky) in data["models"]["a_b_rows"]["description"]
