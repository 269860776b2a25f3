"""Helpers for rule-layer tests: build metrics tersely and read findings per metric."""

from __future__ import annotations

import pytest

from metricsmith.models import Metric


def make(id: str = "m", name: str = "Net revenue retention", **kw) -> Metric:
    return Metric(id=id, name=name, **kw)


def rules_for(findings, metric_id: str | None) -> set[str]:
    return {f.rule for f in findings if f.metric_id == metric_id}


@pytest.fixture
def full():
    """A metric with every field a rule reads filled in sensibly (no findings of its own)."""

    def build(id: str = "m", name: str = "Repeat purchase rate", **kw) -> Metric:
        base = dict(
            category="customer_value", kind="lagging", formula="repeat buyers / buyers", unit="%",
            direction="up", goal="Grow repeat sales", owner="Anna Petrova", baseline=20.0, target=30.0,
        )
        base.update(kw)
        return Metric(id=id, name=name, **base)

    return build
