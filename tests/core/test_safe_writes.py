"""Writes replace regular files only, all-or-nothing, and private files are private from the first byte.

Issue 14: ``propose -o /dev/null --force`` turned /dev/null into a regular file; ``compute``
replaced a read-only project; a CSV pair export could leave the first file replaced when the
second failed; the LLM cache was created 0644.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from metricsmith.errors import SaveError
from metricsmith.io.atomic import atomic_write_bytes, atomic_write_many

PROFILE = "language: en\nbusiness: {name: Tidy, description: Office cleaning, industry: services}\n"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metricsmith", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


def test_a_fifo_is_never_replaced(fifo: Path):
    with pytest.raises(SaveError, match="not a regular file"):
        atomic_write_bytes(fifo, b"{}")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_propose_force_refuses_a_device_and_a_fifo(tmp_path: Path, fifo: Path):
    (tmp_path / "p.yaml").write_text(PROFILE, encoding="utf-8")
    for target in (os.devnull, str(fifo)):
        result = _cli("propose", "p.yaml", "-o", target, "--force", "--quiet", cwd=tmp_path)
        assert result.returncode == 2 and "not a regular file" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_export_force_refuses_a_device(tmp_path: Path):
    (tmp_path / "p.yaml").write_text(PROFILE, encoding="utf-8")
    assert _cli("propose", "p.yaml", "--quiet", cwd=tmp_path).returncode == 0
    result = _cli("export", "p.json", "-f", "md", "-o", os.devnull, "--force", cwd=tmp_path)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_read_only_file_is_not_replaced(tmp_path: Path):
    target = tmp_path / "project.json"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(SaveError, match="read-only"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"


def test_a_symlink_is_followed_and_kept(tmp_path: Path):
    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_multi_file_write_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    first, second = tmp_path / "a.tracking.csv", tmp_path / "a.value.csv"
    first.write_bytes(b"old first")
    real_replace = os.replace
    renamed: list[str] = []

    def failing_second(src, dst):  # the disk "fills up" at the second rename
        if str(dst) == str(second):
            raise OSError(28, "No space left on device")
        renamed.append(str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_second)
    with pytest.raises(SaveError, match="disk is full"):
        atomic_write_many({first: b"new first", second: b"new second"})
    monkeypatch.undo()
    assert renamed[0] == str(first)  # the first file really had been replaced (then put back)
    assert first.read_bytes() == b"old first" and not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tracking.csv"]  # no temp or backup left


def test_multi_file_write_removes_a_new_first_file_when_the_second_fails(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    first, second = tmp_path / "b.tracking.csv", tmp_path / "b.value.csv"
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda s, d: (_ for _ in ()).throw(OSError(13, "denied"))
                        if str(d) == str(second) else real_replace(s, d))
    with pytest.raises(SaveError):
        atomic_write_many({first: b"1", second: b"2"})
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_llm_cache_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from metricsmith.engines.llm.cache import ResponseCache

    folder = tmp_path / "cache" / "metricsmith"
    monkeypatch.setenv("METRICSMITH_CACHE_DIR", str(folder))
    old = os.umask(0o022)
    try:
        cache = ResponseCache()
        cache.put("k", {"a": 1}, 1, 2)
    finally:
        os.umask(old)
    assert cache.get("k") == ({"a": 1}, 1, 2)
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(folder.parent.stat().st_mode) == 0o700


def test_an_existing_loose_cache_file_is_tightened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from metricsmith.engines.llm.cache import ResponseCache

    monkeypatch.setenv("METRICSMITH_CACHE_DIR", str(tmp_path))
    path = tmp_path / "llm_cache.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    ResponseCache().put("k", {}, 0, 0)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_config_and_recent_list_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from metricsmith.config import config_path, save_user_config
    from metricsmith.recent import add_recent, recent_file

    monkeypatch.setenv("METRICSMITH_CONFIG_DIR", str(tmp_path / "cfg" / "metricsmith"))
    monkeypatch.setenv("METRICSMITH_DATA_DIR", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        save_user_config({"model": "m"})
        add_recent(tmp_path / "p.json", "P")
    finally:
        os.umask(old)
    for path in (config_path(), recent_file()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_fifo_in_place_of_the_cache_makes_the_cache_inert_not_a_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from metricsmith.engines.llm.cache import ResponseCache

    monkeypatch.setenv("METRICSMITH_CACHE_DIR", str(tmp_path))
    os.mkfifo(tmp_path / "llm_cache.sqlite3")
    cache = ResponseCache()
    cache.put("k", {}, 0, 0)
    assert cache.get("k") is None and stat.S_ISFIFO((tmp_path / "llm_cache.sqlite3").lstat().st_mode)
