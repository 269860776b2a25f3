"""Helpers for benchmark modules: timing of whole processes and of functions."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def cli_command(*args: str) -> list[str]:
    """The metricsmith command as the user runs it (the installed script next to this Python)."""
    script = Path(sys.executable).with_name("metricsmith")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "metricsmith", *args]


def process_env(extra: dict | None = None) -> dict:
    """The environment a user's command runs in: bytecode caching on, as in any installed Python
    (a sandbox that sets PYTHONDONTWRITEBYTECODE would otherwise recompile every module each run)."""
    env = {**os.environ, **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_process(cmd: list[str], repeat: int = 7, cwd: Path | None = None, env: dict | None = None) -> float:
    """Median wall time in seconds of running ``cmd`` to completion (must exit 0), after one
    untimed warm-up run (bytecode and data caches filled, as on a user's second run)."""
    full_env = process_env(env)
    subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"{cmd} failed: {result.stderr.decode(errors='replace')[-500:]}")
    return statistics.median(times)


def time_call(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time in seconds of calling ``fn``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def figure(name: str, value: float, unit: str, target: str = "", ok: bool | None = None) -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "ok": ok}


#: The cheapest program that defines one pydantic model: the floor under any command whose
#: models are pydantic's, for ratios to a bare start.
PYDANTIC_FLOOR = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int = 0\nA()"


def start_references(repeat: int) -> tuple[float, float]:
    """``(bare, floor)``: median seconds of ``python -c pass`` and of :data:`PYDANTIC_FLOOR`, for
    ratios taken in the same run as the command they are compared with."""
    import sys

    return (time_process([sys.executable, "-c", "pass"], repeat=repeat),
            time_process([sys.executable, "-c", PYDANTIC_FLOOR], repeat=repeat))
