"""Industry packs, monetisation models, sales channels and owner roles, read from ``packs.yaml``.

Why data and not Python: which metrics answer the seeds' questions for a shop or a SaaS, which
words mean "marketplace" or «подписка», and which role owns what are business knowledge a
consultant should be able to read and extend without touching the engine. This module only
defines the schema (validated once, with errors that name the file and the key) and small
lookups with the general pack as the fallback for an industry outside the packs.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(_Strict):
    en: str = Field(..., min_length=1)
    ru: str = Field(..., min_length=1)

    def get(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


class MetricLists(_Strict):
    """Catalog ids per role in a draft, most typical first."""

    first_value: tuple[str, ...] = ()
    repeat: tuple[str, ...] = ()
    quality: tuple[str, ...] = ()
    leading: tuple[str, ...] = ()


class GeneralPack(MetricLists):
    monetisation: tuple[str, ...] = ()
    core: tuple[str, ...] = ()


class IndustryPack(MetricLists):
    labels: Labels
    aliases: tuple[str, ...] = ()
    keywords: dict[str, float] = Field(default_factory=dict)
    default_model: str | None = None


class ModelPack(_Strict):
    labels: Labels
    aliases: tuple[str, ...] = ()
    keywords: dict[str, float] = Field(default_factory=dict)
    repeat: tuple[str, ...] = ()
    monetisation: tuple[str, ...] = ()


class Packs(_Strict):
    """Everything in ``packs.yaml``; lookups fall back to the general pack."""

    general_words: frozenset[str]
    general: GeneralPack
    industries: dict[str, IndustryPack]
    model_priority: tuple[str, ...]
    models: dict[str, ModelPack]
    channels: dict[str, tuple[str, ...]]
    roles: dict[str, tuple[str, ...]]
    weak_ceo: tuple[str, ...]
    category_areas: dict[str, tuple[str, ...]]
    families: tuple[frozenset[str], ...] = ()
    first_value_clock: frozenset[str] = frozenset()
    average_check: frozenset[str] = frozenset()

    def _industry(self, industry: str | None) -> MetricLists:
        return self.industries.get(industry or "", self.general)

    def own(self, industry: str | None, part: str) -> tuple[str, ...]:
        """One list of the industry's own pack (empty outside the packs): ``part`` is
        first_value, repeat, quality or leading."""
        pack = self.industries.get(industry or "")
        return getattr(pack, part) if pack is not None else ()

    def first_value(self, industry: str | None) -> tuple[str, ...]:
        return self._industry(industry).first_value or self.general.first_value

    def repeat(self, industry: str | None) -> tuple[str, ...]:
        return self._industry(industry).repeat or self.general.repeat

    def quality(self, industry: str | None) -> tuple[str, ...]:
        return self._industry(industry).quality or self.general.quality

    def leading(self, industry: str | None) -> tuple[str, ...]:
        return self._industry(industry).leading or self.general.leading

    def repeat_by_model(self, model: str | None) -> tuple[str, ...]:
        """How repetition is measured under a recurring model (churn / retention), else nothing."""
        pack = self.models.get(model or "")
        return pack.repeat if pack is not None else ()

    def monetisation(self, model: str | None) -> tuple[str, ...]:
        pack = self.models.get(model or "")
        return pack.monetisation if pack is not None and pack.monetisation else self.general.monetisation

    def default_model(self, industry: str | None) -> str | None:
        pack = self.industries.get(industry or "")
        return pack.default_model if pack is not None else None

    def industry_label(self, industry: str, lang: str) -> str:
        return self.industries[industry].labels.get(lang)

    def model_label(self, model: str, lang: str) -> str:
        return self.models[model].labels.get(lang)

    def industry_aliases(self) -> dict[str, str]:
        """Whole-answer spellings → industry id (ids themselves included)."""
        out: dict[str, str] = {}
        for key, pack in self.industries.items():
            out[key] = key
            out.update(dict.fromkeys(pack.aliases, key))
        return out

    def model_aliases(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, pack in self.models.items():
            out[key] = key
            out.update(dict.fromkeys(pack.aliases, key))
        return out


def parse_packs(data: object, source: str = "packs.yaml") -> Packs:
    """Validate ``data``; a :class:`~metricsmith.errors.MetricsmithError` names the file and the key."""
    from metricsmith.errors import MetricsmithError

    try:
        return Packs.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise MetricsmithError(f"{source}: {where}: {first['msg']}", field=where) from None


@lru_cache(maxsize=1)
def load_packs() -> Packs:
    """The shipped packs (read once per process with libyaml's C loader)."""
    from metricsmith.io.fast_yaml import load_yaml

    text = resources.files("metricsmith.catalog").joinpath("packs.yaml").read_text(encoding="utf-8")
    return parse_packs(load_yaml(text))
