"""Catalog lookups and filters, on small local entries so that they test the code, not the data."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from metricsmith.catalog import Catalog, CatalogEntry, entry_as_dict, load_catalog
from metricsmith.errors import MetricsmithError


def _entry(entry_id: str, **over) -> dict:
    text = {"en": f"{entry_id} text", "ru": f"текст {entry_id}"}
    data = {
        "id": entry_id,
        "category": "financial",
        "kind": "lagging",
        "unit": "%",
        "direction": "up",
        "industries": ["any"],
        "keywords": {"en": [entry_id.replace("_", " ")], "ru": ["слово"]},
        "name": {"en": entry_id.replace("_", " ").title(), "ru": f"Метрика {entry_id}"},
        "formula": text,
        "why": text,
        "where_used": text,
        "example": text,
        "plan": text,
    }
    data.update(over)
    return data


@pytest.fixture
def small() -> Catalog:
    return Catalog(
        entries=(
            CatalogEntry.model_validate(_entry("gross_retention", industries=["saas"], monetisation=["subscription"],
                                               keywords={"en": ["revenue retention", "grr"], "ru": ["удержание выручки"]},
                                               short={"en": "GRR", "ru": "GRR"})),
            CatalogEntry.model_validate(_entry("net_retention", industries=["saas"],
                                               keywords={"en": ["net revenue retention"], "ru": ["чистое удержание выручки"]})),
            CatalogEntry.model_validate(_entry("repeat_rate", category="customer_value", industries=["retail", "marketplace"],
                                               keywords={"en": ["repeat purchases"], "ru": ["повторные покупки"]})),
            CatalogEntry.model_validate(_entry("unit_cost", category="operational_efficiency", direction="down")),
        )
    )


def test_select_by_industry_keeps_any(small):
    assert [e.id for e in small.select(industry="saas")] == ["gross_retention", "net_retention", "unit_cost"]
    assert [e.id for e in small.select(industry="Retail")] == ["repeat_rate", "unit_cost"]
    assert [e.id for e in small.select(industry="any")] == ["unit_cost"]


def test_select_by_category_and_monetisation(small):
    assert [e.id for e in small.select(category="operational-efficiency")] == ["unit_cost"]
    assert [e.id for e in small.select(industry="saas", category="financial")] == ["gross_retention", "net_retention"]
    assert [e.id for e in small.select(monetisation="transactions")] == ["net_retention", "repeat_rate", "unit_cost"]


@pytest.mark.parametrize(("kwargs", "field"), [({"industry": "fintech"}, "industry"),
                                               ({"category": "vanity"}, "category"),
                                               ({"monetisation": "barter"}, "monetisation")])
def test_select_unknown_value_lists_valid_ones(small, kwargs, field):
    with pytest.raises(MetricsmithError) as info:
        small.select(**kwargs)
    assert info.value.field == field
    line = info.value.one_line()
    assert "\n" not in line and "valid:" in line
    if field == "industry":
        assert "retail" in line and "marketplace" in line


def test_find_and_get(small):
    assert small.find("unit_cost").id == "unit_cost"
    assert small.find("nope") is None
    with pytest.raises(KeyError):
        small.get("nope")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("unit_cost", "unit_cost"),
        ("GRR", "gross_retention"),
        ("Метрика repeat_rate", "repeat_rate"),
        ("Net revenue retention, monthly", "net_retention"),  # longest keyword phrase wins over "revenue retention"
        ("Revenue retention", "gross_retention"),
        ("Доля повторных покупок", "repeat_rate"),  # word forms match through stems
        ("calls made", None),
        ("", None),
    ],
)
def test_lookup(small, typed, expected):
    found = small.lookup(typed)
    assert (found.id if found else None) == expected


def test_duplicate_ids_rejected():
    e = CatalogEntry.model_validate(_entry("same"))
    with pytest.raises(ValidationError, match="used twice"):
        Catalog(entries=(e, e))


def test_entry_schema_rejects_incomplete_translation():
    data = _entry("x")
    data["why"] = {"en": "only English"}
    with pytest.raises(ValidationError):
        CatalogEntry.model_validate(data)


def test_entry_as_dict_flattens_language(small):
    e = small.get("gross_retention")
    ru = entry_as_dict(e, "ru")
    assert ru["name"] == "Метрика gross_retention" and ru["short"] == "GRR"
    assert ru["keywords"] == ["удержание выручки"]
    assert ru["conventions"] == {}
    both = entry_as_dict(e)
    assert both["name"] == {"en": "Gross Retention", "ru": "Метрика gross_retention"}
    json.dumps(both, ensure_ascii=False)


def test_load_catalog_is_cached():
    assert load_catalog() is load_catalog()


def test_shipped_catalog_lookup_of_common_names():
    cat = load_catalog()
    assert cat.lookup("NPS").id == "nps"
    assert cat.lookup("Net revenue retention").id == "nrr"
    assert cat.lookup("средний чек").id == "average_order_value"
    assert cat.lookup("конверсия звонков в сделки").id == "lead_conversion"
