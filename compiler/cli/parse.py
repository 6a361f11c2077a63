"""`unionbrief parse`: the inputs as structured JSON (the contract other tools read)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from compiler.atomic import atomic_path
from compiler.batch.console import Console
from compiler.cli.options import (
    CONTEXT,
    EXIT_INPUT,
    EXIT_OK,
    clean_leftovers,
    common_options,
    parse_inputs,
    review_warnings,
    reviewed_line,
)
from compiler.guard.names import shown
from compiler.model.document import SCHEMA_VERSION


def write_parse_result(out: Path, parsed: list) -> None:
    """The parse JSON written one document at a time from each one's JSON text: the same bytes
    as json.dumps(indent=1, ensure_ascii=False) of the whole, without building any model."""
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f'{{\n "schema_version": {SCHEMA_VERSION},\n "documents": [')
        for i, p in enumerate(parsed):
            # JSON strings hold no raw newline, so indenting every line is safe
            fh.write(("," if i else "") + "\n  " + p.json.replace("\n", "\n  "))
        fh.write("\n ]\n}\n" if parsed else "]\n}\n")


@click.command("parse", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="输出的 JSON 文件。")
@common_options
def parse(paths, out, issue_date, jobs, no_cache, cache_dir, config_path, schemas_dir, corrections,
          quiet):
    """解析稿件（文件或目录，递归），输出结构化 JSON。"""
    console = Console(quiet)
    clean_leftovers(out.parent, 0, console)
    result, _, _ = parse_inputs(paths, issue_date, jobs, no_cache, cache_dir, config_path, schemas_dir,
                                console, need_knowledge=False, corrections=corrections)
    write_parse_result(out, result.parsed)
    console.summary(files=len(result.parsed) + len(result.failures), articles=result.articles,
                    written=1,
                    warnings=len(result.warnings) + len(review_warnings(result)) + len(result.skipped),
                    failures=len(result.failures), cached=result.cached,
                    reviewed=reviewed_line(result), skipped=result.skipped)
    console.info(f"已写入 {shown(out)}")
    sys.exit(EXIT_INPUT if result.failures else EXIT_OK)
