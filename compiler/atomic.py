"""Write output files atomically: a temporary file in the same folder, then a rename."""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on error it vanishes.

    A failed run therefore never leaves a partial file, and an earlier output stays intact.
    """
    target = Path(target)
    if _special(target):
        yield from _through(target)
        return
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The pid in the name lets the next run tell a temp file left by a killed run
        # (guard.leftovers) from one a running process is writing.
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{os.getpid()}.tmp",
                                        dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        yield tmp
        # mkstemp makes the file private (0600); a report is meant to be shared like any file
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        # The user asked for `target`: an error about the temp file (a read-only folder, a
        # full disk) names the target, not a name the user never saw.
        if exc.errno is not None and _about_us(exc.filename, target):
            raise type(exc)(exc.errno, exc.strerror, str(target)) from None
        raise
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()


def _special(target: Path) -> bool:
    """A target that exists and is no regular file or folder: /dev/stdout, a FIFO."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _through(target: Path) -> Iterator[Path]:
    """Write a device or FIFO in place: renaming over /dev/stdout would replace the device
    (as root, for every program) with a file. The content is made in a private temp file
    first, so that a failure writes nothing."""
    fd, tmp_name = tempfile.mkstemp(prefix=".unionbrief.", suffix=f".{os.getpid()}.tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb") as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out)
    finally:
        tmp.unlink(missing_ok=True)


def _about_us(filename: object, target: Path) -> bool:
    """True when an error names no file, the target's folder or one of its temp files."""
    if filename is None:
        return True
    name = Path(str(filename))
    return name == target.parent or (name.parent == target.parent
                                     and name.name.startswith(f".{target.name}."))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))
