"""`unionbrief build`: every unit's briefing in every format, and index.json."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from compiler.batch.console import Console
from compiler.cli.options import (
    CONTEXT,
    EXIT_INPUT,
    EXIT_OK,
    LEVEL_NAMES,
    cache_dir_for,
    clean_leftovers,
    common_options,
    date_option,
    jobs_for,
    parse_inputs,
    review_warnings,
    reviewed_line,
    with_print_date,
)
from compiler.guard.names import shown


def _renderers_made_ready(fmts: list[str], template_dirs: tuple[Path, ...], font: Path | None):
    """Work for the main process while its workers parse: import the renderers' libraries and
    load the fonts and templates, for the render workers to
    inherit."""
    def ready() -> None:
        importlib.import_module("compiler.batch.build_run")
        from compiler.render import RenderOptions, prepare

        prepare(fmts, RenderOptions(template_dirs=template_dirs, font_path=font))

    return ready


@click.command("build", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="报告输出目录。")
@click.option("--period", "-p", default="month", show_default=True,
              help="统计周期：2025-06、2025-Q2、2025、all，或 month/quarter/year（每期分别生成）。")
@click.option("--level", "-l", default="all", show_default=True,
              type=click.Choice([*LEVEL_NAMES]),
              help="生成哪一级的报告：省级、市级、县级、全部（或 province、city、county、all）。")
@click.option("--print-date", callback=date_option, metavar="YYYY-MM-DD",
              help="印发日期（优先于配置文件的 print_date）；未指定时取本期稿件中最晚的出版日期。")
@click.option("--format", "-f", "formats", default=None,
              help="输出格式，逗号分隔（如 docx,pdf），默认生成全部格式。")
@click.option("--templates", "-t", "template_dirs", multiple=True,
              type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="自定义模板目录（优先于内置模板，可多次指定）。")
@click.option("--font", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="PDF 使用的中文 TrueType 字体文件（.ttf/.ttc）。")
@common_options
def build(paths, out, period, level, formats, template_dirs, font, print_date, issue_date, jobs,
          no_cache, cache_dir, config_path, schemas_dir, corrections, quiet):
    """生成各级工会的工作简报、统计表和 PDF 摘要，并写出 index.json。"""
    from compiler.aggregate.periods import PeriodSpec
    from compiler.paths import prepare_out
    from compiler.render import formats as output_formats

    known = output_formats()
    fmts = [f.strip().lower() for f in formats.split(",") if f.strip()] if formats else list(known)
    unknown = [f for f in fmts if f not in known]
    if unknown or not fmts:
        raise click.BadParameter(f"不支持的格式：{'、'.join(unknown) or '（空）'}；可用：{'、'.join(known)}",
                                 param_hint="--format")
    spec = PeriodSpec.parse(period)
    levels = {"province", "city", "county"} if LEVEL_NAMES[level] == "all" else {LEVEL_NAMES[level]}
    console = Console(quiet)
    prepare_out(out)
    clean_leftovers(out, 3, console)  # out/<period>/<level>/<report>
    result, knowledge, config = parse_inputs(paths, issue_date, jobs, no_cache, cache_dir, config_path,
                                       schemas_dir, console, models=True,
                                       meanwhile=_renderers_made_ready(fmts, tuple(template_dirs),
                                                                       font),
                                             corrections=corrections)
    from compiler.batch.build_run import build_reports

    config = with_print_date(config, print_date)

    report = build_reports(result.documents, knowledge, config, spec, levels, fmts, out,
                           tuple(template_dirs), font, jobs_for(jobs), console,
                           cache_dir=cache_dir_for(no_cache, cache_dir), review=result.review)
    console.summary(files=len(result.parsed) + len(result.failures), articles=result.articles,
                    written=report.written,
                    warnings=len(result.warnings) + len(report.warnings) + len(review_warnings(result))
                    + len(result.skipped),
                    failures=len(result.failures) + len(report.failures), cached=result.cached,
                    reviewed=reviewed_line(result), skipped=result.skipped)
    console.info(f"报告目录：{shown(out)}（清单 {shown(out / 'index.json')}）")
    sys.exit(EXIT_INPUT if result.failures or report.failures else EXIT_OK)
