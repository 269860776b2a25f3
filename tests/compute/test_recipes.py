"""Every recipe against a small dataset whose expected values are worked out by hand here."""

from __future__ import annotations

from pathlib import Path

import pytest

from metricsmith.compute import ComputeOptions, compute

from .conftest import make_project, result, write_csv

ORDER_METRICS = ("average_order_value", "purchase_frequency", "repeat_purchase_rate", "return_rate_by_reason",
                 "customer_churn", "ltv", "time_to_first_reorder", "retention_90d")


def test_order_metrics_october(orders_csv: Path) -> None:
    report = compute(make_project(*ORDER_METRICS), [orders_csv], period="2026-10")
    # October orders (cancelled #5 excluded): #2 200, #3 300, #6 100, #7 150, #8 250, #9 200.
    aov = result(report, "average_order_value")
    assert aov.value == pytest.approx(1200 / 6) and aov.rows == 6
    # 6 orders by 4 buyers (c1, c2, c5, c6).
    assert result(report, "purchase_frequency").value == pytest.approx(6 / 4)
    # c1, c2, c5 have two orders by the end of October, c6 one.
    assert result(report, "repeat_purchase_rate").value == pytest.approx(75.0)
    # Returned: #3, #6, #8 of 6 → 50 %; damaged 2/6, wrong size 1/6.
    returns = result(report, "return_rate_by_reason")
    assert returns.value == pytest.approx(50.0)
    assert returns.parts["reason:damaged"] == pytest.approx(100 * 2 / 6)
    assert returns.parts["reason:wrong size"] == pytest.approx(100 * 1 / 6)
    # September buyers c1, c3; only c1 bought in October → churn 50 %.
    assert result(report, "customer_churn").value == pytest.approx(50.0)
    # LTV = AOV 200 × frequency 1.5 / churn 0.5 = 600 (no gross margin given).
    ltv = result(report, "ltv")
    assert ltv.value == pytest.approx(600.0)
    assert "no_margin" in ltv.notes
    # Second orders in October: c1 25 days, c2 18 days, c5 8 days → median 18, p90 18 + 0.8 × 7.
    reorder = result(report, "time_to_first_reorder")
    assert reorder.value == pytest.approx(18.0)
    assert reorder.parts["p90"] == pytest.approx(23.6)
    # October's first-time customers: c2 (10-07 + 90 days = 01-05) and c5 (= 01-10) are over their
    # 90 days by the last order date 2027-01-10 and both reordered; c6 (→ 01-13) is not yet counted.
    retention = result(report, "retention_90d")
    assert retention.value == pytest.approx(100.0) and retention.rows == 2
    assert retention.parts["immature"] == 1


def test_retention_september_and_immature_cohort(orders_csv: Path, tmp_path: Path) -> None:
    report = compute(make_project("retention_90d"), [orders_csv], period="2026-09")
    # September cohort: c1 (reordered 10-05, within 90 days), c3 (never) → 50 %.
    assert result(report, "retention_90d").value == pytest.approx(50.0)
    report = compute(make_project("retention_90d"), [orders_csv], period="2027-01")
    # c7 started 2027-01-10, the last date in the data: the cohort is not 90 days old.
    r = result(report, "retention_90d")
    assert r.status == "undefined" and r.reason == "immature" and r.parts["immature"] == 1


def test_ltv_uses_gross_margin_from_options_or_profile(orders_csv: Path) -> None:
    report = compute(make_project("ltv"), [orders_csv], period="2026-10", options=ComputeOptions(gross_margin=0.5))
    assert result(report, "ltv").value == pytest.approx(300.0)
    project = make_project("ltv", profile={"known_numbers": {"gross margin": "40 %"}})
    report = compute(project, [orders_csv], period="2026-10")
    assert result(report, "ltv").value == pytest.approx(240.0)


