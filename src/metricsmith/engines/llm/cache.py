"""A persistent answer cache: the same model, prompt and schema never cost a second call.

SQLite in the user's cache folder, one row per key; the key is a hash of the
provider, model, base URL, structured-output method, rendered messages and the
output schema, so a changed prompt template or schema misses the cache instead
of returning a stale shape. Only validated answers are stored. Any SQLite
problem (locked, corrupt, read-only folder) makes the cache silently inert:
a cache must never break drafting.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from metricsmith.config import cache_dir
from metricsmith.io.private import private_file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    answer TEXT NOT NULL,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
)
"""


def cache_key(*, provider: str, model: str, base_url: str, method: str, messages: list[tuple[str, str]],
              schema: dict[str, Any], temperature: float | None = None) -> str:
    """The answer's identity: who answered (provider, model, URL), how (method, temperature), to what."""
    payload = json.dumps(
        {"provider": provider, "model": model, "base_url": base_url, "method": method,
         "temperature": temperature, "messages": messages, "schema": schema},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResponseCache:
    """Validated structured answers by key (see :func:`cache_key`)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "llm_cache.sqlite3"
        self._ready = False

    def _connect(self) -> sqlite3.Connection | None:
        try:
            private_file(self.path)  # 0600 in a 0700 folder: prompts hold the user's business answers
            conn = sqlite3.connect(self.path, timeout=5)
            if not self._ready:
                conn.execute(_SCHEMA)
                conn.commit()
                self._ready = True
            return conn
        except (sqlite3.Error, OSError):
            return None

    def get(self, key: str) -> tuple[dict[str, Any], int, int] | None:
        """``(answer, input_tokens, output_tokens)`` stored under ``key``, or ``None``."""
        conn = self._connect()
        if conn is None:
            return None
        try:
            row = conn.execute(
                "SELECT answer, input_tokens, output_tokens FROM answers WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        finally:
            conn.close()
        if row is None:
            return None
        try:
            return json.loads(row[0]), int(row[1]), int(row[2])
        except (ValueError, TypeError):
            return None

    def put(self, key: str, answer: dict[str, Any], input_tokens: int, output_tokens: int) -> None:
        conn = self._connect()
        if conn is None:
            return
        try:
            with conn:
                conn.execute(
                    "INSERT OR REPLACE INTO answers (key, answer, input_tokens, output_tokens, created) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (key, json.dumps(answer, ensure_ascii=False), input_tokens, output_tokens, time.time()),
                )
        except sqlite3.Error:
            pass
        finally:
            conn.close()
