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


def test_duplicate_profile_key_is_refused_not_silently_dropped(tmp_path):
    # PyYAML keeps the last of two equal keys: the first answer would vanish without a word.
    text = "language: en\ngoals:\n  - title: Grow repeat sales\n    title: Cut churn\n"
    with pytest.raises(ProfileError) as info:
        parse_profile_text(text, "p.yaml")
    err = info.value
    assert (err.line, err.field) == (4, "goals.0.title") and "line 3" in err.message
    with pytest.raises(ProfileError, match="given twice") as info:
        parse_profile_text("language: en\nbusiness:\n  name: A\nlanguage: ru\n", "p.yaml")
    assert info.value.line == 4 and info.value.field == "language"


def test_new_files_get_the_umask_permissions_and_replaced_files_keep_theirs(tmp_path):
    from metricsmith.io.atomic import atomic_write_text

    old = os.umask(0o022)
    try:
        fresh = atomic_write_text(tmp_path / "new.json", "{}")
        assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        os.umask(0o077)
        assert atomic_write_text(tmp_path / "private.json", "{}").stat().st_mode & 0o777 == 0o600
        os.chmod(fresh, 0o640)
        atomic_write_text(fresh, "[]")
        assert fresh.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_a_profile_given_as_a_project_points_to_propose(tmp_path):
    path = tmp_path / "shop.yaml"
    path.write_text("language: en\nbusiness:\n  name: Shop\n", encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert "not a project" in info.value.one_line() and "metricsmith propose shop.yaml" in info.value.one_line()
    assert "broken JSON" not in info.value.one_line()


def test_folder_path_through_a_file_is_explained(tmp_path):
    from metricsmith.io.atomic import atomic_write_text

    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    for target in (blocker / "p.json", blocker / "deeper" / "p.json"):
        with pytest.raises(SaveError, match="part of the folder path is a file") as info:
            atomic_write_text(target, "{}")
        assert "File exists" not in info.value.one_line()
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_profile_without_language_takes_the_language_of_its_answers():
    ru = parse_profile_text("business:\n  name: Кофейня\n  description: Кофе навынос у метро\n", "p.yaml")
    assert ru.language == "ru"
    assert parse_profile_text("language: ''\nbusiness:\n  description: Кофе навынос\n").language == "ru"
    assert parse_profile_text("business:\n  description: Coffee to go\n").language == "en"
    assert parse_profile_text("language: en\nbusiness:\n  description: Кофе навынос\n").language == "en"


@pytest.mark.parametrize(("text", "expected"), [
    ("language: en\nbusiness: 5\n", "expected a section of 'key: value' answers (or one line of text), found int"),
    ("language: ru\nbusiness: 5\n", "ожидался раздел из ответов «ключ: значение» (или одна строка текста), а найдено: int"),
    ("language: en\ngoals: 5\n", "expected a list or text, got int"),
])
def test_wrong_type_messages_speak_the_users_language_not_pydantics(text, expected):
    with pytest.raises(ProfileError) as info:
        parse_profile_text(text, "p.yaml")
    assert info.value.message == expected and info.value.line == 2
    assert "instance of" not in info.value.one_line() and "Value error" not in info.value.one_line()


def test_a_version_1_project_opens_and_is_saved_as_the_current_schema(tmp_path) -> None:
    import json as _json

    from metricsmith.io.project_file import load_project, save_project
    from metricsmith.models.project import SCHEMA_VERSION

    path = tmp_path / "old.json"
    path.write_text(_json.dumps({"schema_version": 1, "metrics": [{"id": "nps", "name": "NPS"}]}), encoding="utf-8")
    project = load_project(path)
    assert project.metrics[0].name == "NPS" and SCHEMA_VERSION == 2
    save_project(project, path)
    assert _json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2


def _standard_text(project) -> str:  # type: ignore[no-untyped-def]
    """The project file's text as the standard library writes it: the format every save had before."""
    import json as _json

    return _json.dumps(project.model_dump(mode="json"), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@pytest.mark.parametrize("name", ["saas_b2b_en.yaml", "retail_ru.yaml"])
def test_the_project_text_is_the_standard_json_text(profiles_dir, name) -> None:  # type: ignore[no-untyped-def]
    """The fast serializer writes what json.dumps wrote (Cyrillic as is, the same indents and key order)."""
    import datetime as _dt

    from metricsmith.api import propose
    from metricsmith.io.profile_file import load_profile
    from metricsmith.io.project_file import project_from_dict, project_to_json

    project = propose(load_profile(profiles_dir / name))
    project.metrics[0].record_actual(12.345678, _dt.date(2026, 11, 30))
    text = project_to_json(project)
    assert text == _standard_text(project)
    import json as _json

    assert project_from_dict(_json.loads(text)).model_dump() == project.model_dump()


def test_the_project_text_still_refuses_what_is_not_finite() -> None:
    from metricsmith.errors import SaveError
    from metricsmith.io.project_file import project_to_json
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

    assert '"name": "NaN rate, Infinity"' in project_to_json(Project(metrics=[Metric(id="m", name="NaN rate, Infinity")]))
    broken = Project()
    object.__setattr__(broken.profile.monetisation, "average_check", float("nan"))  # past every validator
    with pytest.raises(SaveError) as refused:
        project_to_json(broken)
    assert "not finite" in refused.value.message
