"""Fixtures for the LLM engine's tests: a small local profile and a scripted chat model."""

from __future__ import annotations

import pytest

from metricsmith.config import Settings, load_settings
from metricsmith.models.profile import Profile


@pytest.fixture
def profile() -> Profile:
    """A small local profile (the shipped fixtures are used only where the brief asks for them)."""
    return Profile.model_validate({
        "language": "en",
        "business": {"name": "Tidy", "description": "Cleaning subscriptions for small offices",
                     "industry": "services", "customer_type": "B2B"},
        "first_value": {"description": "The first cleaning is done and the office manager approves it",
                        "start_event": "contract signed", "value_event": "first cleaning approved"},
        "repeat": {"description": "Weekly cleanings; offices add rooms"},
        "monetisation": {"model": "monthly subscription", "average_check": 400, "currency": "EUR"},
        "goals": [
            {"title": "Keep offices subscribed", "problem": "Offices cancel after two months",
             "expected_result": "Monthly churn from 6 % to 3 %"},
            {"title": "Faster first value", "problem": "Setup takes weeks",
             "expected_result": "First cleaning within 5 days"},
        ],
        "known_numbers": {"monthly churn": "6%", "days to first cleaning": 14},
        "people": ["Ana Ruiz — CEO", "Tom Berg — Operations lead"],
        "data_sources": ["CRM", "invoices"],
        "segments": ["office size", "district"],  # every answer given: drafts carry no "would improve" notices
    })


@pytest.fixture
def settings() -> Settings:
    return load_settings(engine="llm", provider="openai-compatible", model="fake-model",
                         base_url="http://127.0.0.1:9/v1", cache=False)


# --- a minimal loopback HTTP server (stdlib) for wire-level tests -------------------------------

import json  # noqa: E402
import threading  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402
from typing import Any, Callable  # noqa: E402

#: handler(method, path, request_json) -> (status, headers, body) ; body dict/bytes/str; None = hang
Handler = Callable[[str, str, Any], "tuple[int, dict[str, str], Any] | None"]


@dataclass
class Loopback:
    url: str
    requests: list[dict] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


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
                state.release.wait(timeout=30)
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


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}/v1"


# --- the real llama.cpp server (session-scoped) --------------------------------------------------


def _load_llama_support():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).with_name("llama_support.py")
    spec = importlib.util.spec_from_file_location("metricsmith_tests_llama_support", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """A llama-cpp-python server with a tiny random model this suite writes itself (no download)."""
    try:
        import gguf  # noqa: F401
        import llama_cpp.server  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"llama-cpp-python[server] or gguf is not installed ({exc}); pip install -e '.[dev]'")
    support = _load_llama_support()
    folder = tmp_path_factory.mktemp("llama")
    model = support.write_tiny_gguf(folder / "tiny.gguf")
    server = support.LlamaServer(model, folder / "server.log")
    server.wait_ready()
    yield server
    server.stop()


@pytest.fixture
def recording_proxy(loopback):
    """``recording_proxy(upstream_url) -> Loopback`` that forwards to ``upstream_url`` and records both sides."""
    import urllib.error
    import urllib.request

    def start(upstream: str) -> Loopback:
        responses: list[Any] = []

        def handler(method: str, path: str, body: Any):
            target = upstream.removesuffix("/v1") + path
            data = json.dumps(body).encode() if body is not None else None
            request = urllib.request.Request(target, data=data, method=method,
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    payload = json.loads(response.read() or b"null")
                    status = response.status
            except urllib.error.HTTPError as exc:
                status, payload = exc.code, exc.read().decode("utf-8", "replace")
            responses.append(payload)
            return status, {}, payload

        state = loopback(handler)
        state.responses = responses  # type: ignore[attr-defined]
        return state

    return start
