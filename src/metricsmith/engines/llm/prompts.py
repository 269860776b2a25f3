"""Rendering the Jinja2 prompt templates shipped in ``prompts/<language>/``.

Why a module of its own: the templates live outside the Python package in the
source tree (top-level ``prompts/``, easy to review and edit) but inside it in
the wheel (``metricsmith/prompts``), so one loader finds either. Rendering uses
``StrictUndefined`` so a template that names a missing variable fails loudly in
tests instead of sending the model a prompt with a silent gap.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from metricsmith.models.profile import Profile

TEMPLATES: tuple[str, ...] = (
    "system",
    "propose_metrics",
    "fill_tracking",
    "fill_value",
    "replace_metrics",
    "follow_up",
    "retry",
)
LANGUAGES: tuple[str, ...] = ("en", "ru")


def prompts_dir() -> Path:
    """The folder holding ``en/`` and ``ru/``: installed package first, then the source tree."""
    package_root = Path(__file__).resolve().parents[2]  # .../metricsmith
    candidates = [package_root / "prompts", package_root.parents[1] / "prompts"]
    for candidate in candidates:
        if (candidate / "en" / "system.j2").is_file():
            return candidate
    from metricsmith.errors import EngineError

    raise EngineError(
        "the prompt templates are missing from this installation",
        hint="reinstall metricsmith; the wheel ships them as metricsmith/prompts",
    )


@lru_cache(maxsize=4)
def _environment(language: str):  # -> jinja2.Environment
    import jinja2

    folder = prompts_dir() / language
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=False,
    )


def render(name: str, language: str, /, **context: Any) -> str:
    """Render ``prompts/<language>/<name>.j2``; an undefined variable raises ``jinja2.UndefinedError``."""
    lang = language if language in LANGUAGES else "en"
    text = _environment(lang).get_template(f"{name}.j2").render(**context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:  # collapse runs of blank lines left by conditional blocks
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def _goal_measures(profile: Profile) -> list[dict[str, str]]:
    """Each goal's own measure as the offline engine reads it, for the model to keep as is."""
    from metricsmith.engines.goal_metrics import quantity_text
    from metricsmith.engines.measure_contract import stated_measures

    out = []
    lang = profile.language
    for title, m in stated_measures(profile).items():
        numbers = ""
        if m.baseline is not None and m.target is not None:
            numbers = f"{quantity_text(m.baseline, m.unit, lang)} → {quantity_text(m.target, m.unit, lang)}"
        out.append({"goal": title, "name": m.phrase, "numbers": numbers, "period": m.period or ""})
    return out


def profile_context(profile: Profile) -> dict[str, Any]:
    """The profile as plain template variables (templates never see pydantic objects)."""
    check = profile.monetisation.average_check
    if isinstance(check, float):
        check_text = format(check, "g")
    else:
        check_text = check or ""
    return {
        "language": profile.language,
        "business": {
            "name": profile.business.name,
            "description": profile.business.description,
            "industry": profile.business.industry,
            "customer_type": profile.business.customer_type,
        },
        "first_value": {
            "description": profile.first_value.description,
            "start_event": profile.first_value.start_event,
            "value_event": profile.first_value.value_event,
        },
        "repeat": {"description": profile.repeat.description},
        "monetisation": {
            "model": profile.monetisation.model,
            "average_check": check_text,
            "currency": profile.monetisation.currency,
        },
        "goals": [
            {"title": g.title, "problem": g.problem, "expected_result": g.expected_result}
            for g in profile.goals
            if g.title
        ],
        "goal_measures": _goal_measures(profile),
        "known_numbers": [
            {"name": k, "value": format(v, "g") if isinstance(v, float) else v}
            for k, v in profile.known_numbers.items()
        ],
        "people": [{"name": p.name, "role": p.role} for p in profile.people if p.name],
        "data_sources": list(profile.data_sources),
        "segments": list(profile.segments),
    }
