"""Command line: unionbrief parse | build | fill | check-schemas | schema."""
from __future__ import annotations

import importlib
import json
import sys
from datetime import date
from pathlib import Path

import click

from compiler.cli import zh as cli_zh
from compiler import __version__
from compiler.atomic import atomic_path
from compiler.batch.console import Console
from compiler.errors import UserError
from compiler.model.document import SCHEMA_VERSION, ParseResult

cli_zh.install()

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
# --level in Chinese (as the reports' folders are named) or as the codes
LEVEL_NAMES = {"省级": "province", "市级": "city", "县级": "county", "全部": "all",
               "province": "province", "city": "city", "county": "county", "all": "all"}
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def date_option(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}”不是有效日期，应为 2025-06-12 这样的格式") from None


def with_print_date(config, print_date: date | None):
    """--print-date over the configuration's print_date."""
    return config.model_copy(update={"print_date": print_date}) if print_date else config


def _jobs(value: int | None) -> int:
    from compiler.batch.parse_run import default_jobs

    return default_jobs() if not value else max(1, value)


def _cache_dir(no_cache: bool, cache_dir: Path | None) -> Path | None:
    if no_cache:
        return None
    if cache_dir:
        return cache_dir
    import os

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "unionbrief"


def parse_inputs(paths, issue_date, jobs, no_cache, cache_dir, config_path, schemas_dir, console,
           need_knowledge: bool = True, meanwhile=None, models: bool = False):
    """Shared by parse, build and fill: files -> documents, failures reported as they come.

    The schemas and gazetteer are loaded only when needed: a run served wholly from the cache
    (and not going on to build) skips that half second.
    """
    from compiler.knowledge.config import load_config
    from compiler.ingest import iter_input_files
    from compiler.batch.parse_run import parse_files

    config = load_config(config_path)
    from compiler.ingest.skipped import unsupported_files

    files = iter_input_files([Path(p) for p in paths])
    skipped = unsupported_files([Path(p) for p in paths])
    for _, why in skipped:
        console.warn(why)
    if not files:
        raise UserError("没有找到可读取的输入文件（支持 .txt .md .docx .pdf .html .htm）")
    loaded: list = []

    def knowledge():
        from compiler.knowledge.load import Knowledge

        if not loaded:
            loaded.append(Knowledge.load(schemas_dir, config.home_province))
        return loaded[0]

    with console.progress("解析稿件", len(files)) as advance:
        result = parse_files(files, knowledge, issue_date=issue_date, jobs=_jobs(jobs),
                             cache_dir=_cache_dir(no_cache, cache_dir), schemas_path=schemas_dir,
                             home_province=config.home_province, on_progress=advance,
                             meanwhile=meanwhile, models=models)
    result.skipped = [path.name for path, _ in skipped]
    for _, message in result.failures:
        console.error(message)
    for w in result.warnings:
        console.warn(w)
    return result, knowledge() if need_knowledge else None, config


def _write_parse_result(out: Path, parsed: list) -> None:
    """The parse JSON written one document at a time from each one's JSON text: the same bytes
    as json.dumps(indent=1, ensure_ascii=False) of the whole, without building any model."""
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f'{{\n "schema_version": {SCHEMA_VERSION},\n "documents": [')
        for i, p in enumerate(parsed):
            # JSON strings hold no raw newline, so indenting every line is safe
            fh.write(("," if i else "") + "\n  " + p.json.replace("\n", "\n  "))
        fh.write("\n ]\n}\n" if parsed else "]\n}\n")


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
        click.option("--quiet", "-q", is_flag=True, help="只输出错误。"),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


class _Group(click.Group):
    """Commands kept in other modules are imported only when run or listed: `fill` pulls in
    every renderer, which would add half a second to each `parse`."""

    lazy = {"fill": "compiler.cli.fill"}

    def list_commands(self, ctx) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx, name: str):
        if name in self.lazy and name not in self.commands:
            import importlib

            self.add_command(getattr(importlib.import_module(self.lazy[name]), name))
        return super().get_command(ctx, name)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="unionbrief")
def cli() -> None:
    """unionbrief：把工会新闻稿件编成工作简报（Word）、统计表（Excel）和 PDF 摘要。

    \b
    常用：
      unionbrief parse samples/ --out parsed.json
      unionbrief build samples/ --out reports/ --period all --level all
    """


def _renderers_made_ready(fmts: list[str], template_dirs: tuple[Path, ...], font: Path | None):
    """Work for the main process while its workers parse: import the renderers' libraries and
    load the fonts and templates (together most of a second), for the render workers to
    inherit."""
    def ready() -> None:
        importlib.import_module("compiler.batch.build_run")
        from compiler.render import RenderOptions, prepare

        prepare(fmts, RenderOptions(template_dirs=template_dirs, font_path=font))

    return ready


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="输出的 JSON 文件。")
@common_options
def parse(paths, out, issue_date, jobs, no_cache, cache_dir, config_path, schemas_dir, quiet):
    """解析稿件（文件或目录，递归），输出结构化 JSON。"""
    console = Console(quiet)
    result, _, _ = parse_inputs(paths, issue_date, jobs, no_cache, cache_dir, config_path, schemas_dir,
                          console, need_knowledge=False)
    _write_parse_result(out, result.parsed)
    console.summary(files=len(result.parsed) + len(result.failures), articles=result.articles,
                    written=1, warnings=len(result.warnings) + len(result.skipped),
                    failures=len(result.failures), cached=result.cached, skipped=result.skipped)
    console.info(f"已写入 {out}")
    sys.exit(EXIT_INPUT if result.failures else EXIT_OK)


