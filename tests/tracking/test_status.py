"""Where each metric stands: last value, change, progress, the tracking table's status, pace."""

from __future__ import annotations

import datetime as dt

from metricsmith.models.tables import derive_status
from metricsmith.tracking import check_in, status_rows


def _filled(make_project, today):
    project = make_project()
    check_in(project, "nrr", 99, period="2026-09", today=today)
    check_in(project, "nrr", 103, period="2026-10", today=today)
    check_in(project, "ttv", 9, period="2026-10", today=today)
    check_in(project, "ttv", 5, period="2026-11", today=today)
    return project


def test_rows_follow_goals_and_carry_the_numbers(make_project, today) -> None:
    project = _filled(make_project, today)
    rows = {r.metric_id: r for r in status_rows(project, today)}
    assert [r.metric_id for r in status_rows(project, today)] == ["nrr", "nps", "seat-share", "ttv", "growth"]
    nrr = rows["nrr"]
    assert (nrr.last_value, nrr.last_period, nrr.previous_value, nrr.change, nrr.progress_pct, nrr.checkins) == (
        103, "2026-10", 99, 4, 50.0, 2)
    # Progress is behind the time elapsed (the tracking table's status says so) ...
    assert nrr.status == derive_status(project.metric("nrr"), today) == "at_risk"
    # ... but the last two months' pace, carried on, reaches 108 % by the end of December.
    assert nrr.on_pace is True
    assert (rows["ttv"].status, rows["ttv"].on_pace, rows["ttv"].change) == ("achieved", True, -4)
    assert (rows["nps"].status, rows["nps"].last_value, rows["nps"].on_pace) == ("not_started", None, None)
    assert rows["growth"].on_pace is None  # no target date: no pace to judge


def test_slow_pace_and_a_passed_target_date_are_not_on_pace(make_project, today) -> None:
    project = make_project()
    check_in(project, "nrr", 99, period="2026-09", today=today)
    check_in(project, "nrr", 99.5, period="2026-10", today=today)
    assert status_rows(project, today)[0].on_pace is False
    late = status_rows(project, dt.date(2027, 1, 15))[0]
    assert (late.status, late.on_pace) == ("off_track", False)


def test_one_check_in_compares_progress_with_time_elapsed(make_project, today) -> None:
    project = make_project()
    check_in(project, "nrr", 107.5, period="2026-10", today=today)   # 95 % of the way, 91 % of the time
    assert status_rows(project, today)[0].on_pace is True
    check_in(project, "nrr", 100, period="2026-10", today=today)     # 20 % of the way
    assert status_rows(project, today)[0].on_pace is False


def test_json_form_is_plain_data(make_project, today) -> None:
    import json

    row = status_rows(_filled(make_project, today), today)[0].as_json()
    assert json.loads(json.dumps(row))["target_date"] == "2026-12-31"


def test_change_has_no_float_noise(make_project, today) -> None:
    project = make_project()
    check_in(project, "nrr", 99.1, period="2026-09", today=today)
    check_in(project, "nrr", 102.5, period="2026-10", today=today)
    assert status_rows(project, today)[0].change == 3.4
