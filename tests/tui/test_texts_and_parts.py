"""The parts behind the workbench without a UI: string table, key table, chart, undo stack, derived texts."""

from __future__ import annotations

import datetime as dt
import re
import string

from metricsmith.models.metric import Metric
from metricsmith.models.profile import Profile
from metricsmith.models.project import Project
from metricsmith.tui import editing
from metricsmith.tui.chart import BASELINE, TARGET, trend_lines
from metricsmith.tui.derived import refresh_derived
from metricsmith.tui.keys import GLOBAL_KEYS, key_label
from metricsmith.tui.strings import LANGUAGES, has_text, texts
from metricsmith.tui.undo import UndoStack


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_every_text_and_the_same_placeholders() -> None:
    """Every domain of the localisation layer (the UI, errors, the command line), not only the UI's."""
    from metricsmith import i18n

    assert LANGUAGES == ("en", "ru")
    assert sorted(p.name for p in (i18n.LOCALES / "ru").glob("*.yaml")) == [f"{d}.yaml" for d in i18n.domains()]
    assert {"tui", "errors", "cli"} <= set(i18n.domains())
    for domain in i18n.domains():
        en, ru = i18n.texts("en", domain), i18n.texts("ru", domain)
        assert set(en) == set(ru), (domain, set(en) ^ set(ru))
        for key in en:
            assert en[key].strip() and ru[key].strip(), (domain, key)
            assert _fields(en[key]) == _fields(ru[key]), (domain, key)
    assert len(texts("en")) > 150 and texts("en") == i18n.texts("en", "tui")


def test_no_markup_in_texts() -> None:
    markup = re.compile(r"\[/?[a-z ]+\]")
    assert not [k for lang in LANGUAGES for k, t in texts(lang).items() if markup.search(t)]


def test_every_tr_call_names_an_existing_text() -> None:
    """Each literal key passed to ``tr`` in the UI code exists (a typo would crash a screen)."""
    from pathlib import Path

    import metricsmith.tui as tui

    used: set[str] = set()
    for path in Path(tui.__file__).parent.glob("*.py"):
        used |= set(re.findall(r"\btr\((?:[a-z_]+, )?\"([a-z0-9_]+)\"(?!\s*\+)", path.read_text(encoding="utf-8")))
    assert len(used) > 80
    assert not [k for k in used if not has_text(k)]


def test_every_key_in_the_key_tables_has_a_text() -> None:
    from metricsmith.tui.drafting import KEYS as DRAFTING
    from metricsmith.tui.interview import KEYS as INTERVIEW
    from metricsmith.tui.welcome import KEYS as WELCOME
    from metricsmith.tui.workbench import KEYS as WORKBENCH

    for spec in (*WORKBENCH, *INTERVIEW, *WELCOME, *DRAFTING, *GLOBAL_KEYS):
        assert has_text(spec.text), spec
    assert key_label("f1,question_mark") == "F1 / ?"
    assert key_label("ctrl+up") == "Ctrl+↑"
    assert key_label("u,ctrl+z") == "u / Ctrl+Z"


def test_chart_draws_bars_baseline_and_target() -> None:
    points = [(dt.date(2026, m, 28), v) for m, v in ((8, 10.0), (9, 14.0), (10, 18.0))]
    lines = trend_lines(points, baseline=10, target=20, target_date=dt.date(2026, 12, 31), width=40, height=5)
    body = "\n".join(lines)
    assert BASELINE in body and TARGET in body and "█" in body
    assert "2026-08-28 … 2026-10-28" in body and "2026-12-31" in body
    assert all(len(line) <= 60 for line in lines)
    # bars grow left to right: the last bar reaches a higher row than the first
    rows_with_block = [i for i, line in enumerate(lines[:5]) if any(c in line for c in "▁▂▃▄▅▆▇█")]
    first_bar_top = min(i for i, line in enumerate(lines[:5]) if len(line) > 7 and line[7] != " " and line[7] not in BASELINE + TARGET)
    assert rows_with_block[0] < first_bar_top
    assert trend_lines([]) == []


def _project() -> Project:
    return Project(profile=Profile(language="en", goals=["G"]), metrics=[
        Metric(id="a", name="Calls", unit="count", baseline=100, target=150),
        Metric(id="b", name="NRR", unit="%", catalog_id="nrr", baseline=98, target=108),
    ])


