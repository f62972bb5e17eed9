"""Python's cyclic garbage collector, held off while a lot of short-lived objects are made.

Tagging a batch of files, or drawing the pages, makes hundreds of thousands of small tuples,
dicts and strings that hold no reference cycles (reference counting frees them). Each time
enough of them are alive, the collector walks them all looking for cycles: a fifth of the
tagging time, a tenth of the page writer's. It is back as it was after the block, and then
collects whatever cycles were left meanwhile."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block (nests: an inner block leaves it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
