"""An httpx transport whose requests can be ended from another thread: closing it cuts them off at once.

Why: the engine makes its model calls from worker threads with blocking sockets, and a
blocking read cannot be interrupted from another thread. Closing httpx's own client there
leaves the read (and the server) waiting until the timeout, so a cancelled draft kept its
connection, and a thread, busy for up to a minute. Here each request runs on one shared
event loop in a daemon thread while the calling thread waits for its result;
:meth:`CancellableTransport.close` cancels what is in flight, which closes those
connections (the server sees the disconnect) and makes each waiting call raise
:class:`httpx.ReadError` at once.

Everything else is httpx's own :class:`httpx.AsyncClient`: proxies from the environment,
TLS, the request's timeouts, connection reuse. The body is handed back as it came over
the wire, so the calling client decodes it as it would its own.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import CancelledError, Future

import httpx

#: Why a call ended without an answer, as the calling thread sees it.
CLOSED = "the model client was closed (the work was cancelled)"

_loop_lock = threading.Lock()
_shared_loop: asyncio.AbstractEventLoop | None = None


def _loop() -> asyncio.AbstractEventLoop:
    """The event loop every transport's requests run on, started on first use in a daemon thread."""
    global _shared_loop
    with _loop_lock:
        if _shared_loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="metricsmith-http", daemon=True).start()
            _shared_loop = loop
        return _shared_loop


class CancellableTransport(httpx.BaseTransport):
    """A synchronous httpx transport over an :class:`httpx.AsyncClient`; :meth:`close` ends every call in flight."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: set[Future[httpx.Response]] = set()
        self._client: httpx.AsyncClient | None = None
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        with self._lock:
            if self._closed:
                raise httpx.ReadError(CLOSED, request=request)
            future = asyncio.run_coroutine_threadsafe(self._send(request, body), _loop())
            self._pending.add(future)
        try:
            return future.result()
        except CancelledError:
            raise httpx.ReadError(CLOSED, request=request) from None
        finally:
            with self._lock:
                self._pending.discard(future)

    async def _send(self, request: httpx.Request, body: bytes) -> httpx.Response:
        if self._client is None:  # made on the loop that uses it
            self._client = httpx.AsyncClient()
        outgoing = httpx.Request(request.method, request.url, headers=request.headers, content=body,
                                 extensions=request.extensions)  # the request's timeouts travel here
        response = await self._client.send(outgoing, stream=True)
        try:
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
        finally:
            await response.aclose()
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=raw,
            extensions={key: value for key, value in response.extensions.items()
                        if key in ("http_version", "reason_phrase")},
        )

    def close(self) -> None:
        """End every request in flight and release the connections; later requests fail at once.

        Returns without waiting: the connections are closed on the transports' loop a moment
        later, so a UI can call this from its own event loop.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pending = list(self._pending)
        for future in pending:
            future.cancel()
        if pending or self._client is not None:  # a transport that never sent anything holds nothing
            asyncio.run_coroutine_threadsafe(self._release(), _loop())

    async def _release(self) -> None:
        if self._client is not None:
            await self._client.aclose()
