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


class Catalog(BaseModel):
    """All entries, with lookups by id."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[CatalogEntry, ...]

    def get(self, entry_id: str) -> CatalogEntry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(f"no catalog metric '{entry_id}'")

    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def for_industry(self, industry: str | None) -> list[CatalogEntry]:
        return [e for e in self.entries if e.fits_industry(industry)]

    def __iter__(self):  # type: ignore[override]
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _read_catalog_text() -> str:
    return resources.files("metricsmith.catalog").joinpath("metrics.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """Load and validate the shipped catalog (cached: the file is read once per process)."""
    import yaml

    data = yaml.safe_load(_read_catalog_text())
    entries = data["metrics"] if isinstance(data, dict) else data
    return Catalog(entries=tuple(CatalogEntry.model_validate(e) for e in entries))