def test_mrr_metrics_monthly(mrr_csv: Path) -> None:
    project = make_project("grr", "nrr", "revenue_churn", "customer_churn", "ltv")
    report = compute(project, [mrr_csv], period="2026-10")
    # Start (September): a 100, b 200, c 50 = 350; October: a 150, b 100, c 0.
    assert result(report, "grr").value == pytest.approx(100 * 200 / 350)  # a capped at 100
    assert result(report, "nrr").value == pytest.approx(100 * 250 / 350)  # reactivated d not counted
    assert result(report, "revenue_churn").value == pytest.approx(100 * 150 / 350)  # b −100, c −50
    assert result(report, "customer_churn").value == pytest.approx(100 / 3)  # c left
    # ARPA in October: (150 + 100 + 90 + 60) / 4 = 100; monthly churn 1/3 → LTV 300.
    ltv = result(report, "ltv")
    assert ltv.value == pytest.approx(300.0) and ltv.parts["arpa"] == pytest.approx(100.0)


def test_nrr_reactivations_and_cohort_conventions(mrr_csv: Path) -> None:
    project = make_project("nrr", "grr", conventions={"nrr": {"reactivations": "include"}})
    report = compute(project, [mrr_csv], period="2026-10")
    # d paid in August, nothing in September, 90 in October: included → (250 + 90) / 350.
    nrr = result(report, "nrr")
    assert nrr.value == pytest.approx(100 * 340 / 350) and nrr.parts["reactivated"] == pytest.approx(90)

    project = make_project("nrr", "grr", conventions={"nrr": {"nrr_period": "cohort_12m"},
                                                     "grr": {"nrr_period": "cohort_12m"}})
    report = compute(project, [mrr_csv], period="2026-10")
    # Cohort of October 2025: a 100, b 200, c 50, g 100 = 450; October 2026: a 150, b 100.
    assert result(report, "grr").value == pytest.approx(100 * 200 / 450)
    assert result(report, "nrr").value == pytest.approx(100 * 250 / 450)


def test_ltv_not_defined_when_churn_is_zero(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mrr.csv", ["customer", "month", "mrr"],
                     [["a", "2026-09", 100], ["a", "2026-10", 100], ["b", "2026-09", 50], ["b", "2026-10", 70]])
    report = compute(make_project("ltv"), [path], period="2026-10")
    r = result(report, "ltv")
    assert r.status == "undefined" and r.reason == "churn_zero" and r.value is None


def test_ltv_without_an_earlier_period_says_churn_is_unknown_not_no_rows(tmp_path: Path) -> None:
    # Orders exist in the period but none before it: churn has no base, and the report must
    # not claim the period has no rows.
    from metricsmith.compute.report import reason_text

    orders = write_csv(tmp_path / "orders.csv", ["customer_id", "order_id", "order_date", "amount"],
                       [["a", "o1", "2026-10-01", 10], ["a", "o2", "2026-10-15", 30], ["b", "o3", "2026-10-20", 20]])
    r = result(compute(make_project("ltv"), [orders], period="2026-10"), "ltv")
    assert r.status == "undefined" and r.value is None and r.reason == "churn_unknown"
    assert r.parts["aov"] == pytest.approx(20.0)
    assert "period before" in reason_text(r, "en") and "предыдущий период" in reason_text(r, "ru")
    mrr = write_csv(tmp_path / "mrr.csv", ["customer", "month", "mrr"], [["a", "2026-10", 100]])
    r = result(compute(make_project("ltv"), [mrr], period="2026-10"), "ltv")
    assert r.reason == "churn_unknown"


SURVEYS = [
    ["a", "2026-10-01", 10, "NPS"], ["b", "2026-10-02", 9, "NPS"], ["c", "2026-10-03", 8, "NPS"],
    ["d", "2026-10-04", 7, "NPS"], ["e", "2026-10-05", 6, "NPS"], ["f", "2026-10-06", 0, "NPS"],
    ["g", "2026-10-07", 10, "NPS"], ["h", "2026-09-30", 0, "NPS"],
    ["a", "2026-10-08", 5, "CSAT"], ["b", "2026-10-09", 4, "CSAT"], ["c", "2026-10-10", 3, "CSAT"],
    ["d", "2026-10-11", 1, "CSAT"], ["e", "2026-10-12", 2, "CES"], ["f", "2026-10-13", 4, ""],
]


