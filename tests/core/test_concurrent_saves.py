"""Every project save is a compare-and-swap: changes saved meanwhile are merged or refused, never lost.

Issue 14, defect 4: two ``compute`` runs on one project both said "Saved" and one run's
history was gone every time (the same for two UI windows). Here the two runs are made to
overlap deterministically: both read the file before either saves.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from metricsmith.errors import SaveError
from metricsmith.io.project_file import load_project, save_project
from metricsmith.models.metric import Metric
from metricsmith.models.project import Project


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "shop.json"
    project = Project(profile={"language": "en"}, metrics=[
        Metric(id="aov", name="Average order value", catalog_id="average_order_value"),
        Metric(id="nps", name="NPS", baseline=10, target=40),
    ])
    project.metrics[1].record_actual(20, dt.date(2026, 9, 30), period="2026-09")
    save_project(project, path)
    return path


def test_two_overlapping_runs_keep_both_check_ins(project_path: Path):
    first, second = load_project(project_path), load_project(project_path)
    first.metric("nps").record_actual(25, dt.date(2026, 10, 31), period="2026-10")
    second.metric("aov").record_actual(180, dt.date(2026, 10, 31), period="2026-10")
    second.metric("nps").record_actual(30, dt.date(2026, 11, 30), period="2026-11")
    save_project(first, project_path)
    save_project(second, project_path)  # used to overwrite the first run's check-in
    saved = load_project(project_path)
    assert [(o.period, o.value) for o in saved.metric("nps").history] == [
        ("2026-09", 20), ("2026-10", 25), ("2026-11", 30)]
    assert saved.metric("nps").actual == 30 and saved.metric("aov").actual == 180
    assert saved.model_dump() == second.model_dump()  # the saving side now holds the merged project


def test_an_edit_to_another_field_is_merged_too(project_path: Path):
    first, second = load_project(project_path), load_project(project_path)
    first.metric("aov").owner = "Ana"
    second.metric("nps").record_actual(25, dt.date(2026, 10, 31), period="2026-10")
    save_project(first, project_path)
    save_project(second, project_path)
    saved = load_project(project_path)
    assert saved.metric("aov").owner == "Ana" and saved.metric("nps").actual == 25


def test_the_same_value_changed_on_both_sides_is_refused_and_nothing_is_written(project_path: Path):
    first, second = load_project(project_path), load_project(project_path)
    first.metric("nps").target = 50
    second.metric("nps").target = 60
    save_project(first, project_path)
    before = project_path.read_bytes()
    with pytest.raises(SaveError, match="changed by another program") as caught:
        save_project(second, project_path)
    assert caught.value.field == "metrics[nps].target"
    assert project_path.read_bytes() == before


def test_two_check_ins_for_the_same_period_with_different_values_conflict(project_path: Path):
    first, second = load_project(project_path), load_project(project_path)
    first.metric("nps").record_actual(25, dt.date(2026, 10, 31), period="2026-10")
    second.metric("nps").record_actual(26, dt.date(2026, 10, 31), period="2026-10")
    save_project(first, project_path)
    with pytest.raises(SaveError, match="both changed the same value"):
        save_project(second, project_path)
    assert load_project(project_path).metric("nps").actual == 25


def test_a_compute_run_between_reading_and_saving_is_kept(project_path: Path, tmp_path: Path):
    """The UI (or a second run) holds the project while a real ``metricsmith compute`` process saves."""
    orders = tmp_path / "orders.csv"
    orders.write_text("order_id,customer,date,amount,status\n1,c1,2026-10-05,200,done\n2,c2,2026-10-07,100,done\n",
                      encoding="utf-8")
    window = load_project(project_path)
    result = subprocess.run([sys.executable, "-m", "metricsmith", "compute", str(project_path), "--data", str(orders),
                             "--period", "2026-10"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    window.metric("nps").record_actual(33, dt.date(2026, 10, 31), period="2026-10")
    save_project(window, project_path)
    saved = load_project(project_path)
    assert saved.metric("aov").actual == 150 and saved.metric("nps").actual == 33


def test_saving_under_a_new_name_does_not_compare_with_the_old_file(project_path: Path, tmp_path: Path):
    project = load_project(project_path)
    other = tmp_path / "copy.json"
    other.write_text("{}", encoding="utf-8")
    save_project(project, other)
    assert load_project(other).metric("nps").actual == 20
