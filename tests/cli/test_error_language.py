"""The command line's errors speak the user's language: Russian for a Russian user, English otherwise.

The language is decided as everywhere in metricsmith: ``--lang`` where the command has it,
then the language a profile declares (the command's output speaks it too), then the
``language`` setting (``METRICSMITH_LANGUAGE`` or the config file), then the system locale.
Each test names the file, field or value the message is about, in both languages.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from metricsmith.cli import main

RU = "ru_RU.UTF-8"
EN = "C.UTF-8"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and stderr of ``metricsmith argv`` (argument errors exit through argparse)."""
    try:
        code = main(argv)
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, capsys.readouterr().err


@pytest.fixture
def locale_is(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``locale_is(LANG)``: the user's system locale for the rest of the test."""
    return lambda value: monkeypatch.setenv("LANG", value)


@pytest.mark.parametrize(("lang", "expected"), [
    (RU, "metricsmith: ошибка: {path}: файл проекта не найден"),
    (EN, "metricsmith: error: {path}: project file not found"),
])
def test_a_missing_project(tmp_path: Path, capsys, locale_is, lang: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    locale_is(lang)
    path = tmp_path / "missing.json"
    code, err = _run(["status", str(path)], capsys)
    assert code == 2
    assert err.strip() == expected.format(path=path)


@pytest.mark.parametrize(("lang", "expected"), [
    (RU, "metricsmith status: ошибка: аргумент --format: недопустимое значение 'xml' (допустимые: 'table', 'json')"),
    (EN, "metricsmith status: error: argument --format: invalid choice: 'xml' (choose from 'table', 'json')"),
])
def test_a_bad_format(tmp_path: Path, capsys, locale_is, lang: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    locale_is(lang)
    code, err = _run(["status", str(tmp_path / "p.json"), "--format", "xml"], capsys)
    assert code == 2
    usage, message = err.strip().splitlines()[0], err.strip().splitlines()[-1]
    assert message.replace("table, json", "'table', 'json'") == expected  # newer Pythons drop the quotes
    assert usage.startswith("использование: metricsmith status" if lang == RU else "usage: metricsmith status")


@pytest.mark.parametrize(("lang", "expected"), [
    (RU, ["аргумент --timeout: ожидалось число, а указано «soon»",
          "не хватает обязательных аргументов: PROFILE.yaml",
          "аргумент --max-tokens: недопустимое значение 'many' (нужно целое число)"]),
    (EN, ["argument --timeout: expected a number, got 'soon'",
          "the following arguments are required: PROFILE.yaml",
          "argument --max-tokens: invalid int value: 'many'"]),
])
def test_other_argument_errors(capsys, locale_is, lang: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    locale_is(lang)
    said = []
    for argv in (["propose", "p.yaml", "--timeout", "soon"], ["propose"], ["propose", "p.yaml", "--max-tokens", "many"]):
        code, err = _run(argv, capsys)
        assert code == 2
        said.append(err.strip().splitlines()[-1].split(": ", 2)[-1])
    assert said == expected


@pytest.mark.parametrize(("lang", "expected"), [
    (RU, ["{folder}: это папка, а нужен файл проекта", "{binary}: это двоичный файл, а не текст в UTF-8 "
                                                      "(сохраните файл в кодировке UTF-8)"]),
    (EN, ["{folder}: is a folder, not a project file", "{binary}: this is a binary file, not UTF-8 text "
                                                      "(save the file as UTF-8)"]),
])
def test_files_that_cannot_be_read(tmp_path: Path, capsys, locale_is, lang: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    locale_is(lang)
    binary = tmp_path / "sheet.json"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00")  # a spreadsheet (a zip) named .json
    said = []
    for path in (tmp_path, binary):
        code, err = _run(["export", str(path), "-f", "csv"], capsys)
        assert code == 2
        said.append(err.strip().split(": ", 2)[-1])
    assert said == [line.format(folder=tmp_path, binary=binary) for line in expected]


def test_a_bad_profile_speaks_the_users_language_until_it_declares_its_own(tmp_path: Path, capsys,
                                                                            locale_is) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yaml"
    broken.write_text("business:\n  name: [Kofe\n", encoding="utf-8")  # a YAML syntax error: no language known
    locale_is(RU)
    code, err = _run(["propose", str(broken)], capsys)
    assert code == 2 and err.startswith(f"metricsmith: ошибка: {broken}:3: синтаксическая ошибка YAML: ")
    locale_is(EN)
    code, err = _run(["propose", str(broken)], capsys)
    assert code == 2 and err.startswith(f"metricsmith: error: {broken}:3: YAML syntax error: ")

    declared = tmp_path / "declared.yaml"
    declared.write_text("language: ru\nbusiness: 5\n", encoding="utf-8")
    code, err = _run(["propose", str(declared)], capsys)  # an English locale, a Russian profile
    assert code == 2
    assert err.strip() == (f"metricsmith: ошибка: {declared}:2, поле «business»: ожидался раздел из ответов "
                           "«ключ: значение» (или одна строка текста), а найдено: int")


@pytest.mark.parametrize(("lang", "locale", "expected"), [
    ("ru", EN, "поле «id»: в каталоге нет метрики «warp-drive» (список id выводит 'metricsmith catalog')"),
    ("en", RU, "field 'id': no catalog metric 'warp-drive' (run 'metricsmith catalog' to list the ids)"),
])
def test_lang_option_wins_over_the_locale(capsys, locale_is, lang: str, locale: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    locale_is(locale)  # the opposite of what --lang asks for
    code, err = _run(["catalog", "--id", "warp-drive", "--lang", lang], capsys)
    assert code == 2
    assert err.strip().split(": ", 2)[-1] == expected


def test_the_language_setting_wins_over_the_locale(tmp_path: Path, capsys, locale_is,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "missing.json"
    locale_is(EN)
    monkeypatch.setenv("METRICSMITH_LANGUAGE", "ru")
    assert "файл проекта не найден" in _run(["status", str(missing)], capsys)[1]

    locale_is(RU)
    monkeypatch.setenv("METRICSMITH_LANGUAGE", "en")
    assert "project file not found" in _run(["status", str(missing)], capsys)[1]

    monkeypatch.delenv("METRICSMITH_LANGUAGE")
    locale_is(EN)
    config = Path(os.environ["METRICSMITH_CONFIG_DIR"]) / "config.toml"
    config.write_text('[metricsmith]\nlanguage = "ru"\n', encoding="utf-8")
    assert "файл проекта не найден" in _run(["status", str(missing)], capsys)[1]
    config.write_text("[metricsmith\n", encoding="utf-8")  # a broken file: the locale decides, no crash here
    assert "project file not found" in _run(["status", str(missing)], capsys)[1]


def test_hints_and_where_are_localised_too(tmp_path: Path, capsys, locale_is) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "client.json"
    project.write_text('{"schema_version": 99, "metrics": []}', encoding="utf-8")
    locale_is(RU)
    code, err = _run(["status", str(project)], capsys)
    assert code == 2
    assert err.strip() == (f"metricsmith: ошибка: {project}, поле «schema_version»: файл записан более новой "
                           "версией metricsmith (схема 99; эта версия читает до 2) (обновите metricsmith, чтобы "
                           "открыть его)")


def test_a_real_process_for_a_russian_user(tmp_path: Path) -> None:
    env = {**os.environ, "LANG": RU}
    result = subprocess.run([sys.executable, "-m", "metricsmith", "status", str(tmp_path / "nope.json")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == f"metricsmith: ошибка: {tmp_path / 'nope.json'}: файл проекта не найден"
    env["LANG"] = EN
    result = subprocess.run([sys.executable, "-m", "metricsmith", "status", str(tmp_path / "nope.json")],
                            capture_output=True, text=True, env=env)
    assert result.stderr.strip() == f"metricsmith: error: {tmp_path / 'nope.json'}: project file not found"


def test_an_argument_error_imports_nothing_heavy(tmp_path: Path) -> None:
    """Wording an error in Russian costs no YAML parser (the texts come from the data cache), no pydantic, no rich."""
    code = (
        "import sys\n"
        "from metricsmith.cli import main\n"
        "try:\n"
        "    main(['status', 'p.json', '--format', 'xml'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print([m for m in ('yaml', 'pydantic', 'rich', 'textual') if m in sys.modules])\n"
    )
    env = {**os.environ, "LANG": RU}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "аргумент --format" in first.stderr
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "аргумент --format" in again.stderr
    assert again.stdout.strip().splitlines()[-1] == "[]"


def test_every_text_the_code_names_exists() -> None:
    """Each literal key of an error text or a command-line text in the source exists (a typo would crash an error)."""
    import metricsmith
    from metricsmith import i18n
    from metricsmith.cli.arguments import _MESSAGES, _TYPES

    errors, cli = set(i18n.texts("en", "errors")), set(i18n.texts("en", "cli"))
    named: set[str] = set()
    worded: set[str] = set()
    for path in Path(metricsmith.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"\b(?:Phrase|_refused|bad_value)\(\"([a-z0-9_]+)\"", source))
        named |= set(re.findall(r"\b_finite\([^,]+, \"([a-z0-9_]+)\"", source))
        worded |= set(re.findall(r"\btr\([a-z_]+, \"cli\", \"([a-z0-9_]+)\"", source))
    worded |= {key for key, _ in _MESSAGES} | set(_TYPES.values())
    assert len(named) > 60 and len(worded) > 10
    assert not named - errors, named - errors
    assert not worded - cli, worded - cli
