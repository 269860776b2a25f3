"""Choosing a metric owner from the profile's people by their roles (Russian and English).

Why: a metric nobody owns does not move, and "the marketing department" is not an owner.
The engine therefore only ever proposes a *person's name* from ``profile.people``. Each
metric has an ordered list of responsibility areas (who usually steers it: repeat purchases
→ marketing, NRR → customer success, OTIF → operations, LTV → finance); each person's role
text is matched against keyword phrases per area. The first area that has a person wins;
among several people in the same area, the one with fewer metrics so far is chosen (spreading
ownership), then profile order. When nobody matches any area, the head of the business
(CEO/founder) is asked to own it, and failing that the first person listed.

"Director" alone (директор) is ambiguous — «финансовый директор» is finance, not the CEO — so
it counts as the CEO only when the role matches no other area.
"""

from __future__ import annotations

from functools import lru_cache

from metricsmith.models.profile import Person
from metricsmith.text import stems

AREA_KEYWORDS: dict[str, tuple[str, ...]] = {
    "ceo": (
        "ceo", "founder", "co-founder", "cofounder", "owner", "managing director", "general manager", "president",
        "chief executive", "генеральный директор", "гендиректор", "основатель", "сооснователь", "владелец",
        "собственник", "управляющий",
    ),
    "sales": (
        "sales", "account executive", "business development", "commercial", "vp sales", "cro",
        "продажи", "продаж", "коммерческий", "развитие бизнеса",
    ),
    "marketing": ("marketing", "growth", "cmo", "brand", "crm manager", "маркетинг", "маркетолог", "cmo", "рост"),
    "product": ("product", "cpo", "product manager", "продукт", "продуктовый", "владелец продукта"),
    "cs": (
        "customer success", "support", "customer service", "customer care", "client service", "account manager",
        "cs", "csm", "helpdesk", "поддержка", "поддержки", "клиентский сервис", "работе с клиентами",
        "клиентского сервиса", "заботы о клиентах", "аккаунт-менеджер",
    ),
    "ops": (
        "operations", "ops", "coo", "dispatch", "dispatcher", "logistics", "warehouse", "fulfilment", "fulfillment",
        "delivery", "service delivery", "операции", "операционный", "операциям", "логистика",
        "склад", "склада", "диспетчер", "производство", "доставка",
    ),
    "finance": (
        "finance", "financial", "cfo", "bookkeeper", "accountant", "controller", "финансы", "финансовый",
        "финансам", "бухгалтер", "главный бухгалтер", "экономист",
    ),
    "methodology": (
        "methodologist", "curriculum", "learning design", "instructional", "academic", "head of teaching",
        "методист", "методистов", "учебный", "учебной", "академический", "преподавателей",
    ),
    "career": ("career", "placement", "employment", "карьерный", "карьерного", "трудоустройство", "hr"),
}

#: Generic "director/head" words: the CEO only when nothing else in the role matches.
WEAK_CEO = ("director", "директор", "head", "руководитель")

