"""A consultant's own catalog files: validated with precise errors, then used by drafting,
owner areas and the rules' suggestions alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from metricsmith import api
from metricsmith.catalog.extra import active_catalog, load_catalog_file, use_catalogs
from metricsmith.cli import main
from metricsmith.engines.offline import OfflineEngine
from metricsmith.errors import ConfigError
from metricsmith.models import Profile

CLINICS = Path(__file__).resolve().parents[2] / "fixtures" / "catalogs" / "clinics.yaml"

PROFILE = {
    "language": "en",
    "business": {"name": "Bright Smile", "description": "Two dental clinics", "industry": "dentistry"},
    "first_value": {"description": "The patient leaves without pain", "start_event": "visit booked",
                    "value_event": "treatment finished"},
    "goals": [{"title": "Fewer missed visits", "problem": "Patients forget their appointments",
               "expected_result": "No-show rate from 12 % to 6 %"}],
    "people": [{"name": "Irene Park", "role": "Operations manager"}, {"name": "Sam Cole", "role": "Founder"}],
}


@pytest.fixture(autouse=True)
def _builtin_catalog_after_each_test():
    yield
    use_catalogs([])


def test_a_consultant_entry_is_drafted_as_the_goals_own_measure() -> None:
    use_catalogs([CLINICS])
    project = api.propose(Profile.model_validate(PROFILE), engine=OfflineEngine(today=dt.date(2026, 11, 24)))
    measure = next(m for m in project.metrics if m.goal == "Fewer missed visits" and m.kind == "lagging")
    assert measure.catalog_id == "no_show_rate" and (measure.baseline, measure.target) == (12.0, 6.0)
    assert measure.owner == "Irene Park"  # the entry's owner areas: operations first
    leading = [m.id for m in project.metrics if m.goal == "Fewer missed visits" and m.kind == "leading"]
    assert "reminder_confirmation_rate" in leading  # the entry's own driver


def test_without_the_file_the_same_goal_gets_a_custom_measure() -> None:
    project = api.propose(Profile.model_validate(PROFILE), engine=OfflineEngine(today=dt.date(2026, 11, 24)))
    measure = next(m for m in project.metrics if m.goal == "Fewer missed visits" and m.kind == "lagging")
    assert measure.catalog_id is None and measure.name == "No-show rate"


def test_rule_suggestions_and_lookup_see_the_new_entries() -> None:
    from metricsmith.rules.suggest import match_catalog

    assert match_catalog("missed appointments per clinic") != "no_show_rate"
    use_catalogs([CLINICS])
    assert match_catalog("missed appointments per clinic") == "no_show_rate"
    assert active_catalog().lookup("доля неявок").id == "no_show_rate"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_field_is_named_with_the_file_and_the_entry(tmp_path: Path) -> None:
    broken = CLINICS.read_text(encoding="utf-8").replace('  name: {en: "No-show rate", ru: "Доля неявок"}\n', "", 1)
    with pytest.raises(ConfigError) as info:
        load_catalog_file(_write(tmp_path, broken))
    line = info.value.one_line()
    assert "mine.yaml" in line and "entry 1 ('no_show_rate')" in line and "name" in line


def test_an_id_of_the_built_in_catalog_is_refused(tmp_path: Path) -> None:
    text = CLINICS.read_text(encoding="utf-8").replace("id: no_show_rate", "id: nps", 1)
    with pytest.raises(ConfigError) as info:
        use_catalogs([_write(tmp_path, text)])
    assert "'nps' is already defined in the built-in catalog" in info.value.one_line()


@pytest.mark.parametrize("text", ["metrics: []\n", "just a sentence\n", "metrics:\n  - 42\n"])
def test_files_that_hold_no_entries_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_catalog_file(_write(tmp_path, text))
    assert "mine.yaml" in info.value.one_line()


def test_propose_takes_catalog_files_from_the_option_and_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")  # JSON is YAML
    out = tmp_path / "p.json"
    assert main(["propose", str(profile), "-o", str(out), "--quiet", "--catalog", str(CLINICS)]) == 0
    assert "no_show_rate" in {m["catalog_id"] for m in json.loads(out.read_text(encoding="utf-8"))["metrics"]}
    use_catalogs([])
    monkeypatch.setenv("METRICSMITH_CATALOGS", json.dumps([str(CLINICS)]))
    assert main(["propose", str(profile), "-o", str(out), "--quiet", "--force"]) == 0
    assert "no_show_rate" in {m["catalog_id"] for m in json.loads(out.read_text(encoding="utf-8"))["metrics"]}


def test_a_broken_catalog_option_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    assert main(["propose", str(profile), "--catalog", str(tmp_path / "nowhere.yaml")]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("metricsmith: error")]
    assert len(lines) == 1 and "nowhere.yaml" in lines[0] and "catalog file not found" in lines[0]
    assert not (tmp_path / "p.json").exists()


def test_catalog_command_lists_the_consultant_entries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--format", "json", "--catalog", str(CLINICS)]) == 0
    ids = {e["id"] for e in json.loads(capsys.readouterr().out)}
    assert {"no_show_rate", "reminder_confirmation_rate", "nps"} <= ids