def test_nps_and_csat_both_conventions(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "answers.csv", ["customer", "date", "score", "type"], SURVEYS)
    project = make_project("nps", "csat", "csat_after_visit",
                           conventions={"csat": {"csat_method": "top2_share"},
                                        "csat_after_visit": {"csat_method": "average"}})
    report = compute(project, [path], period="2026-10")
    # October NPS: promoters 10, 9, 10; passives 8, 7; detractors 6, 0 → (3 − 2) / 7.
    nps = result(report, "nps")
    assert nps.value == pytest.approx(100 / 7) and nps.rows == 7
    assert nps.parts["passives %"] == pytest.approx(200 / 7)
    # CSAT 5, 4, 3, 1: top-2 share 2/4; average 13/4.
    assert result(report, "csat").value == pytest.approx(50.0)
    avg = result(report, "csat_after_visit")
    assert avg.value == pytest.approx(3.25) and avg.unit == "points"
    # The CES answer is kept for a user's own definitions but read by neither NPS nor CSAT; the
    # answer without a type is left out, and counted.
    surveys = report.tables["surveys"]
    assert [(e.count, e.first) for e in surveys.exclusions] == [(1, {"path": str(path), "line": 15})]


TICKETS = [
    ["t1", "a", "2026-10-01 10:00", "2026-10-01 11:00", 1],
    ["t2", "b", "2026-10-02 10:00", "2026-10-04 11:00", 3],
    ["t3", "c", "2026-10-03 10:00", "", 1],
    ["t4", "a", "2026-10-05 10:00", "2026-10-05 12:00", 1],
    ["t5", "d", "2026-10-06 10:00", "2026-10-07 09:00", 2],
]


@pytest.mark.parametrize("denominator, expected", [
    ("first_contacts", 100 * 2 / 5),     # t1, t4 of 5 tickets
    ("resolved_contacts", 100 * 2 / 4),  # t3 is not resolved
    ("all_contacts", 100 * 2 / 8),       # 1 + 3 + 1 + 1 + 2 contacts
])
def test_fcr_denominators(tmp_path: Path, denominator: str, expected: float) -> None:
    path = write_csv(tmp_path / "tickets.csv", ["ticket id", "customer", "opened at", "resolved at", "contacts"], TICKETS)
    project = make_project("fcr", conventions={"fcr": {"fcr_denominator": denominator}})
    report = compute(project, [path], period="2026-10")
    assert result(report, "fcr").value == pytest.approx(expected)


EVENTS = [
    ["a", "signup", "2026-10-01 00:00:00"], ["a", "report", "2026-10-03 00:00:00"], ["a", "export", "2026-10-04 00:00:00"],
    ["b", "signup", "2026-10-02 00:00:00"], ["b", "report", "2026-10-02 12:00:00"],
    ["c", "signup", "2026-10-04 00:00:00"],
    ["d", "signup", "2026-09-28 00:00:00"], ["d", "report", "2026-10-01 00:00:00"],
]


