"""Run every benchmark and print one table of figures (and write JSON).

Each ``benchmarks/bench_*.py`` module exposes ``run() -> list[dict]`` where a
figure is ``{"name": str, "value": float, "unit": str, "target": str, "ok": bool | None}``.
``python benchmarks/run.py [NAME ...]`` runs all modules, or those whose name
contains one of the given words. Figures are written to
``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _modules(selected: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if selected:
        found = [p for p in found if any(word in p.stem for word in selected)]
    return found


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.path.insert(0, str(HERE))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(HERE))
    return module


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def main(argv: list[str]) -> int:
    from rich.console import Console
    from rich.table import Table

    figures: list[dict] = []
    failures = 0
    for path in _modules(argv):
        started = time.perf_counter()
        try:
            module = _load(path)
            for fig in module.run():
                fig.setdefault("group", path.stem.removeprefix("bench_"))
                figures.append(fig)
        except Exception:  # a broken benchmark is reported, the others still run
            failures += 1
            traceback.print_exc()
            figures.append({"group": path.stem.removeprefix("bench_"), "name": "benchmark crashed",
                            "value": 0.0, "unit": "", "target": "", "ok": False})
        print(f"  {path.stem}: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    table = Table(title="metricsmith benchmarks")
    for col in ("group", "figure", "value", "unit", "target", "ok"):
        table.add_column(col, justify="right" if col == "value" else "left")
    for fig in figures:
        ok = fig.get("ok")
        mark = "" if ok is None else ("yes" if ok else "NO")
        table.add_row(fig["group"], fig["name"], _fmt(float(fig["value"])), fig.get("unit", ""),
                      fig.get("target", ""), mark)
    Console(width=160).print(table)

    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    payload = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "figures": figures,
    }
    (out_dir / "latest.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
