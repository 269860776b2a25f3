"""Which SQL recipe computes which catalog metric, and what each recipe needs.

The recipes are plain ``.sql`` files in this package (read with
:mod:`importlib.resources`), so the same text runs on a laptop in DuckDB and,
exported by ``metricsmith export --format sql``, in the user's warehouse.
They read canonical tables (``orders``, ``mrr``, ``surveys``, ``tickets``,
``events``), each with a ``segment`` column, and return rows of
``(segment, part, value, n)``: ``part`` is NULL for the metric's value and
names secondary figures (``p90``, ``reason:damaged``, ``churn``) otherwise.
Parameters are ``${name}`` placeholders (:class:`string.Template`) filled with
SQL literals: the period bounds and the metric's conventions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Variant:
    """One way to compute a metric: the recipe file and the tables/columns it needs."""

    file: str
    tables: tuple[str, ...]
    any_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unit: str = ""
    helpers: tuple[str, ...] = ()  # helper tables (``<name>.sql``) the recipe reads, built first


@dataclass(frozen=True)
class Recipe:
    """A catalog metric's recipe variants, tried in order (e.g. LTV from MRR, else from orders)."""

    catalog_id: str
    variants: tuple[Variant, ...]
    order_based: bool = False


def _r(cid: str, *variants: Variant, order_based: bool = False) -> Recipe:
    return Recipe(cid, tuple(variants), order_based)


_ORDERS = ("orders",)
_OC = ("order_customers",)
#: Helper recipes: shared per-customer summaries, built once per computation (or exported as views).
HELPERS: tuple[str, ...] = ("order_customers",)
RECIPES: dict[str, Recipe] = {r.catalog_id: r for r in (
    _r("nps", Variant("nps.sql", ("surveys",), unit="points")),
    _r("csat", Variant("csat.sql", ("surveys",), unit="%")),
    _r("csat_after_visit", Variant("csat.sql", ("surveys",), unit="%")),
    _r("fcr", Variant("fcr.sql", ("tickets",), {"tickets": ("fcr", "contacts")}, unit="%")),
    _r("repeat_purchase_rate", Variant("repeat_purchase_rate.sql", _ORDERS, unit="%", helpers=_OC), order_based=True),
    _r("retention_90d", Variant("retention_90d.sql", _ORDERS, unit="%", helpers=_OC), order_based=True),
    _r("time_to_first_reorder", Variant("time_to_first_reorder.sql", _ORDERS, unit="days", helpers=_OC), order_based=True),
    _r("return_rate_by_reason", Variant("return_rate_by_reason.sql", _ORDERS,
                                        {"orders": ("returned", "return_reason", "status")}, unit="%"),
       order_based=True),
    _r("average_order_value", Variant("average_order_value.sql", _ORDERS, unit="currency"), order_based=True),
    _r("purchase_frequency", Variant("purchase_frequency.sql", _ORDERS, unit="orders"), order_based=True),
    _r("ltv", Variant("ltv.sql", ("mrr",), unit="currency"), Variant("ltv_orders.sql", _ORDERS, unit="currency", helpers=_OC),
       order_based=True),
    _r("grr", Variant("grr.sql", ("mrr",), unit="%")),
    _r("nrr", Variant("nrr.sql", ("mrr",), unit="%")),
    _r("revenue_churn", Variant("revenue_churn.sql", ("mrr",), unit="%")),
    _r("customer_churn", Variant("customer_churn.sql", ("mrr",), unit="%"),
       Variant("customer_churn_orders.sql", _ORDERS, unit="%", helpers=_OC), order_based=True),
    _r("ttv", Variant("ttv.sql", ("events",), unit="days")),
    _r("activation_to_outcome_ttv", Variant("ttv.sql", ("events",), unit="days")),
    _r("adoption_rate", Variant("adoption_rate.sql", ("events",), unit="%")),
    _r("health_score", Variant("health_score.sql", ("events",), unit="points")),
)}


@lru_cache(maxsize=None)
def recipe_sql(file: str) -> str:
    """The text of a recipe file shipped in this package."""
    return resources.files(__name__).joinpath(file).read_text(encoding="utf-8")


def recipe_files() -> list[str]:
    """Every recipe file name, sorted."""
    return sorted(p.name for p in resources.files(__name__).iterdir() if p.name.endswith(".sql"))
