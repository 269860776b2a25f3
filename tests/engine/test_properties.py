"""Property tests: whatever the answers, the draft keeps its promises (size, binding, kinds, targets)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsmith.catalog import load_catalog
from metricsmith.engines.offline import MAX_COVERED_GOALS, OfflineEngine
from metricsmith.models import Profile

WORDS = [
    "repeat", "purchase", "churn", "revenue", "onboarding", "faster", "errors", "delivery", "NPS", "refund",
    "course", "completion", "leads", "deals", "cost", "order", "support", "tickets", "retention", "margin",
    "повторные", "покупки", "отток", "выручка", "ошибки", "доставка", "возвраты", "доходимость", "заявки",
    "стоимость", "клиентов", "удержание", "маржа", "быстрее", "конверсия", "LTV", "OTIF", "CSAT", "%", "30",
]
INDUSTRIES = ["", "retail", "saas", "services", "education", "logistics", "marketplace", "other", "e-commerce",
              "интернет-магазин", "онлайн-школа", "B2B SaaS"]
MODELS = ["", "subscription", "per seat", "commission", "разовые покупки", "подписка", "hourly", "ads"]
ROLES = ["CEO", "head of marketing", "финансовый директор", "customer success", "operations", "методист", "sales", ""]
KEYS = ["NPS", "monthly churn", "доля повторных покупок", "repeat purchase rate", "OTIF", "GRR", "NRR",
        "average check", "средний чек", "CSAT", "time to first value", "число подписчиков"]

texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)
goal = st.fixed_dictionaries({"title": texts, "problem": texts, "expected_result": texts})
profiles = st.builds(
    lambda lang, industry, model, goals, people, known: Profile.model_validate({
        "language": lang,
        "business": {"industry": industry},
        "monetisation": {"model": model},
        "goals": goals,
        "people": [{"name": f"Person {i}", "role": role} for i, role in enumerate(people)],
        "known_numbers": known,
    }),
    st.sampled_from(["en", "ru"]),
    st.sampled_from(INDUSTRIES),
    st.sampled_from(MODELS),
    st.lists(goal, max_size=5),
    st.lists(st.sampled_from(ROLES), max_size=5),
    st.dictionaries(st.sampled_from(KEYS), st.floats(min_value=-500, max_value=500_000, allow_nan=False), max_size=5),
)

CATALOG = load_catalog()
ENGINE = OfflineEngine(today=dt.date(2026, 11, 24))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_any_profile_gets_a_consistent_draft(profile: Profile) -> None:
    project = ENGINE.propose(profile)
    metrics = project.metrics
    assert 5 <= len(metrics) <= 7
    assert len({m.id for m in metrics}) == len(metrics)
    assert [m.model_dump() for m in ENGINE.propose(profile).metrics] == [m.model_dump() for m in metrics]
    goal_titles = [m.goal for m in metrics]
    for title in dict.fromkeys(goal_titles):
        assert title
        assert {m.kind for m in metrics if m.goal == title} == {"leading", "lagging"}
    covered = {m.goal for m in metrics}
    titles = {g.title or (g.problem or g.expected_result)[:80] for g in profile.goals}
    titles.discard("")
    assert len(covered) == max(1, min(len(titles), MAX_COVERED_GOALS))
    names = {p.name for p in profile.people if p.name}
    for m in metrics:
        assert (m.owner in names) if names else m.owner == ""
        low, high = CATALOG.get(m.id).bounds
        for value in (m.baseline, m.target):
            if value is not None:
                assert (low is None or value >= low) and (high is None or value <= high)
        if m.target is not None:
            assert m.baseline is not None
            assert m.target == m.baseline or m.is_better(m.target, m.baseline)
