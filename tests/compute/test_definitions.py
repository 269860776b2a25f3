"""The definitions layer: every packaged definition is consistent, runs, and bad data is named."""

from __future__ import annotations

import re
import string

import duckdb
import pytest

from metricsmith.catalog import load_catalog
from metricsmith.compute.definitions import (
    DefinitionError,
    _definition,
    _model,
    definition,
    definitions,
    metric_query,
    models,
    render,
)
from metricsmith.compute.periods import parse_period
from metricsmith.compute.runner import VIEW_COLUMNS, ComputeOptions, base_params, metric_params
from metricsmith.models.metric import Conventions, Metric


def _params(cid: str, conventions: Conventions | None = None) -> dict[str, str]:
    metric = Metric(id=cid, name=cid, catalog_id=cid, conventions=conventions or Conventions())
    options = ComputeOptions(feature_event="export", gross_margin=0.5)
    params, _notes, _reason = metric_params(metric, definitions()[cid], parse_period("2026-10"), options,
                                            ("signup", "report"), True)
    return params


@pytest.fixture(scope="module")
def empty_db() -> duckdb.DuckDBPyConnection:
    """Empty canonical views and helper tables, so every query can be planned and run."""
    con = duckdb.connect()
    for name, cols in VIEW_COLUMNS.items():
        typed = ", ".join(f"CAST(NULL AS {typ}) AS {col}" for col, typ in cols.items())
        con.execute(f"CREATE VIEW {name} AS SELECT {typed}, CAST(NULL AS VARCHAR) AS segment WHERE false")
    for model in models().values():
        if model.helper:
            con.execute(f"CREATE TABLE {model.name} AS {model.render(base_params(parse_period('2026-10')))}")
    yield con
    con.close()


def test_every_definition_names_a_catalog_metric() -> None:
    catalog_ids = {entry.id for entry in load_catalog().entries}
    assert set(definitions()) <= catalog_ids


def test_every_model_is_used_and_every_template_placeholder_is_filled() -> None:
    used = {v.model for d in definitions().values() for v in d.variants}
    used |= {h for m in models().values() for h in m.reads}
    assert used == set(models())
    for cid, item in definitions().items():
        params = _params(cid)
        for variant in item.variants:
            for name in re.findall(r"\$\{(\w+)\}", metric_query(variant)):
                assert name in params, (cid, name)


@pytest.mark.parametrize("cid", sorted(definitions()))
def test_every_variant_runs_on_empty_tables(cid: str, empty_db: duckdb.DuckDBPyConnection) -> None:
    for variant in definitions()[cid].variants:
        for conventions in _convention_cases(variant):
            sql = render(metric_query(variant, conventions), _params(cid, conventions))
            assert empty_db.execute(sql).fetchall() == []


def _convention_cases(variant) -> list[Conventions]:
    if not variant.value_by:
        return [Conventions()]
    return [Conventions()] + [Conventions(**{variant.value_by: key}) for key in variant.values if key != "default"]


def test_value_by_picks_the_convention_value_and_unit() -> None:
    csat = definition("csat").variants[0]
    assert csat.value_for(Conventions()).numerator == "csat_top2"
    assert csat.value_for(Conventions(csat_method="average")).numerator == "csat_score_sum"
    assert csat.unit_for(Conventions(csat_method="average")) == "points"
    assert csat.unit_for(Conventions()) == "%"
    fcr = definition("fcr").variants[0]
    assert fcr.value_for(Conventions(fcr_denominator="all_contacts")).denominator == "contacts_made"


def test_a_query_aggregates_only_the_measures_its_variant_reads() -> None:
    sql = metric_query(definition("average_order_value").variants[0])
    assert "sum(amount) AS revenue" in sql and "returned_orders" not in sql
    assert definition("unknown metric") is None and definition(None) is None


def test_helpers_are_named_by_the_models_that_read_them() -> None:
    assert definition("repeat_purchase_rate").variants[0].helpers == ("order_customers",)
    assert definition("nps").variants[0].tables == ("surveys",)


def test_templates_use_only_string_template_placeholders() -> None:
    for model in models().values():
        string.Template(model.template).substitute({k: "0" for k in re.findall(r"\$\{(\w+)\}", model.template)})


@pytest.mark.parametrize(("spec", "message"), [
    ({"entity": "customer", "tables": ["orders"], "measures": {"x": {"agg": "mode", "expr": "amount"}}},
     "measure x has an unknown agg 'mode'"),
])
def test_a_bad_model_is_named(spec: dict, message: str) -> None:
    with pytest.raises(DefinitionError, match=message):
        _model("m", spec)


@pytest.mark.parametrize(("variant", "message"), [
    ({"model": "nowhere", "n": "x", "value": {"type": "simple", "measure": "x"}}, "unknown model 'nowhere'"),
    ({"model": "period_orders", "n": "orders", "value": {"type": "simple", "measure": "margin"}},
     "model period_orders has no measure margin"),
    ({"model": "period_orders", "n": "orders"}, "give either value or value_by"),
    ({"model": "period_orders", "n": "orders", "value": {"type": "cumulative"}}, "value type must be one of"),
    ({"model": "period_orders", "n": "orders",
      "value_by": {"convention": "csat_method", "average": {"type": "simple", "measure": "orders"}}},
     "give either value or value_by with a default"),
])
def test_a_bad_metric_definition_is_named(variant: dict, message: str) -> None:
    with pytest.raises(DefinitionError, match=re.escape(message)):
        _definition("m", {"variants": [variant]}, models())


def test_a_month_on_month_metric_over_a_longer_period_says_so(tmp_path) -> None:
    from metricsmith.compute import compute, report_lines

    from .conftest import MRR_HEADER, MRR_ROWS, make_project, result, write_csv

    path = write_csv(tmp_path / "mrr.csv", MRR_HEADER, MRR_ROWS)
    project = make_project("nrr", "grr", "customer_churn", conventions={"grr": {"nrr_period": "cohort_12m"}})
    quarter = compute(project, [path], period="2026-Q4")
    assert "month_window" in result(quarter, "nrr").notes
    assert "month_window" not in result(quarter, "grr").notes  # a 12-month cohort is meant to span months
    assert any("for a monthly figure use --period 2026-12" in line for line in report_lines(quarter))
    month = compute(project, [path], period="2026-10")
    assert all("month_window" not in r.notes for r in month.results)


def test_a_russian_report_names_the_parts_in_russian(tmp_path) -> None:
    from metricsmith.compute import compute, report_lines

    from .conftest import make_project, write_csv

    path = write_csv(tmp_path / "nps.csv", ["customer", "date", "score", "type"],
                     [["a", "2026-10-01", 10, "NPS"], ["b", "2026-10-02", 3, "NPS"]])
    lines = "\n".join(report_lines(compute(make_project("nps", language="ru"), [path], period="2026-10")))
    assert "промоутеры % 50" in lines and "критики % 50" in lines and "promoters" not in lines
