"""Remove the temp files a killed run of this program left in an output folder (ours only)."""
from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

# atomic.atomic_path's names: ".<target>.<8 random chars>.<pid>.tmp"; older versions wrote
# ".<target>.<8 random chars>.tmp" without the pid.
_OURS = re.compile(r"^\..+?\.[a-z0-9_]{8}(?:\.(?P<pid>\d+))?\.tmp$")
# A temp file is written to while its report is made, a few seconds; one untouched this long
# is dead whoever made it (the pid may have been reused by another program).
STALE_AFTER_S = 3600


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this run has written nothing yet: it was an earlier process's
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def is_stale(name: str, st: os.stat_result, now: float) -> bool:
    m = _OURS.match(name)
    if not m or not stat.S_ISREG(st.st_mode):
        return False
    if now - st.st_mtime > STALE_AFTER_S:
        return True
    pid = m.group("pid")
    return pid is not None and not _alive(int(pid))


def remove_stale(folder: Path, depth: int = 0) -> list[Path]:
    """Delete our stale temp files in `folder` and its sub-folders down to `depth` levels;
    symlinks are never followed nor deleted. The files removed are returned."""
    removed: list[Path] = []
    now = time.time()
    stack = [(Path(folder), 0)]
    while stack:
        current, level = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except OSError:
            continue  # a folder we cannot read holds nothing we wrote
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if level < depth:
                        stack.append((Path(entry.path), level + 1))
                    continue
                # A cache folder holds thousands of entries: only our temp names are stat'ed.
                if not _OURS.match(entry.name):
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if is_stale(entry.name, st, now):
                try:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                except OSError:
                    pass
    return removed
