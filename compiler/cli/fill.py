"""`unionbrief fill`: fill a federation's own .xlsx/.docx template, or --check one."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from compiler.atomic import write_bytes_atomic
from compiler.batch.console import Console
from compiler.cli.options import (
    CONTEXT,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    clean_leftovers,
    common_options,
    date_option,
    parse_inputs,
    review_warnings,
    reviewed_line,
    with_print_date,
)
from compiler.guard.names import shown, shown_text


def _check(template: Path, config_path, schemas_dir) -> None:
    from compiler.fill.check import check_template
    from compiler.knowledge.config import load_config
    from compiler.knowledge.load import Knowledge

    config = load_config(config_path)
    report = check_template(template, Knowledge.load(schemas_dir, config.home_province), config)
    for line in report.lines():
        click.echo(shown_text(line))
    for w in report.warnings:
        click.echo(shown_text(f"警告：{w}"), err=True)
    for line in report.error_lines():
        click.echo(shown_text(f"错误：{line}"), err=True)
    sys.exit(EXIT_OK if report.ok else EXIT_USAGE)


@click.command("fill", context_settings=CONTEXT)
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="填好的文件，扩展名与模板相同（.xlsx 或 .docx）。")
@click.option("--unit", "-u", default=None, metavar="单位",
              help="为哪个单位填报，如 杭州市总工会、余杭区总工会；默认为本省总工会。")
@click.option("--period", "-p", default="all", show_default=True,
              help="统计周期：2025-06、2025-Q2、2025 或 all（全部稿件）。")
@click.option("--print-date", callback=date_option, metavar="YYYY-MM-DD",
              help="印发/填报日期（优先于配置文件的 print_date）；未指定时取稿件中最晚的出版日期。")
@click.option("--check", is_flag=True,
              help="只校验模板并列出其中使用的变量（不读取稿件）；模板有效时退出码为 0。")
@common_options
def fill(template, paths, out, unit, period, print_date, check, issue_date, jobs, no_cache,
         cache_dir, config_path, schemas_dir, corrections, quiet):
    """用稿件填写上级下发的统计表（.xlsx）或本单位的简报版式（.docx）。

    \b
    模板中的单元格、段落可写 Jinja2 表达式，如 {{ unit.name }}、{{ count(category="competition") }}；
    Excel 中以 {%row for u in units %} 开头的单元格使该行按列表逐项重复。模板语言见 README。
    \b
    常用：
      unionbrief fill 统计表.xlsx samples/ --out 统计表_已填.xlsx --unit 杭州市总工会
      unionbrief fill --check 统计表.xlsx
    """
    if check:
        if paths or out:
            raise click.UsageError("--check 只校验模板，不需要稿件路径和 --out")
        _check(template, config_path, schemas_dir)
        return
    if not paths:
        raise click.UsageError("缺少稿件路径：fill 模板 稿件文件或目录… --out 输出文件")
    if out is None:
        raise click.UsageError("缺少 --out：填好的文件写到哪里")
    if out.suffix.lower() != template.suffix.lower():
        raise click.BadParameter(f"输出文件的扩展名应与模板相同（{template.suffix}）",
                                 param_hint="--out")
    from compiler.fill.run import fill_template, probe_template

    probe_template(template)  # a missing or broken template is reported before parsing
    console = Console(quiet)
    clean_leftovers(out.parent, 0, console)
    result, knowledge, config = parse_inputs(paths, issue_date, jobs, no_cache, cache_dir,
                                             config_path, schemas_dir, console,
                                             corrections=corrections)
    config = with_print_date(config, print_date)
    filled = fill_template(template, result.documents, knowledge, config, unit, period)
    for w in filled.warnings:
        console.warn(w)
    write_bytes_atomic(out, filled.data)
    n = sum(len(d.articles) for d in result.documents)
    console.summary(files=len(result.documents) + len(result.failures), articles=n, written=1,
                    warnings=len(result.warnings) + len(filled.warnings)
                    + len(review_warnings(result)) + len(result.skipped),
                    failures=len(result.failures), cached=result.cached,
                    reviewed=reviewed_line(result), skipped=result.skipped)
    b = filled.briefing
    console.info(f"已填写 {shown(out)}（{shown(b.unit.name)}，{b.period.label}，稿件 {len(b.items)} 篇）")
    sys.exit(EXIT_INPUT if result.failures else EXIT_OK)
