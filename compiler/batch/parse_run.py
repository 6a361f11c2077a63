"""Parse many files: per-file errors collected, optional process pool, cache, progress."""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from compiler.batch.pages import PageChannel
from compiler.batch.parse_cache import ParseCache, Parsed, fingerprint
from compiler.errors import UserError
from compiler.guard.lifetime import die_with_parent
from compiler.guard.names import shown
from compiler.ingest import find_manifest, read_page
from compiler.ingest import progress as page_progress
from compiler.knowledge.resources import schemas_dir
from compiler.model.document import Document

if TYPE_CHECKING:
    from compiler.knowledge.load import Knowledge


@dataclass
class RunResult:
    parsed: list[Parsed] = field(default_factory=list)  # the files read, in input order
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, Chinese message)
    cached: int = 0
    notes: list[str] = field(default_factory=list)  # about the run, not a file's contents
    review: object = None  # compiler.review.Applied when a corrections file was applied
    skipped: list[str] = field(default_factory=list)  # files of unsupported types, with why

    @property
    def documents(self) -> list[Document]:
        return [p.document for p in self.parsed]

    @property
    def articles(self) -> int:
        return sum(p.articles for p in self.parsed)

    @property
    def warnings(self) -> list[str]:
        return [*self.notes, *(w for p in self.parsed for w in p.warnings)]


_WORKER: Knowledge | None = None
# Where a worker reports the pages of the file it reads: (file index, done, total). Set before
# the workers fork: a PageChannel's send in a pool, the parent's own callback when in-process.
_PAGES: Callable[[int, int, int], None] | None = None
_INDEX: dict[str, int] = {}  # a file's place in the run, to name it in its page reports


def parse_page(page, knowledge: Knowledge):
    """pipeline.parse_page, imported when a page is first parsed: a run served wholly from the
    cache never imports the extractors. Loading the knowledge imports
    them before workers fork, so that they inherit them."""
    from compiler.parse.pipeline import parse_page as parse

    return parse(page, knowledge)


# A page parses in milliseconds and the largest file allowed in seconds; a file that takes
# longer has hit a slow path (one article of millions of characters) and must not stall the batch.
PARSE_TIMEOUT_S = 60
# Scans, photos and PDFs (whose pages may be scans) may need OCR: seconds per page, not
# milliseconds. Each OCR page is bounded on its own (compiler/ingest/ocr.py).
OCR_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})
OCR_TIMEOUT_S = 1800


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise _Timeout in the main thread after `seconds` (POSIX); elsewhere no limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(*_):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _parse_one(path: Path, issue_date: date | None) -> tuple[str, object]:
    assert _WORKER is not None
    sink, index = _PAGES, _INDEX.get(str(path), -1)
    listener = (lambda done, total: sink(index, done, total)) if sink and index >= 0 else None
    try:
        limit = OCR_TIMEOUT_S if path.suffix.lower() in OCR_SUFFIXES else PARSE_TIMEOUT_S
        with _time_limit(limit), page_progress.listening(listener):
            page = read_page(path, issue_date=issue_date, manifest=find_manifest(path),
                             schemas_dir=_WORKER.folder)
            return "ok", Parsed.of(parse_page(page, _WORKER))
    except _Timeout:
        return "error", (f"{shown(path)}：解析超时（超过 {limit} 秒），文件可能过大或结构异常"
                         "（例如整页没有换行），已跳过")
    except UserError as exc:
        return "error", str(exc)
    except MemoryError:
        return "error", f"{shown(path)}：文件过大，内存不足，已跳过"
    except Exception as exc:
        return "error", f"{shown(path)}：解析失败（内部错误：{type(exc).__name__}: {exc}）"


