"""Reading ahead in a thread: same items in the same order, errors where they happen, a bounded
lead, the caller's language, and no thread left behind when the reader stops early."""

import threading
import time

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from aid_tracking.read_ahead import read_ahead


def read_ahead_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "read-ahead"]


def test_items_come_in_order_and_the_thread_ends():
    assert list(read_ahead(iter(range(1000)))) == list(range(1000))
    assert not read_ahead_threads()


def test_an_error_of_the_source_is_raised_where_its_item_would_come():
    def source():
        yield 1
        yield 2
        raise ValueError("truncated at item 3")

    items = read_ahead(source())
    assert [next(items), next(items)] == [1, 2]
    with pytest.raises(ValueError, match="truncated at item 3"):
        next(items)
    assert not read_ahead_threads()


def test_the_thread_reads_at_most_one_item_beyond_the_queue():
    produced = []

    def source():
        for number in range(100):
            produced.append(number)
            yield number

    items = read_ahead(source(), depth=1)
    assert next(items) == 0
    deadline = time.monotonic() + 5
    while len(produced) < 3 and time.monotonic() < deadline:  # a slow machine: wait for it
        time.sleep(0.01)
    time.sleep(0.2)  # then time for the thread to run further, were it allowed to
    # 0 taken, 1 waiting in the queue, 2 read and waiting for room.
    assert produced == [0, 1, 2]
    items.close()


def test_stopping_early_stops_the_thread_and_closes_the_source():
    closed = threading.Event()

    def source():
        try:
            yield from range(1_000_000)
        finally:
            closed.set()

    items = read_ahead(source())
    assert [next(items) for _ in range(3)] == [0, 1, 2]
    items.close()

    assert not read_ahead_threads()
    assert closed.wait(timeout=5)


def test_the_thread_writes_messages_in_the_callers_language():
    def source():
        yield _("Activity")

    with translation.override("fr"):
        assert list(read_ahead(source())) == ["Activité"]
    with translation.override("en"):
        assert list(read_ahead(source())) == ["Activity"]
