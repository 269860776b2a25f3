"""Fixtures for the LLM engine's tests: a small local profile, settings, the real llama.cpp server.

The loopback HTTP server (``loopback``, ``completion``) lives in the suite's root conftest:
the terminal UI's tests use it too.
"""

from __future__ import annotations

import json
from typing import Any

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

    def start(upstream: str):  # type: ignore[no-untyped-def]  # -> Loopback (root conftest)
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