#: Who usually steers each catalog metric, most likely first.
METRIC_AREAS: dict[str, tuple[str, ...]] = {
    "repeat_purchase_rate": ("marketing", "sales", "cs", "product"),
    "purchase_frequency": ("marketing", "sales", "product"),
    "average_order_value": ("marketing", "sales", "product"),
    "time_to_first_reorder": ("marketing", "cs", "product"),
    "retention_90d": ("marketing", "cs", "product"),
    "lead_conversion": ("sales", "marketing"),
    "lead_to_job_conversion": ("sales", "cs", "ops", "marketing"),
    "deals_closed": ("sales",),
    "revenue_new_customers": ("sales", "marketing"),
    "nrr": ("cs", "sales", "product"),
    "grr": ("cs", "sales", "product"),
    "customer_churn": ("cs", "product", "marketing"),
    "revenue_churn": ("cs", "finance", "sales"),
    "health_score": ("cs", "product"),
    "ltv": ("marketing", "finance", "sales"),
    "arpa": ("sales", "product", "finance"),
    "cac_payback": ("finance", "marketing", "sales"),
    "gross_margin": ("finance", "ops"),
    "ttv": ("product", "cs", "ops", "methodology"),
    "activation_to_outcome_ttv": ("product", "cs", "methodology", "ops"),
    "activation_rate": ("product", "cs", "marketing"),
    "adoption_rate": ("product", "cs"),
    "fcr": ("ops", "cs"),
    "first_response_time": ("cs", "ops"),
    "csat_after_visit": ("ops", "cs"),
    "csat": ("cs", "product", "ops"),
    "nps": ("cs", "marketing", "product"),
    "repeat_requests_6m": ("sales", "cs", "marketing", "ops"),
    "completion_rate": ("methodology", "product", "cs"),
    "training_completion_share": ("methodology", "product", "cs"),
    "placement_rate": ("career", "methodology", "cs"),
    "return_rate_by_reason": ("cs", "product", "ops"),
    "otif": ("ops", "cs"),
    "errors_per_1000_orders": ("ops",),
    "cost_per_unit": ("ops", "finance"),
    "time_per_unit": ("ops",),
    "requests_per_employee": ("ops", "cs"),
    "report_preparation_time": ("finance", "ops"),
    "paper_document_share": ("ops", "finance"),
    "online_channel_share": ("marketing", "sales", "product"),
    "multi_item_order_share": ("marketing", "product", "sales"),
    "fit_guidance_share": ("product", "marketing", "cs"),
    "match_rate": ("ops", "cs", "product"),
    "seller_retention": ("ops", "cs", "marketing"),
    "inventory_accuracy": ("ops",),
    "dock_to_stock_time": ("ops",),
    "first_attempt_delivery_rate": ("ops", "cs"),
    "vehicle_load_factor": ("ops", "finance"),
    "cost_per_delivery": ("ops", "finance"),
    "logo_churn": ("cs", "product", "marketing"),
    "seat_utilisation": ("cs", "product"),
    "trial_to_paid_conversion": ("product", "marketing", "sales"),
    "reenrolment_rate": ("sales", "marketing", "methodology"),
    "weekly_active_learners": ("methodology", "product", "cs"),
    "refund_rate": ("cs", "methodology", "product"),
    "quote_turnaround_time": ("sales", "cs", "ops"),
    "customer_effort_score": ("cs", "product"),
}

#: Fallback by catalog category when a metric has no entry above.
CATEGORY_AREAS: dict[str, tuple[str, ...]] = {
    "financial": ("finance", "sales"),
    "customer_value": ("cs", "marketing", "product"),
    "operational_efficiency": ("ops", "finance"),
    "usage_adoption": ("product", "cs", "methodology"),
    "strategic": ("ceo",),
}


@lru_cache(maxsize=1)
def _area_phrases() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple((area, tuple(tuple(stems(p)) for p in phrases)) for area, phrases in AREA_KEYWORDS.items())


def _has(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1))


def role_areas(role: str) -> frozenset[str]:
    """Responsibility areas a role text points at (e.g. "руководитель маркетинга" → marketing)."""
    seq = stems(role)
    found = {area for area, phrases in _area_phrases() if any(_has(seq, p) for p in phrases)}
    if not found and any(_has(seq, tuple(stems(w))) for w in WEAK_CEO):
        found.add("ceo")
    return frozenset(found)


def areas_for(metric_id: str, category: str) -> tuple[str, ...]:
    """The ordered responsibility areas for a metric, ending with the CEO."""
    base = METRIC_AREAS.get(metric_id) or CATEGORY_AREAS.get(category, ())
    return tuple(dict.fromkeys(base + ("ceo",)))


class OwnerPicker:
    """Assigns owners across a metric set, spreading the load within an area."""

    def __init__(self, people: list[Person]) -> None:
        self.people = [p for p in people if p.name]
        self.areas = [role_areas(p.role) for p in self.people]
        self.load = [0] * len(self.people)

    def pick(self, metric_id: str, category: str) -> tuple[str, str]:
        """``(name, role)`` of the owner, or ``("", "")`` when the profile lists nobody."""
        if not self.people:
            return "", ""
        for area in areas_for(metric_id, category):
            matches = [i for i, a in enumerate(self.areas) if area in a]
            if matches:
                i = min(matches, key=lambda k: (self.load[k], k))
                return self._take(i)
        return self._take(0)

    def keep(self, name: str) -> None:
        """Count an owner that was kept from elsewhere (e.g. a replaced metric's owner)."""
        for i, p in enumerate(self.people):
            if p.name == name:
                self.load[i] += 1

    def _take(self, i: int) -> tuple[str, str]:
        self.load[i] += 1
        return self.people[i].name, self.people[i].role
