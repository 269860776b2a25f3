"""Invariants on random data: GRR ≤ 100 %, NRR ≥ GRR without new customers, NPS in −100…100, shares in 0…100 %."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsmith.compute import compute

from .conftest import make_project, result, write_csv

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

customers = st.lists(st.tuples(st.integers(1, 1000), st.integers(0, 1000)), min_size=1, max_size=8)


@SETTINGS
@given(customers, st.booleans())
def test_grr_at_most_100_and_nrr_at_least_grr(pairs, reactivate: bool) -> None:
    # Every customer pays in September (start > 0); October may be more, less or nothing: no new customers.
    rows = []
    for i, (start, end) in enumerate(pairs):
        rows.append([f"c{i}", "2026-09", start])
        rows.append([f"c{i}", "2026-10", end])
    conventions = {"nrr": {"reactivations": "include" if reactivate else "exclude"}}
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "mrr.csv", ["customer", "month", "mrr"], rows)
        report = compute(make_project("grr", "nrr", "revenue_churn", conventions=conventions), [path], period="2026-10")
    grr = result(report, "grr").value
    nrr = result(report, "nrr").value
    assert 0 <= grr <= 100 + 1e-9
    assert nrr >= grr - 1e-9
    assert abs(result(report, "revenue_churn").value - (100 - grr)) < 1e-6


@SETTINGS
@given(st.lists(st.integers(0, 10), min_size=1, max_size=30), st.lists(st.integers(1, 5), min_size=1, max_size=30))
def test_nps_and_csat_ranges(nps_scores, csat_scores) -> None:
    rows = [[f"n{i}", "2026-10-01", s, "NPS"] for i, s in enumerate(nps_scores)]
    rows += [[f"s{i}", "2026-10-02", s, "CSAT"] for i, s in enumerate(csat_scores)]
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "s.csv", ["customer", "date", "score", "type"], rows)
        report = compute(make_project("nps", "csat"), [path], period="2026-10")
    assert -100 <= result(report, "nps").value <= 100
    assert 0 <= result(report, "csat").value <= 100


order = st.tuples(st.integers(0, 5), st.integers(1, 60), st.integers(0, 500), st.booleans())


@SETTINGS
@given(st.lists(order, min_size=1, max_size=25))
def test_order_shares_between_0_and_100(orders) -> None:
    start = dt.date(2026, 9, 1)
    rows = [[i, f"c{cust}", (start + dt.timedelta(days=day)).isoformat(), amount, "yes" if returned else "no"]
            for i, (cust, day, amount, returned) in enumerate(orders)]
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "orders.csv", ["order id", "customer", "date", "amount", "returned"], rows)
        report = compute(make_project("repeat_purchase_rate", "return_rate_by_reason", "customer_churn"), [path],
                         period="2026-10")
    for metric_id in ("repeat_purchase_rate", "return_rate_by_reason", "customer_churn"):
        r = result(report, metric_id)
        if r.value is not None:
            assert 0 <= r.value <= 100
