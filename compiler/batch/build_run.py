"""`unionbrief build`: briefings for every unit and period, rendered in each format, plus index.json."""
from __future__ import annotations

import gc
import itertools
import json
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from compiler.aggregate.briefings import build_briefings
from compiler.aggregate.periods import PeriodSpec, dating_notes, periods_present
from compiler.atomic import write_text_atomic
from compiler.batch.console import Console
from compiler.batch.parse_run import few_collections, forked_pool, isolated
from compiler.batch.report_cache import ReportCache
from compiler.errors import UserError
from compiler.guard.names import shown
from compiler.knowledge.config import Config
from compiler.knowledge.load import Knowledge
from compiler.model.briefing import Briefing
from compiler.model.document import Document
from compiler.paths import safe_name
from compiler.render import RenderOptions, output_format, render

LEVEL_DIR = {"province": "省级", "city": "市级", "county": "县级"}


@dataclass
class BuildReport:
    files: list[dict] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return len(self.files)


def report_path(out: Path, b: Briefing, fmt: str) -> Path:
    # A county name can repeat across cities, so county files carry the city: 杭州市余杭区总工会
    name = b.unit.name if b.unit.level != "county" else f"{b.unit.city}{b.unit.name}"
    period = safe_name(b.period.key)
    label = output_format(fmt).label
    return out / period / LEVEL_DIR[b.unit.level] / f"{safe_name(name)}_{period}_{label}.{fmt}"


def _render_one(args: tuple[Briefing, str, Path, RenderOptions]) -> tuple[str, str | None]:
    b, fmt, path, options = args
    try:
        render(b, fmt, path, options)
        return str(path), None
    except UserError as exc:
        return str(path), str(exc)
    except OSError as exc:  # a full disk, a folder made read-only: named, the others go on
        return str(path), f"{shown(path)}：无法写入（{exc.strerror or exc}），未写出"
    except Exception as exc:
        return str(path), f"{shown(path.name)}：生成失败（内部错误：{type(exc).__name__}: {exc}）"
    finally:
        _collect_garbage()


_FULL_COLLECTION_EVERY = 32  # reports rendered by one process between full collections
_RENDERED = itertools.count(1)  # by this process


Task = tuple[Briefing, str, Path, RenderOptions, ReportCache]


def _make_one(args: Task) -> tuple[str, str | None, str | None]:
    """One report, copied from the cache when its briefing, templates, font and renderer are
    unchanged, else rendered and kept there. In the workers: hashing the briefings and copying
    the files in and out of the cache was serial work of the main process before."""
    b, fmt, path, options, cache = args
    key = cache.key(b, fmt)
    restored = cache.restore(key, fmt, path)
    if restored:
        return str(path), None, None
    note = None if restored is False else \
        f"{shown(path.name)}：报告缓存中的条目已损坏，已丢弃并重新生成"
    result = _render_one((b, fmt, path, options))
    if result[1] is None:
        cache.store(key, fmt, path)
    return (*result, note)


def _collect_garbage() -> None:
    """python-docx and openpyxl leave cycles that hold lxml trees, whose memory the collector
    does not see: without collecting after each report a build grew by ~5 MB per report.

    Those cycles are young, and collecting the young generations frees them for a fifth of the
    cost of a full collection, which also walks all a worker keeps (fonts, templates, caches).
    A full one now and then frees what a long report had left in the old generation.
    """
    if next(_RENDERED) % _FULL_COLLECTION_EVERY:
        gc.collect(1)
    else:
        gc.collect()


