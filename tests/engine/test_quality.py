"""Draft quality: exact phrases, industry-specific entries, sales channel, causally related pairs.

Small local catalogs check each mechanism on its own; the shipped fixtures check that the
drafts a consultant reads pick the seeds' metrics where they fit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from metricsmith.catalog import Catalog, CatalogEntry, load_catalog
from metricsmith.engines.detect import detect_channel
from metricsmith.catalog.matcher import content_stems, key_owner, text_score, vocabulary
from metricsmith.engines.offline import OfflineEngine, _first_step
from metricsmith.io.profile_file import load_profile
from metricsmith.models import Profile

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "profiles"
FIXTURE_FILES = sorted(FIXTURES.glob("*.yaml"))
TODAY = dt.date(2026, 11, 24)


def entry(entry_id: str, kind: str, industries: list[str], ru: list[str], en: list[str] | None = None,
          drivers: list[str] | None = None, channels: list[str] | None = None, direction: str = "up") -> CatalogEntry:
    text = {"en": "Do one thing; do another thing", "ru": "Сделать одно; сделать другое"}
    return CatalogEntry.model_validate({
        "id": entry_id, "category": "customer_value", "kind": kind, "unit": "%", "direction": direction,
        "industries": industries, "keywords": {"en": en or [entry_id.replace("_", " ")], "ru": ru},
        "name": {"en": entry_id.replace("_", " ").title(), "ru": ru[0]}, "formula": text, "why": text,
        "where_used": text, "example": text, "plan": text, "bounds": [0, 100],
        "drivers": drivers or [], "channels": channels or [],
    })


SMALL = Catalog(entries=(
    entry("refunds", "lagging", ["education", "saas", "retail"], ["доля возвратов денег", "возвраты средств"],
          direction="down"),
    entry("returns", "lagging", ["retail"], ["доля возвратов", "возвраты товара"], drivers=["fit_guide"],
          direction="down"),
    entry("loyalty_cards", "leading", ["retail"], ["продажи по картам лояльности"], channels=["offline"]),
    entry("shelf", "leading", ["retail"], ["наличие товара на полке"], channels=["offline"]),
    entry("fit_guide", "leading", ["retail"], ["заказы после подбора", "подбор по типу кожи"], channels=["online"]),
    entry("repeat_buyers", "lagging", ["retail"], ["доля повторных покупателей"]),
    entry("speed", "leading", ["any"], ["скорость ответа"]),
))


def shop(description: str, goal: dict[str, str]) -> Profile:
    return Profile.model_validate({
        "language": "ru",
        "business": {"description": description, "industry": "розница"},
        "goals": [goal],
        "known_numbers": {"доля возвратов": 9},
    })


RETURNS_GOAL = {
    "title": "Сократить возвраты",
    "problem": "Много возвратов из-за того, что средство не подошло по типу кожи",
    "expected_result": "Доля возвратов снизилась с 9 % до 6 % за квартал",
}


# ------------------------------------------------------------------ mechanisms on a small catalog


def test_exact_phrase_beats_a_longer_phrase_containing_it() -> None:
    vocab = vocabulary(SMALL)
    text = "Доля возвратов снизилась с 9 % до 6 %"
    assert text_score(text, "returns", vocab) > text_score(text, "refunds", vocab)
    assert key_owner("доля возвратов", SMALL) == "returns"
    assert key_owner("доля возвратов денег", SMALL) == "refunds"


def test_entry_made_for_the_industry_beats_one_that_also_lists_it() -> None:
    engine = OfflineEngine(catalog=SMALL, today=TODAY)
    ctx, _ = engine._context(shop("Интернет-магазин косметики", RETURNS_GOAL))
    assert engine._fit(ctx, SMALL.get("returns")) > engine._fit(ctx, SMALL.get("refunds"))
    assert ctx.scores[0]["returns"] > ctx.scores[0].get("refunds", 0.0)


def test_online_shop_returns_goal_gets_return_rate_and_its_driver() -> None:
    project = OfflineEngine(catalog=SMALL, today=TODAY).propose(shop("Интернет-магазин косметики", RETURNS_GOAL))
    # the tiny catalog fills the set with whatever is left, so look at each kind's first (main) metric
    first = {}
    for m in project.metrics:
        first.setdefault(m.kind, m)
    assert first["lagging"].id == "returns"
    assert (first["lagging"].baseline, first["lagging"].target) == (9.0, 6.0)
    assert first["leading"].id == "fit_guide"  # drives the return rate (catalog ``drivers``)
    assert not {"shelf", "loyalty_cards"} & {m.id for m in project.metrics}  # offline-only metrics


def test_offline_shop_never_gets_online_only_metrics() -> None:
    profile = shop("Сеть магазинов у дома", RETURNS_GOAL)
    assert detect_channel(profile) == "offline"
    project = OfflineEngine(catalog=SMALL, today=TODAY).propose(profile)
    assert "fit_guide" not in {m.id for m in project.metrics}


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Online store of running shoes", "online"),
        ("Интернет-магазин косметики с доставкой", "online"),
        ("Chain of stores selling shoes", "offline"),
        ("Супермаркет у дома", "offline"),
        ("Сеть магазинов у дома и интернет-магазин", None),
        ("Plumbing repairs", None),
    ],
)
def test_detect_channel(description: str, expected: str | None) -> None:
    assert detect_channel(Profile.model_validate({"business": {"description": description}})) == expected


def test_plan_step_chosen_by_the_goal_words() -> None:
    plan = "Shorten onboarding to the first result; launch a cross-sell offer after the second purchase"
    assert _first_step(plan) == "shorten onboarding to the first result"
    assert _first_step(plan, frozenset(), "Customers buy one item", "cross-sell purchase") == (
        "launch a cross-sell offer after the second purchase"
    )
    # a word common to many plans decides nothing
    assert _first_step(plan, frozenset({"purchas", "cross", "sell"}), "", "cross-sell purchase").startswith("shorten")


# ------------------------------------------------------------------ the shipped catalog and fixtures


def test_catalog_drivers_name_leading_metrics_of_the_catalog() -> None:
    catalog = load_catalog()
    ids = set(catalog.ids())
    bad = [(e.id, d) for e in catalog for d in e.drivers if d not in ids or catalog.get(d).kind != "leading"]
    assert bad == []
    assert all(not e.drivers for e in catalog if e.kind == "leading")
    # every seed metric that is a result has steering wheels
    for seed in ("ltv", "nps", "grr", "nrr", "repeat_purchase_rate", "retention_90d", "return_rate_by_reason",
                 "lead_to_job_conversion", "csat_after_visit", "repeat_requests_6m", "placement_rate", "otif",
                 "errors_per_1000_orders", "cost_per_unit", "requests_per_employee", "customer_churn"):
        assert catalog.get(seed).drivers, seed


@pytest.fixture(scope="module")
def drafts() -> dict[str, object]:
    engine = OfflineEngine(today=TODAY)
    return {p.stem: engine.propose(load_profile(p)) for p in FIXTURE_FILES}


def test_retail_returns_goal_uses_the_retail_return_rate(drafts) -> None:  # type: ignore[no-untyped-def]
    project = drafts["retail_ru"]
    returns = [m for m in project.metrics if m.goal == "Сократить возвраты"]
    lagging = next(m for m in returns if m.kind == "lagging")
    assert lagging.id == "return_rate_by_reason" and (lagging.baseline, lagging.target) == (9.0, 6.0)
    assert "refund_rate" not in {m.id for m in project.metrics}
    leading = next(m for m in returns if m.kind == "leading")
    assert leading.id in load_catalog().get("return_rate_by_reason").drivers
    assert leading.id != "loyalty_sales_share"


def test_online_shop_gets_no_brick_and_mortar_metrics(drafts) -> None:  # type: ignore[no-untyped-def]
    catalog = load_catalog()
    for name in ("retail_ru", "marketplace_en"):
        ids = {m.id for m in drafts[name].metrics}
        assert not {"on_shelf_availability", "store_conversion_rate", "loyalty_sales_share"} & ids, name
        assert all(catalog.find(i) is None or catalog.get(i).fits_channel("online") for i in ids), name


def test_each_goal_leading_metric_relates_to_its_goal(drafts) -> None:  # type: ignore[no-untyped-def]
    """The steering wheel drives the goal's speedometer, the goal itself names it, or it answers the
    seeds' first question (how fast the first value comes); and its reason says which."""
    catalog = load_catalog()
    first_value = {"ttv", "activation_to_outcome_ttv", "time_to_first_reorder"}
    for name, project in drafts.items():
        goals = {g.title: g for g in project.profile.goals}
        for title in {m.goal for m in project.metrics}:
            mine = [m for m in project.metrics if m.goal == title]
            lagging = [m for m in mine if m.kind == "lagging"]
            drivers = {d for m in lagging if catalog.find(m.catalog_id or m.id) for d in catalog.get(m.catalog_id or m.id).drivers}
            goal = goals.get(title)
            goal_stems = set(content_stems(" ".join([goal.title, goal.problem, goal.expected_result]))) if goal else set()
            for metric in (m for m in mine if m.kind == "leading"):
                lead = catalog.find(metric.id)
                if lead is None:  # an early signal built for the goal's own measure
                    assert any(lag.name in metric.reason for lag in lagging), (name, metric.reason)
                    continue
                words = goal_stems & set(content_stems(" ".join([lead.name.en, lead.name.ru, *lead.keywords.all()])))
                named = any(lag.name in metric.reason for lag in lagging)
                ok = lead.id in drivers or named or len(words) >= 2 or lead.id in first_value or not goal
                assert ok, (name, title, lead.id)
                assert metric.reason, (name, lead.id)