def test_undo_stack_restores_metrics_and_goals() -> None:
    p = _project()
    stack = UndoStack()
    stack.record(p)
    editing.change_metric(p, "a", lambda m: setattr(m, "name", "Deals"))
    editing.add_goal(p, "New")
    assert stack.undo(p)
    assert p.metric("a").name == "Calls" and [g.title for g in p.profile.goals] == ["G"]
    assert stack.redo(p)
    assert p.metric("a").name == "Deals" and [g.title for g in p.profile.goals] == ["G", "New"]
    assert not stack.redo(p)


def test_change_metric_never_changes_the_old_object() -> None:
    p = _project()
    before = p.metric("a")
    after = editing.change_metric(p, "a", lambda m: setattr(m, "target", 200))
    assert before.target == 150 and after.target == 200 and p.metric("a") is after


def test_replacement_keeps_numbers_only_for_the_same_measure() -> None:
    p = _project()
    same = Metric(id="n2", name="Net revenue retention", catalog_id="nrr")
    assert editing.dropped_values(p.metric("b"), same, "en") == []
    kept = editing.replace_metric(p, "b", same)
    assert (kept.baseline, kept.target) == (98, 108)
    other = Metric(id="c", name="Call-to-deal conversion", unit="%")
    lost = editing.dropped_values(p.metric("a"), other, "en")
    assert any("100" in x for x in lost) and any("150" in x for x in lost)
    new = editing.replace_metric(p, "a", other)
    assert new.baseline is None


def test_ranked_candidates_put_the_engines_pick_and_the_suggestion_first() -> None:
    from metricsmith.models.project import Finding

    p = _project()
    p.findings = [Finding(rule="activity-as-value", severity="warning", metric_id="a", message="m",
                          suggestion_catalog_id="nps")]
    pick = Metric(id="x", name="Engine pick")
    ranked = editing.replacement_candidates(p, p.metric("a"), "en", [pick])
    assert ranked[0][1].name == "Engine pick"
    assert ranked[1][1].catalog_id == "nps"
    assert "nrr" not in [m.catalog_id for _, m in ranked]  # already in the project


def test_derived_texts_follow_the_fields() -> None:
    profile = Profile(language="ru", people=[{"name": "Ира", "role": "директор"}])  # type: ignore[list-item]
    before = Metric(id="a", name="X", owner="Олег", owner_role="продажи",
                    comment="Сначала измерьте текущее значение «X» за последний период (окно — месяц; формула — "
                            "в таблице Value Management), затем поставьте цель. Дальше — план.")
    after = before.model_copy(update={"baseline": 5.0, "owner": "Ира"})
    refresh_derived(before, after, profile)
    assert after.comment == "Дальше — план." and after.owner_role == "директор"


def test_known_numbers_keep_their_units_and_the_russian_decimal_comma() -> None:
    from metricsmith.interview import read_answer, write_answer

    profile = Profile(language="ru")
    write_answer(profile, "known_numbers", {"known_numbers": "доля: 12 %\nчек: 1200,5 EUR\nсрок: 4 дня\nx: 7,5"})
    text = read_answer(profile, "known_numbers")["known_numbers"]
    assert text == "доля: 12 %\nчек: 1200,5 EUR\nсрок: 4 дн.\nx: 7,5"
    write_answer(profile, "known_numbers", {"known_numbers": text})  # read back as the same numbers and units
    assert profile.known_numbers == {"доля": 12.0, "чек": 1200.5, "срок": 4.0, "x": 7.5}
    assert profile.known_units == {"доля": "%", "чек": "EUR", "срок": "days"}


def test_every_key_runs_an_action_that_exists() -> None:
    """A key in a table whose action is missing would do nothing, silently."""
    from metricsmith.tui.app import MetricsmithApp
    from metricsmith.tui.drafting import DraftingScreen
    from metricsmith.tui.interview import InterviewScreen
    from metricsmith.tui.welcome import WelcomeScreen
    from metricsmith.tui.workbench import WorkbenchScreen

    for screen in (WorkbenchScreen, InterviewScreen, WelcomeScreen, DraftingScreen):
        for spec in (*screen.KEYS, *GLOBAL_KEYS):
            name = spec.action.split("(")[0]
            owner = MetricsmithApp if name.startswith("app.") else screen
            assert hasattr(owner, "action_" + name.removeprefix("app.")), (screen.__name__, spec)
