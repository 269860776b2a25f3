"""Every prompt template renders with fixture data, in both languages, with no undefined variable."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from metricsmith.engines.llm import LLMEngine
from metricsmith.engines.llm.engine import _metric_lines
from metricsmith.engines.llm.fake import ScriptedChatModel, valid_responder
from metricsmith.engines.llm.prompts import LANGUAGES, TEMPLATES, profile_context, prompts_dir, render
from metricsmith.io.profile_file import load_profile
from metricsmith.models.project import Finding

TOKEN_BUDGET = 2500


def _fixture_profiles(profiles_dir: Path) -> list[Path]:
    paths = sorted(profiles_dir.glob("*.yaml"))
    assert paths, "the fixture profiles are part of the repository"
    return paths


def _context(name: str, profile, metrics) -> dict:
    ctx = profile_context(profile)
    lines = _metric_lines(metrics)
    extra = {
        "system": {},
        "propose_metrics": {},
        "fill_tracking": {"metrics": lines},
        "fill_value": {"metrics": lines},
        "replace_metrics": {"metrics": lines, "flagged": [
            {"key": lines[0]["key"], "name": lines[0]["name"], "message": "counts effort", "suggestion": "deals won"},
        ]},
        "follow_up": {"question_id": "first_value", "question": "Where is the aha moment?",
                      "answer": "customers love it", "context": "Tidy"},
        "retry": {"error": "rows: missing key", "truncated": True},
    }[name]
    if name in ("system", "follow_up", "retry"):
        return extra
    return {**ctx, **extra}


def test_every_template_exists_in_both_languages():
    root = prompts_dir()
    for lang in LANGUAGES:
        names = {p.stem for p in (root / lang).glob("*.j2") if not p.stem.startswith("_")}
        assert names == set(TEMPLATES), lang
    assert {p.name for p in (root / "en").glob("*.j2")} == {p.name for p in (root / "ru").glob("*.j2")}


def test_every_template_renders_with_every_fixture_profile(profiles_dir, settings):
    from metricsmith.engines.llm.fake import metric_set_answer
    from metricsmith.engines.llm.schemas import MetricSetOutput, draft_to_metric

    for path in _fixture_profiles(profiles_dir):
        profile = load_profile(path)
        drafts = MetricSetOutput.model_validate(metric_set_answer(profile)).metrics
        metrics = [draft_to_metric(d, profile) for d in drafts]
        for lang in LANGUAGES:
            for name in TEMPLATES:
                text = render(name, lang, **_context(name, profile, metrics))
                assert text.strip() and "{{" not in text and "{%" not in text, (path.name, lang, name)
                if lang == "ru":
                    assert any("а" <= ch <= "я" for ch in text.lower()), name


@pytest.mark.parametrize("name", [n for n in TEMPLATES if n != "system"])
def test_a_missing_variable_fails_loudly(name, profile):
    with pytest.raises(jinja2.UndefinedError):
        render(name, "en")


def test_prompts_carry_the_method(profile):
    ctx = profile_context(profile)
    propose = render("propose_metrics", "en", **ctx)
    for phrase in ("5 and 7", "first value", "repeats", "monetised", "leading", "lagging"):
        assert phrase in propose
    assert "contract signed" in propose and "first cleaning approved" in propose
    tracking = render("fill_tracking", "en", **ctx, metrics=[])
    for phrase in ("baseline", "target", "person", "comment", "replace"):
        assert phrase in tracking
    value = render("fill_value", "en", **ctx, metrics=[])
    for phrase in ("formula", "why", "where_used", "example", "plan"):
        assert phrase in value
    assert "Ana Ruiz (CEO)" in propose and "monthly churn = 6" in propose


def test_prompt_tokens_stay_within_budget_for_fixture_profiles(profiles_dir, settings):
    """Pessimistic estimate (3 characters per token) of prompt plus tool schema, per call."""
    for path in _fixture_profiles(profiles_dir):
        profile = load_profile(path)
        model = ScriptedChatModel(responder=valid_responder(profile))
        engine = LLMEngine(settings, chat_model=model)
        project = engine.propose(profile)
        ids = [m.id for m in project.metrics[:3]]
        engine.replace(project, ids, [Finding(rule="vanity", metric_id=i, message="reach only") for i in ids])
        assert len(project.llm_calls) == 4
        for call in project.llm_calls:
            assert call.input_tokens <= TOKEN_BUDGET, (path.name, call.step, call.input_tokens)


def test_templates_are_found_in_an_installed_layout(tmp_path):
    """The wheel ships ``prompts`` as ``metricsmith/prompts``; the loader must find them there."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "src" / "metricsmith", tmp_path / "metricsmith",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "prompts", tmp_path / "metricsmith" / "prompts")
    code = ("from metricsmith.engines.llm.prompts import prompts_dir, render; "
            "print(prompts_dir()); print(render('retry', 'en', error='e', truncated=False))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    first = out.stdout.splitlines()[0]
    assert first == str(tmp_path / "metricsmith" / "prompts")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_answer_field_is_explained_by_its_prompt(lang):
    """The prompt names every field the schema demands (``missing`` of the follow-up used to go unexplained)."""
    from metricsmith.engines.llm import schemas as S

    pairs = [("propose_metrics", S.MetricDraft), ("fill_tracking", S.TrackingRowOut), ("fill_value", S.ValueRowOut),
             ("replace_metrics", S.ReplacementOut), ("follow_up", S.FollowUpOutput)]
    for name, model in pairs:
        text = (prompts_dir() / lang / f"{name}.j2").read_text(encoding="utf-8")
        assert [f for f in model.model_fields if f not in text] == [], (lang, name)
    follow = render("follow_up", lang, question_id="first_value", question="?", answer="x", context="")
    for value in ("event", "number", "customer_action", "none"):
        assert value in follow, (lang, value)


def test_metric_lines_read_naturally(profile):
    """Direction and window in words: no 'better up' in English, no «за month» in Russian."""
    lines = [{"key": "ttv", "name": "Time to value", "kind": "leading", "category": "customer_value",
              "unit": "days", "direction": "down", "period": "month", "goal": "Faster onboarding"}]
    ctx = {**profile_context(profile), "metrics": lines}
    en = render("fill_tracking", "en", **ctx)
    assert "lower is better, window: month" in en and "better down" not in en
    ru = render("fill_tracking", "ru", **ctx)
    assert "нужно снижать, окно: month" in ru and "за month" not in ru
