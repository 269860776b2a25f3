"""The shipped catalog's content: complete, bilingual, and faithful to the standard definitions.

These tests read the real ``metrics.yaml`` on purpose: the catalog is data other parts of
metricsmith rely on (ids, bounds, conventions), so its promises are checked here.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from metricsmith.catalog import INDUSTRIES, UNITS, load_catalog
from metricsmith.models.metric import CATEGORIES

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
TEXT_FIELDS = ("name", "formula", "why", "where_used", "example", "plan")
OPTIONAL_TEXT_FIELDS = ("short", "data_source")

REQUIRED_IDS = (
    "ltv nps ttv grr nrr health_score repeat_purchase_rate retention_90d time_to_first_reorder "
    "return_rate_by_reason fcr lead_to_job_conversion csat_after_visit csat repeat_requests_6m "
    "activation_to_outcome_ttv placement_rate adoption_rate cost_per_unit time_per_unit "
    "errors_per_1000_orders requests_per_employee report_preparation_time online_channel_share "
    "paper_document_share lead_conversion deals_closed average_order_value purchase_frequency "
    "customer_churn revenue_churn gross_margin revenue_new_customers arpa cac_payback activation_rate "
    "training_completion_share otif first_response_time completion_rate"
).split()

# Metrics whose "%" value is not a share of a whole, so (0, 100) would be wrong.
NOT_SHARES = {
    "nrr": (0, None),
    "gross_margin": (None, 100),
    "project_roi": (-100, None),
    "revenue_growth": (-100, None),
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _texts(entry):
    for field in TEXT_FIELDS + OPTIONAL_TEXT_FIELDS:
        text = getattr(entry, field)
        if text is not None:
            yield field, text


def test_catalog_is_large_and_ids_unique(catalog):
    ids = catalog.ids()
    assert len(ids) >= 60
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert duplicates == []


def test_required_ids_present(catalog):
    missing = sorted(set(REQUIRED_IDS) - set(catalog.ids()))
    assert missing == []


def test_every_text_is_bilingual(catalog):
    problems = []
    for e in catalog:
        for field, text in _texts(e):
            if not text.en.strip() or not text.ru.strip():
                problems.append(f"{e.id}.{field}: empty")
            if CYRILLIC.search(text.en):
                problems.append(f"{e.id}.{field}.en contains Cyrillic")
            if field != "short" and not CYRILLIC.search(text.ru):
                problems.append(f"{e.id}.{field}.ru has no Cyrillic")
    assert problems == []


def test_keywords_in_both_languages_and_not_generic(catalog):
    generic = {"customer", "customers", "client", "клиент", "клиенты", "клиентов", "metric", "метрика"}
    problems = []
    for e in catalog:
        if not e.keywords.en or not e.keywords.ru:
            problems.append(f"{e.id}: keywords missing")
        for kw in e.keywords.all():
            if kw.strip().lower() in generic:
                problems.append(f"{e.id}: generic keyword '{kw}'")
        if any(CYRILLIC.search(k) for k in e.keywords.en):
            problems.append(f"{e.id}: Cyrillic in en keywords")
    assert problems == []


def test_plan_lists_two_to_four_initiatives_and_example_has_numbers(catalog):
    problems = []
    for e in catalog:
        for lang in ("en", "ru"):
            n = len([p for p in e.plan.get(lang).split(";") if p.strip()])
            if not 2 <= n <= 4:
                problems.append(f"{e.id}.plan.{lang}: {n} initiatives")
            if not re.search(r"\d", e.example.get(lang)):
                problems.append(f"{e.id}.example.{lang}: no numbers")
    assert problems == []


def test_units_from_the_vocabulary_and_sane_typical_change(catalog):
    assert {e.unit for e in catalog} <= set(UNITS)
    assert all(0 < e.typical_change < 1 for e in catalog)


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_well_covered(catalog, category):
    assert sum(e.category == category for e in catalog) >= 8


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_each_industry_pack(catalog, industry):
    fitting = catalog.for_industry(industry)
    specific = [e for e in catalog if industry in e.industries]
    assert len(fitting) >= 8
    assert len(specific) >= 5
    # A pack can steer and measure: it has early signals and results.
    assert {e.kind for e in specific} == {"leading", "lagging"}


def test_shares_are_bounded_0_100(catalog):
    for e in catalog:
        if e.unit != "%":
            continue
        expected = NOT_SHARES.get(e.id, (0, 100))
        assert e.bounds == expected, e.id


def test_nps_definition(catalog):
    nps = catalog.get("nps")
    assert nps.bounds == (-100, 100)
    assert nps.unit == "points"
    for lang in ("en", "ru"):
        formula = nps.formula.get(lang)
        for part in ("9-10", "0-6", "7-8", "−100", "100"):
            assert part in formula, (lang, part)
    assert "passives" in nps.formula.en.lower() and "denominator" in nps.formula.en.lower()
    assert "знаменател" in nps.formula.ru


def test_grr_excludes_expansion_and_is_capped(catalog):
    grr = catalog.get("grr")
    assert grr.bounds == (0, 100)
    en = grr.formula.en.lower()
    assert re.search(r"expansion[^.;]*excluded", en) and "exceed 100 %" in en
    assert "− churned mrr" in en and "− contraction mrr" in en and "+ expansion" not in en
    ru = grr.formula.ru.lower()
    assert re.search(r"расширения[^.;]*не учитываются", ru) and "выше 100 %" in ru
    assert grr.conventions.nrr_period == "monthly"
    assert grr.conventions.reactivations == "exclude"


def test_nrr_includes_expansion_and_is_at_least_grr(catalog):
    nrr = catalog.get("nrr")
    en = nrr.formula.en.lower()
    assert "+ expansion" in en and "includes expansion" in en and "≥ grr" in en
    assert "+ mrr от расширений" in nrr.formula.ru.lower()
    low, high = nrr.bounds
    assert low == 0 and high is None  # may exceed 100 %
    assert nrr.conventions.nrr_period in ("monthly", "cohort_12m")
    assert nrr.conventions.reactivations == "exclude"


def test_ltv_names_its_variants(catalog):
    ltv = catalog.get("ltv")
    en = ltv.formula.en.lower()
    assert "average order value" in en and "purchases" in en and "lifetime" in en
    assert "arpa" in en and "gross margin" in en and "churn" in en
    assert "транзакционный" in ltv.formula.ru.lower() and "подписочный" in ltv.formula.ru.lower()


def test_health_score_components_and_zones(catalog):
    hs = catalog.get("health_score")
    en = hs.formula.en.lower()
    for word in ("usage", "goals", "nps", "support", "manager", "green", "yellow", "red"):
        assert word in en, word
    ru = hs.formula.ru.lower()
    for word in ("зелёная", "жёлтая", "красная", "использования", "поддержку"):
        assert word in ru, word
    assert hs.bounds == (0, 100)


def test_conventions_set_where_formulas_differ(catalog):
    assert catalog.get("fcr").conventions.fcr_denominator == "first_contacts"
    assert "denominator" in catalog.get("fcr").formula.en.lower()
    assert "знаменател" in catalog.get("fcr").formula.ru.lower()
    for cid in ("csat", "csat_after_visit"):
        assert catalog.get(cid).conventions.csat_method == "top2_share"
    for cid in ("ttv", "activation_to_outcome_ttv", "time_to_first_sale"):
        conv = catalog.get(cid).conventions
        assert conv.ttv_start_event and conv.ttv_value_event, cid
    # Time to first reorder is computed from orders alone (first order to second), so it has no events.
    reorder = catalog.get("time_to_first_reorder")
    assert reorder.conventions.ttv_start_event is None and "second" in reorder.formula.en


@pytest.mark.parametrize(
    ("entry_id", "kind", "direction"),
    [
        ("training_completion_share", "leading", "up"),
        ("activation_rate", "leading", "up"),
        ("adoption_rate", "leading", "up"),
        ("first_response_time", "leading", "down"),
        ("ttv", "leading", "down"),
        ("ltv", "lagging", "up"),
        ("nrr", "lagging", "up"),
        ("customer_churn", "lagging", "down"),
        ("revenue_churn", "lagging", "down"),
        ("revenue_new_customers", "lagging", "up"),
        ("cost_per_unit", "lagging", "down"),
        ("errors_per_1000_orders", "lagging", "down"),
        ("return_rate_by_reason", "lagging", "down"),
        ("report_preparation_time", "lagging", "down"),
        ("paper_document_share", "lagging", "down"),
    ],
)
def test_kind_and_direction(catalog, entry_id, kind, direction):
    e = catalog.get(entry_id)
    assert (e.kind, e.direction) == (kind, direction)


def test_time_and_cost_metrics_go_down(catalog):
    wrong = [
        e.id
        for e in catalog
        if e.unit in ("days", "hours", "minutes") and e.direction != "down"
        or any(w in e.id for w in ("churn", "cost_per", "error", "defect", "abandon", "rework", "damage"))
        and e.direction != "down"
    ]
    assert wrong == []


def test_no_activity_or_vanity_names(catalog):
    effort = re.compile(
        r"\b(calls?|emails?|meetings?|demos?|posts?|page views?|followers?|downloads?|impressions?|visits made|"
        r"trainings held|tasks? done|releases?)\b",
        re.IGNORECASE,
    )
    russian_effort = re.compile(r"(звонк|писем|встреч|подписчик|просмотр|скачиван|публикац)", re.IGNORECASE)
    flagged = [e.id for e in catalog if effort.search(e.name.en) or russian_effort.search(e.name.ru)]
    assert flagged == []
