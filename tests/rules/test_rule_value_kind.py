"""activity-as-value and vanity, with the context rules for leading metrics."""

from __future__ import annotations

import pytest

from metricsmith.models import Metric, Profile
from metricsmith.rules import audit, suggest

from .conftest import rules_for

RESULT = dict(kind="lagging", category="financial", goal="More sales", owner="Anna", baseline=1.0, target=2.0)


def _pair(activity_kw: dict, lagging: bool = True, name: str = "Outbound calls per day") -> list[Metric]:
    metrics = [Metric(id="calls", name=name, goal="More sales", owner="Anna", baseline=10, target=20, **activity_kw)]
    if lagging:
        metrics.append(Metric(id="deals", name="Deals closed per month", **RESULT))
    return metrics


@pytest.mark.parametrize("name", ["Outbound calls per day", "Количество исходящих звонков"])
def test_leading_activity_with_a_lagging_partner_is_not_flagged(name):
    metrics = _pair(dict(kind="leading", category="operational_efficiency"), name=name)
    assert "activity-as-value" not in rules_for(audit(metrics), "calls")


@pytest.mark.parametrize("category", ["usage_adoption", "operational_efficiency"])
def test_leading_activity_standing_alone_for_its_goal_is_a_warning(category):
    metrics = _pair(dict(kind="leading", category=category), lagging=False)
    found = [f for f in audit(metrics) if f.rule == "activity-as-value"]
    assert [f.severity for f in found] == ["warning"]
    assert "no result metric" in found[0].message


@pytest.mark.parametrize(
    "kw", [dict(kind="lagging", category="operational_efficiency"), dict(kind="leading", category="financial"),
           dict(kind="leading", category="customer_value")],
)
def test_activity_presented_as_a_result_is_an_error(kw):
    found = [f for f in audit(_pair(kw)) if f.rule == "activity-as-value"]
    assert [f.severity for f in found] == ["error"]


def test_name_only_effort_is_flagged_and_value_is_not():
    metrics = [Metric(id="a", name="Emails sent to leads"), Metric(id="b", name="Lead-to-customer conversion")]
    found = audit(metrics, fields=())
    assert rules_for(found, "a") == {"activity-as-value"}
    assert rules_for(found, "b") == set()


def test_vanity_in_both_languages_and_tied_reach_is_not():
    metrics = [Metric(id="en", name="Instagram followers"), Metric(id="ru", name="Просмотры видео"),
               Metric(id="ok", name="Signup-to-paid conversion")]
    found = audit(metrics, fields=())
    assert rules_for(found, "en") == {"vanity"}
    assert rules_for(found, "ru") == {"vanity"}
    assert rules_for(found, "ok") == set()


def test_messages_and_suggestions_follow_the_metric_language():
    found = {f.metric_id: f for f in audit([Metric(id="ru", name="Количество звонков"),
                                            Metric(id="en", name="Calls made")], fields=())
             if f.rule == "activity-as-value"}
    assert "«Количество звонков»" in found["ru"].message and "усилия" in found["ru"].message
    assert found["ru"].suggestion.startswith("Измеряйте")
    assert "counts effort" in found["en"].message and found["en"].suggestion.startswith("Measure")


def test_lang_override_and_profile_language():
    f = [x for x in audit([Metric(id="a", name="Calls made")], fields=(), lang="ru") if x.rule == "activity-as-value"]
    assert "усилия" in f[0].message
    f = [x for x in audit([Metric(id="a", name="Calls made")], Profile(language="ru")) if x.rule == "activity-as-value"]
    assert "усилия" in f[0].message


def test_suggestion_names_a_catalog_metric_when_the_catalog_has_one(monkeypatch):
    from metricsmith.catalog import load_catalog

    found = [f for f in audit([Metric(id="a", name="Calls made")], fields=()) if f.rule == "activity-as-value"][0]
    if found.suggestion_catalog_id is not None:
        entry = load_catalog().get(found.suggestion_catalog_id)
        assert entry.name.en in found.suggestion
        assert entry.kind == "lagging" or entry.category in ("financial", "customer_value", "operational_efficiency",
                                                             "usage_adoption", "strategic")


def test_missing_catalog_falls_back_to_text(monkeypatch):
    monkeypatch.setattr(suggest, "_catalog", lambda: None)
    suggest._pick.cache_clear()
    try:
        f = [x for x in audit([Metric(id="a", name="Site visits")], fields=()) if x.rule == "vanity"][0]
        assert f.suggestion_catalog_id is None
        assert "conversion or outcome metric" in f.suggestion
    finally:
        suggest._pick.cache_clear()


def test_suggestion_avoids_a_metric_already_in_the_set():
    metrics = [Metric(id="a", name="Calls made"), Metric(id="b", name="Lead conversion", catalog_id="lead_conversion")]
    f = [x for x in audit(metrics, fields=()) if x.rule == "activity-as-value"][0]
    assert f.suggestion_catalog_id != "lead_conversion"


def test_services_profile_suggests_lead_to_job_conversion():
    from metricsmith.models.profile import Business

    profile = Profile(business=Business(industry="services"))
    f = [x for x in audit([Metric(id="a", name="Calls made")], profile) if x.rule == "activity-as-value"][0]
    from metricsmith.rules.suggest import catalog_name

    if catalog_name("lead_to_job_conversion", "en"):
        assert f.suggestion_catalog_id == "lead_to_job_conversion"


@pytest.mark.parametrize("name,group_ids", [
    ("Features released this quarter", {"adoption_rate", "activation_rate"}),
    ("Support tickets answered", {"fcr", "first_response_time"}),
    ("Mobile app downloads", {"activation_rate", "retention_90d"}),
    ("Количество проведённых тренингов", {"training_completion_share", "completion_rate"}),
])
def test_suggestion_fits_the_kind_of_effort_or_reach(name, group_ids):
    f = [x for x in audit([Metric(id="a", name=name)], fields=()) if x.rule in ("activity-as-value", "vanity")][0]
    assert f.suggestion_catalog_id is None or f.suggestion_catalog_id in group_ids
