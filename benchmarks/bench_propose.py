"""Offline ``metricsmith propose`` end to end, one figure per fixture profile.

Each figure is the median wall time of the whole process (interpreter start, CLI parsing,
profile loading, catalog, offline engine, rules, rich tables, atomic save) on a copy of the
fixture in a temporary folder. Target: at most 0.5 s per profile. A last figure, without a
target, is the in-process drafting time (engine + rules) averaged over all fixtures, which
shows how much of the total is process start.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from common import FIXTURES, cli_command, figure, start_references, time_call, time_process

TARGET_S = 0.5
REPEAT = 5
#: Issue target: one propose process at most this many times a bare ``python -c pass``.
TARGET_RATIO = 10.0


def run() -> list[dict]:
    profiles = sorted((FIXTURES / "profiles").glob("*.yaml"))
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for path in profiles:
            copy = folder / path.name
            shutil.copyfile(path, copy)
            median = time_process(cli_command("propose", str(copy)), repeat=REPEAT, env={"COLUMNS": "160"})
            figures.append(
                figure(f"propose {path.stem} (process, median of {REPEAT})", median, "s", f"<= {TARGET_S}",
                       median <= TARGET_S)
            )

    bare, floor = start_references(REPEAT)
    slowest = max(f["value"] for f in figures)
    figures.append(figure("bare python -c pass (process, median)", bare, "s", "", None))
    figures.append(figure("slowest propose ÷ bare python start", slowest / bare, "×", f"<= {TARGET_RATIO:g}",
                          slowest / bare <= TARGET_RATIO))
    figures.append(figure("one pydantic model ÷ bare python start (the floor)", floor / bare, "×", "", None))

    from metricsmith import api
    from metricsmith.engines.offline import OfflineEngine
    from metricsmith.io.profile_file import load_profile

    loaded = [load_profile(p) for p in profiles]
    engine = OfflineEngine()
    api.propose(loaded[0], engine=engine)  # warm caches (catalog, stemmer, vocabulary) once
    per_profile = time_call(lambda: [api.propose(p, engine=engine) for p in loaded], repeat=5) / max(len(loaded), 1)
    figures.append(figure("propose in-process per profile (engine + rules, warm)", per_profile, "s", "", None))
    return figures