def test_ttv_from_conventions_or_profile_and_adoption(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", ["customer", "event", "timestamp"], EVENTS)
    project = make_project("ttv", "activation_to_outcome_ttv", "adoption_rate",
                           conventions={"ttv": {"ttv_start_event": "signup", "ttv_value_event": "report"}},
                           profile={"first_value": {"start_event": "Signup", "value_event": "export"}})
    report = compute(project, [path], period="2026-10", options=ComputeOptions(feature_event="Export"))
    # October signups: a → report after 2 days, b after 0.5 days, c not yet (d signed up in September).
    ttv = result(report, "ttv")
    assert ttv.value == pytest.approx(1.25)
    assert ttv.parts["p90"] == pytest.approx(0.5 + 0.9 * 1.5)
    assert ttv.parts["not_reached"] == 1
    # The profile's events (signup → export): only a, after 3 days.
    assert result(report, "activation_to_outcome_ttv").value == pytest.approx(3.0)
    # Active in October: a, b, c, d; used export: a → 25 %.
    assert result(report, "adoption_rate").value == pytest.approx(25.0)


def test_ttv_and_adoption_say_what_is_missing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", ["customer", "event", "timestamp"], EVENTS)
    report = compute(make_project("ttv", "adoption_rate"), [path], period="2026-10")
    assert result(report, "ttv").reason == "events"
    assert result(report, "adoption_rate").reason == "feature"


def _health_files(tmp_path: Path) -> list[Path]:
    events = write_csv(tmp_path / "events.csv", ["customer", "event", "timestamp"], [
        ["x", "login", "2026-10-01 09:00"], ["x", "login", "2026-10-02 09:00"], ["x", "report", "2026-10-03 09:00"],
        ["y", "login", "2026-10-04 09:00"],
    ])
    surveys = write_csv(tmp_path / "surveys.csv", ["customer", "date", "score", "type"], [["x", "2026-10-05", 9, "NPS"]])
    tickets = write_csv(tmp_path / "tickets.csv", ["ticket id", "customer", "opened at", "contacts"],
                        [["t1", "y", "2026-10-02", 1], ["t2", "y", "2026-10-03", 2]])
    return [events, surveys, tickets]


def test_health_score_default_weights_and_bands(tmp_path: Path) -> None:
    report = compute(make_project("health_score"), _health_files(tmp_path), period="2026-10")
    # x: usage 100 (cume_dist 2/2), depth 100 (2 of 2 events), satisfaction 90, support 100
    #    → .35·100 + .2·100 + .3·90 + .15·100 = 97.
    # y: usage 50, depth 50, no survey, support 100 − 2·25 = 50 → (17.5 + 10 + 7.5) / .7 = 50.
    health = result(report, "health_score")
    assert health.value == pytest.approx((97 + 50) / 2)
    assert health.parts["green %"] == pytest.approx(50) and health.parts["yellow %"] == pytest.approx(50)
    assert health.parts["red %"] == pytest.approx(0)


def test_health_score_configurable(tmp_path: Path) -> None:
    options = ComputeOptions.from_mapping({"health": {"weights": {"usage": 1, "depth": 0, "satisfaction": 0, "support": 0},
                                                      "bands": {"green": 80, "yellow": 60}}})
    report = compute(make_project("health_score"), _health_files(tmp_path), period="2026-10", options=options)
    health = result(report, "health_score")
    assert health.value == pytest.approx(75.0)  # usage only: x 100, y 50
    assert health.parts["green %"] == pytest.approx(50) and health.parts["red %"] == pytest.approx(50)


def test_events_named_in_words_fall_back_to_the_profile_or_are_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", ["customer", "event", "timestamp"], EVENTS)
    catalog_words = {"ttv_start_event": "activation (signup or contract signed)", "ttv_value_event": "first report"}
    project = make_project("ttv", conventions={"ttv": catalog_words},
                           profile={"first_value": {"start_event": "signup", "value_event": "report"}})
    report = compute(project, [path], period="2026-10", options=ComputeOptions(feature_event="share"))
    assert result(report, "ttv").value == pytest.approx(1.25)  # the profile's signup → report
    project = make_project("ttv", "adoption_rate", conventions={"ttv": catalog_words})
    report = compute(project, [path], period="2026-10", options=ComputeOptions(feature_event="share"))
    assert result(report, "ttv").reason == "event_missing:activation (signup or contract signed)"
    assert result(report, "adoption_rate").reason == "event_missing:share"


def test_fcr_over_all_contacts_needs_the_contact_counts(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "tickets.csv", ["ticket id", "opened at", "fcr"], [["t1", "2026-10-01", "yes"]])
    project = make_project("fcr", conventions={"fcr": {"fcr_denominator": "all_contacts"}})
    report = compute(project, [path], period="2026-10")
    assert result(report, "fcr").reason == "missing:column tickets.contacts"


def test_time_to_first_reorder_counts_later_dates_only(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orders.csv", ["order id", "customer", "date", "amount"], [
        [1, "x", "2026-09-01", 10], [2, "x", "2026-09-01", 10], [3, "x", "2026-10-05", 10],  # same day, then 34 days
        [4, "y", "2026-08-01", 10], [5, "y", "2026-09-01", 10], [6, "y", "2026-10-03", 10],  # reordered in September
        [7, "z", "2026-10-01 10:00", 10], [8, "z", "2026-10-01 15:00", 10], [9, "z", "2026-10-11", 10],  # 10 days
    ])
    report = compute(make_project("time_to_first_reorder", "repeat_purchase_rate"), [path], period="2026-10")
    reorder = result(report, "time_to_first_reorder")
    assert reorder.rows == 2
    assert reorder.value == pytest.approx((34 + 10) / 2)
    assert reorder.parts["p90"] == pytest.approx(10 + 0.9 * 24)
    assert result(report, "repeat_purchase_rate").value == pytest.approx(100.0)
