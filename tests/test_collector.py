"""The collector pause: nested and concurrent pauses end together, and a caller's own setting survives."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from summarizer.app.collector import collection_paused


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_pause_switches_the_collector_off_and_back_on() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_resume_after_the_outermost() -> None:
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_a_pause_ends_even_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("merge failed")
    assert gc.isenabled()


def test_a_thread_ending_its_pause_first_does_not_resume_the_collector_under_another() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collection_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with collection_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first thread's pause is over, this one's is not

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_what_a_pause_allocated_goes_to_the_oldest_generation_after_it() -> None:
    """The answers and the merge live on after their pause: the young collections that follow must
    not rescan them (a third of the cache path at 1,000 cached articles)."""
    with collection_paused():
        kept = [[i] for i in range(5000)]
    assert gc.get_count()[0] < 100  # the first allocation after the pause does not set off a collection
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(kept) in oldest and id(kept[-1]) in oldest
    assert gc.get_freeze_count() == 0  # nothing left frozen


def test_a_pause_under_a_collector_the_caller_switched_off_moves_nothing() -> None:
    gc.disable()
    with collection_paused():
        kept = [[i] for i in range(100)]
    assert id(kept[-1]) not in {id(o) for o in gc.get_objects(generation=2)}
    assert not gc.isenabled()
