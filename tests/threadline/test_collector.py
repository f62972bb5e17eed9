"""The paused collector: off inside the block, as it was after, even when the block fails."""

import gc

import pytest

from threadline.collector import collector_paused


def test_collector_is_off_inside_and_back_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner block leaves it off for the outer one
    assert gc.isenabled()


def test_collector_comes_back_when_the_block_fails():
    with pytest.raises(RuntimeError):
        with collector_paused():
            raise RuntimeError("bad batch")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
