"""Shared fixtures for the offline engine tests: a fixed 'today' and the shipped fixture profiles.

(Test modules cannot import this file under ``--import-mode=importlib``, so helpers are fixtures.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pytest

from metricsmith.engines.offline import OfflineEngine
from metricsmith.io.profile_file import load_profile
from metricsmith.models import Profile

TODAY = dt.date(2026, 11, 24)
PROFILES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "profiles"


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def engine() -> OfflineEngine:
    return OfflineEngine(today=TODAY)


@pytest.fixture
def load_fixture() -> Callable[[str], Profile]:
    return lambda name: load_profile(PROFILES / name)
