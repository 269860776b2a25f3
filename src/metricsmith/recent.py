"""The list of recently opened projects, kept in the user's data folder.

Why its own module: the welcome screen needs it, but it is plain file
bookkeeping that tests can drive without a UI. The file is small JSON written
atomically; a missing, unreadable or broken file means "no recent projects",
never a crash, because losing this list costs the user nothing important.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from metricsmith.errors import SaveError
from metricsmith.io.atomic import atomic_write_bytes

MAX_RECENT = 10
FILE_NAME = "recent.json"


@dataclass(frozen=True)
class RecentProject:
    """One entry: where the project file is, what it is called, when it was last opened."""

    path: str
    name: str = ""
    opened_at: str = ""

    @property
    def exists(self) -> bool:
        return Path(self.path).is_file()


def recent_file() -> Path:
    from metricsmith.config import data_dir

    return data_dir() / FILE_NAME


def load_recent() -> list[RecentProject]:
    """Recent projects, newest first; an unreadable or broken file yields an empty list."""
    try:
        data = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    items = data.get("projects") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return []
    out: list[RecentProject] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"]:
            continue
        if item["path"] in seen:
            continue
        seen.add(item["path"])
        out.append(
            RecentProject(
                path=item["path"],
                name=str(item.get("name") or ""),
                opened_at=str(item.get("opened_at") or ""),
            )
        )
    return out[:MAX_RECENT]


def _write(items: list[RecentProject]) -> None:
    text = json.dumps({"projects": [asdict(i) for i in items[:MAX_RECENT]]}, ensure_ascii=False, indent=2)
    atomic_write_bytes(recent_file(), (text + "\n").encode("utf-8"), private=True)  # paths of the user's projects


def add_recent(path: str | Path, name: str = "") -> list[RecentProject]:
    """Put ``path`` at the top of the list (absolute path); failures to save are ignored.

    Returns the new list.
    """
    key = str(Path(path).expanduser().resolve())
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    items = [RecentProject(key, name, now)] + [r for r in load_recent() if r.path != key]
    try:
        _write(items)
    except SaveError:
        pass
    return items[:MAX_RECENT]


def remove_recent(path: str | Path) -> list[RecentProject]:
    """Drop ``path`` from the list (e.g. the file was deleted); failures to save are ignored."""
    key = str(Path(path).expanduser().resolve())
    items = [r for r in load_recent() if r.path != key and r.path != str(path)]
    try:
        _write(items)
    except SaveError:
        pass
    return items
