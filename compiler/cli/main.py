"""Command line: unionbrief parse | build | fill | review | check-schemas | schema."""
from __future__ import annotations

import importlib
import sys

import click

from compiler import __version__
from compiler.cli import zh as cli_zh
from compiler.cli.options import CONTEXT, EXIT_INPUT, EXIT_USAGE
from compiler.errors import UserError
from compiler.guard.names import shown, shown_text

cli_zh.install()


class _Group(click.Group):
    """Each command lives in its own module, imported only when it runs or is listed: `fill`
    and `build` pull in every renderer, which each `parse` would otherwise pay for."""

    lazy = {"parse": "compiler.cli.parse", "build": "compiler.cli.build",
            "fill": "compiler.cli.fill", "review": "compiler.cli.review",
            "check-schemas": "compiler.cli.schemas", "schema": "compiler.cli.schemas"}

    def list_commands(self, ctx) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx, name: str):
        if name in self.lazy and name not in self.commands:
            self.add_command(getattr(importlib.import_module(self.lazy[name]),
                                          name.replace("-", "_")))
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
        click.echo(shown_text(f"错误：{exc}"), err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        sys.exit(130)
    except OSError as exc:  # an output folder that cannot be written, a full disk
        where = f"{shown(exc.filename)}：" if exc.filename else ""
        click.echo(f"错误：{where}无法读写文件（{exc.strerror or exc}）", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        import os

        if os.environ.get("UNIONBRIEF_DEBUG"):
            raise
        click.echo(shown_text(f"内部错误：{type(exc).__name__}: {exc}（设置环境变量 "
                              "UNIONBRIEF_DEBUG=1 可查看详细信息，并请报告此问题）"), err=True)
        sys.exit(EXIT_INPUT)
