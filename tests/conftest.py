"""Shared test fixtures: isolated user folders, paths to the shipped fixtures, a loopback model server.

Every test runs with its own config, data and cache folders so nothing reads or
writes the developer's real ones, and with no LLM credentials in the environment.
The loopback HTTP server plays an OpenAI-compatible model for wire-level tests of
the engine and the terminal UI, including one that never answers.
"""

from __future__ import annotations

import json
import select
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, settings

# Property tests must be deterministic like every other test: a fixed derivation of examples,
# no example database carried between runs, and no wall-clock deadline on a shared machine.
settings.register_profile(
    "metricsmith",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("metricsmith")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PROFILES = FIXTURES / "profiles"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = base / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"METRICSMITH_{name}_DIR", str(folder))
    # The UI and doctor default their language from the locale: every test starts from the same one.
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "METRICSMITH_ENGINE", "METRICSMITH_PROVIDER",
                "METRICSMITH_MODEL", "METRICSMITH_BASE_URL", "METRICSMITH_API_KEY", "METRICSMITH_LANGUAGE",
                "METRICSMITH_CATALOGS", "METRICSMITH_NO_DATA_CACHE"):
        monkeypatch.delenv(var, raising=False)
    return base


@pytest.fixture
def profiles_dir() -> Path:
    return PROFILES


@pytest.fixture
def fixture_profiles() -> list[Path]:
    return sorted(PROFILES.glob("*.yaml"))


# --- a minimal loopback HTTP server (stdlib) for wire-level tests -------------------------------

#: handler(method, path, request_json) -> (status, headers, body) ; body dict/bytes/str; None = hang
Handler = Callable[[str, str, Any], "tuple[int, dict[str, str], Any] | None"]


@dataclass
class Loopback:
    url: str
    requests: list[dict] = field(default_factory=list)
    #: Set by the test to let hanging requests end (the fixture sets it at teardown).
    release: threading.Event = field(default_factory=threading.Event)
    #: Set when a request the handler leaves hanging has arrived.
    hanging: threading.Event = field(default_factory=threading.Event)
    #: Set when the client of a hanging request closed the connection (it gave up or was closed).
    disconnected: threading.Event = field(default_factory=threading.Event)


def _hang_until_released_or_gone(connection: Any, state: Loopback) -> None:
    """Never answer: wait until the test releases the request or the client closes the connection."""
    state.hanging.set()
    while not state.release.is_set():
        readable, _, _ = select.select([connection], [], [], 0.05)
        if readable:
            try:
                gone = connection.recv(1024) == b""
            except OSError:
                gone = True
            if gone:
                state.disconnected.set()
                return


def start_loopback(handler: Handler) -> tuple[ThreadingHTTPServer, Loopback]:
    state_holder: dict[str, Loopback] = {}

    class _H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _serve(self) -> None:
            state = state_holder["s"]
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            state.requests.append({"method": self.command, "path": self.path, "json": body,
                                   "headers": {k.lower(): v for k, v in self.headers.items()}})
            answer = handler(self.command, self.path, body)
            if answer is None:
                _hang_until_released_or_gone(self.connection, state)
                self.close_connection = True
                return
            status, headers, payload = answer
            if isinstance(payload, (dict, list)):
                data = json.dumps(payload).encode()
                headers = {"Content-Type": "application/json", **headers}
            elif isinstance(payload, str):
                data = payload.encode()
            else:
                data = payload or b""
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve
        do_POST = _serve

    server = ThreadingHTTPServer(("127.0.0.1", 0), _H)
    server.daemon_threads = True
    state = Loopback(url=f"http://127.0.0.1:{server.server_address[1]}/v1")
    state_holder["s"] = state
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, state


@pytest.fixture
def loopback():
    """``loopback(handler) -> Loopback``; servers are stopped (and hung requests released) afterwards."""
    started: list[tuple[ThreadingHTTPServer, Loopback]] = []

    def start(handler: Handler) -> Loopback:
        server, state = start_loopback(handler)
        started.append((server, state))
        return state

    yield start
    for server, state in started:
        state.release.set()
        server.shutdown()
        server.server_close()


def chat_completion(tool_name: str | None, args: dict | None, *, content: str = "", finish: str = "stop",
                    completion_tokens: int = 5) -> dict:
    """An OpenAI chat-completion body, optionally with one tool call."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_name is not None:
        message["content"] = None
        message["tool_calls"] = [{"id": "call_1", "type": "function",
                                  "function": {"name": tool_name, "arguments": json.dumps(args)}}]
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 11, "completion_tokens": completion_tokens,
                      "total_tokens": 11 + completion_tokens}}


@pytest.fixture
def completion():
    """The :func:`chat_completion` body builder, as a fixture (test modules cannot import conftest)."""
    return chat_completion