@cli.command(context_settings=CONTEXT)
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
@click.option("--format", "-f", "formats", default="docx,xlsx,pdf", show_default=True,
              help="输出格式，逗号分隔：docx,xlsx,pdf。")
@click.option("--templates", "-t", "template_dirs", multiple=True,
              type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="自定义模板目录（优先于内置模板，可多次指定）。")
@click.option("--font", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="PDF 使用的中文 TrueType 字体文件（.ttf/.ttc）。")
@common_options
def build(paths, out, period, level, formats, template_dirs, font, print_date, issue_date, jobs,
          no_cache, cache_dir, config_path, schemas_dir, quiet):
    """生成各级工会的工作简报、统计表和 PDF 摘要，并写出 index.json。"""
    from compiler.render.formats import FORMATS
    from compiler.paths import prepare_out
    from compiler.aggregate.periods import PeriodSpec

    fmts = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in fmts if f not in FORMATS]
    if unknown or not fmts:
        raise click.BadParameter(f"不支持的格式：{'、'.join(unknown) or '（空）'}；可用：docx、xlsx、pdf",
                                 param_hint="--format")
    spec = PeriodSpec.parse(period)
    levels = {"province", "city", "county"} if LEVEL_NAMES[level] == "all" else {LEVEL_NAMES[level]}
    console = Console(quiet)
    prepare_out(out)
    result, knowledge, config = parse_inputs(paths, issue_date, jobs, no_cache, cache_dir, config_path,
                                       schemas_dir, console, models=True,
                                       meanwhile=_renderers_made_ready(fmts, tuple(template_dirs),
                                                                       font))
    from compiler.batch.build_run import build_reports

    config = with_print_date(config, print_date)
    report = build_reports(result.documents, knowledge, config, spec, levels, fmts, out,
                           tuple(template_dirs), font, _jobs(jobs), console,
                           cache_dir=_cache_dir(no_cache, cache_dir))
    console.summary(files=len(result.parsed) + len(result.failures), articles=result.articles,
                    written=report.written,
                    warnings=len(result.warnings) + len(result.skipped) + len(report.warnings),
                    failures=len(result.failures) + len(report.failures), cached=result.cached,
                    skipped=result.skipped)
    console.info(f"报告目录：{out}（清单 {out / 'index.json'}）")
    sys.exit(EXIT_INPUT if result.failures or report.failures else EXIT_OK)


@cli.command("check-schemas", context_settings=CONTEXT)
@click.option("--schemas", "schemas_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="要检查的 schemas 目录，默认为内置目录。")
@click.option("--home-province", default="浙江省", show_default=True, help="本省（用于同名地名消歧）。")
def check_schemas(schemas_dir, home_province):
    """校验 schemas/ 下的全部 YAML 文件，一次列出所有错误。"""
    from compiler.ingest.epaper import load_rules
    from compiler.knowledge.gazetteer import load_gazetteer
    from compiler.knowledge.load import schema_file
    from compiler.knowledge.schemas import load_schemas

    checks = {  # the same files, found the same way, as every run with --schemas loads
        "schemas": lambda: load_schemas(schemas_dir),
        "gazetteer": lambda: load_gazetteer(schema_file(schemas_dir, "gazetteer.yaml"), home_province),
        "epaper": lambda: load_rules(str(schema_file(schemas_dir, "epaper.yaml").parent)),
    }
    loaded, problems = {}, []
    for name, check in checks.items():
        try:
            loaded[name] = check()
        except (UserError, ValueError) as exc:  # every file is checked; all errors shown at once
            problems.append(str(exc))
    if problems:
        raise UserError("\n".join(problems))
    s, gaz = loaded["schemas"], loaded["gazetteer"]
    click.echo(f"schemas 校验通过：{len(s.categories.categories)} 个类别，"
               f"{len(s.figures.metrics)} 种指标，{len(s.figures.units)} 个计量单位，"
               f"{len(gaz.places)} 个地名。")


@cli.command(context_settings=CONTEXT)
def schema():
    """输出 parse 结果（JSON）的 JSON Schema。"""
    click.echo(json.dumps(ParseResult.model_json_schema(), ensure_ascii=False, indent=2))


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="unionbrief", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("已中止。", err=True)
        sys.exit(EXIT_USAGE)
    except click.UsageError as exc:
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
        click.echo(f"参数错误：{cli_zh.usage_message(exc)}", err=True)
        sys.exit(EXIT_USAGE)
    except UserError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        sys.exit(130)
    except OSError as exc:  # an output folder that cannot be written, a full disk
        where = f"{exc.filename}：" if exc.filename else ""
        click.echo(f"错误：{where}无法读写文件（{exc.strerror or exc}）", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # noqa: BLE001 - even a bug ends in a message, not a traceback
        import os

        if os.environ.get("UNIONBRIEF_DEBUG"):
            raise
        click.echo(f"内部错误：{type(exc).__name__}: {exc}（设置环境变量 UNIONBRIEF_DEBUG=1 "
                   "可查看详细信息，并请报告此问题）", err=True)
        sys.exit(EXIT_INPUT)
