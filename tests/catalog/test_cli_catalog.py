"""``metricsmith catalog`` through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from metricsmith.cli import main


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    # A wide console keeps names on one line so the assertions read whole names.
    monkeypatch.setenv("COLUMNS", "200")


def test_lists_everything_by_default(capsys):
    assert main(["catalog"]) == 0
    out = capsys.readouterr().out
    for needle in ("ltv", "Customer lifetime value (LTV)", "nps", "otif", "placement_rate", "FINANCIAL", "STRATEGIC"):
        assert needle in out


def test_industry_filter(capsys):
    assert main(["catalog", "--industry", "logistics"]) == 0
    out = capsys.readouterr().out
    assert "otif" in out and "damage_rate" in out and "ltv" in out  # "any" metrics stay
    assert "placement_rate" not in out and "take_rate" not in out


def test_category_filter_json(capsys):
    assert main(["catalog", "--category", "strategic", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) >= 8
    assert {d["category"] for d in data} == {"strategic"}
    assert isinstance(data[0]["name"], str)


def test_russian_names(capsys):
    assert main(["catalog", "--industry", "education", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "Доходимость курса" in out and "ФИНАНСЫ" in out
    assert "Course completion rate" not in out


def test_language_from_settings(capsys, monkeypatch):
    monkeypatch.setenv("METRICSMITH_LANGUAGE", "ru")
    assert main(["catalog", "--category", "financial"]) == 0
    assert "Валовая маржа" in capsys.readouterr().out


def test_json_filters_by_industry_and_language(capsys):
    assert main(["catalog", "--industry", "marketplace", "--lang", "ru", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {d["id"] for d in data}
    assert {"take_rate", "seller_retention", "gmv_per_active_buyer"} <= ids
    assert all("marketplace" in d["industries"] or "any" in d["industries"] for d in data)
    nps = next(d for d in data if d["id"] == "nps")
    assert nps["name"] == "Индекс потребительской лояльности"
    assert nps["bounds"] == [-100, 100]


def test_one_entry_in_full(capsys):
    assert main(["catalog", "--id", "grr"]) == 0
    out = capsys.readouterr().out
    assert "Gross revenue retention" in out
    assert "Expansion and upsell are excluded" in out
    assert "nrr_period = monthly" in out
    assert "0 … 100" in out


def test_one_entry_json_russian(capsys):
    assert main(["catalog", "--id", "fcr", "--lang", "ru", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "fcr"
    assert data["conventions"] == {"fcr_denominator": "first_contacts"}
    assert "первом обращении" in data["formula"]


def test_unknown_industry_exits_2_with_one_line(capsys):
    assert main(["catalog", "--industry", "fintech"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "fintech" in lines[0] and "retail" in lines[0] and "marketplace" in lines[0]


def test_unknown_id_exits_2(capsys):
    assert main(["catalog", "--id", "calls_made"]) == 2
    err = capsys.readouterr().err
    assert "calls_made" in err and len(err.strip().splitlines()) == 1
