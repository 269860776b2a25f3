"""Industry packs, models, channels and owner roles are data: valid, consistent with the catalog,
and read through a cache that can never serve stale or damaged data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from metricsmith.catalog import INDUSTRIES, MONETISATION_MODELS, load_catalog
from metricsmith.catalog.packs import load_packs, parse_packs
from metricsmith.errors import MetricsmithError
from metricsmith.io.fast_yaml import load_yaml, parse_yaml


def test_every_listed_metric_exists_in_the_catalog() -> None:
    packs, ids = load_packs(), set(load_catalog().ids())
    lists = [packs.general.first_value, packs.general.repeat, packs.general.quality, packs.general.leading,
             packs.general.monetisation, packs.general.core, tuple(packs.first_value_clock), tuple(packs.average_check)]
    for pack in packs.industries.values():
        lists += [pack.first_value, pack.repeat, pack.quality, pack.leading]
    for pack in packs.models.values():
        lists += [pack.repeat, pack.monetisation]
    lists += [tuple(family) for family in packs.families]
    missing = {i for lst in lists for i in lst} - ids
    assert not missing


def test_packs_name_the_catalogs_industries_and_models() -> None:
    packs = load_packs()
    assert tuple(packs.industries) == INDUSTRIES
    assert set(packs.models) == set(MONETISATION_MODELS) == set(packs.model_priority)
    assert all(pack.default_model in packs.models for pack in packs.industries.values())
    for pack in [*packs.industries.values(), *packs.models.values()]:
        assert pack.labels.en and pack.labels.ru and pack.keywords


def test_owner_areas_of_the_catalog_are_roles_of_the_packs() -> None:
    packs = load_packs()
    areas = set(packs.roles)
    for entry in load_catalog():
        assert set(entry.owner_areas) <= areas, entry.id
    for category, listed in packs.category_areas.items():
        assert set(listed) <= areas, category


def test_a_broken_pack_names_the_key() -> None:
    from importlib import resources

    data = parse_yaml(resources.files("metricsmith.catalog").joinpath("packs.yaml").read_text(encoding="utf-8"))
    del data["industries"]["retail"]["labels"]
    with pytest.raises(MetricsmithError) as info:
        parse_packs(data)
    assert "industries.retail.labels" in info.value.one_line()


def test_packaged_yaml_is_cached_and_a_damaged_entry_is_parsed_again(tmp_path: Path) -> None:
    text = "a: [1, 2.5, x]\nb: {c: true}\n"
    expected = {"a": [1, 2.5, "x"], "b": {"c": True}}
    assert load_yaml(text) == expected
    folder = Path(os.environ["METRICSMITH_CACHE_DIR"]) / "data"
    cached = list(folder.glob("*.marshal"))
    assert len(cached) == 1 and oct(cached[0].stat().st_mode & 0o777) == "0o600"
    assert load_yaml(text) == expected  # from the cache
    cached[0].write_bytes(b"\x00garbage")
    assert load_yaml(text) == expected  # damaged: parsed again
    assert load_yaml(text + "d: 1\n") == {**expected, "d": 1}  # another text, another key


def test_the_data_cache_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRICSMITH_NO_DATA_CACHE", "1")
    assert load_yaml("x: 1\n") == {"x": 1}
    assert not (Path(os.environ["METRICSMITH_CACHE_DIR"]) / "data").exists()
