"""Benchmark: every order-based metric from a 10-million-row orders Parquet: DuckDB vs pandas and Polars.

The orders file is generated once (numpy, seeded, vectorised) and cached in
``benchmarks/.data/``. Three sides compute the same 8 metrics, each run in a fresh child
process so that its peak memory (``ru_maxrss``) is its own: the DuckDB run is
``metricsmith.compute.compute`` itself (loading, checks, all order recipes); the pandas and
Polars references compute the same metrics with the same checks, as an analyst would write
them. Their values must agree with DuckDB's.

Each side runs ``BENCH_COMPUTE_ROUNDS`` times (default 5) and its figure is the median. The
sides alternate run by run (each round starts with the next side), so that a busy spell of the
machine hits all of them alike; a speed-up is the median of the per-round ratios, whose two runs
ran next to each other. Peak memory is the highest of the rounds. Each child times its work
after importing its engine (duckdb, pandas, polars); whatever that work imports counts.

Targets (issue 11): DuckDB at least 4× faster than pandas and faster than Polars (medians of 5),
peak memory ≤ 1 GiB; at most 15 s (issue 6). ``BENCH_COMPUTE_ROWS`` overrides the row count
(e.g. 1000000 while developing).

Run directly for one side: ``python benchmarks/bench_compute.py duckdb|pandas|polars PATH``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
ROWS = int(os.environ.get("BENCH_COMPUTE_ROWS", "10000000"))
ORDER_METRICS = ("average_order_value", "purchase_frequency", "repeat_purchase_rate", "retention_90d",
                 "time_to_first_reorder", "return_rate_by_reason", "customer_churn", "ltv")
PERIOD = "2026-06"
ROUNDS = int(os.environ.get("BENCH_COMPUTE_ROUNDS", "5"))
SIDES = ("duckdb", "pandas", "polars")
#: Issue 11: DuckDB at least this many times faster than pandas (median of the rounds).
PANDAS_RATIO = 4.0
PEAK_GIB = 1.0


def orders_file(rows: int = ROWS) -> Path:
    """The cached orders Parquet with ``rows`` rows (generated on first use)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = DATA / f"orders_{rows}.parquet"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261024)
    customers = max(1, rows // 8)
    # Skewed customers: a few buy often, most rarely.
    customer = (rng.pareto(1.2, rows) * customers / 20).astype(np.int64) % customers
    days = rng.integers(0, 730, rows)  # 2025-01-01 … 2026-12-31
    order_date = (np.datetime64("2025-01-01") + days).astype("datetime64[D]")
    amount = np.round(rng.lognormal(7.0, 0.6, rows), 2)
    returned = rng.random(rows) < 0.06
    reasons = np.array(["damaged", "wrong size", "late delivery", "changed mind"])
    reason_idx = np.where(returned, rng.integers(0, len(reasons), rows), -1)
    status_idx = (rng.random(rows) < 0.02).astype(np.int8)  # 2 % cancelled
    region_idx = rng.integers(0, 5, rows).astype(np.int8)
    table = pa.table({
        "order_id": pa.array(np.arange(1, rows + 1, dtype=np.int64)),
        "customer_id": pa.array(customer),
        "order_date": pa.array(order_date),
        "amount": pa.array(amount),
        "status": pa.DictionaryArray.from_arrays(pa.array(status_idx), pa.array(["done", "cancelled"])),
        "returned": pa.array(returned),
        "return_reason": pa.DictionaryArray.from_arrays(
            pa.array(reason_idx.astype(np.int8), mask=reason_idx < 0), pa.array(reasons.tolist())),
        "region": pa.DictionaryArray.from_arrays(pa.array(region_idx), pa.array(["North", "South", "East", "West", "Centre"])),
    })
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp, row_group_size=1_000_000)
    tmp.replace(path)
    return path


def _period() -> tuple[dt.date, dt.date, dt.date]:
    """(start, end, previous start) of :data:`PERIOD`: the month, the next one, the one before."""
    start = dt.date.fromisoformat(PERIOD + "-01")
    end = (start + dt.timedelta(days=32)).replace(day=1)
    previous = (start - dt.timedelta(days=1)).replace(day=1)
    return start, end, previous


def run_duckdb(path: Path) -> dict:
    import duckdb  # noqa: F401 - the engine is loaded before timing, as pandas and Polars are

    from metricsmith.compute import compute
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

    project = Project(metrics=[Metric(id=m, name=m, catalog_id=m) for m in ORDER_METRICS])
    started = time.perf_counter()
    report = compute(project, [path], period=PERIOD)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "values": {r.metric_id: r.value for r in report.results},
            "computed": len(report.computed)}


