"""The business profile: the interview answers, as the YAML profile file holds them.

The YAML keys are a public contract (other tools write these files), so field
names here must not be renamed. Interview answers are typed by people, so every
field is optional and validators accept the loose shapes people actually write:
a single string where a list was expected, ``"Anna — CEO"`` for a person,
``"12 %"`` or ``"1 200 ₽"`` for a number.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Language = Literal["ru", "en"]

_SEPARATORS = re.compile(r"\s+[—–-]\s+|\s*[,;:]\s*|\s*\(\s*")


class _Section(BaseModel):
    """Base for profile sections: unknown keys are kept (the contract allows additions)."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)


def _refused(key: str, /, **values: object) -> Exception:
    """A validation error whose type is ``key``, a text of ``locales/*/errors.yaml``.

    The profile reader words it in its user's language from the type and ``values``;
    pydantic's own message is the English text.
    """
    from pydantic_core import PydanticCustomError

    from metricsmith.i18n import tr

    return PydanticCustomError(key, tr("en", "errors", key), values)


def _text(value: Any) -> str:
    """Coerce a scalar YAML value to text; ``None`` becomes empty."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format(value, "g")
    if isinstance(value, str):
        return value.strip()
    raise _refused("expected_text", found=type(value).__name__)


class Business(_Section):
    name: str = Field("", description="Business or product name.")
    description: str = Field("", description="One line: what the business does and for whom.")
    industry: str = Field("", description="Industry, free text or a catalog industry id.")
    customer_type: str = Field("", description="B2B, B2C, B2B2C or free text.")

    _coerce = field_validator("*", mode="before")(classmethod(lambda cls, v: _text(v)))


class FirstValue(_Section):
    description: str = Field("", description="Where the customer first feels value (the 'aha' moment).")
    start_event: str = Field("", description="Event that starts the clock: purchase, signup, contract.")
    value_event: str = Field("", description="Observable event that marks the first value.")

    _coerce = field_validator("*", mode="before")(classmethod(lambda cls, v: _text(v)))


class Repeat(_Section):
    description: str = Field("", description="How value repeats or grows: reorders, renewals, seats.")

    _coerce = field_validator("*", mode="before")(classmethod(lambda cls, v: _text(v)))


class Monetisation(_Section):
    model: str = Field("", description="subscription, transactions, services, seats, licences, ads or free text.")
    average_check: float | str | None = Field(None, description="Average check, as a number or as written.")
    currency: str = Field("", description="Currency code or symbol.")

    @field_validator("model", "currency", mode="before")
    @classmethod
    def _coerce_text(cls, v: Any) -> str:
        return _text(v)

    @field_validator("average_check", mode="before")
    @classmethod
    def _coerce_check(cls, v: Any) -> float | str | None:
        if v is None or v == "":
            return None
        if isinstance(v, bool):
            raise _refused("expected_number_not_yes_no")
        if isinstance(v, (int, float)):
            return _finite(v, "not_finite_check")
        if isinstance(v, str):
            number = parse_number(v)
            return number if number is not None else v.strip()
        raise _refused("expected_number_or_text", found=type(v).__name__)

    def average_check_value(self) -> float | None:
        """The average check as a number, when one can be read from the answer."""
        if isinstance(self.average_check, float):
            return self.average_check
        return None


class Goal(_Section):
    title: str = Field("", description="Short name of the goal.")
    problem: str = Field("", description="What problem the project solves.")
    expected_result: str = Field("", description="The result expected, ideally with a number.")

    _coerce = field_validator("*", mode="before")(classmethod(lambda cls, v: _text(v)))


class Person(_Section):
    name: str = Field("", description="A person's name (not a department).")
    role: str = Field("", description="Their role, used to match metric owners.")

    _coerce = field_validator("*", mode="before")(classmethod(lambda cls, v: _text(v)))


def parse_number(text: str) -> float | None:
    """Read a number out of a human answer: ``"12%"``, ``"1 200 ₽"``, ``"3,5"``, ``"-4.2 days"``.

    Returns ``None`` when the text holds no number or more than one, so that
    ``"from 3 to 5"`` is not silently read as 3.
    """
    cleaned = text.replace("\u00a0", " ").replace("\u202f", " ").replace("−", "-")
    cleaned = re.sub(r"(?<=\d)[ '](?=\d{3}\b)", "", cleaned)
    found = re.findall(r"[-+]?\d+(?:[.,]\d+)?", cleaned)
    if len(found) != 1:
        return None
    value = float(found[0].replace(",", "."))
    return value if math.isfinite(value) else None  # 400 digits are text, not infinity


def _finite(value: float, refusal: str, **values: object) -> float:
    """``value`` as a float; ``.inf``, ``.nan`` or 1e400 would be written into the project as ``NaN``/``Infinity``.

    ``refusal`` is the error text's key (what the number is), with ``values`` naming it.
    """
    number = float(value)
    if not math.isfinite(number):
        raise _refused(refusal, value=repr(value), **values)
    return number


def _split_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        parts = re.split(r"\s*[\n;,]\s*", value.strip())
        return [p for p in parts if p]
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    raise _refused("expected_list_or_text", found=type(value).__name__)


class Profile(BaseModel):
    """All interview answers. Every part may be missing; drafting copes with sparse profiles."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    language: Language = Field("en", description="Language of the answers and of the output.")
    business: Business = Field(default_factory=Business)
    first_value: FirstValue = Field(default_factory=FirstValue)
    repeat: Repeat = Field(default_factory=Repeat)
    monetisation: Monetisation = Field(default_factory=Monetisation)
    goals: list[Goal] = Field(default_factory=list)
    known_numbers: dict[str, float | str] = Field(default_factory=dict)
    known_units: dict[str, str] = Field(
        default_factory=dict,
        description="The unit each known number was written with (%, days, minutes, EUR …), read from its text.",
    )
    people: list[Person] = Field(default_factory=list)
    data_sources: list[str] = Field(default_factory=list)
    segments: list[str] = Field(default_factory=list)

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, v: Any) -> Any:
        if v is None or v == "":
            return "en"
        if isinstance(v, str):
            low = v.strip().lower()
            aliases = {"russian": "ru", "русский": "ru", "рус": "ru", "english": "en", "английский": "en"}
            return aliases.get(low, low)
        return v

    @field_validator("business", "first_value", "repeat", "monetisation", mode="before")
    @classmethod
    def _section(cls, v: Any, info: Any) -> Any:
        if v is None:
            return {}
        if isinstance(v, str):
            key = "model" if info.field_name == "monetisation" else "description"
            return {key: v}
        return v

    @field_validator("goals", mode="before")
    @classmethod
    def _goals(cls, v: Any) -> list[Any]:
        items = [v] if isinstance(v, str) and "\n" not in v else _split_list(v)
        return [{"title": item} if isinstance(item, str) else item for item in items]

    @field_validator("people", mode="before")
    @classmethod
    def _people(cls, v: Any) -> list[Any]:
        out: list[Any] = []
        for item in _split_list(v):
            if isinstance(item, str):
                parts = [p.strip(" )") for p in _SEPARATORS.split(item, maxsplit=1)]
                out.append({"name": parts[0], "role": parts[1] if len(parts) > 1 else ""})
            else:
                out.append(item)
        return out

    @field_validator("data_sources", "segments", mode="before")
    @classmethod
    def _strings(cls, v: Any) -> list[str]:
        return [_text(item) for item in _split_list(v) if _text(item)]

    @model_validator(mode="before")
    @classmethod
    def _units_of_known_numbers(cls, data: Any) -> Any:
        """Keep the unit a known number was written with ("18 minutes", «4 дня», "32 EUR"): the
        number alone cannot tell a goal measured in hours from one in days."""
        if not isinstance(data, dict) or "known_units" in data:
            return data
        raw = data.get("known_numbers")
        items = raw.items() if isinstance(raw, dict) else []
        units = {}
        for key, value in items:
            if isinstance(value, str):
                from metricsmith.engines.goal_measure import unit_of_text

                unit = unit_of_text(value)
                if unit:
                    units[str(key)] = unit
        return {**data, "known_units": units} if units else data

    @field_validator("known_numbers", mode="before")
    @classmethod
    def _numbers(cls, v: Any) -> Any:
        if v is None or v == "":
            return {}
        if isinstance(v, list):
            merged: dict[str, Any] = {}
            for item in v:
                if not isinstance(item, dict):
                    raise _refused("expected_pairs")
                merged.update(item)
            v = merged
        if not isinstance(v, dict):
            raise _refused("expected_pairs_found", found=type(v).__name__)
        out: dict[str, float | str] = {}
        for key, value in v.items():
            if isinstance(value, bool) or value is None:
                continue
            if isinstance(value, (int, float)):
                out[str(key)] = _finite(value, "not_finite_known", key=key)
            else:
                number = parse_number(str(value))
                out[str(key)] = number if number is not None else str(value).strip()
        return out

    def known_number(self, name: str) -> float | None:
        """The numeric value recorded under ``name`` (case-insensitive), if it is a number."""
        wanted = name.strip().lower()
        for key, value in self.known_numbers.items():
            if key.strip().lower() == wanted and isinstance(value, float):
                return value
        return None

    def missing_answers(self) -> list[str]:
        """Profile paths whose answers are empty; drafting reports these as 'would improve the draft'."""
        checks: dict[str, bool] = {
            "business.name": bool(self.business.name),
            "business.description": bool(self.business.description),
            "business.industry": bool(self.business.industry),
            "business.customer_type": bool(self.business.customer_type),
            "first_value.description": bool(self.first_value.description),
            "first_value.start_event": bool(self.first_value.start_event),
            "first_value.value_event": bool(self.first_value.value_event),
            "repeat.description": bool(self.repeat.description),
            "monetisation.model": bool(self.monetisation.model),
            "monetisation.average_check": self.monetisation.average_check is not None,
            "goals": bool(self.goals),
            "known_numbers": bool(self.known_numbers),
            "people": bool(self.people),
            "data_sources": bool(self.data_sources),
            "segments": bool(self.segments),
        }
        return [path for path, present in checks.items() if not present]

    def all_text(self) -> str:
        """Every free-text answer joined, for keyword detection (industry, model, goals)."""
        parts = [
            self.business.name,
            self.business.description,
            self.business.industry,
            self.business.customer_type,
            self.first_value.description,
            self.first_value.start_event,
            self.first_value.value_event,
            self.repeat.description,
            self.monetisation.model,
        ]
        for goal in self.goals:
            parts += [goal.title, goal.problem, goal.expected_result]
        parts += list(self.known_numbers)
        return "\n".join(p for p in parts if p)
