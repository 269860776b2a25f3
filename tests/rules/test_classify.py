"""Name-only classification: effort vs reach vs results, on our own labelled names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from metricsmith.rules import audit_names, classify_name

DATA = Path(__file__).parent / "data" / "extra_names.csv"
ROWS = list(csv.DictReader(DATA.open(encoding="utf-8")))


def test_the_labelled_set_is_big_and_bilingual():
    assert len(ROWS) >= 60
    assert {r["lang"] for r in ROWS} == {"en", "ru"}
    assert {r["label"] for r in ROWS} == {"activity", "vanity", "value"}


@pytest.mark.parametrize("row", ROWS, ids=[r["text"] for r in ROWS])
def test_labelled_name(row):
    verdict = classify_name(row["text"])
    assert (verdict.kind or "value") == row["label"], verdict


@pytest.mark.parametrize(
    "name",
    ["Количество звонков", "Звонки", "Звонок клиенту", "Calls", "Called prospects", "Number of calls made"],
)
def test_word_forms_of_calls_are_all_activity(name):
    assert classify_name(name).kind == "activity"


def test_effort_normalised_by_person_stays_activity_but_results_per_person_are_value():
    assert classify_name("Calls per rep per day").kind == "activity"
    assert classify_name("Orders processed per employee per day").kind is None
    assert classify_name("Количество заказов на сотрудника в день").kind is None
    assert classify_name("Количество звонков на сотрудника в день").kind == "activity"


def test_answered_is_activity_resolved_is_value():
    assert classify_name("Support tickets answered").kind == "activity"
    assert classify_name("Tickets resolved per employee").kind is None
    assert classify_name("First contact resolution").kind is None


def test_reach_tied_to_conversion_or_payment_is_value():
    assert classify_name("Newsletter subscribers").kind == "vanity"
    assert classify_name("Paid subscribers").kind is None
    assert classify_name("Signup-to-paid conversion").kind is None
    assert classify_name("Подписчики канала").kind == "vanity"
    assert classify_name("Платящие подписчики").kind is None


def test_empty_and_odd_names_are_unknown_not_errors():
    for name in ("", "   ", "!!!", "12345", "—", "KPI"):
        assert classify_name(name).kind is None


def test_audit_names_returns_one_list_per_name_with_the_right_rule():
    got = audit_names(["Emails sent", "Instagram followers", "Churn rate"])
    assert [{f.rule for f in fs} & {"activity-as-value", "vanity"} for fs in got] == [
        {"activity-as-value"}, {"vanity"}, set(),
    ]


def test_no_catalog_metric_name_is_flagged_as_activity_or_vanity():
    """Suggestions come from the catalog, so its names must pass the rules themselves."""
    from metricsmith.catalog import load_catalog

    catalog = load_catalog()
    flagged = [(e.id, lang, e.name.get(lang)) for e in catalog for lang in ("en", "ru")
               if classify_name(e.name.get(lang)).kind]
    assert flagged == []
