"""What the user sees while a batch runs: progress bar on a terminal, plain lines otherwise."""
from __future__ import annotations

import contextlib
import sys
from typing import Iterator

from rich.console import Console as RichConsole

from compiler.batch.bar import NoBar, PageBar
from compiler.guard.names import shown_text


class Console:
    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        # emoji=False: a file named "a:thumbs_up:b.txt" must be named as it is, not as a👍b.txt
        self._err = RichConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)
        self.interactive = sys.stderr.isatty() and not quiet

    @contextlib.contextmanager
    def progress(self, label: str, total: int) -> Iterator[NoBar | PageBar]:
        """A live bar on a terminal; nothing when piped or quiet (the summary says enough).

        What it yields is called once a file (or report) is done; its `pages(file, done,
        total)` moves the bar on within a many-page file being read (compiler.batch.bar)."""
        if not self.interactive:
            yield NoBar()
            return
        with PageBar(label, total, self._err) as bar:
            yield bar

    def _line(self, text: str) -> None:
        # A file name may hold terminal control sequences ("\x1b[2J") or bidi overrides
        # (U+202E): show them, never obey them. Names are escaped where messages are made
        # (guard.names.shown), so that a newline in one cannot start a forged line.
        self._err.print(shown_text(text), markup=False)

    def info(self, text: str) -> None:
        if not self.quiet:
            self._line(text)

    def warn(self, text: str) -> None:
        if not self.quiet:
            self._line(f"警告：{text}")

    def error(self, text: str) -> None:
        self._line(f"错误：{text}")

    def summary(self, *, files: int, articles: int, written: int, warnings: int, failures: int,
                cached: int = 0, reviewed: str = "", skipped: list[str] | tuple = ()) -> None:
        if self.quiet and not failures:
            return
        cache = f"（其中 {cached} 个取自缓存）" if cached else ""
        review = f"（{reviewed}）" if reviewed else ""
        # the files left unread are named in the summary too: a warning scrolls away
        names = "、".join(skipped[:10]) + ("等" if len(skipped) > 10 else "")
        skip = f"，跳过不支持的文件 {len(skipped)} 个（{names}）" if skipped else ""
        self._line(f"完成：读取文件 {files} 个{cache}，稿件 {articles} 篇{review}，写出文件 {written} 个，"
                   f"警告 {warnings} 条，失败 {failures} 个{skip}。")
