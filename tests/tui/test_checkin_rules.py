"""A value typed in the workbench obeys the same rules as `metricsmith track`."""

from __future__ import annotations

import datetime as dt

import pytest

from metricsmith.errors import MetricsmithError
from metricsmith.models.metric import Metric
from metricsmith.tui.checkin import check_in

TODAY = dt.date(2026, 11, 29)


def share() -> Metric:
    return Metric(id="repeat", name="Repeat purchase rate", unit="%", baseline=20, target=30)


def test_a_period_correction_keeps_the_value_it_replaced() -> None:
    metric = share()
    check_in(metric, 21.0, TODAY, period="2026-10", today=TODAY)
    check_in(metric, 23.5, TODAY, period="2026-10", note="late orders counted", today=TODAY)
    assert [o.value for o in metric.history] == [23.5] and metric.actual == 23.5
    assert [s.value for s in metric.history[0].superseded] == [21.0]
    assert metric.history[0].period == "2026-10" and metric.history[0].date == dt.date(2026, 10, 31)


@pytest.mark.parametrize(("value", "period"), [(140.0, "2026-10"), (25.0, "2027-01"), (25.0, "October")])
def test_impossible_values_and_periods_are_refused_and_nothing_is_recorded(value: float, period: str) -> None:
    metric = share()
    with pytest.raises(MetricsmithError):
        check_in(metric, value, TODAY, period=period, today=TODAY)
    assert metric.history == [] and metric.actual is None


def test_without_a_period_the_date_is_the_check_ins_day() -> None:
    metric = share()
    check_in(metric, 22.0, dt.date(2026, 11, 20), today=TODAY)
    assert metric.history[0].period == "2026-11-20"


def test_status_cells_are_coloured_by_band() -> None:
    from metricsmith.tracking.texts import STATUS_COLOURS
    from metricsmith.tui.workbench import _status_cell

    off = Metric(id="m", name="NPS", unit="points", baseline=30, target=50, actual=20,
                 target_date=dt.date(2026, 12, 31), start_date=dt.date(2026, 1, 1))
    done = off.model_copy(update={"actual": 55.0})
    assert STATUS_COLOURS["off_track"] in str(_status_cell(off, TODAY, "off track").style)
    assert STATUS_COLOURS["achieved"] in str(_status_cell(done, TODAY, "achieved").style)
