"""Worker processes that end with their parent: a killed run leaves no worker blocked forever."""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Pool initializer: this process is killed when `parent` dies (kill -9 included).

    On Linux the kernel does it (prctl PR_SET_PDEATHSIG: SIGKILL when the thread that forked
    us ends; pools are started from the main thread). Elsewhere a thread polls the parent.
    Without it, a worker whose parent was killed waits forever for its next task.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # died before the call: no signal will come
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(1)
