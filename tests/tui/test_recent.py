"""Recent projects: newest first, de-duplicated, capped, tolerant of a broken file."""

from __future__ import annotations

from pathlib import Path

from metricsmith.recent import MAX_RECENT, add_recent, load_recent, recent_file, remove_recent


def test_add_orders_newest_first_and_deduplicates(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    add_recent(a, "A")
    add_recent(b, "B")
    add_recent(a, "A again")
    items = load_recent()
    assert [Path(i.path).name for i in items] == ["a.json", "b.json"]
    assert items[0].name == "A again"
    assert Path(items[0].path).is_absolute()


def test_capped(tmp_path: Path) -> None:
    for i in range(MAX_RECENT + 5):
        add_recent(tmp_path / f"{i}.json")
    assert len(load_recent()) == MAX_RECENT
    assert Path(load_recent()[0].path).name == f"{MAX_RECENT + 4}.json"


def test_broken_file_means_empty_and_is_repaired(tmp_path: Path) -> None:
    recent_file().parent.mkdir(parents=True, exist_ok=True)
    recent_file().write_text("{ broken", encoding="utf-8")
    assert load_recent() == []
    add_recent(tmp_path / "x.json", "X")
    assert [i.name for i in load_recent()] == ["X"]
    recent_file().write_text('{"projects": [{"path": 3}, "junk", {"path": "/p.json", "name": "P"}]}', encoding="utf-8")
    assert [i.path for i in load_recent()] == ["/p.json"]


def test_remove_and_exists(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    add_recent(real)
    add_recent(tmp_path / "gone.json")
    flags = {Path(i.path).name: i.exists for i in load_recent()}
    assert flags == {"gone.json": False, "real.json": True}
    remove_recent(tmp_path / "gone.json")
    assert [Path(i.path).name for i in load_recent()] == ["real.json"]


def test_unwritable_data_dir_is_ignored(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("METRICSMITH_DATA_DIR", str(blocker / "sub"))
    items = add_recent(tmp_path / "p.json")  # must not raise
    assert len(items) == 1
    assert load_recent() == []