def test_seed_metrics_appear_where_they_fit(drafts) -> None:  # type: ignore[no-untyped-def]
    def ids(name: str) -> set[str]:
        return {m.id for m in drafts[name].metrics}

    assert {"repeat_purchase_rate", "time_to_first_reorder", "return_rate_by_reason"} <= ids("retail_ru")
    assert {"fcr", "lead_to_job_conversion", "repeat_requests_6m"} <= ids("home_services_en")
    assert {"activation_to_outcome_ttv", "placement_rate", "completion_rate"} <= ids("edtech_ru")
    assert {"ttv", "nrr", "customer_churn", "health_score"} <= ids("saas_b2b_en")
    assert {"otif", "errors_per_1000_orders"} <= ids("logistics_ru")
    assert {"repeat_requests_6m"} <= ids("marketplace_en")


def test_no_unrelated_seed_on_a_goal(drafts) -> None:  # type: ignore[no-untyped-def]
    home = drafts["home_services_en"]
    fcr_goal = {m.id: m for m in home.metrics if m.goal == "Fix it on the first visit"}
    assert "average_order_value" not in fcr_goal
    # the goal names FCR as its result: it is the goal's lagging metric with the stated numbers
    fcr = fcr_goal["fcr"]
    assert fcr.kind == "lagging" and (fcr.baseline, fcr.target) == (78.0, 88.0)
    saas = {m.id for m in drafts["saas_b2b_en"].metrics}
    assert not {"customer_churn", "logo_churn"} <= saas  # near-synonyms never both


def test_marketplace_goal_keeps_the_users_measure(drafts) -> None:  # type: ignore[no-untyped-def]
    project = drafts["marketplace_en"]
    # "briefs matched within 48 hours" is narrower than the catalog's match rate: the user's words win
    match = next(m for m in project.metrics if m.goal == "Match clients faster" and m.kind == "lagging")
    assert match.name == "Share of briefs matched within 48 hours" and (match.baseline, match.target) == (52.0, 75.0)
    assert "÷ all briefs" in match.formula


def test_subscription_shop_measures_time_to_value_not_reorders(drafts) -> None:  # type: ignore[no-untyped-def]
    """Weekly meal-kit deliveries repeat by themselves: the first value is the first dinner cooked."""
    ids = {m.id for m in drafts["sparse_en"].metrics}
    assert "ttv" in ids and "time_to_first_reorder" not in ids
    assert "time_to_first_reorder" in {m.id for m in drafts["retail_ru"].metrics}  # one-off purchases do reorder
