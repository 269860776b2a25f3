"""The CLI dispatcher: version, command discovery, one-line errors, opening the UI on a project."""

from __future__ import annotations

import subprocess
import sys

import pytest

from metricsmith import __version__
from metricsmith.cli import build_parser, main

COMMANDS = {"audit", "catalog", "compute", "doctor", "export", "init", "propose", "ui"}


def test_version_fast_path(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"metricsmith {__version__}"


def test_every_command_is_discovered():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert COMMANDS <= set(sub.choices)


def test_version_imports_nothing_heavy():
    code = (
        "import sys; from metricsmith.cli import main; main(['--version']); "
        "heavy = [m for m in ('pydantic', 'rich', 'textual', 'langchain_core', 'openai', 'duckdb', 'yaml') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_ui_on_missing_project_is_a_one_line_error(tmp_path, capsys):
    assert main(["ui", str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err
    assert "file not found" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_ui_on_broken_project_is_reported_before_the_screen_opens(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{oops", encoding="utf-8")
    assert main(["ui", str(path)]) == 2
    assert "broken JSON" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "{oops"


def test_unknown_command_exits_with_usage(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_base_url_without_a_scheme_is_a_config_error_before_any_call(tmp_path, capsys, monkeypatch):
    # "localhost:8080/v1" used to reach the HTTP client and come back as "the model call
    # failed ... run 'metricsmith doctor'", even from inside doctor.
    from metricsmith.config import load_settings
    from metricsmith.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        load_settings(base_url="localhost:8080/v1")
    assert info.value.field == "base_url" and info.value.message.startswith("base URL 'localhost:8080/v1' must start with http")
    assert load_settings(base_url=" http://127.0.0.1:8080/v1 ").base_url == "http://127.0.0.1:8080/v1"
    assert load_settings().base_url == ""
    monkeypatch.setenv("METRICSMITH_BASE_URL", "ftp://x")
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert "field 'base_url'" in err and "http://" in err and "Traceback" not in err


def test_ui_without_a_terminal_is_an_error_not_a_hang(tmp_path):
    """Under pytest (and in CI, pipes, cron) there is no terminal: the UI must refuse, not wait forever."""
    result = subprocess.run(
        [sys.executable, "-m", "metricsmith"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "interactive terminal" in result.stderr and "propose" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_value_in_the_config_file_names_the_file(isolated_user_dirs, capsys):
    from metricsmith.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[metricsmith]\ntemperature = 7\n', encoding="utf-8")
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "temperature" in err and len(err.strip().splitlines()) == 1


def test_a_bad_environment_value_names_the_variable(monkeypatch, capsys):
    monkeypatch.setenv("METRICSMITH_TIMEOUT", "-1")
    assert main(["doctor"]) == 2
    assert "METRICSMITH_TIMEOUT" in capsys.readouterr().err
