"""Blocking work (an LLM call, a connection test) off the UI, in a thread that never holds up quitting.

Textual's thread workers run in asyncio's default executor, and Python waits
for those threads when the app ends: a request to a server that never answers
kept the terminal frozen after Ctrl+Q until its timeout. Here the call runs in
a daemon thread and an ``@work`` coroutine awaits its result: cancelling the
worker (Esc, quit) returns at once, the abandoned call's result is dropped, and
the process can exit while the request is still pending.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Callable, TypeVar

T = TypeVar("T")


async def in_thread(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run ``fn(*args, **kwargs)`` in a daemon thread and await its result (or exception)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(ok: bool, value: object) -> None:
        if future.done():  # cancelled meanwhile: nobody waits for this result
            return
        if ok:
            future.set_result(value)  # type: ignore[arg-type]
        else:
            future.set_exception(value)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result: object = fn(*args, **kwargs)
            ok = True
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            result, ok = exc, False
        try:
            loop.call_soon_threadsafe(deliver, ok, result)
        except RuntimeError:  # the loop is closed: the app has quit
            pass

    threading.Thread(target=run, name=f"metricsmith-{getattr(fn, '__name__', 'work')}", daemon=True).start()
    return await future
