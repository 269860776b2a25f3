"""``metricsmith propose`` and ``metricsmith init`` through the real CLI entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from metricsmith.cli import main
from metricsmith.io.profile_file import load_profile
from metricsmith.io.project_file import load_project

PROFILES = Path(__file__).resolve().parents[2] / "fixtures" / "profiles"


def copy_fixture(name: str, folder: Path) -> Path:
    target = folder / name
    shutil.copyfile(PROFILES / name, target)
    return target


@pytest.mark.parametrize("name", ["retail_ru.yaml", "saas_b2b_en.yaml", "sparse_en.yaml"])
def test_propose_saves_next_to_the_profile_and_prints_both_tables(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile_path = copy_fixture(name, tmp_path)
    assert main(["propose", str(profile_path)]) == 0
    saved = profile_path.with_suffix(".json")
    project = load_project(saved)
    assert 5 <= len(project.metrics) <= 7
    assert project.profile == load_profile(profile_path)
    out = capsys.readouterr().out
    assert str(saved) in out
    ru = project.profile.language == "ru"
    assert ("Отслеживание доставки ценности" if ru else "Value-delivery tracking") in out
    assert "Value Management" in out
    assert project.metrics[0].name.split()[0] in out


def test_propose_with_output_and_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile_path = copy_fixture("logistics_ru.yaml", tmp_path)
    target = tmp_path / "out" / "client.json"
    target.parent.mkdir()
    assert main(["propose", str(profile_path), "-o", str(target), "--quiet"]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema_version"] >= 1 and data["metrics"]
    assert not profile_path.with_suffix(".json").exists()
    out = capsys.readouterr().out
    assert "Value Management" not in out and str(target) in out


def test_sparse_profile_lists_answers_that_would_help(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile_path = copy_fixture("sparse_en.yaml", tmp_path)
    assert main(["propose", str(profile_path)]) == 0
    out = capsys.readouterr().out
    assert "Would improve the draft" in out and "people with roles" in out


BAD_PROFILES = [
    ("missing", None, "file not found", None),
    ("syntax", "business:\n  name: [unclosed\n", "YAML", None),
    ("types", "language: en\ngoals:\n  - title: [1, 2]\n", "goals.0.title", None),
    ("language", "language: de\n", "language", None),
    ("empty", "# nothing here yet\n", "empty", None),
]


@pytest.mark.parametrize(("case", "text", "expected", "also"), BAD_PROFILES, ids=[c[0] for c in BAD_PROFILES])
def test_bad_profiles_fail_cleanly_and_write_nothing(
    case: str, text: str | None, expected: str, also: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile_path = tmp_path / f"{case}.yaml"
    if text is not None:
        profile_path.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["propose", str(profile_path)]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("metricsmith: error")]
    assert len(lines) == 1, err
    assert str(profile_path) in lines[0] and expected in lines[0]
    if also:
        assert also in lines[0]
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_industry_outside_the_packs_drafts_with_a_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile_path = tmp_path / "mining.yaml"
    profile_path.write_text(
        "language: en\nbusiness:\n  industry: asteroid mining\n  description: We sell mined ore to refineries\n",
        encoding="utf-8",
    )
    assert main(["propose", str(profile_path), "-o", str(tmp_path / "out.json")]) == 0
    out = capsys.readouterr().out
    assert "asteroid mining" in out and "outside the built-in packs" in out
    assert (tmp_path / "out.json").exists()


def test_yaml_error_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile_path = tmp_path / "p.yaml"
    profile_path.write_text("language: en\nbusiness:\n  name: Acme\n  description: [oops\n", encoding="utf-8")
    assert main(["propose", str(profile_path)]) == 2
    assert f"{profile_path}:" in capsys.readouterr().err


def test_llm_options_select_the_llm_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import metricsmith.api as api
    from metricsmith.engines.offline import OfflineEngine

    seen = {}

    def fake_propose(profile, *, settings=None, progress=None, **_):  # type: ignore[no-untyped-def]
        seen["settings"] = settings
        return OfflineEngine().propose(profile)

    monkeypatch.setattr(api, "propose", fake_propose)
    profile_path = copy_fixture("sparse_en.yaml", tmp_path)
    assert main(["propose", str(profile_path), "--model", "qwen2.5", "--base-url", "http://127.0.0.1:9/v1",
                 "--no-cache", "--no-replace", "--timeout", "5", "--quiet"]) == 0
    settings = seen["settings"]
    assert settings.engine == "llm" and settings.model == "qwen2.5"
    assert settings.base_url == "http://127.0.0.1:9/v1"
    assert settings.cache is False and settings.replace_flagged is False and settings.timeout == 5
    assert main(["propose", str(profile_path), "--quiet"]) == 0
    assert seen["settings"].engine == "offline"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_init_writes_a_template_that_parses_back(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "client.yaml"
    assert main(["init", str(target), "--lang", lang]) == 0
    text = target.read_text(encoding="utf-8")
    profile = load_profile(target)
    assert profile.language == lang
    for key in ("first_value", "start_event", "value_event", "repeat", "monetisation", "average_check", "business",
                "industry", "customer_type", "goals", "known_numbers", "people", "data_sources", "segments"):
        assert f"{key}:" in text
    assert ("Пример" in text) == (lang == "ru") and ("Example" in text) == (lang == "en")
    assert str(target) in capsys.readouterr().out


def test_init_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "client.yaml"
    target.write_text("language: ru\n", encoding="utf-8")
    assert main(["init", str(target), "--lang", "en"]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "language: ru\n"
    assert main(["init", str(target), "--lang", "en", "--force"]) == 0
    assert "Example" in target.read_text(encoding="utf-8")


def test_unedited_template_still_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new.yaml"
    assert main(["init", str(target), "--lang", "ru"]) == 0
    assert main(["propose", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Улучшит черновик" in out
    assert 5 <= len(load_project(target.with_suffix(".json")).metrics) <= 7


def test_offline_propose_imports_no_llm_or_ui_stack(tmp_path: Path) -> None:
    import subprocess
    import sys

    profile_path = copy_fixture("saas_b2b_en.yaml", tmp_path)
    code = (
        "import sys\n"
        "from metricsmith.cli import main\n"
        f"assert main(['propose', {str(profile_path)!r}, '--quiet']) == 0\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'langchain', 'langchain_core', 'openai', 'textual', 'pandas', 'duckdb'})\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_print_project_shows_findings_notices_and_llm_accounting() -> None:
    import io

    from rich.console import Console

    from metricsmith.cli.cmd_propose import print_project
    from metricsmith.engines.offline import OfflineEngine
    from metricsmith.models import Finding, LLMCall

    project = OfflineEngine().propose(load_profile(PROFILES / "saas_b2b_en.yaml"))
    first = project.metrics[0]
    project.findings = [Finding(rule="no-owner", metric_id=first.id, message="has no owner",
                                suggestion="Name one person")]
    project.llm_calls = [
        LLMCall(step="metric_set", model="m1", input_tokens=1200, output_tokens=300, latency_s=1.5),
        LLMCall(step="value", model="m1", input_tokens=800, output_tokens=700, latency_s=2.25, cached=True),
    ]
    buffer = io.StringIO()
    print_project(project, Console(file=buffer, width=200, highlight=False))
    out = buffer.getvalue()
    assert "no-owner" in out and "Name one person" in out and first.name in out
    assert "LLM calls" in out and "2000" in out and "1000" in out and "3.75" in out
    assert any(n.message in out for n in project.notices)


@pytest.mark.parametrize(("env", "expected"), [({"METRICSMITH_LANGUAGE": "ru"}, "ru"),
                                               ({"LC_ALL": "ru_RU.UTF-8"}, "ru"),
                                               ({"LC_ALL": "C.UTF-8"}, "en")])
def test_init_language_defaults(env: dict, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    target = tmp_path / "p.yaml"
    assert main(["init", str(target)]) == 0
    assert load_profile(target).language == expected


def test_propose_protects_projects_with_actuals_and_foreign_files(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    from metricsmith.io.project_file import save_project

    profile_path = copy_fixture("retail_ru.yaml", tmp_path)
    output = profile_path.with_suffix(".json")
    assert main(["propose", str(profile_path), "--quiet"]) == 0
    assert main(["propose", str(profile_path), "--quiet"]) == 0  # re-drafting over a draft is fine
    project = load_project(output)
    project.metrics[0].record_actual(25.0, dt.date(2026, 12, 31))
    save_project(project, output)
    before = output.read_bytes()
    assert main(["propose", str(profile_path), "--quiet"]) == 2
    assert "фактические значения" in capsys.readouterr().err  # in the profile's language, like the output
    assert output.read_bytes() == before
    assert main(["propose", str(profile_path), "--quiet", "--force"]) == 0
    assert load_project(output).metrics[0].history == []

    foreign = tmp_path / "notes.json"
    foreign.write_text('{"mine": true}', encoding="utf-8")
    assert main(["propose", str(profile_path), "-o", str(foreign), "--quiet"]) == 2
    assert foreign.read_text(encoding="utf-8") == '{"mine": true}'


def test_propose_into_a_folder_says_so_and_does_not_suggest_force(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    profile_path = copy_fixture("sparse_en.yaml", tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    for extra in ([], ["--force"]):
        assert main(["propose", str(profile_path), "-o", str(folder), "--quiet", *extra]) == 2
        err = capsys.readouterr().err
        assert "is a folder" in err and "--force" not in err and "not a metricsmith project" not in err
    assert list(folder.iterdir()) == []


def test_print_project_shows_square_brackets_as_typed() -> None:
    # Rich markup in user or LLM text ("[/]" crashed with a MarkupError traceback; "[red]" vanished).
    import io

    from rich.console import Console

    from metricsmith.cli.cmd_propose import print_project
    from metricsmith.engines.offline import OfflineEngine
    from metricsmith.models import Finding

    project = OfflineEngine().propose(load_profile(PROFILES / "saas_b2b_en.yaml"))
    first = project.metrics[0]
    first.name = "Share of [/] accounts"
    first.goal = "[red]Grow[/red] revenue"
    first.owner = "[blink]Ann"
    first.formula = "paid ÷ all [x100]"
    project.findings = [Finding(rule="no-owner", metric_id=first.id, message="[bold]no[/] owner")]
    buffer = io.StringIO()
    print_project(project, Console(file=buffer, width=250, highlight=False))
    out = buffer.getvalue()
    for text in ("Share of [/] accounts", "[red]Grow[/red] revenue", "[blink]Ann", "[x100]", "[bold]no[/] owner"):
        assert text in out


def test_print_project_names_severities_in_the_projects_language() -> None:
    import io

    from rich.console import Console

    from metricsmith.cli.cmd_propose import print_project
    from metricsmith.engines.offline import OfflineEngine
    from metricsmith.models import Finding

    project = OfflineEngine().propose(load_profile(PROFILES / "retail_ru.yaml"))
    project.findings = [Finding(rule="no-owner", severity="warning", metric_id=project.metrics[0].id, message="нет")]
    buffer = io.StringIO()
    print_project(project, Console(file=buffer, width=200, highlight=False))
    out = buffer.getvalue()
    assert "предупреждение no-owner" in out and "warning" not in out


def test_narrow_terminals_get_the_compact_layout_and_wide_ones_the_full_tables(profiles_dir):
    from rich.console import Console

    from metricsmith.api import propose
    from metricsmith.cli.cmd_propose import print_project
    from metricsmith.io.profile_file import load_profile

    project = propose(load_profile(profiles_dir / "saas_b2b_en.yaml"))
    nrr = next(m for m in project.metrics if m.catalog_id == "nrr")

    narrow = Console(width=110, record=True, color_system=None)
    print_project(project, console=narrow)
    text = narrow.export_text()
    assert "98% → 108%" in text  # before → after in one column
    assert "Actual" not in text  # nothing recorded yet: the column is left out
    assert f"\n{nrr.name}\n" in text and "  Formula / how to calculate: NRR =" in text  # value table as blocks

    wide = Console(width=200, record=True, color_system=None)
    print_project(project, console=wide)
    text = wide.export_text()
    assert "Actual" in text and "Formula / how to calculate" in text and "98% → 108%" not in text