@contextlib.contextmanager
def few_collections():
    """Rarer garbage collections while a batch builds thousands of small objects.

    Every result is kept until the end, so each collection would scan all earlier results
    again: with the default thresholds that made reading 1,000 cached pages 3-4x slower. A
    higher first threshold still collects, so memory stays bounded.
    """
    old = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def forked_pool(max_workers: int) -> ProcessPoolExecutor:
    """A pool whose workers are forked, so that they inherit what the batch set up before
    (the loaded knowledge, a build's tasks) instead of loading or receiving it: spawned or
    forkserver workers (macOS's default, Linux's from Python 3.14) would not have it."""
    return ProcessPoolExecutor(max_workers=max_workers,
                               mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def default_jobs() -> int:
    """The cores this process may use (a container's limit, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def parse_files(
    files: list[Path],
    knowledge: Knowledge | Callable[[], Knowledge],
    *,
    issue_date: date | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    schemas_path: Path | None = None,
    home_province: str = "浙江省",
    on_progress: Callable[[Path], None] | None = None,
    meanwhile: Callable[[], object] | None = None,
    models: bool = False,
    on_pages: Callable[[Path, int, int], None] | None = None,
) -> RunResult:
    """Documents in input order; a file that fails is reported and the rest go on.

    `knowledge` may be a loader, called only when some file is not in the cache. `meanwhile`
    is work for this process while worker processes parse (it would only wait for them), such
    as importing what comes next; it may not run at all. `models` makes each Document as its
    file's result comes in, while the workers go on, rather than all of them after.
    `on_pages(file, done, total)` hears of each page of a many-page file (OCR, long PDFs).
    """
    global _PAGES, _INDEX
    with few_collections():
        if on_pages is None:
            return _parse_files(files, knowledge, issue_date, jobs, cache_dir, schemas_path,
                                home_province, on_progress, meanwhile, models)

        def heard(index: int, done: int, total: int) -> None:
            if 0 <= index < len(files):
                on_pages(files[index], done, total)

        channel = PageChannel()
        _PAGES = channel.send if jobs > 1 else heard
        _INDEX = {str(f): i for i, f in enumerate(files)}
        try:
            with channel.listening(heard):
                return _parse_files(files, knowledge, issue_date, jobs, cache_dir, schemas_path,
                                    home_province, on_progress, meanwhile, models)
        finally:
            _PAGES, _INDEX = None, {}


@contextlib.contextmanager
def _alongside(work: Callable[[], object] | None):
    """Run `work` in a thread for the duration of the block, and wait for it at the end: the
    block must not fork (a child would inherit half-done imports). A failure is left to show
    itself where the work is done again for real."""
    def run(job: Callable[[], object]) -> None:
        with contextlib.suppress(Exception):
            job()

    thread = threading.Thread(target=run, args=(work,), daemon=True) if work else None
    if thread:
        thread.start()
    try:
        yield
    finally:
        if thread:
            thread.join()


def _parse_files(files, knowledge, issue_date, jobs, cache_dir, schemas_path, home_province,
                 on_progress, meanwhile, models) -> RunResult:
    global _WORKER
    cache = ParseCache(cache_dir, fingerprint(schemas_path or schemas_dir(), home_province)
                       if cache_dir else "")
    extra = issue_date.isoformat() if issue_date else "-"
    result = RunResult()
    slots: list[Parsed | tuple[str, str] | None] = [None] * len(files)
    todo: list[int] = []
    keys: list[str | None] = []
    damaged: list[int] = []
    for i, f in enumerate(files):
        key = cache.key(f, extra)
        keys.append(key)
        known_damaged = len(cache.damaged)
        hit = cache.get(key)
        if hit is not None and models:
            # Made now rather than later: an entry whose checksum holds but whose JSON is
            # not a valid Document (written by another version, or by hand) is parsed again.
            try:
                hit.document  # noqa: B018
            except ValueError:  # pydantic's ValidationError
                cache.discard(key)
                hit = None
        if len(cache.damaged) > known_damaged:
            damaged.append(i)
        if hit is not None:
            slots[i] = hit
            result.cached += 1
            if on_progress:
                on_progress(f)
        else:
            todo.append(i)

    if todo:  # forked workers inherit it: nothing is loaded twice
        _WORKER = knowledge() if callable(knowledge) else knowledge

    def record(i: int, status: str, value) -> None:
        if status == "ok":
            slots[i] = value
            cache.put(keys[i], value)
            if models:
                value.document  # noqa: B018 - made now, kept by the Parsed
        else:
            slots[i] = (str(files[i]), value)
        if on_progress:
            on_progress(files[i])

    if jobs > 1 and len(todo) > 1:
        try:
            with forked_pool(min(jobs, len(todo))) as pool:
                chunk = max(1, len(todo) // (jobs * 8))
                outs = pool.map(_parse_one, [files[i] for i in todo], [issue_date] * len(todo),
                                chunksize=chunk)
                with _alongside(meanwhile):  # the workers are forked by now
                    for i, (status, value) in zip(todo, outs):
                        record(i, status, value)
        except BrokenProcessPool:
            # A worker died (killed for memory, a crash in a C library): find the file that
            # did it by parsing the rest one at a time, in a worker replaced when it dies.
            rest = [i for i in todo if slots[i] is None]
            calls = [(files[i], issue_date) for i in rest]
            for i, (status, value) in zip(rest, isolated(_parse_one, calls, _crashed)):
                record(i, status, value)
    else:
        for i in todo:
            record(i, *_parse_one(files[i], issue_date))
    result.notes += [f"{shown(files[i])}：解析缓存中的条目已损坏，已丢弃并重新解析"
                     for i in damaged]
    for slot in slots:
        if isinstance(slot, Parsed):
            result.parsed.append(slot)
        elif slot is not None:
            result.failures.append(slot)
    return result


def isolated(fn: Callable, calls: list[tuple], crashed: Callable[[tuple], object]) -> Iterator:
    """fn(*args) for each args in turn, in one worker that is replaced when it dies: a worker
    killed for memory or crashed in a C library takes only its own call down (`crashed(args)`
    stands for its result). Used to finish a batch after a pool broke, to find the culprit."""
    pool = forked_pool(1)
    try:
        for args in calls:
            try:
                yield pool.submit(fn, *args).result()
            except BrokenProcessPool:
                yield crashed(args)
                pool.shutdown(wait=False)
                pool = forked_pool(1)
    finally:
        pool.shutdown()


def _crashed(args: tuple) -> tuple[str, str]:
    return "error", f"{shown(args[0])}：处理该文件时进程意外退出（文件可能损坏或过大），已跳过"
