"""Reading the next items of an iterator in a thread while the caller works on the current one.

The IATI import alternates two kinds of work: parsing the file (Python, holding the GIL) and
writing a chunk (SQLite's own work, or waiting for PostgreSQL, both without the GIL). Reading
ahead in a thread lets the file be parsed while the database writes the chunk before.

The thread only runs the iterator: it must not touch the database (Django's connections belong
to their thread) and it sees the caller's language, so that messages it writes are translated
as the caller's would be. At most ``depth`` items wait between the two, so memory stays bounded.
"""

import queue
import threading
from collections.abc import Iterator

from django.utils import translation

_END = object()
# How often a thread waiting to hand over an item checks whether the reader has gone.
_POLL_SECONDS = 0.05


def read_ahead(items: Iterator, *, depth: int = 1) -> Iterator:
    """Yield what ``items`` yields, in order; an exception raised by ``items`` is raised here,
    where the item it stopped at would have come. Stopping early (``close()``, or an exception
    in the caller's loop) stops the thread at its next item."""
    handover: queue.Queue = queue.Queue(maxsize=depth)
    stopped = threading.Event()
    language = translation.get_language()

    def hand_over(item) -> bool:
        while not stopped.is_set():
            try:
                handover.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            with translation.override(language):
                for item in items:
                    if not hand_over((item, None)):
                        break
                else:
                    hand_over((_END, None))
        except BaseException as error:  # raised again in the caller's thread
            hand_over((_END, error))
        finally:
            close = getattr(items, "close", None)
            if close is not None:  # a generator: let it clean up (close its file…)
                close()

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, error = handover.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        stopped.set()
        thread.join()
