"""The built-in bilingual metric catalog.

The entries live in ``metrics.yaml`` next to this module (data, not Python
literals, so that a consultant can read and extend them). This module defines
their schema and loads them once per process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from metricsmith.models.metric import Category, Conventions, Direction, Kind

#: Industry packs. ``any`` marks metrics that fit every business.
Industry = Literal["retail", "services", "education", "saas", "logistics", "marketplace", "any"]
INDUSTRIES: tuple[str, ...] = ("retail", "services", "education", "saas", "logistics", "marketplace")

#: Monetisation models. ``any`` marks metrics that fit every model.
Monetisation = Literal["subscription", "transactions", "services", "seats", "licences", "ads", "any"]
MONETISATION_MODELS: tuple[str, ...] = ("subscription", "transactions", "services", "seats", "licences", "ads")

#: The unit vocabulary the catalog uses (tests keep entries inside it).
UNITS: tuple[str, ...] = ("%", "days", "hours", "minutes", "months", "currency", "count", "points", "ratio", "score")

#: Human labels for categories, directions and units in both languages (catalog listings, reports).
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "financial": "financial",
        "customer_value": "customer value",
        "operational_efficiency": "operational efficiency",
        "usage_adoption": "usage and adoption",
        "strategic": "strategic",
    },
    "ru": {
        "financial": "финансы",
        "customer_value": "ценность для клиента",
        "operational_efficiency": "операционная эффективность",
        "usage_adoption": "использование и вовлечённость",
        "strategic": "стратегия",
    },
}
DIRECTION_LABELS: dict[str, dict[str, str]] = {
    "en": {"up": "higher is better", "down": "lower is better"},
    "ru": {"up": "чем больше, тем лучше", "down": "чем меньше, тем лучше"},
}
UNIT_LABELS: dict[str, dict[str, str]] = {
    "en": {u: u for u in UNITS},
    "ru": {
        "%": "%", "days": "дни", "hours": "часы", "minutes": "минуты", "months": "месяцы",
        "currency": "деньги", "count": "шт.", "points": "пункты", "ratio": "коэф.", "score": "баллы",
    },
}


class Text(BaseModel):
    """A text in both languages; both are required and non-empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(..., min_length=1)
    ru: str = Field(..., min_length=1)

    def get(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


class Keywords(BaseModel):
    """Words and phrases (any form; matching stems them) that point at this metric."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: tuple[str, ...] = ()
    ru: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.en + self.ru


class CatalogEntry(BaseModel):
    """One metric of the catalog with everything both tables need, in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(..., pattern=r"^[a-z0-9][a-z0-9_]*$")
    category: Category
    kind: Kind
    unit: str = Field(..., min_length=1, description="%, days, hours, currency, count, points, ratio, score")
    direction: Direction
    period: str = Field("month", description="Default measurement window.")
    industries: tuple[Industry, ...] = Field(..., min_length=1)
    monetisation: tuple[Monetisation, ...] = ("any",)
    keywords: Keywords
    name: Text
    short: Text | None = Field(None, description="Abbreviation, e.g. NPS, LTV.")
    formula: Text
    why: Text
    where_used: Text
    example: Text
    plan: Text
    data_source: Text | None = None
    conventions: Conventions = Field(default_factory=Conventions)
    bounds: tuple[float | None, float | None] = Field(
        (None, None), description="Possible value range, e.g. (0, 100) for shares, (-100, 100) for NPS."
    )
    typical_change: float = Field(
        0.1, description="Typical relative improvement over a quarter, used to propose targets (0.1 = 10 %)."
    )
    drivers: tuple[str, ...] = Field(
        (),
        description="Ids of leading metrics that move this one (the steering wheels of this speedometer).",
    )
    channels: tuple[Literal["online", "offline"], ...] = Field(
        (), description="Sales channels the metric makes sense for; empty = any (e.g. shelf availability: offline)."
    )
    owner_areas: tuple[str, ...] = Field(
        (), description="Who usually steers it, most likely first (areas of packs.yaml `roles`: cs, marketing, ops …)."
    )

    @field_validator("industries", "monetisation")
    @classmethod
    def _no_duplicates(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(v)) != len(v):
            raise ValueError("listed twice")
        return v

    def fits_industry(self, industry: str | None) -> bool:
        return "any" in self.industries or (industry is not None and industry in self.industries)

    def fits_monetisation(self, model: str | None) -> bool:
        return "any" in self.monetisation or (model is not None and model in self.monetisation)

    def fits_channel(self, channel: str | None) -> bool:
        """``False`` only when the business sells through one channel and the metric is for another."""
        return not self.channels or channel is None or channel in self.channels


class Catalog(BaseModel):
    """All entries, with lookups by id."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[CatalogEntry, ...]

    @field_validator("entries")
    @classmethod
    def _unique_ids(cls, v: tuple[CatalogEntry, ...]) -> tuple[CatalogEntry, ...]:
        seen: set[str] = set()
        for e in v:
            if e.id in seen:
                raise ValueError(f"catalog id '{e.id}' is used twice")
            seen.add(e.id)
        return v

    def get(self, entry_id: str) -> CatalogEntry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(f"no catalog metric '{entry_id}'")

    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def for_industry(self, industry: str | None) -> list[CatalogEntry]:
        return [e for e in self.entries if e.fits_industry(industry)]

    def find(self, entry_id: str) -> CatalogEntry | None:
        """The entry with this id, or ``None`` (no exception, for optional lookups)."""
        return next((e for e in self.entries if e.id == entry_id), None)

    def select(
        self,
        industry: str | None = None,
        category: str | None = None,
        monetisation: str | None = None,
    ) -> list[CatalogEntry]:
        """Entries fitting every given filter (``None`` = no filter), in catalog order.

        An industry filter keeps entries marked ``any``; ``industry="any"`` keeps only those.
        Unknown values raise :class:`~metricsmith.errors.MetricsmithError` listing the valid ones,
        so a typo on the command line does not silently print an empty table.
        """
        from metricsmith.errors import MetricsmithError
        from metricsmith.models.metric import CATEGORIES

        def norm(value: str | None, valid: tuple[str, ...], field: str) -> str | None:
            if value is None:
                return None
            key = value.strip().lower().replace("-", "_").replace(" ", "_")
            if key not in valid:
                raise MetricsmithError(
                    f"unknown {field} '{value}'", field=field, hint="valid: " + ", ".join(valid)
                )
            return key

        ind = norm(industry, (*INDUSTRIES, "any"), "industry")
        cat = norm(category, tuple(CATEGORIES), "category")
        mon = norm(monetisation, (*MONETISATION_MODELS, "any"), "monetisation")
        out = []
        for e in self.entries:
            if ind == "any" and "any" not in e.industries:
                continue
            if ind not in (None, "any") and not e.fits_industry(ind):
                continue
            if cat is not None and e.category != cat:
                continue
            if mon == "any" and "any" not in e.monetisation:
                continue
            if mon not in (None, "any") and not e.fits_monetisation(mon):
                continue
            out.append(e)
        return out

    def lookup(self, name: str) -> CatalogEntry | None:
        """The entry a user-typed metric name refers to, or ``None``.

        Tries, in order: the id; the abbreviation or full name in either language
        (case-insensitive); then a keyword phrase whose word stems all occur in ``name``
        (the longest such phrase wins, so "net revenue retention" beats "retention").
        """
        from metricsmith.text import normalise

        if not name or not name.strip():
            return None
        key = normalise(name.strip())
        by_id = self.find(key.replace(" ", "_").replace("-", "_"))
        if by_id is not None:
            return by_id
        for e in self.entries:
            texts = [e.name.en, e.name.ru]
            if e.short is not None:
                texts += [e.short.en, e.short.ru]
            if any(normalise(t) == key for t in texts):
                return e
        from metricsmith.catalog.matcher import phrase_entry

        return phrase_entry(self, name)

    def __iter__(self):  # type: ignore[override]
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _read_catalog_text() -> str:
    return resources.files("metricsmith.catalog").joinpath("metrics.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """Load and validate the shipped catalog (cached: the file is read once per process)."""
    from metricsmith.io.fast_yaml import load_yaml

    # libyaml's C loader parses the catalog ~8x faster than the pure-Python one (propose start-up).
    data = load_yaml(_read_catalog_text())
    entries = data["metrics"] if isinstance(data, dict) else data
    return Catalog(entries=tuple(CatalogEntry.model_validate(e) for e in entries))


def entry_as_dict(entry: CatalogEntry, lang: str | None = None) -> dict:
    """A JSON-ready dict of ``entry``; with ``lang`` the bilingual texts become plain strings."""
    data = entry.model_dump(mode="json")
    if lang in ("ru", "en"):
        for key in ("name", "short", "formula", "why", "where_used", "example", "plan", "data_source"):
            if isinstance(data.get(key), dict):
                data[key] = data[key][lang]
        data["keywords"] = list(data["keywords"][lang])
    data["conventions"] = {k: v for k, v in data["conventions"].items() if v is not None}
    return data
