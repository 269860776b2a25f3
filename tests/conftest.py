"""Shared test fixtures: isolated user folders and paths to the shipped fixtures.

Every test runs with its own config, data and cache folders so nothing reads or
writes the developer's real ones, and with no LLM credentials in the environment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests must be deterministic like every other test: a fixed derivation of examples,
# no example database carried between runs, and no wall-clock deadline on a shared machine.
settings.register_profile(
    "metricsmith",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("metricsmith")

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
    # The UI and doctor default their language from the locale: every test starts from the same one.
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "METRICSMITH_ENGINE", "METRICSMITH_PROVIDER",
                "METRICSMITH_MODEL", "METRICSMITH_BASE_URL", "METRICSMITH_API_KEY", "METRICSMITH_LANGUAGE",
                "METRICSMITH_CATALOGS", "METRICSMITH_NO_DATA_CACHE"):
        monkeypatch.delenv(var, raising=False)
    return base


@pytest.fixture
def profiles_dir() -> Path:
    return PROFILES


@pytest.fixture
def fixture_profiles() -> list[Path]:
    return sorted(PROFILES.glob("*.yaml"))
