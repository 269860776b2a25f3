"""Recording check-ins: metric lookup, values, periods, bounds, corrections; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from metricsmith.errors import CheckInError
from metricsmith.io.project_file import load_project, project_from_dict, project_to_json
from metricsmith.tracking import check_in, find_metric


def test_check_in_records_period_value_comment_and_author(make_project, today) -> None:
    project = make_project()
    obs = check_in(project, "nrr", "101,5", period="2026-10", comment=" upsell ", author="Anna", today=today)
    metric = project.metric("nrr")
    assert (obs.period, obs.date, obs.value, obs.note, obs.author, obs.source) == (
        "2026-10", dt.date(2026, 10, 31), 101.5, "upsell", "Anna", "manual")
    assert metric.history == [obs] and metric.actual == 101.5


def test_correction_replaces_and_keeps_the_old_value(make_project, today) -> None:
    project = make_project()
    check_in(project, "nrr", 101, period="2026-10", comment="first", author="Anna", today=today)
    check_in(project, "nrr", 99, period="2026-09", author="Anna", today=today)
    check_in(project, "nrr", 103, period="2026-10", author="Boris", today=today)
    check_in(project, "nrr", 104, period="2026-10", author="Boris", today=today)
    metric = project.metric("nrr")
    assert [(o.period, o.value) for o in metric.history] == [("2026-09", 99), ("2026-10", 104)]
    assert [(s.value, s.author, s.note, s.replaced_on) for s in metric.history[-1].superseded] == [
        (101, "Anna", "first", today), (103, "Boris", "", today)]
    assert metric.actual == 104
    # The history survives a save and a load, and old files without the new fields still load.
    again = project_from_dict(__import__("json").loads(project_to_json(project)))
    assert again.metric("nrr").history == metric.history


def test_files_written_before_check_ins_still_load(make_project) -> None:
    data = __import__("json").loads(project_to_json(make_project()))
    data["metrics"][0]["history"] = [{"date": "2026-10-31", "value": 100, "period": "2026-10", "source": "compute",
                                      "note": ""}]
    project = project_from_dict(data)
    assert project.metric("nrr").history[0].author == "" and project.metric("nrr").history[0].superseded == []


@pytest.mark.parametrize("ref", ["nrr", "NRR", "Net Revenue Retention", "чистое удержание выручки",
                                 "Чистое Удержание Выручки", "  net  revenue retention "])
def test_metric_by_id_or_name_in_either_language(make_project, ref: str) -> None:
    assert find_metric(make_project("en"), ref).id == "nrr"


def test_russian_project_finds_metric_by_english_catalog_name(make_project) -> None:
    assert find_metric(make_project("ru"), "Time to value").id == "ttv"
    assert find_metric(make_project("ru"), "доля активных мест").id == "seat-share"


def test_unknown_metric_lists_close_names(make_project) -> None:
    with pytest.raises(CheckInError) as info:
        find_metric(make_project(), "retension")
    line = info.value.one_line()
    assert "no metric 'retension'" in line and "nrr (Net revenue retention)" in line


def test_unknown_metric_without_close_names_lists_the_ids(make_project) -> None:
    with pytest.raises(CheckInError) as info:
        find_metric(make_project(), "zzz")
    assert "nrr, nps, seat-share, ttv, growth" in info.value.one_line()


@pytest.mark.parametrize(("ref", "value", "period", "field"), [
    ("nope", "1", "2026-10", "METRIC"),
    ("nrr", "abc", "2026-10", "VALUE"),
    ("nrr", "12abc", "2026-10", "VALUE"),
    ("nrr", "1 to 2", "2026-10", "VALUE"),
    ("nrr", "nan", "2026-10", "VALUE"),
    ("nrr", "1e400", "2026-10", "VALUE"),
    ("nrr", "100", "2026-12", "--period"),     # starts after today
    ("nrr", "100", "2027-Q1", "--period"),
    ("nrr", "100", "2026-13", "--period"),
    ("seat-share", "100.5", "2026-10", "VALUE"),  # a share above 100 %
    ("nps", "-101", "2026-10", "VALUE"),          # NPS below -100
    ("nps", "101", "2026-10", "VALUE"),
    ("ttv", "-1", "2026-10", "VALUE"),            # days cannot be negative
])
def test_bad_input_is_one_line_and_changes_nothing(make_project, today, ref, value, period, field) -> None:
    project = make_project()
    before = project_to_json(project)
    with pytest.raises(CheckInError) as info:
        check_in(project, ref, value, period=period, today=today)
    assert info.value.field == field and info.value.exit_code == 2
    assert "\n" not in info.value.one_line()
    assert project_to_json(project) == before


def test_values_a_metric_can_take(make_project, today) -> None:
    project = make_project()
    check_in(project, "nrr", 120, period="2026-10", today=today)      # NRR above 100 % is normal
    check_in(project, "growth", 180, period="2026-10", today=today)   # a rate whose target is above 100 %
    check_in(project, "nps", -100, period="2026-10", today=today)
    check_in(project, "seat-share", "55 %", period="2026-W40", today=today)
    assert [project.metric(i).actual for i in ("nrr", "growth", "nps", "seat-share")] == [120, 180, -100, 55]


def test_default_period_follows_the_metric_window(make_project, today) -> None:
    project = make_project()
    assert check_in(project, "seat-share", 50, today=today).period == "2026-W48"
    assert check_in(project, "nrr", 100, today=today).period == "2026-11"   # the current month is allowed
    assert check_in(project, "ttv", 9, on=dt.date(2026, 11, 20), today=today).period == "2026-11-20"


def test_period_and_date_together_are_refused(make_project, today) -> None:
    with pytest.raises(CheckInError, match="not both"):
        check_in(make_project(), "nrr", 100, period="2026-10", on=dt.date(2026, 10, 1), today=today)


def test_russian_messages(make_project, today) -> None:
    with pytest.raises(CheckInError, match="в проекте нет метрики «abc»"):
        check_in(make_project("ru"), "abc", 1, today=today)
    with pytest.raises(CheckInError, match="не число"):
        check_in(make_project("ru"), "nrr", "много", today=today)


def test_compute_actuals_are_check_ins_a_correction_keeps(make_project, today, tmp_path) -> None:
    project = make_project()
    project.metric("nrr").record_actual(100, dt.date(2026, 10, 31), period="2026-10", source="compute")
    check_in(project, "nrr", 100.7, period="2026-10", author="Anna", today=today)
    obs = project.metric("nrr").history
    assert len(obs) == 1 and obs[0].value == 100.7 and obs[0].superseded[0].source == "compute"
    path = tmp_path / "p.json"
    from metricsmith.io.project_file import save_project

    save_project(project, path)
    assert load_project(path).metric("nrr").history[0].superseded[0].value == 100
