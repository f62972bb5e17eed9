"""Python's cyclic garbage collector, held off while the pages are made.

Preparing and writing the pages makes hundreds of thousands of short-lived dicts, lists and tuples (a
record per event, a dict per tweet, the pieces of each page). Each time enough of them are alive, the
collector walks them all looking for reference cycles; they hold none (reference counting frees them),
and those walks came to about a tenth of the page writer's time at a million events. The collector is
back as it was afterwards and collects whatever cycles were left meanwhile.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block (nests: an inner block leaves it off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
