"""Page-by-page progress of the file being read: readers of many-page files report, a batch listens."""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

# One reader runs at a time in a process (a batch worker reads one file after another), so
# one listener per process is enough; readers keep their plain read(data, source) signature.
_listener: Callable[[int, int], None] | None = None


@contextlib.contextmanager
def listening(listener: Callable[[int, int], None] | None) -> Iterator[None]:
    """While the block runs, `listener(done, total)` hears of each page a reader finishes."""
    global _listener
    previous, _listener = _listener, listener
    try:
        yield
    finally:
        _listener = previous


def page_done(done: int, total: int) -> None:
    """Called by a reader after each page (and with done=0 before a slow first page)."""
    if _listener is not None:
        try:
            _listener(done, total)
        except Exception:  # a progress display must never fail the reading
            pass
