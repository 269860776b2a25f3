"""Workbench operations without the UI: parsing typed cells, badges, moves, replacements."""

from __future__ import annotations

import pytest

from metricsmith.errors import MetricsmithError
from metricsmith.models.metric import Metric
from metricsmith.models.project import Finding, Project
from metricsmith.tui import editing


def project() -> Project:
    return Project(metrics=[
        Metric(id="a", name="A", goal="G", owner="Anna", unit="%", baseline=10, target=20),
        Metric(id="b", name="B", goal="G"),
        Metric(id="c", name="C", direction="down"),
    ])


def test_number_cells_accept_human_forms_and_reject_words() -> None:
    m = project().metrics[0]
    editing.apply_edit(m, "baseline", "1 200,5 %", "en")
    assert m.baseline == 1200.5
    editing.apply_edit(m, "target", "", "en")
    assert m.target is None
    with pytest.raises(MetricsmithError) as err:
        editing.apply_edit(m, "actual", "about twelve", "ru")
    assert err.value.field == "actual" and "не число" in err.value.message
    assert m.actual is None


def test_kind_name_and_read_only_columns() -> None:
    m = project().metrics[0]
    editing.apply_edit(m, "kind", "опережающая", "ru")
    assert m.kind == "leading"
    editing.apply_edit(m, "kind", "lag", "en")
    assert m.kind == "lagging"
    with pytest.raises(MetricsmithError):
        editing.apply_edit(m, "kind", "sideways", "en")
    with pytest.raises(MetricsmithError):
        editing.apply_edit(m, "metric", "  ", "en")
    with pytest.raises(MetricsmithError):
        editing.apply_edit(m, "status", "achieved", "en")
    editing.apply_edit(m, "comment", " check the funnel ", "en")
    assert m.comment == "check the funnel"


def test_cell_text_shows_units_labels_and_status() -> None:
    m = project().metrics[0]
    assert editing.cell_text(m, "baseline", "en") == "10%"
    assert editing.cell_text(m, "baseline", "ru") == "10\u00a0%"
    assert editing.edit_text(m, "baseline", "en") == "10"
    assert editing.cell_text(m, "kind", "ru") == "запаздывающая"
    assert editing.cell_text(m, "status", "en") == "not started"
    m.actual = 20
    assert editing.cell_text(m, "status", "ru") == "достигнуто"


def test_badge() -> None:
    w = Finding(rule="x", severity="warning", metric_id="a")
    e = Finding(rule="y", severity="error", metric_id="a")
    i = Finding(rule="z", severity="info", metric_id="a")
    assert editing.badge([]) == ""
    assert editing.badge([i]) == "ℹ1"
    assert editing.badge([w, i]) == "⚠1"
    assert editing.badge([w, e]) == "✖2"


def test_move_delete_add() -> None:
    p = project()
    assert not editing.move_metric(p, "a", -1)
    assert editing.move_metric(p, "a", 1)
    assert [m.id for m in p.metrics] == ["b", "a", "c"]
    p.findings = [Finding(rule="x", metric_id="a"), Finding(rule="set-size")]
    editing.delete_metric(p, "a")
    assert [m.id for m in p.metrics] == ["b", "c"]
    assert [f.rule for f in p.findings] == ["set-size"]
    editing.add_metric(p, Metric(id="b", name="Another B"), after_id="b")
    assert [m.id for m in p.metrics] == ["b", "b-2", "c"]


def test_replace_keeps_goal_owner_and_dates() -> None:
    p = project()
    p.findings = [Finding(rule="activity-as-value", metric_id="a")]
    new = editing.replace_metric(p, "a", Metric(id="c", name="Conversion"))
    assert new.id == "c-2"  # "c" is taken by another metric
    assert (new.goal, new.owner) == ("G", "Anna")
    assert p.findings == []
    assert [m.id for m in p.metrics] == ["c-2", "b", "c"]


def test_metric_from_catalog_and_apply_suggestion() -> None:
    from metricsmith.catalog import load_catalog

    entry = next(iter(load_catalog()))
    p = project()
    m1 = editing.metric_from_catalog(entry, p, "ru")
    assert m1.name == entry.name.ru and m1.catalog_id == entry.id and m1.formula == entry.formula.ru
    editing.add_metric(p, m1)
    m2 = editing.metric_from_catalog(entry, p, "en")
    assert m2.id != m1.id
    finding = Finding(rule="vanity", metric_id="b", suggestion_catalog_id=entry.id)
    replaced = editing.apply_suggestion(p, finding, "en")
    assert p.metrics[1] is replaced and replaced.goal == "G"
    with pytest.raises(MetricsmithError):
        editing.apply_suggestion(p, Finding(rule="vanity", metric_id="c"), "en")


def test_record_actual_parses_value_and_date() -> None:
    import datetime as dt

    m = project().metrics[0]
    value, on = editing.record_actual(m, "15,5", "2026-11-01", "en")
    assert (value, on) == (15.5, dt.date(2026, 11, 1)) and m.actual == 15.5
    with pytest.raises(MetricsmithError):
        editing.record_actual(m, "15", "1 Nov", "en")
    with pytest.raises(MetricsmithError):
        editing.record_actual(m, "n/a", "2026-11-02", "en")
    assert len(m.history) == 1
