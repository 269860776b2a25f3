"""Fuzzing the readers through the CLI: the only outcomes are success or exit 2 with one line.

Random bytes, and random JSON, YAML and CSV shapes, are written to real files and given
to ``audit``, ``propose``, ``export`` and ``compute`` through :func:`metricsmith.cli.main`
(the console script's function, in-process so that hundreds of examples stay fast; the
last test runs the real process). Any exception other than the CLI's own one-line error
fails the test with its traceback. The examples are derived deterministically (the
suite's hypothesis profile), so a failure reproduces.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from metricsmith.cli import main

SUFFIXES = [".csv", ".tsv", ".txt", ".md", ".json", ".yaml", ".xlsx", ".ods"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                    st.text(max_size=30))
shapes = st.recursive(scalars, lambda inner: st.lists(inner, max_size=6)
                      | st.dictionaries(st.text(max_size=12), inner, max_size=6), max_leaves=40)
metric_words = st.sampled_from(["Metric", "KPI", "Owner", "Baseline", "Target", "Goal", "Type", "Метрика", "NPS",
                                "=1+1", "", " ", "1e400", "nan", "-5", "100%", "Deals closed", "\x00", "\"", "|"])
csv_rows = st.lists(st.lists(st.one_of(metric_words, st.text(max_size=15)), min_size=1, max_size=6),
                    min_size=1, max_size=12)


def run_cli(*args: str) -> tuple[int, str]:
    """``main(args)`` with stdout discarded; returns (exit code, stderr)."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, err.getvalue()


def assert_clean(code: int, stderr: str) -> None:
    if code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("metricsmith: error: "), stderr
    else:
        assert code in (0, 1), (code, stderr)  # audit: 1 = findings at --fail-on


_SCRATCH: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _scratch():
    """One temporary folder for the module's examples, removed afterwards (examples cannot use tmp_path)."""
    with tempfile.TemporaryDirectory(prefix="metricsmith-fuzz-") as folder:
        _SCRATCH.append(Path(folder))
        yield
        _SCRATCH.clear()


def _folder() -> Path:
    return Path(tempfile.mkdtemp(dir=_SCRATCH[0]))


@settings(max_examples=120)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_audit_random_bytes(data: bytes, suffix: str) -> None:
    path = _folder() / f"table{suffix}"
    path.write_bytes(data)
    assert_clean(*run_cli("audit", str(path), "--format", "json"))


@settings(max_examples=60)
@given(data=st.binary(max_size=2000), head=st.sampled_from([b"", b"PK\x03\x04", b"{", b"- ", b"Metric\n"]))
def test_audit_of_archives_and_prefixed_noise(data: bytes, head: bytes) -> None:
    path = _folder() / ("kpi.xlsx" if head.startswith(b"PK") else "kpi.json" if head == b"{" else "kpi.yaml")
    path.write_bytes(head + data)
    assert_clean(*run_cli("audit", str(path)))


@settings(max_examples=120)
@given(doc=shapes, as_yaml=st.booleans())
def test_audit_random_json_and_yaml_shapes(doc: object, as_yaml: bool) -> None:
    folder = _folder()
    if as_yaml:
        path = folder / "kpis.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    else:
        path = folder / "kpis.json"
        path.write_text(json.dumps(doc), encoding="utf-8")  # NaN/Infinity included as JSON writes them
    assert_clean(*run_cli("audit", str(path), "--format", "md"))


@settings(max_examples=120)
@given(rows=csv_rows, delimiter=st.sampled_from([",", ";", "\t"]))
def test_audit_random_csv_shapes(rows: list[list[str]], delimiter: str) -> None:
    path = _folder() / "kpis.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    assert_clean(*run_cli("audit", str(path)))


@settings(max_examples=40)
@given(doc=shapes)
def test_propose_random_profiles(doc: object) -> None:
    folder = _folder()
    path = folder / "p.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert_clean(*run_cli("propose", str(path), "-o", str(folder / "p.json"), "--quiet"))


@settings(max_examples=60)
@given(data=st.binary(max_size=2000))
def test_propose_random_bytes(data: bytes) -> None:
    folder = _folder()
    (folder / "p.yaml").write_bytes(data)
    assert_clean(*run_cli("propose", str(folder / "p.yaml"), "-o", str(folder / "p.json"), "--quiet"))


def _project_doc() -> dict:
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

    project = Project(profile={"language": "en", "goals": [{"title": "Grow"}]},
                      metrics=[Metric(id="aov", name="AOV", catalog_id="average_order_value", goal="Grow")])
    return project.model_dump(mode="json")


@settings(max_examples=80)
@given(key=st.sampled_from(["profile", "metrics", "findings", "engine", "schema_version", "notices", "created_at"]),
       value=shapes, fmt=st.sampled_from(["md", "csv", "xlsx", "json"]))
def test_export_projects_with_one_random_part(key: str, value: object, fmt: str) -> None:
    folder = _folder()
    doc = _project_doc()
    doc[key] = value
    path = folder / "p.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert_clean(*run_cli("export", str(path), "-f", fmt, "-o", str(folder / f"out.{fmt}")))


@settings(max_examples=60)
@given(rows=csv_rows)
def test_compute_random_csv_data(rows: list[list[str]]) -> None:
    folder = _folder()
    project = folder / "p.json"
    project.write_text(json.dumps(_project_doc()), encoding="utf-8")
    data = folder / "orders.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "customer", "date", "amount", "status"])
        writer.writerows(rows)
    assert_clean(*run_cli("compute", str(project), "--data", str(data), "--dry-run"))


def _parquet_bytes() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 200
    table = pa.table({"order_id": list(range(n)), "customer": [f"c{i % 17}" for i in range(n)],
                      "date": [dt.date(2026, 9, 1) + dt.timedelta(days=i % 60) for i in range(n)],
                      "amount": [float(5 + i % 50) for i in range(n)]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


PARQUET = _parquet_bytes()


@settings(max_examples=80)
@given(edits=st.lists(st.tuples(st.integers(0, len(PARQUET) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       zero=st.booleans())
def test_compute_damaged_parquet(edits: list[tuple[int, int]], zero: bool) -> None:
    folder = _folder()
    project = folder / "p.json"
    project.write_text(json.dumps(_project_doc()), encoding="utf-8")
    damaged = bytearray(PARQUET)
    for offset, byte in edits:
        damaged[offset] = 0 if zero else byte
    (folder / "orders.parquet").write_bytes(bytes(damaged))
    assert_clean(*run_cli("compute", str(project), "--data", str(folder / "orders.parquet"), "--dry-run",
                          "--period", "2026-10"))


@settings(max_examples=8)
@given(data=st.binary(min_size=1, max_size=400), suffix=st.sampled_from([".csv", ".json", ".yaml", ".xlsx"]))
def test_the_real_process_prints_one_line_or_succeeds(data: bytes, suffix: str) -> None:
    path = _folder() / f"t{suffix}"
    path.write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "metricsmith", "audit", str(path), "--fail-on", "never"],
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr
    assert_clean(result.returncode, result.stderr)
