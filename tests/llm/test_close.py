"""Closing the LLM engine ends its calls in flight: against a server that never answers, over real HTTP.

A blocking read cannot be interrupted from another thread, so these tests check what the
user and the server see, not the engine's internals: the waiting call ends at once with
an error, and the server sees the client close the connection (long before the timeout).
"""

from __future__ import annotations

import threading

import httpx
import pytest

from metricsmith.config import load_settings
from metricsmith.engines.llm import LLMEngine
from metricsmith.engines.llm.transport import CancellableTransport
from metricsmith.errors import EngineError

#: The request timeout in these tests: far longer than any wait below, so only closing can end a call.
LONG = 120.0


def _settings(url: str, **extra):  # type: ignore[no-untyped-def]
    return load_settings(engine="llm", provider="openai-compatible", model="tiny-model", base_url=url,
                         cache=False, timeout=LONG, **extra)


def _in_thread(fn) -> tuple[threading.Thread, list[BaseException]]:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def test_closing_ends_a_hanging_call_and_the_server_sees_the_client_go(loopback, profile) -> None:  # type: ignore[no-untyped-def]
    server = loopback(lambda m, p, b: None)
    engine = LLMEngine(_settings(server.url))
    thread, errors = _in_thread(lambda: engine.propose(profile))
    assert server.hanging.wait(10)
    assert not server.disconnected.is_set()  # the client is still waiting for an answer

    engine.close()

    assert server.disconnected.wait(5)
    thread.join(5)
    assert not thread.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], EngineError), errors
    assert len(server.requests) == 1  # a closed client is not retried


def test_a_closed_engine_makes_no_call(loopback, profile) -> None:  # type: ignore[no-untyped-def]
    server = loopback(lambda m, p, b: None)
    engine = LLMEngine(_settings(server.url))
    engine.close()  # e.g. the user cancelled before the draft reached the model
    with pytest.raises(EngineError):
        engine.propose(profile)
    assert server.requests == []


def test_closing_ollama_ends_its_call_too(loopback, profile) -> None:  # type: ignore[no-untyped-def]
    server = loopback(lambda m, p, b: None)
    settings = load_settings(engine="llm", provider="ollama", model="tiny", base_url=server.url.removesuffix("/v1"),
                             cache=False, timeout=LONG)
    engine = LLMEngine(settings)
    thread, errors = _in_thread(lambda: engine.propose(profile))
    assert server.hanging.wait(10)
    assert server.requests[0]["path"] == "/api/chat"

    engine.close()

    assert server.disconnected.wait(5)
    thread.join(5)
    assert not thread.is_alive() and errors


def test_closing_one_transport_leaves_the_others_working(loopback) -> None:  # type: ignore[no-untyped-def]
    server = loopback(lambda m, p, b: (200, {}, {"ok": True}))
    closed, working = CancellableTransport(), CancellableTransport()
    with httpx.Client(transport=working, timeout=10) as client:
        assert client.get(server.url + "/models").json() == {"ok": True}
        closed.close()
        assert client.get(server.url + "/models").json() == {"ok": True}
    with httpx.Client(transport=closed, timeout=10) as client, pytest.raises(httpx.ReadError):
        client.get(server.url + "/models")


def test_answers_arrive_as_sent_even_when_compressed(loopback) -> None:  # type: ignore[no-untyped-def]
    import gzip
    import json

    body = gzip.compress(json.dumps({"text": "Привет"}).encode())
    server = loopback(lambda m, p, b: (200, {"Content-Encoding": "gzip", "Content-Type": "application/json"}, body))
    with httpx.Client(transport=CancellableTransport(), timeout=10) as client:
        response = client.post(server.url + "/chat/completions", json={"q": 1})
    assert response.json() == {"text": "Привет"}
    assert server.requests[0]["json"] == {"q": 1}
