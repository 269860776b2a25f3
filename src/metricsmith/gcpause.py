"""Pause the cyclic garbage collector around bulk work that creates no reference cycles.

Reading or auditing a 100,000-row table allocates hundreds of thousands of small objects;
CPython's generational collector then re-scans all live objects again and again, which can
triple the run time. The objects created there are plain containers without cycles, so
pausing collection is safe; it is re-enabled (if it was enabled) when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Move the survivors out of the young generation first, so that re-enabling does not
            # immediately trigger a collection that walks every object just created.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