def run_pandas(path: Path) -> dict:
    """The same metrics and checks in plain pandas (the reference an analyst would write)."""
    import pandas as pd

    started = time.perf_counter()
    df = pd.read_parquet(path)
    if df["order_id"].duplicated().any() or (df["amount"] < 0).any():
        raise SystemExit("bad data")
    df = df[df["status"].astype(str).str.lower() != "cancelled"]
    df["order_date"] = pd.to_datetime(df["order_date"])
    start, end = pd.Timestamp(f"{PERIOD}-01"), pd.Timestamp(f"{PERIOD}-01") + pd.offsets.MonthBegin(1)
    prev = start - pd.offsets.MonthBegin(1)
    in_period = df[(df.order_date >= start) & (df.order_date < end)]
    values: dict[str, float | None] = {}
    aov = in_period.amount.sum() / len(in_period)
    freq = len(in_period) / in_period.customer_id.nunique()
    values["average_order_value"], values["purchase_frequency"] = aov, freq
    to_date = df[df.order_date < end].groupby("customer_id").size()
    buyers = in_period.customer_id.unique()
    values["repeat_purchase_rate"] = 100.0 * (to_date.loc[buyers] >= 2).mean()
    values["return_rate_by_reason"] = 100.0 * in_period.returned.mean()
    _reasons = in_period[in_period.returned].groupby("return_reason", observed=True).size() / len(in_period) * 100
    before = set(df[(df.order_date >= prev) & (df.order_date < start)].customer_id.unique())
    churn = len(before - set(buyers)) / len(before)
    values["customer_churn"] = 100.0 * churn
    values["ltv"] = aov * freq / churn if churn else None
    first = df.groupby("customer_id").order_date.min().rename("first_at")
    joined = df[["customer_id", "order_date"]].join(first, on="customer_id")
    day = joined.order_date.dt.normalize()
    later = joined[day > joined.first_at.dt.normalize()]
    second = later.groupby("customer_id").order_date.min().rename("second_at")
    gaps = pd.concat([first, second], axis=1, join="inner")
    gaps = gaps[(gaps.second_at >= start) & (gaps.second_at < end)]
    days = (gaps.second_at.dt.normalize() - gaps.first_at.dt.normalize()).dt.days
    values["time_to_first_reorder"] = float(days.median())
    cohort = first[(first >= start) & (first < end)]
    cohort = cohort[cohort + pd.Timedelta(days=90) <= df.order_date.max()]
    within = joined[joined.customer_id.isin(cohort.index) & (joined.order_date > joined.first_at)
                    & (joined.order_date <= joined.first_at + pd.Timedelta(days=90))]
    values["retention_90d"] = 100.0 * within.customer_id.nunique() / len(cohort) if len(cohort) else None
    return {"seconds": time.perf_counter() - started, "values": values}


def run_polars(path: Path) -> dict:
    """The same metrics and checks with Polars' lazy API, as an analyst who knows it would write them.

    One plan per figure, all collected together, so that Polars reads the file once and shares
    the per-customer summary and the join between them (common subplan elimination). The
    second order is found with a join on each customer's first date, not with a filter inside
    the group-by (which Polars evaluates group by group, several times slower here).
    """
    import polars as pl

    started = time.perf_counter()
    start, end, prev = _period()
    raw = pl.scan_parquet(path)
    checks = raw.select(duplicates=pl.col("order_id").n_unique() < pl.len(), negative=(pl.col("amount") < 0).any())
    orders = raw.filter(pl.col("status").cast(pl.String).str.to_lowercase().ne_missing("cancelled"))
    date = pl.col("order_date")
    in_period = date.is_between(start, end, closed="left")
    period_orders = orders.filter(in_period)
    spend = period_orders.select(aov=pl.col("amount").mean(), frequency=pl.len() / pl.col("customer_id").n_unique(),
                                 returns=100.0 * pl.col("returned").mean())
    reasons = period_orders.filter(pl.col("returned")).group_by("return_reason").agg(share=100.0 * pl.len())
    customers = orders.group_by("customer_id").agg(
        first_at=date.min(), last_at=date.max(), to_end=(date < end).sum(), in_period=in_period.sum(),
        before=date.is_between(prev, start, closed="left").sum())
    rates = customers.select(repeat=100.0 * (pl.col("to_end") >= 2).filter(pl.col("in_period") > 0).mean(),
                             churn=100.0 * (pl.col("in_period") == 0).filter(pl.col("before") > 0).mean())
    later = (orders.select("customer_id", "order_date")
             .join(customers.select("customer_id", "first_at"), on="customer_id")
             .filter(date > pl.col("first_at")))
    reorder = (later.group_by("customer_id").agg(first_at=pl.col("first_at").first(), second_at=date.min())
               .filter(pl.col("second_at").is_between(start, end, closed="left"))
               .select(days=(pl.col("second_at") - pl.col("first_at")).dt.total_days().median()))
    # New customers of the period whose 90 days are over by the last order in the data.
    cohort = customers.filter(pl.col("first_at").is_between(start, end, closed="left"),
                              pl.col("first_at") + pl.duration(days=90) <= pl.col("last_at").max())
    retained = (later.join(cohort, on="customer_id", how="semi")
                .filter(date <= pl.col("first_at") + pl.duration(days=90))
                .select(pl.col("customer_id").n_unique()))
    checked, spent, _reasons, rated, reordered, cohort_size, kept = pl.collect_all(
        [checks, spend, reasons, rates, reorder, cohort.select(pl.len()), retained])
    if checked["duplicates"].item() or checked["negative"].item():
        raise SystemExit("bad data")
    aov, frequency = spent["aov"].item(), spent["frequency"].item()
    churn = rated["churn"].item()
    size = cohort_size.item()
    values: dict[str, float | None] = {
        "average_order_value": aov, "purchase_frequency": frequency,
        "repeat_purchase_rate": rated["repeat"].item(), "return_rate_by_reason": spent["returns"].item(),
        "customer_churn": churn, "ltv": aov * frequency / (churn / 100.0) if churn else None,
        "time_to_first_reorder": float(reordered["days"].item()),
        "retention_90d": 100.0 * kept.item() / size if size else None,
    }
    return {"seconds": time.perf_counter() - started, "values": values}


