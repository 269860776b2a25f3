"""Set-level rules: leading+lagging per goal, 5–7 metrics, duplicates."""

from __future__ import annotations

import pytest

from metricsmith.models import Metric, Profile
from metricsmith.rules import audit



def _set(full, n: int) -> list[Metric]:
    names = ["Repeat purchase rate", "Customer churn", "Net promoter score", "Average order value",
             "Time to first reorder", "Share of online orders", "Gross margin", "Return rate", "Cost per order"]
    return [full(id=f"m{i}", name=names[i], kind="leading" if i % 2 else "lagging") for i in range(n)]


@pytest.mark.parametrize("n,flagged", [(4, True), (5, False), (7, False), (8, True)])
def test_set_size(full, n, flagged):
    found = [f for f in audit(_set(full, n)) if f.rule == "set-size"]
    assert bool(found) is flagged
    if found:
        assert found[0].metric_id is None and str(n) in found[0].message


def test_one_row_is_not_a_set_but_a_project_is():
    one = [Metric(id="a", name="Churn rate")]
    assert "set-size" not in {f.rule for f in audit(one, fields=())}
    assert "set-size" in {f.rule for f in audit(one, Profile())}


def test_set_size_message_in_russian(full):
    found = [f for f in audit(_set(full, 3), lang="ru") if f.rule == "set-size"]
    assert "Метрик в наборе: 3" in found[0].message


def test_goal_needs_leading_and_lagging(full):
    metrics = [full(id="a", goal="Retain customers", kind="lagging"),
               full(id="b", name="Customer churn", goal="Retain customers", kind="lagging"),
               full(id="c", name="Activation rate", goal="Faster onboarding", kind="leading"),
               full(id="d", name="Time to value", goal="Faster onboarding", kind="lagging")]
    found = [f for f in audit(metrics) if f.rule == "goal-needs-leading-and-lagging"]
    assert [(f.goal, f.metric_id) for f in found] == [("Retain customers", None)]
    assert "leading" in found[0].message


def test_goal_needs_leading_and_lagging_in_russian(full):
    metrics = [full(id="a", name="Активация", goal="Быстрый старт", kind="leading")]
    found = [f for f in audit(metrics, lang="ru") if f.rule == "goal-needs-leading-and-lagging"]
    assert len(found) == 1 and "запаздывающей" in found[0].message


def test_goal_rule_needs_kind_and_goal_columns():
    metrics = [Metric(id="a", name="Churn", goal="Retain")]
    assert "goal-needs-leading-and-lagging" not in {f.rule for f in audit(metrics, fields={"goal"})}


@pytest.mark.parametrize("a,b", [
    ("Number of calls", "Calls number"),
    ("Количество звонков", "Звонки"),
    ("Repeat purchase rate", "repeat purchases rate"),
    ("Доля повторных покупок", "Доля повторной покупки"),
])
def test_duplicates_by_stems(a, b):
    found = audit([Metric(id="a", name=a), Metric(id="b", name=b)], fields=())
    dup = [f for f in found if f.rule == "duplicate"]
    assert len(dup) == 1


def test_duplicate_points_at_the_row_of_the_kept_metric():
    found = audit([Metric(id="x", name="Churn rate"), Metric(id="y", name="NPS"), Metric(id="z", name="churn rates")],
                  fields=(), rows=[3, 4, 7])
    dup = [f for f in found if f.rule == "duplicate"]
    assert [f.metric_id for f in dup] == ["z"] and "row 3" in dup[0].message


def test_different_metrics_and_different_goals_are_not_duplicates():
    found = audit([Metric(id="a", name="Customer churn"), Metric(id="b", name="Revenue churn")], fields=())
    assert "duplicate" not in {f.rule for f in found}
    found = audit([Metric(id="a", name="NPS", goal="G1"), Metric(id="b", name="NPS", goal="G2")], fields={"goal"})
    assert "duplicate" not in {f.rule for f in found}


def test_same_catalog_metric_twice_is_a_duplicate():
    found = audit([Metric(id="a", name="Net promoter score", catalog_id="nps"),
                   Metric(id="b", name="Индекс лояльности", catalog_id="nps")], fields=())
    assert [f.metric_id for f in found if f.rule == "duplicate"] == ["b"]
