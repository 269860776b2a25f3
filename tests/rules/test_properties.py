"""Property tests: arbitrary names and tables never crash; results are deterministic and order-free."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsmith.errors import MetricsmithError
from metricsmith.models import Metric
from metricsmith.readers import load_audit_input
from metricsmith.rules import audit, audit_names

names = st.text(min_size=1, max_size=60).filter(lambda s: s.strip() != "")
metric_words = st.sampled_from(["calls", "звонков", "visits", "NPS", "доля", "conversion", "GRR", "NRR",
                                "per employee", "количество", "total", "since launch", "%", "-", ","])
mixed_names = st.lists(st.one_of(names, metric_words), min_size=1, max_size=5).map(" ".join)
numbers = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))


@st.composite
def metric_lists(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    out = []
    for i in range(n):
        out.append(Metric(
            id=f"m{i}", name=draw(mixed_names), goal=draw(st.sampled_from(["", "G1", "Цель 2"])),
            owner=draw(st.sampled_from(["", "Anna", "Отдел продаж"])),
            kind=draw(st.sampled_from(["leading", "lagging"])),
            baseline=draw(numbers), target=draw(numbers), actual=draw(numbers),
            unit=draw(st.sampled_from(["", "%"])), formula=draw(st.sampled_from(["", "promoters 8-10"])),
        ))
    return out


def _per_metric(findings):
    out: dict = {}
    for f in findings:
        out.setdefault(f.metric_id, set()).add((f.rule, f.severity))
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(mixed_names, min_size=1, max_size=20))
def test_any_names_audit_without_crashing_and_deterministically(batch):
    first = audit_names(batch)
    assert len(first) == len(batch)
    assert [[(f.rule, f.message) for f in fs] for fs in first] == \
        [[(f.rule, f.message) for f in fs] for fs in audit_names(batch)]


@settings(max_examples=100, deadline=None)
@given(metric_lists(), st.randoms(use_true_random=False))
def test_findings_per_metric_do_not_depend_on_row_order(metrics, rnd):
    shuffled = list(metrics)
    rnd.shuffle(shuffled)
    assert _per_metric(audit(metrics)) == _per_metric(audit(shuffled))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), min_size=0, max_size=6),
       st.sampled_from([",", ";", "\t"]), st.booleans())
def test_arbitrary_tables_either_audit_or_fail_cleanly(tmp_path, rows, delimiter, with_header):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    if with_header:
        writer.writerow(["Metric", "Owner", "Target"])
    writer.writerows(rows)
    path = tmp_path / "t.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    try:
        data = load_audit_input(path)
    except MetricsmithError as exc:
        assert exc.one_line()
        return
    findings = audit(data.metrics, fields=data.fields, rows=data.rows)
    ids = {m.id for m in data.metrics}
    assert all(f.metric_id is None or f.metric_id in ids for f in findings)