def _child(kind: str, path: Path) -> dict:
    """Run one side in a fresh process; its time, values and peak RSS.

    Bytecode caching is on, as in any installed Python: pandas and Polars come precompiled,
    and metricsmith's modules imported during the run should not be compiled anew each time.
    """
    from common import process_env

    proc = subprocess.run([sys.executable, __file__, kind, str(path)], capture_output=True, text=True,
                          env=process_env({"PYTHONPATH": str(HERE.parent / "src")}))
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} run failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _differing(duck: dict, other: dict) -> set[str]:
    """The metrics whose values differ (relative tolerance 1e-6) between two runs."""
    return {m for m in ORDER_METRICS if m in other["values"] and duck["values"].get(m) is not None
            and (other["values"][m] is None
                 or abs(duck["values"][m] - other["values"][m]) > 1e-6 * max(1.0, abs(other["values"][m])))}


def _warm(path: Path) -> None:
    """Read the file once, so that no side's first run pays for the disk."""
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def run() -> list[dict]:
    from common import figure

    path = orders_file()
    _warm(path)
    runs: dict[str, list[dict]] = {side: [] for side in SIDES}
    for i in range(ROUNDS):
        for side in SIDES[i % len(SIDES):] + SIDES[:i % len(SIDES)]:
            runs[side].append(_child(side, path))
    seconds = {side: statistics.median(r["seconds"] for r in runs[side]) for side in SIDES}
    ratio = {side: [o["seconds"] / d["seconds"] for d, o in zip(runs["duckdb"], runs[side])] for side in ("pandas", "polars")}
    vs = {side: statistics.median(values) for side, values in ratio.items()}
    peak = {side: max(r["maxrss_kib"] for r in runs[side]) / 1024 / 1024 for side in SIDES}
    differing = {side: set().union(*(_differing(d, o) for d, o in zip(runs["duckdb"], runs[side])))
                 for side in ("pandas", "polars")}
    rows = f"{ROWS / 1e6:g}M rows"
    of = f"median of {ROUNDS}"
    computed = runs["duckdb"][0]["computed"]

    def timed(name: str, side: str, target: str = "", ok: bool | None = None) -> dict:
        return {**figure(name, seconds[side], "s", target, ok), "runs": [r["seconds"] for r in runs[side]]}

    return [
        timed(f"DuckDB: {computed} order metrics, {rows} ({of})", "duckdb", "≤ 15 s", seconds["duckdb"] <= 15),
        timed(f"pandas reference, {rows} ({of})", "pandas"),
        timed(f"Polars reference, {rows} ({of})", "polars"),
        {**figure(f"speed-up DuckDB vs pandas ({of})", vs["pandas"], "×", f"≥ {PANDAS_RATIO:g}×",
                  vs["pandas"] >= PANDAS_RATIO), "runs": ratio["pandas"]},
        {**figure(f"speed-up DuckDB vs Polars ({of})", vs["polars"], "×", "> 1×", vs["polars"] > 1),
         "runs": ratio["polars"]},
        figure("DuckDB peak memory (ru_maxrss, highest run)", peak["duckdb"], "GiB", f"≤ {PEAK_GIB:g} GiB",
               peak["duckdb"] <= PEAK_GIB),
        figure("pandas peak memory (ru_maxrss, highest run)", peak["pandas"], "GiB", "", None),
        figure("Polars peak memory (ru_maxrss, highest run)", peak["polars"], "GiB", "", None),
        figure("metrics differing DuckDB vs pandas", len(differing["pandas"]), "", "0", not differing["pandas"]),
        figure("metrics differing DuckDB vs Polars", len(differing["polars"]), "", "0", not differing["polars"]),
    ]


def _main(argv: list[str]) -> int:
    import resource

    kind, path = argv[0], Path(argv[1])
    side = {"duckdb": run_duckdb, "pandas": run_pandas, "polars": run_polars}[kind]
    result = side(path)
    result["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(result, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
