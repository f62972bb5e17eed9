"""Worker processes that tag: forked once the taggers are built, so every worker shares them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

from threadline.tagging import tagger_fingerprint, warm_up


def tagging_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes that inherit this one's built taggers (gazetteer, automata,
    date grammar) instead of building their own; each first freezes what it inherited, so its
    garbage collector never walks them."""
    tagger_fingerprint()
    warm_up()
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=gc.freeze)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Tagging a batch makes hundreds of thousands of small tuples and strings and no reference
    cycles: the garbage collector's passes over them would cost a sixth of the tagging time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
