"""impossible-value: GRR, NRR vs GRR, NPS range and bands, shares."""

from __future__ import annotations

import pytest

from metricsmith.models import Metric
from metricsmith.rules import audit
from metricsmith.rules.checks.values import band_errors

from .conftest import rules_for


def _iv(metrics):
    return [f for f in audit(metrics, fields={"baseline", "target", "actual"}) if f.rule == "impossible-value"]


@pytest.mark.parametrize("name", ["Gross revenue retention (GRR)", "GRR", "Валовое удержание выручки (GRR)"])
def test_grr_above_100_is_impossible(name):
    found = _iv([Metric(id="g", name=name, baseline=95.0, target=104.0)])
    assert len(found) == 1 and found[0].severity == "error" and "104" in found[0].message


def test_nrr_above_100_is_fine_but_below_grr_is_not():
    assert _iv([Metric(id="n", name="Net revenue retention", target=130.0)]) == []
    found = _iv([Metric(id="n", name="NRR", actual=88.0), Metric(id="g", name="GRR", actual=92.0)])
    assert [f.metric_id for f in found] == ["n"] and "GRR" in found[0].message


def test_nrr_below_grr_in_russian():
    found = [f for f in audit([Metric(id="n", name="Чистое удержание выручки NRR", actual=88.0),
                               Metric(id="g", name="Валовое удержание выручки GRR", actual=92.0)],
                              fields={"actual"}) if f.rule == "impossible-value"]
    assert len(found) == 1 and "ниже GRR" in found[0].message


@pytest.mark.parametrize("value,bad", [(-101.0, True), (120.0, True), (-100.0, False), (45.0, False)])
def test_nps_range(value, bad):
    assert bool(_iv([Metric(id="p", name="Net Promoter Score", actual=value)])) is bad


@pytest.mark.parametrize("name,value,bad", [
    ("Share of repeat customers", 130.0, True), ("Доля повторных покупок", -5.0, True),
    ("Conversion rate", 0.35, False), ("Lead conversion", 35.0, False),
    ("Revenue growth", 180.0, False), ("Gross margin", -12.0, False), ("Cost per order", 1500.0, False),
])
def test_shares_stay_within_0_100(name, value, bad):
    assert bool(_iv([Metric(id="s", name=name, target=value)])) is bad


def test_percent_unit_makes_a_share():
    found = [f for f in audit([Metric(id="s", name="Customers with an open case", unit="%", actual=140.0)],
                              fields={"unit", "actual"}) if f.rule == "impossible-value"]
    assert len(found) == 1


@pytest.mark.parametrize("formula,bad", [
    ("% promoters (9–10) − % detractors (0–6)", False),
    ("% promoters (8-10) minus % detractors (0-6)", True),
    ("share of promoters (scores 9 or 10) minus share of detractors (0 to 7)", True),
    ("доля промоутеров (9–10) минус доля критиков (0–6)", False),
    ("доля промоутеров (9–10) минус доля критиков (0–5); нейтральные 6–8", True),
])
def test_nps_bands(formula, bad):
    found = [f for f in audit([Metric(id="p", name="NPS", formula=formula)]) if f.rule == "impossible-value"]
    assert bool(found) is bad
    assert bool(band_errors(formula)) is bad


def test_values_of_unrecognised_metrics_are_not_judged():
    assert rules_for(audit([Metric(id="x", name="Revenue per employee", actual=1e9)]), "x").isdisjoint(
        {"impossible-value"})


@pytest.mark.parametrize("name,unit", [("Hourly rate", ""), ("Revenue run rate", ""), ("Win rate", "USD")])
def test_rates_that_are_not_shares_are_not_capped(name, unit):
    assert [f for f in audit([Metric(id="r", name=name, unit=unit, actual=150.0)], fields={"unit", "actual"})
            if f.rule == "impossible-value"] == []
