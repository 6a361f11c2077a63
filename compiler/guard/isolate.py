"""Run a user's template in a forked child with a hard memory, CPU and wall-clock limit.

The sandbox's own limits (present.bounds) stop templates cooperatively; this is the backstop for
what they cannot interrupt (one long C-level operation, memory spread over many small values).
The child inherits the parsed template and its data, runs, and sends back bytes or its problems
as JSON, never a pickle. The parent kills it at the deadline.
"""
from __future__ import annotations

import json
import mmap
import os
import resource
import select
import signal
import struct
import time
import traceback
from typing import Callable

Problems = list[tuple[str, str]]  # (place, message): "B3", "模板引用了未知变量 x"

MEMORY_BYTES = 512 * 2**20  # address space the child may add to what it inherits
SECONDS = 30.0  # hard wall clock, generous for a loaded machine; CPU time is capped lower
CPU_SECONDS = 12  # hard CPU time; the sandbox's own clock (Limits.seconds, 6 s) stops first
_PLACE_BYTES = 1024

_progress: mmap.mmap | None = None  # shared with the parent: the cell being evaluated
_inside = False  # this process is a limited child already: run nested work directly


def at(place: str) -> None:
    """Note the place being evaluated, so that a child killed there is reported with it."""
    if _progress is None:
        return
    data = place.encode("utf-8")[: _PLACE_BYTES - 2]
    _progress[:2] = struct.pack("<H", len(data))
    _progress[2: 2 + len(data)] = data


class Refused(Exception):
    """What the child was stopped for: a user error's problems, or a limit it ran into."""

    def __init__(self, problems: Problems):
        super().__init__("；".join(m for _, m in problems))
        self.problems = problems


def _place(shared: mmap.mmap) -> str:
    (n,) = struct.unpack("<H", shared[:2])
    return shared[2: 2 + n].decode("utf-8", "replace")


def _vm_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_child(memory: int, seconds: float) -> None:
    vm = _vm_bytes()
    if vm is not None:
        cap = vm + memory
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    used = resource.getrusage(resource.RUSAGE_SELF)  # a forked child starts from zero, but
    cpu = int(used.ru_utime + used.ru_stime) + min(CPU_SECONDS, int(seconds) + 1)  # be sure
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _child(fn: Callable[[], bytes], problems_of: Callable[[BaseException], Problems | None],
           w: int, memory: int, seconds: float) -> None:
    global _inside
    status, payload = b"X", b""
    _inside = True
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _limit_child(memory, seconds)
        try:
            status, payload = b"K", fn()
        except MemoryError:
            problem = [(_place(_progress) if _progress else "",
                        "出于安全考虑，拒绝执行：模板占用的内存超过限制")]
            status, payload = b"E", json.dumps(problem, ensure_ascii=False).encode()
        except BaseException as exc:
            problems = problems_of(exc)
            if problems is not None:
                status, payload = b"E", json.dumps(problems, ensure_ascii=False).encode()
            else:
                status = b"X"
                payload = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}".encode(
                "utf-8", "replace")
        data = status + struct.pack("<Q", len(payload)) + payload
        view = memoryview(data)
        while view:
            n = os.write(w, view[:65536])
            view = view[n:]
    finally:
        os._exit(0)


def _read_all(r: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe, or None at the deadline."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([r], [], [], left)
        if not ready:
            return None
        chunk = os.read(r, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def run_limited(fn: Callable[[], bytes], problems_of: Callable[[BaseException], Problems | None],
                *, memory: int = MEMORY_BYTES, seconds: float = SECONDS) -> bytes:
    """fn()'s bytes, run in a child under the limits. An exception in the child that
    `problems_of` turns into problems (a user error) is Refused here, as is a child stopped at
    a limit; any other is a RuntimeError carrying the child's traceback."""
    global _progress
    if _inside or not hasattr(os, "fork"):
        return fn()
    shared = mmap.mmap(-1, _PLACE_BYTES)
    r, w = os.pipe()
    _progress = shared
    try:
        pid = os.fork()
    except OSError:
        _progress = None
        os.close(r)
        os.close(w)
        shared.close()
        return fn()
    if pid == 0:
        os.close(r)
        _child(fn, problems_of, w, memory, seconds)
    _progress = None
    os.close(w)
    try:
        data = _read_all(r, time.monotonic() + seconds)
        if data is None:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(r)
        _, wait_status = os.waitpid(pid, 0)
        place = _place(shared)
        shared.close()
    if data is None:
        raise Refused([(place, f"出于安全考虑，拒绝执行：模板运行超过 {seconds:g} 秒")])
    if len(data) < 9 or len(data) != 9 + struct.unpack("<Q", data[1:9])[0]:
        raise Refused([(place, "出于安全考虑，拒绝执行：模板占用的内存或时间超过限制"
                                           f"（求值进程异常退出，状态 {wait_status}）")])
    status, payload = data[:1], data[9:]
    if status == b"K":
        return payload
    if status == b"E":
        raise Refused([(str(p), str(m)) for p, m in json.loads(payload)])
    raise RuntimeError(payload.decode("utf-8", "replace"))
