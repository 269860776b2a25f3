"""``export --format dbt`` writes a dbt package that runs, and MetricFlow gives compute's figures.

The session fixture exports a project holding every metric that has a definition, loads
compute's test data as dbt seeds, and runs ``dbt seed``, ``dbt build``, ``mf validate-configs``
and one ``mf query`` for every metric by month, all as subprocesses of this interpreter's
environment, with no network: HTTP(S) proxies point at a local trap that records any
connection, and the one-hour cache of MetricFlow's version check already holds an answer.
Each value, part and row count is then compared with ``compute`` for the same month.

Locally, a missing dbt or mf skips these tests with the install command; on CI (``CI`` set)
it fails them, so the check cannot silently vanish.
"""

from __future__ import annotations

import csv
import os
import pickle
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from metricsmith.compute import ComputeOptions, compute
from metricsmith.compute.definitions import definitions
from metricsmith.compute.periods import add_months
from metricsmith.errors import ExportError
from metricsmith.exporters import export_project, get_format
from metricsmith.models.metric import Metric
from metricsmith.models.project import Project

from .conftest import (
    MRR_HEADER,
    MRR_ROWS,
    ORDERS_HEADER,
    ORDERS_ROWS,
    make_project,
    write_csv,
)
from .test_recipes import EVENTS, SURVEYS, TICKETS

pytestmark = pytest.mark.dbt

INSTALL = "pip install -e '.[dev]' (dbt-core, dbt-duckdb, dbt-metricflow)"
#: The amount column under a header compute does not know: both sides get the same mapping.
AMOUNT_HEADER = "Итог по чеку"
MAPPING = {"orders.amount": AMOUNT_HEADER}
FEATURE = "export"
TABLES = {
    "orders": ([AMOUNT_HEADER if h == "amount" else h for h in ORDERS_HEADER], ORDERS_ROWS),
    "mrr": (MRR_HEADER, MRR_ROWS),
    "surveys": (["customer", "date", "score", "type"], SURVEYS),
    "tickets": (["ticket id", "customer", "opened at", "resolved at", "contacts"], TICKETS),
    "events": (["customer", "event", "timestamp"], EVENTS),
}
EXTRA = {"tables": ",".join(TABLES), "feature": FEATURE, "map": f"orders.amount={AMOUNT_HEADER}"}
#: A custom metric the catalog cannot compute, completed by the user (as the definitions skeleton asks).
CUSTOM = """\
models:
  big_order_flags:
    entity: order
    tables: [orders]
    sql: |
      SELECT segment, customer_id, CASE WHEN amount >= 150 THEN 1 ELSE 0 END AS big
      FROM orders WHERE order_date >= ${start} AND order_date < ${end}
    measures:
      orders: {agg: sum, expr: "1"}
      big_orders: {agg: sum, expr: big}
metrics:
  big_orders:
    variants:
      - model: big_order_flags
        unit: "%"
        n: orders
        value: {type: ratio, numerator: big_orders, denominator: orders, scale: 100}
"""


def full_project() -> Project:
    """Every metric with a definition, with the conventions and profile events the data needs."""
    project = make_project(*definitions(), conventions={
        "ttv": {"ttv_start_event": "signup", "ttv_value_event": "report"},
        "fcr": {"fcr_denominator": "all_contacts"},
        "csat_after_visit": {"csat_method": "average"},
        "nrr": {"reactivations": "include"},
    }, profile={"first_value": {"start_event": "signup", "value_event": "export"}})
    first = project.metrics[0]
    first.direction, first.target, first.baseline, first.owner = "up", 250.0, 200.0, "Anna"
    project.metrics.append(Metric(id="big_orders", name="Share of big orders", unit="%"))
    return project


def _tool(name: str) -> Path:
    path = Path(sys.executable).parent / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required on CI for the dbt tests; install it with: {INSTALL}")
        pytest.skip(f"{name} is not installed; install it with: {INSTALL}")
    return path