def build_reports(documents: list[Document], k: Knowledge, config: Config, spec: PeriodSpec,
                  levels: set[str], fmts: list[str], out: Path, template_dirs: tuple[Path, ...],
                  font: Path | None, jobs: int, console: Console,
                  cache_dir: Path | None = None, review=None) -> BuildReport:
    briefings = build_briefings(documents, k.schemas, k.gazetteer, config, spec, levels)
    report = BuildReport(warnings=period_warnings(documents, spec, briefings))
    for w in report.warnings:
        console.warn(w)
    options = RenderOptions(template_dirs=template_dirs, font_path=font)
    cache = ReportCache(cache_dir, options)
    gc.freeze()  # what lives to the end is never scanned again, in this process or the workers
    tasks = [(b, f, report_path(out, b, f), options, cache) for b in briefings for f in fmts]
    meta = {str(t[2]): (t[0], t[1]) for t in tasks}
    try:
        with console.progress("生成报告", len(tasks)) as advance, few_collections():
            if jobs > 1 and len(tasks) > 2:
                results = _render_pool(tasks, jobs, advance)  # forked workers inherit gc state
            else:
                results = list(_collect(map(_make_one, tasks), advance))
    finally:
        gc.unfreeze()  # a caller that builds again (tests, fill) must not keep them forever
    checked = {a.id for d in documents for a in d.articles if a.reviewed}
    for path, error, note in results:
        b, fmt = meta[path]
        if note:
            report.warnings.append(note)
            console.warn(note)
        if error:
            report.failures.append((path, error))
            name = Path(path).name
            console.error(error if name in error else f"{shown(name)}：{error}")
            continue
        report.files.append({
            "path": str(Path(path).relative_to(out)), "format": fmt, "level": b.unit.level,
            "unit": b.unit.name, "region": b.unit.region, "period": b.period.key,
            "period_label": b.period.label, "articles": len(b.items),
            "reviewed": sum(it.article_id in checked for it in b.items)})
    report.files.sort(key=lambda f: f["path"])
    index = {"schema_version": 1, "files": report.files,
             # the run's review (compiler/review): dropped articles count as checked
             "review": {"articles": review.total if review else sum(len(d.articles) for d in documents),
                        "reviewed": review.reviewed if review else 0,
                        "dropped": review.dropped if review else 0},
             "failures": [{"path": str(Path(p).relative_to(out)), "error": e}
                          for p, e in report.failures]}
    try:
        write_text_atomic(out / "index.json", json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:  # a full disk: the reports written stay, the run fails by its name
        message = f"{shown(out / 'index.json')}：无法写入（{exc.strerror or exc}）"
        report.failures.append((str(out / "index.json"), message))
        console.error(message)
    return report


def period_warnings(documents: list[Document], spec: PeriodSpec,
                    briefings: list[Briefing]) -> list[str]:
    """What the run's summary must say about dates: a period asked for that has no articles
    (with the periods that have), and the files whose articles went to an undated issue."""
    out = []
    if spec.only and not any(b.period.key == spec.only for b in briefings):
        have = periods_present(documents, spec.granularity)
        listed = "、".join(f"{p.key}（{p.label}）" for p in have) or "无"
        out.append(f"统计周期 {spec.only} 内没有稿件，未生成该期报告；有稿件的统计周期：{listed}")
    return out + dating_notes(documents, spec.granularity)


def _cost(task: Task) -> float:
    fixed, per_article = output_format(task[1]).cost
    return fixed + per_article * len(task[0].items)


# The tasks of the pool being run. The workers are forked once they are set and inherit them,
# so a job names its tasks by index instead of pickling each briefing to a worker and back.
_POOL_TASKS: list[Task] = []


def _render_several(job: list[int]) -> list:
    return [_make_one(_POOL_TASKS[i]) for i in job]


def _jobs(tasks: list) -> list[list[int]]:
    """Task indices by job, one job per unit (its formats share one view of its briefing,
    render.context.build_view, made once), the biggest first."""
    units: list[list[int]] = []  # tasks come unit by unit, the formats of one after the other
    for i, task in enumerate(tasks):
        if units and tasks[units[-1][0]][0] is task[0]:
            units[-1].append(i)
        else:
            units.append([i])
    return sorted(units, key=lambda job: -sum(_cost(tasks[i]) for i in job))


def _render_pool(tasks: list, jobs: int, advance) -> list[tuple[str, str | None, str | None]]:
    """Results in task order; the work itself goes biggest first, progress as reports finish."""
    results: list = [None] * len(tasks)
    _POOL_TASKS[:] = tasks
    try:
        with forked_pool(jobs) as pool:
            futures = {pool.submit(_render_several, job): job for job in _jobs(tasks)}
            broken = []
            for future in as_completed(futures):
                try:
                    for i, result in zip(futures[future], future.result()):
                        results[i] = result
                        advance()
                except BrokenProcessPool:  # a worker died: every report pending fails with it
                    broken.extend(futures[future])
    finally:
        _POOL_TASKS.clear()  # the briefings are not kept past the build
    # ... so those are made again one at a time, and only the one that kills a worker fails.
    broken.sort()
    for i, result in zip(broken, isolated(_make_one, [(tasks[i],) for i in broken], _crashed)):
        results[i] = result
        advance()
    return results


def _crashed(args: tuple[Task]) -> tuple[str, str | None, str | None]:
    """What _make_one would return for a task whose worker died: (path, error, note)."""
    path = args[0][2]
    return str(path), f"{shown(path.name)}：生成报告的进程意外退出（可能内存不足），未写出", None


def _collect(results, advance):
    for r in results:
        advance()
        yield r
