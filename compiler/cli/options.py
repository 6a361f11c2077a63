"""What the commands share: exit codes, the common options, and reading the inputs."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from compiler.batch.console import Console
from compiler.errors import UserError
from compiler.guard.names import shown

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# --level in Chinese (as the reports' folders are named) or as the codes
LEVEL_NAMES = {"省级": "province", "市级": "city", "县级": "county", "全部": "all",
               "province": "province", "city": "city", "county": "county", "all": "all"}


def date_option(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    from compiler.guard.names import shown
    from compiler.ingest.dates import out_of_range

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{shown(value)[:40]}”不是有效日期，应为 2025-06-12 这样的格式") \
            from None
    problem = out_of_range(day.year)
    if problem:
        raise click.BadParameter(f"“{value}”：{problem}")
    return day


def with_print_date(config, print_date: date | None):
    """--print-date over the configuration's print_date."""
    return config.model_copy(update={"print_date": print_date}) if print_date else config


def jobs_for(value: int | None) -> int:
    from compiler.batch.parse_run import default_jobs

    return default_jobs() if not value else max(1, value)


def cache_dir_for(no_cache: bool, cache_dir: Path | None) -> Path | None:
    if no_cache:
        return None
    if cache_dir:
        return cache_dir
    import os

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "unionbrief"


def parse_inputs(paths, issue_date, jobs, no_cache, cache_dir, config_path, schemas_dir, console,
                 need_knowledge: bool = True, meanwhile=None, models: bool = False,
                 corrections: Path | None = None, review: bool = True):
    """Shared by parse, build, fill and review: files -> documents, failures reported as they
    come, then the corrections file (compiler/review) applied: every run keeps a person's review.

    The schemas and gazetteer are loaded only when needed: a run served wholly from the cache
    (and not going on to build) skips loading them.
    """
    from compiler.batch.parse_run import parse_files
    from compiler.ingest import SUPPORTED_SUFFIXES, iter_input_files
    from compiler.knowledge.config import load_config

    config = load_config(config_path)
    skipped: list[str] = []  # a FIFO, an unreadable folder... named, the rest still read
    others: list[Path] = []  # what the folder walk did not keep, for unsupported_files
    files = iter_input_files([Path(p) for p in paths], skipped, others)
    from compiler.ingest.skipped import unsupported_files

    unsupported = unsupported_files(others)
    for _, why in unsupported:
        console.warn(why)
    if not files:
        for w in skipped:
            console.warn(w)
        raise UserError(f"没有找到可读取的输入文件（支持 {' '.join(sorted(SUPPORTED_SUFFIXES))}）")
    loaded: list = []

    def knowledge():
        from compiler.knowledge.load import Knowledge

        if not loaded:
            loaded.append(Knowledge.load(schemas_dir, config.home_province))
        return loaded[0]

    cache = cache_dir_for(no_cache, cache_dir)
    if cache is not None:
        from compiler.guard.leftovers import remove_stale

        remove_stale(cache, 2)  # <cache>/<xx>/ and <cache>/reports/<xx>/: a killed run's temp files
    with console.progress("解析稿件", len(files)) as advance:
        result = parse_files(files, knowledge, issue_date=issue_date, jobs=jobs_for(jobs),
                             cache_dir=cache, schemas_path=schemas_dir,
                             home_province=config.home_province, on_progress=advance,
                             meanwhile=meanwhile, models=models,
                             on_pages=advance.pages if console.interactive else None)
    result.notes[:0] = skipped
    result.skipped = [path.name for path, _ in unsupported]
    for _, message in result.failures:
        console.error(message)
    for w in result.warnings:
        console.warn(w)
    from compiler.batch.review_run import review_result

    if review:  # `unionbrief review` itself shows the articles as extracted, beside the corrections
        result.review = review_result(result, [Path(p) for p in paths], corrections)
    for w in review_warnings(result):
        console.warn(w)
    return result, knowledge() if need_knowledge else None, config


def clean_leftovers(folder: Path, depth: int, console: Console) -> None:
    """Temp files a killed earlier run left in the output folder: removed before this run."""
    from compiler.guard.leftovers import remove_stale

    removed = remove_stale(folder, depth)
    if removed:
        console.info(f"已清除上次中断的运行留下的临时文件 {len(removed)} 个（{shown(folder)}）")


def review_warnings(result) -> list[str]:
    return result.review.warnings if result.review else []


def reviewed_line(result) -> str:
    return result.review.line if result.review else ""


def common_options(f):
    options = [
        click.option("--issue-date", callback=date_option, metavar="YYYY-MM-DD",
                     help="所有输入稿件的出版日期（优先于清单和文件名）。"),
        click.option("--jobs", "-j", type=int, default=None, metavar="N",
                     help="并行进程数，默认为本机核数。"),
        click.option("--no-cache", is_flag=True, help="不使用缓存（解析结果与已生成的报告）。"),
        click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
                     help="缓存目录，默认 ~/.cache/unionbrief。"),
        click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                     help="配置文件（TOML），默认读取当前目录的 unionbrief.toml。"),
        click.option("--schemas", "schemas_dir", type=click.Path(path_type=Path, file_okay=False),
                     default=None, help="使用另一套 schemas 目录（类别、线索词、地名等）。"),
        click.option("--corrections", type=click.Path(path_type=Path, dir_okay=False),
                     default=None, help="人工核对记录（YAML），默认为输入目录中的 corrections.yaml。"),
        click.option("--quiet", "-q", is_flag=True, help="只输出错误。"),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f
