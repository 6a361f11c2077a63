"""Page progress from forked parse workers to the parent: fixed-size records over a pipe."""
from __future__ import annotations

import contextlib
import os
import struct
import threading
from collections.abc import Callable, Iterator

# (file index, pages done, pages in all): 12 bytes, far below PIPE_BUF, so each record is
# written whole even when several workers write at once, and no lock is shared across a fork.
_RECORD = struct.Struct("<iii")
_STOP = -1


class PageChannel:
    """Made before the workers fork (they inherit the pipe); `send` in a worker, `listening`
    in the parent, whose thread hands each record to the callback."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        # Never wait on a full pipe: a record the parent cannot take now is only a display's.
        os.set_blocking(self._write, False)

    def send(self, index: int, done: int, total: int) -> None:
        with contextlib.suppress(OSError):  # the parent gone or the pipe closed: no display
            os.write(self._write, _RECORD.pack(index, done, total))

    @contextlib.contextmanager
    def listening(self, callback: Callable[[int, int, int], None]) -> Iterator[None]:
        thread = threading.Thread(target=self._listen, args=(callback,), daemon=True)
        thread.start()
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.write(self._write, _RECORD.pack(_STOP, 0, 0))
            thread.join(timeout=5)
            os.close(self._read)
            os.close(self._write)

    def _listen(self, callback: Callable[[int, int, int], None]) -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(self._read, _RECORD.size * 256)
            except OSError:
                return
            if not chunk:
                return
            pending += chunk
            whole = len(pending) - len(pending) % _RECORD.size
            for index, done, total in _RECORD.iter_unpack(pending[:whole]):
                if index == _STOP:
                    return
                with contextlib.suppress(Exception):  # a display error never stops a batch
                    callback(index, done, total)
            pending = pending[whole:]
