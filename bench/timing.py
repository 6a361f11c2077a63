"""Timing for the writer benchmarks: wall and CPU time of a block, best of several runs."""
from __future__ import annotations

import gc
import time


class Clock:
    """Wall and CPU seconds of one timed block; the CPU time is steadier on a loaded machine."""

    def __enter__(self) -> "Clock":
        gc.collect()
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def best(runs: list[Clock]) -> dict[str, float]:
    return {"wall_s": min(r.wall for r in runs), "cpu_s": min(r.cpu for r in runs)}


def samples(briefings: list) -> list[int]:
    """The largest briefing (the province), a middling one and the smallest."""
    by_size = sorted(range(len(briefings)), key=lambda i: -len(briefings[i].items))
    return list(dict.fromkeys([by_size[0], by_size[len(by_size) // 2], by_size[-1]]))
