"""The batch's progress bar: one step a file, or one a page while a many-page file is read."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from compiler.guard.names import shown


class NoBar:
    """Stands for the bar when nothing is shown (piped, quiet)."""

    def __call__(self, *_: Any) -> None:
        pass

    def pages(self, file: Path, done: int, total: int) -> None:
        pass


class PageBar:
    """A rich bar counting files; a file that reports its pages counts as that many steps,
    so a scan of 40 pages moves the bar 40 times, and the bar names the page being read.
    A run of one file shows the bar only once that file reports pages."""

    def __init__(self, label: str, total: int, console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.label = label
        # markup=False: a file named "[red]x.pdf" is shown as it is named
        self.bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                            transient=True)
        self.task = self.bar.add_task(label, total=total, visible=total >= 2)
        self._steps: dict[str, tuple[int, int]] = {}  # file -> (pages in all, pages counted)
        self._lock = threading.Lock()  # pages are heard on the batch's listener thread

    def __enter__(self) -> PageBar:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, file: Any = None, *_: Any) -> None:
        """A file is done: the steps it has not yet counted."""
        with self._lock:
            pages, counted = self._steps.pop(str(file), (1, 0))
            self.bar.update(self.task, advance=max(0, pages - counted), description=self.label)

    def pages(self, file: Path, done: int, total: int) -> None:
        """`done` of the file's `total` pages are read."""
        if total < 2:
            return
        with self._lock:
            key = str(file)
            pages, counted = self._steps.get(key, (1, 0))
            extra = max(0, total - pages)  # the file was one step until now
            done = min(max(done, counted), total)
            self._steps[key] = (max(pages, total), done)
            name = shown(Path(file).name)
            page = f"第 {min(done + 1, total)}/{total} 页" if done < total else f"共 {total} 页"
            self.bar.update(self.task, total=(self.bar.tasks[0].total or 0) + extra,
                            advance=done - counted, visible=True,
                            description=f"{self.label}（{name} {page}）")
