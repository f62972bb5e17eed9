"""Worker processes that tag: forked once the taggers are built, so every worker shares them."""

from __future__ import annotations

import gc
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from threadline.tagging import tagger_fingerprint, warm_up


def tagging_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes that inherit this one's built taggers (gazetteer, automata,
    date grammar) instead of building their own; each first freezes what it inherited, so its
    garbage collector never walks them."""
    tagger_fingerprint()
    warm_up()
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=gc.freeze)

