"""Profile and project files: exact errors, atomic saves, nothing lost."""

from __future__ import annotations

import json
import os

import pytest

from metricsmith.errors import ProfileError, ProjectFileError, SaveError
from metricsmith.io.profile_file import load_profile, parse_profile_text, profile_to_yaml
from metricsmith.io.project_file import load_project, save_project
from metricsmith.models import SCHEMA_VERSION, Metric, Profile, Project


def test_yaml_syntax_error_names_line(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("language: en\nbusiness:\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.line is not None and info.value.line >= 3
    assert str(path) in info.value.one_line()


def test_wrong_type_names_field_and_line(tmp_path):
    text = "language: en\ngoals:\n  - title: Grow\n  - title: [1, 2]\n"
    with pytest.raises(ProfileError) as info:
        parse_profile_text(text, "x.yaml")
    assert info.value.field == "goals.1.title"
    assert info.value.line == 4


def test_bad_language_is_explained():
    with pytest.raises(ProfileError) as info:
        parse_profile_text("language: de\n", "x.yaml")
    assert "ru" in info.value.message and info.value.line == 1


def test_missing_and_empty_profiles(tmp_path):
    with pytest.raises(ProfileError, match="not found"):
        load_profile(tmp_path / "nope.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert load_profile(empty) == Profile()
    top_list = tmp_path / "list.yaml"
    top_list.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="top level"):
        load_profile(top_list)


def test_profile_yaml_round_trip():
    p = Profile.model_validate({"language": "ru", "business": {"name": "Ромашка"}, "segments": ["новые"]})
    assert parse_profile_text(profile_to_yaml(p)) == p


def test_project_round_trip_and_atomic_save(tmp_path):
    project = Project(metrics=[Metric(id="nps", name="NPS", baseline=36, target=52)])
    path = save_project(project, tmp_path / "p.json")
    loaded = load_project(path)
    assert loaded.metrics == project.metrics
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]  # no temp files left


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("{not json", "broken JSON"),
        ("", "empty"),
        ("[]", "expected a JSON object"),
        ('{"a": 1}', "not a metricsmith project"),
        (json.dumps({"schema_version": SCHEMA_VERSION + 1, "metrics": []}), "newer metricsmith"),
        (json.dumps({"schema_version": 1, "metrics": [{"id": "x"}]}), "Field required"),
    ],
)
def test_broken_project_files_raise_and_change_nothing(tmp_path, content, match):
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProjectFileError, match=match):
        load_project(path)
    assert path.read_text(encoding="utf-8") == content


def test_save_without_permission_keeps_old_file(tmp_path, monkeypatch):
    """Root ignores folder permissions, so the permission error is raised where the OS would."""
    import tempfile

    path = save_project(Project(), tmp_path / "p.json")
    before = path.read_bytes()

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(SaveError, match="permission denied"):
        save_project(Project(metrics=[Metric(id="a", name="a")]), path)
    assert path.read_bytes() == before


def test_save_failure_mid_write_keeps_old_file(tmp_path, monkeypatch):
    path = save_project(Project(), tmp_path / "p.json")
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(SaveError, match="disk is full"):
        save_project(Project(metrics=[Metric(id="a", name="a")]), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]
