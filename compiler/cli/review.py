"""`unionbrief review`: parse the inputs and serve the review page on 127.0.0.1 until Ctrl+C."""
from __future__ import annotations

import getpass
import os
import socket
import sys
import threading
import webbrowser
from pathlib import Path

import click

from compiler.batch.console import Console
from compiler.cli.options import CONTEXT, EXIT_OK, common_options, parse_inputs
from compiler.errors import UserError

HOST = "127.0.0.1"  # never another interface: the page edits files on this machine


def _reviewer(name: str | None) -> str:
    if name:
        return name.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "未署名"


def _has_display() -> bool:
    """On Linux without a desktop, webbrowser would start a text browser in this terminal."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def make_session(paths, period, unit, corrections, reviewer, issue_date, jobs, no_cache,
                 cache_dir, config_path, schemas_dir, console):
    """Parse the inputs (as extracted: the page applies the corrections itself) and select the
    articles of --unit and --period."""
    from compiler.aggregate.periods import PeriodSpec
    from compiler.fill.select import select_briefing
    from compiler.review.apply import apply_corrections
    from compiler.review.corrections import discover, load
    from compiler.review.session import Session
    from compiler.review.store import Store
    from compiler.review.vocab import Vocab

    result, knowledge, config = parse_inputs(paths, issue_date, jobs, no_cache, cache_dir, config_path,
                                       schemas_dir, console, models=True, corrections=corrections,
                                       review=False)
    path = discover([Path(p) for p in paths], corrections)
    existing = load(path)  # a broken file is reported now, not at the first edit
    store = Store(path, _reviewer(reviewer), Vocab.of(knowledge))
    session = Session(result.documents, knowledge, config, store, issue_date, schemas_dir)
    spec = PeriodSpec.parse(period) if period else None
    if spec is not None and spec.granularity != "all" and spec.only is None:
        raise UserError(f"--period 应为一个统计周期，如 2025-06、2025-Q2、2025 或 all，不能是 {period}")
    if unit or period:
        corrected = apply_corrections(result.documents, existing, path).documents
        b = select_briefing(corrected, knowledge.schemas, knowledge.gazetteer, config, unit,
                            period or "all")
        wanted = {it.article_id for it in b.items}
        ids = {a.id: a for d in result.documents for a in d.articles}
        from compiler.review.corrections import article_key

        session.only({article_key(ids[i]) for i in wanted if i in ids})
    return session, result


@click.command("review", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--period", "-p", default=None,
              help="只核对这个统计周期的稿件：2025-06、2025-Q2、2025 或 all。")
@click.option("--unit", "-u", default=None, metavar="单位",
              help="只核对这个单位简报中的稿件，如 杭州市总工会。")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1024, 65535),
              help="本机端口（只在 127.0.0.1 上提供）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器，只打印地址。")
@click.option("--reviewer", default=None, metavar="姓名", help="核对人，记入核对记录；默认为登录名。")
@common_options
def review(paths, period, unit, port, no_browser, reviewer, issue_date, jobs, no_cache, cache_dir,
           config_path, schemas_dir, corrections, quiet):
    """打开本机核对页面：逐篇对照原文核对提取结果，修改随时保存到 corrections.yaml。

    \b
    之后的 parse、build、fill 都会自动应用这些修改。
    常用：
      unionbrief review samples/
      unionbrief review samples/ --no-browser --port 8765
    """
    import uvicorn

    from compiler.review.app import create_app

    if not _port_free(port):
        raise UserError(f"端口 {port} 已被占用，请用 --port 指定其他端口")
    console = Console(quiet)
    session, result = make_session(paths, period, unit, corrections, reviewer, issue_date, jobs,
                                   no_cache, cache_dir, config_path, schemas_dir, console)
    app, token = create_app(session, port)
    url = f"http://{HOST}:{port}/?token={token}"
    rows = session.rows()
    done = sum(r["status"] != "open" for r in rows)
    click.echo(f"稿件 {len(rows)} 篇，已核对 {done} 篇；核对记录：{session.store.path}")
    click.echo(f"核对页面：{url}")
    click.echo("按 Ctrl+C 结束。")
    sys.stdout.flush()
    if not no_browser:
        if _has_display():
            threading.Timer(1.0, webbrowser.open, args=(url,)).start()
        else:
            click.echo("未检测到图形界面：请在浏览器中打开上面的地址。")
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False,
                            server_header=False, proxy_headers=False, lifespan="off")
    uvicorn.Server(config).run()
    sys.exit(EXIT_OK)