class ConnectionTrap:
    """A local listener standing in for every HTTP(S) proxy: any connection means a tool went online."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@dataclass
class DbtRun:
    project: Project
    definitions: Path
    package: Path
    files: list[Path]
    data: list[Path]
    document: dict
    rows: dict[str, dict[str, str]]  # month 'YYYY-MM' → metric → text value
    outputs: dict[str, str]
    connections: int


def _run(args: list[str], cwd: Path, env: dict[str, str], outputs: dict[str, str], key: str) -> None:
    done = subprocess.run(args, check=False, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    outputs[key] = done.stdout + done.stderr
    assert done.returncode == 0, f"{key} failed:\n{outputs[key][-4000:]}"


def _environment(root: Path, package: Path, warehouse: Path, trap: ConnectionTrap) -> dict[str, str]:
    """Environment for dbt and mf in ``package``: a DuckDB profile at ``warehouse``, no telemetry, no network."""
    settings = yaml.safe_load((package / "dbt_project.yml").read_text(encoding="utf-8"))
    profiles = root / "profiles"
    profiles.mkdir()
    (profiles / "profiles.yml").write_text(yaml.safe_dump({settings["profile"]: {"target": "test", "outputs": {
        "test": {"type": "duckdb", "path": str(warehouse), "threads": 4}}}}), encoding="utf-8")
    # mf asks the package index for a newer version at every start unless the one-hour cache of its
    # update checker (in the temp folder) answers; answer it, so that no run goes online.
    tmp = root / "tmp"
    tmp.mkdir()
    from importlib.metadata import version

    with open(tmp / "update_checker_cache.pkl", "wb") as fh:
        pickle.dump({("dbt-metricflow", version("dbt-metricflow")): (time.time() + 86400, None)}, fh)
    env = {**os.environ, "DBT_PROFILES_DIR": str(profiles), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "DO_NOT_TRACK": "1", "TMPDIR": str(tmp), "NO_COLOR": "1", "NO_PROXY": "", "no_proxy": ""}
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env[var] = trap.url
    return env


@pytest.fixture(scope="session")
def dbt_run(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    dbt, mf = _tool("dbt"), _tool("mf")
    root = tmp_path_factory.mktemp("dbt")
    project = full_project()
    package = root / "package"
    custom = root / "custom.definitions.yaml"
    custom.write_text(CUSTOM, encoding="utf-8")
    files = export_project(project, "dbt", package, extra={**EXTRA, "definitions": str(custom)})
    data = [write_csv(root / f"{name}.csv", header, rows) for name, (header, rows) in TABLES.items()]
    (package / "seeds").mkdir()
    for path in data:
        (package / "seeds" / path.name).write_bytes(path.read_bytes())
    trap = ConnectionTrap()
    env = _environment(root, package, root / "warehouse.duckdb", trap)
    document = yaml.safe_load((package / "models" / "metrics" / "semantic.yml").read_text(encoding="utf-8"))
    names = [m["name"] for m in document["metrics"]]
    names += [m["config"]["meta"]["rows_metric"] for m in document["metrics"] if "rows_metric" in m["config"]["meta"]]
    out = root / "query.csv"
    outputs: dict[str, str] = {}
    try:
        _run([str(dbt), "seed"], package, env, outputs, "dbt seed")
        _run([str(dbt), "build"], package, env, outputs, "dbt build")
        _run([str(mf), "validate-configs"], package, env, outputs, "mf validate-configs")
        _run([str(mf), "query", "--metrics", ",".join(dict.fromkeys(names)), "--group-by", "metric_time__month",
              "--csv", str(out)], package, env, outputs, "mf query")
    finally:
        trap.close()
    with open(out, newline="", encoding="utf-8") as fh:
        rows = {row.pop("metric_time__month")[:7]: row for row in csv.DictReader(fh)}
    return DbtRun(project, custom, package, files, data, document, rows, outputs, trap.connections)


def _months(run: DbtRun) -> list[str]:
    """Every month from the earliest to the latest date of the data (what the package repeats over)."""
    import datetime as dt

    first, last = dt.date(2025, 10, 1), dt.date(2027, 1, 1)
    months, day = [], first
    while day <= last:
        months.append(f"{day:%Y-%m}")
        day = add_months(day, 1)
    assert set(run.rows) <= set(months)
    return months


def test_dbt_build_validate_and_query_run_offline(dbt_run: DbtRun) -> None:
    assert dbt_run.connections == 0, "dbt or mf tried to reach the network"
    assert "Completed successfully" in dbt_run.outputs["dbt build"]
    assert "ERRORS: 0" in dbt_run.outputs["mf validate-configs"]
    assert "new version" not in dbt_run.outputs["mf query"].lower()


def test_every_figure_equals_compute_for_every_month(dbt_run: DbtRun) -> None:
    """Values, parts and row counts of every exported metric match compute, month by month (1e-6 relative)."""
    from metricsmith.compute.definitions.user import load_definitions_file

    by_id = {m["config"]["meta"]["metricsmith_id"]: m for m in dbt_run.document["metrics"]
             if "rows_metric" in m["config"]["meta"]}
    assert set(by_id) == {m.id for m in dbt_run.project.metrics}  # every defined metric (the custom one too)
    compared = {"value": 0, "part": 0, "rows": 0, "absent": 0}
    mismatches = []

    def check(month: str, what: str, expected: float | None, name: str) -> None:
        text = dbt_run.rows.get(month, {}).get(name, "")
        got = float(text) if text not in ("", None) else None
        if expected is None:
            compared["absent"] += 1
            if got is not None:
                mismatches.append(f"{month} {what}: compute has none, mf {got}")
            return
        compared[what.split(":")[0]] += 1
        if got is None or got != pytest.approx(expected, rel=1e-6, abs=1e-9):
            mismatches.append(f"{month} {what}: compute {expected}, mf {got}")

    options = ComputeOptions(feature_event=FEATURE, definitions=load_definitions_file(dbt_run.definitions))
    for month in _months(dbt_run):
        report = compute(dbt_run.project, dbt_run.data, period=month, mapping=MAPPING, options=options)
        for result in report.results:
            metric = by_id[result.metric_id]
            meta = metric["config"]["meta"]
            value = result.value if result.status == "computed" else None
            check(month, f"value:{result.metric_id}", value, metric["name"])
            if value is not None:
                check(month, f"rows:{result.metric_id}", float(result.rows), meta["rows_metric"])
            for part, name in meta.get("parts", {}).items():
                check(month, f"part:{result.metric_id}:{part}", result.parts.get(part), name)
    assert not mismatches, "\n".join(mismatches)
    # 48 values, 31 parts and 48 row counts on this data (October has every metric): far from vacuous.
    assert compared["value"] >= 40 and compared["part"] >= 25 and compared["rows"] == compared["value"], compared


def test_package_layout_and_meta(dbt_run: DbtRun) -> None:
    package = dbt_run.package
    written = {p.relative_to(package).as_posix() for p in dbt_run.files}
    assert {"dbt_project.yml", "profiles.example.yml", "README.md", "models/metrics/semantic.yml",
            "models/staging/sources.yml", "models/metricsmith_time_spine.sql", "models/time_spine.yml"} <= written
    assert {f"models/staging/metricsmith_stg_{t}.sql" for t in TABLES} <= written
    sources = yaml.safe_load((package / "models/staging/sources.yml").read_text(encoding="utf-8"))
    assert [t["name"] for t in sources["sources"][0]["tables"]] == list(TABLES)
    parsed = (package / "models/staging/metricsmith_parsed_orders.sql").read_text(encoding="utf-8")
    assert '["amount", ["итог по чеку"]]' in parsed  # the mapping given at export time
    staging = (package / "models/staging/metricsmith_stg_orders.sql").read_text(encoding="utf-8")
    assert "ref('metricsmith_parsed_orders')" in staging
    assert "Completed successfully" in dbt_run.outputs["dbt build"]  # every check passes on the clean data
    checks = yaml.safe_load((package / "models/staging/staging.yml").read_text(encoding="utf-8"))
    tested = {next(iter(t.values()))["name"] for m in checks["models"] for c in m["columns"] for t in c.get("data_tests", [])}
    assert {"metricsmith_orders_order_date_parses", "metricsmith_orders_amount_not_negative",
            "metricsmith_orders_order_id_unique", "metricsmith_surveys_score_in_range"} <= tested
    doc = dbt_run.document
    metrics = {m["name"]: m for m in doc["metrics"]}
    aov = metrics["average_order_value"]
    assert aov["type"] == "ratio"
    meta = aov["config"]["meta"]
    assert (meta["direction"], meta["target"], meta["baseline"], meta["owner"]) == ("up", 250.0, 200.0, "Anna")
    assert meta["thresholds"] == {"on_track_share": 0.9, "at_risk_share": 0.5}
    assert metrics["nps"]["type"] == "derived" and metrics["time_to_first_reorder"]["type"] == "simple"
    assert metrics["csat"]["type_params"]["expr"].startswith("100.0 * ")
    measures = {m["name"]: m for model in doc["semantic_models"] for m in model["measures"]}
    assert measures["reorder_gaps_p90_reorder_days"]["agg_params"]["percentile"] == 0.9
    for model in doc["semantic_models"]:
        assert model["defaults"]["agg_time_dimension"] == "period_month"
        assert {d["name"] for d in model["dimensions"]} >= {"period_month", "segment"}
    inputs = {i["name"] for m in doc["metrics"] for i in m.get("type_params", {}).get("metrics", [])}
    inputs |= {m["type_params"][k] for m in doc["metrics"] for k in ("numerator", "denominator", "measure")
               if k in m["type_params"]}
    assert inputs <= set(measures) | set(metrics)


#: Fixture data with the bad values compute refuses, one kind at least per table (the rest stays clean).
BAD_ORDERS_HEADER = TABLES["orders"][0] + ["currency"]
BAD_TABLES = {
    "orders": (BAD_ORDERS_HEADER, [r + ["RUB"] for r in ORDERS_ROWS] + [
        [11, "c8", "11/15/2026", 100, "done", "no", "", "East", "RUB"],   # month 15: not a date
        [12, "c8", "2026-10-16", -1800, "done", "no", "", "East", "RUB"],  # a refund as a negative amount
        [5, "c9", "2026-10-17", 70, "cancelled", "no", "", "East", "RUB"],  # order 5 again (both cancelled)
        [13, "c9", "2026-10-18", "nan", "done", "no", "", "East", "RUB"],  # parses, but not a number to add
        [14, "c9", "2026-10-19", 90, "done", "maybe", "", "East", "USD"],  # not yes/no; a second currency
    ]),
    "mrr": (MRR_HEADER, MRR_ROWS + [["a", "2026-10", 120, "pro"]]),  # a's October twice
    "surveys": (TABLES["surveys"][0], SURVEYS + [["i", "2026-10-13", 11, "NPS"]]),  # NPS is 0–10
    "tickets": (TABLES["tickets"][0], TICKETS + [["t6", "e", "2026-10-08 10:00", "2026-10-07 10:00", 1]]),
    "events": (TABLES["events"][0], EVENTS + [["e", "signup", "yesterday"]]),
}
#: The data tests the bad values fail, and no other.
BAD_TESTS = {
    "metricsmith_orders_order_date_parses", "metricsmith_orders_amount_not_negative",
    "metricsmith_orders_order_id_unique", "metricsmith_orders_amount_finite", "metricsmith_orders_returned_parses",
    "metricsmith_orders_currency_one_currency", "metricsmith_mrr_customer_id_unique_per_month",
    "metricsmith_surveys_score_in_range", "metricsmith_tickets_resolved_at_not_before_opened",
    "metricsmith_events_event_time_parses",
}


def test_bad_values_fail_the_build_as_compute_refuses_them(dbt_run: DbtRun, tmp_path: Path) -> None:
    """Values compute refuses (exit 2 naming the line and field) fail ``dbt build``, naming table, column and check.

    One ``dbt build`` of a copy of the package over the bad data: every check fails where it
    should and nowhere else, and no staging or metric model is built from the bad rows.
    """
    import re
    import shutil

    import duckdb

    from metricsmith.compute.definitions.user import load_definitions_file
    from metricsmith.errors import InputTableError

    package = tmp_path / "package"
    shutil.copytree(dbt_run.package, package, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", "seeds"))
    folder = tmp_path / "data"
    folder.mkdir()
    clean = {path.stem: path for path in dbt_run.data}
    options = ComputeOptions(feature_event=FEATURE, definitions=load_definitions_file(dbt_run.definitions))
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        for name, (header, rows) in BAD_TABLES.items():
            bad = write_csv(folder / f"{name}.csv", header, rows)
            # compute refuses each bad table on its own, with one line naming the file and the field.
            with pytest.raises(InputTableError) as refused:
                compute(dbt_run.project, [bad if p.stem == name else p for p in clean.values()], period="2026-10",
                        mapping=MAPPING, options=options)
            assert refused.value.path and name in refused.value.path and refused.value.field, refused.value
            # The source tables exist before the build, as a warehouse's do (seeds would be built
            # after the models that introspect them, since sources do not depend on seeds).
            con.execute(f"CREATE TABLE main.{name} AS SELECT * FROM read_csv(?, header = true)", [str(bad)])
    trap = ConnectionTrap()
    try:
        env = _environment(tmp_path, package, warehouse, trap)
        done = subprocess.run([str(_tool("dbt")), "build"], check=False, cwd=package, env=env, capture_output=True,
                              text=True, timeout=600)
    finally:
        trap.close()
    output = done.stdout + done.stderr
    assert done.returncode != 0, output[-4000:]
    assert trap.connections == 0
    failed = set(re.findall(r"Failure in test (\w+) \(models/staging/staging\.yml\)", output))
    assert failed == BAD_TESTS, output[-4000:]
    built = set(re.findall(r"OK created sql \w+ model \w+\.(\w+)", output))
    assert built == {f"metricsmith_parsed_{name}" for name in BAD_TABLES} | {"metricsmith_time_spine"}, built
    assert "SKIP relation main.metricsmith_stg_orders" in output


def test_options_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    project = make_project("nps", "average_order_value")
    with pytest.raises(ExportError) as bad_map:
        export_project(project, "dbt", tmp_path / "a", extra={"map": "orders.amount"})
    assert bad_map.value.field == "map"
    with pytest.raises(ExportError) as bad_key:
        export_project(project, "dbt", tmp_path / "b", extra={"map": "orders.price=Цена"})
    assert bad_key.value.field == "map"
    with pytest.raises(ExportError) as bad_table:
        export_project(project, "dbt", tmp_path / "c", extra={"tables": "orders,sales"})
    assert bad_table.value.field == "tables"
    assert not any(tmp_path.iterdir())


def test_metrics_that_cannot_run_are_listed_not_exported(tmp_path: Path) -> None:
    project = make_project("adoption_rate", "ltv", "nps")
    project.metrics.append(project.metrics[2].model_copy(update={"id": "calls", "name": "Calls", "catalog_id": None}))
    export_project(project, "dbt", tmp_path / "pkg", extra={"tables": "orders,surveys"})
    doc = yaml.safe_load((tmp_path / "pkg/models/metrics/semantic.yml").read_text(encoding="utf-8"))
    names = {m["name"] for m in doc["metrics"]}
    assert "nps" in names and "ltv" in names and "adoption_rate" not in names and "calls" not in names
    assert doc["metrics"][[m["name"] for m in doc["metrics"]].index("ltv")]["config"]["meta"]["model"] == \
        "order_value_and_churn"  # no mrr table: the orders variant, as compute picks it
    readme = (tmp_path / "pkg/README.md").read_text(encoding="utf-8")
    assert "adoption_rate: needs the table events" in readme and "Calls" in readme


def test_cli_writes_the_folder_and_keeps_it_without_force(tmp_path: Path) -> None:
    from metricsmith.cli import main
    from metricsmith.io.project_file import save_project

    assert get_format("dbt").suffix == ".dbt"
    project_path = tmp_path / "p.json"
    save_project(make_project("csat"), project_path)
    out = tmp_path / "pkg"
    assert main(["export", str(project_path), "--format", "dbt", "-o", str(out)]) == 0
    assert (out / "dbt_project.yml").is_file() and (out / "models/staging/metricsmith_stg_surveys.sql").is_file()
    assert main(["export", str(project_path), "--format", "dbt", "-o", str(out)]) != 0
    assert main(["export", str(project_path), "--format", "dbt", "-o", str(out), "--force"]) == 0
