"""Shared test fixtures: isolated user folders and paths to the shipped fixtures.

Every test runs with its own config, data and cache folders so nothing reads or
writes the developer's real ones, and with no LLM credentials in the environment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PROFILES = FIXTURES / "profiles"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = base / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"METRICSMITH_{name}_DIR", str(folder))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "METRICSMITH_ENGINE", "METRICSMITH_PROVIDER",
                "METRICSMITH_MODEL", "METRICSMITH_BASE_URL", "METRICSMITH_API_KEY", "METRICSMITH_LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    return base


@pytest.fixture
def profiles_dir() -> Path:
    return PROFILES


@pytest.fixture
def fixture_profiles() -> list[Path]:
    return sorted(PROFILES.glob("*.yaml"))
