"""The offline shortcut: known defaults without the settings model, only when nothing is configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from metricsmith.paths import config_path
from metricsmith.quick_settings import quick_offline_settings

PROFILE = Path(__file__).resolve().parents[2] / "fixtures" / "profiles" / "saas_b2b_en.yaml"


def test_nothing_configured_gives_the_offline_defaults() -> None:
    quick = quick_offline_settings(engine=None, provider=None, replace_flagged=None)
    assert quick is not None and quick.engine == "offline" and quick.replace_flagged and quick.catalogs == []
    assert quick_offline_settings(replace_flagged=False).replace_flagged is False


@pytest.mark.parametrize("option", [{"engine": "llm"}, {"model": "gpt"}, {"timeout": 5.0}, {"base_url": "http://x"}])
def test_any_llm_option_needs_the_real_settings(option: dict) -> None:
    assert quick_offline_settings(**option) is None


def test_a_setting_variable_or_a_config_file_needs_the_real_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRICSMITH_MAX_ROWS", "10")  # a reader limit is not a setting
    assert quick_offline_settings() is not None
    monkeypatch.setenv("METRICSMITH_REPLACE_FLAGGED", "false")
    assert quick_offline_settings() is None
    monkeypatch.delenv("METRICSMITH_REPLACE_FLAGGED")
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[metricsmith]\nreplace_flagged = false\n", encoding="utf-8")
    assert quick_offline_settings() is None


def test_an_offline_propose_never_imports_the_settings_model(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom metricsmith.cli import main\n"
        f"rc = main(['propose', {str(PROFILE)!r}, '-o', {str(tmp_path / 'p.json')!r}, '--quiet'])\n"
        "print(rc, 'pydantic_settings' in sys.modules, 'rich' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert out.stdout.split()[-3:] == ["0", "False", "False"], out.stderr
