"""Benchmark: our hand-written xlsx, zip, PDF text and chart writers against well-kept libraries."""
from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rival_pdf  # noqa: E402
import rival_xlsx  # noqa: E402
import rival_zip  # noqa: E402
from corpus import generate  # noqa: E402
from run import machine  # noqa: E402
from timing import samples  # noqa: E402


def month_briefings(work: Path, pages: int, month: str, seed: int) -> list:
    """The benchmark month (bench/corpus.py, as bench/run.py makes it) parsed and aggregated
    for the province, its cities and counties: every briefing a monthly build renders."""
    from compiler.aggregate.briefings import build_briefings
    from compiler.aggregate.periods import PeriodSpec
    from compiler.ingest import read_page
    from compiler.knowledge.config import Config
    from compiler.parse.pipeline import Knowledge, parse_page

    knowledge = Knowledge.load()
    files = generate(work / "month", pages, month, seed)
    docs = [parse_page(read_page(f), knowledge) for f in files]
    return build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                           PeriodSpec.parse(month), {"province", "city", "county"})


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def report(out: dict) -> None:
    x = out["xlsx"]
    w = x["writers"]
    print(f"(1) xlsx：{x['workbooks']} 个统计表，从单元格网格到文件字节"
          f"（各取 {out['repeats']} 次中最快，CPU 时间）")
    for name, label in (("ours", "本项目（CellGrid + openpyxl 其余部分）"),
                        ("ours_cold", "本项目，不用前一个工作簿留下的缓存"),
                        ("xlsxwriter", "XlsxWriter"), ("openpyxl", "openpyxl Cell + Workbook.save")):
        r = w[name]
        size = ("文件与本项目相同" if name == "ours_cold"
                else f"共 {r['bytes']} 字节（最大的一个 {r['largest_bytes']}）")
        print(f"    {label}：合计 {r['total_cpu_s']} 秒（墙钟 {r['total_wall_s']} 秒），中位 "
              f"{r['median_ms']} 毫秒/个，最大的一个 {r['largest_ms']} 毫秒；{size}；用时为本项目的 "
              f"{_ratio(r['total_cpu_s'], w['ours']['total_cpu_s'])} 倍")
    n = x.get("instructions")
    if n and n["writers"]:
        counts = n["writers"]
        print(f"    CPU 指令数（callgrind，{'、'.join(n['workbooks'])}）："
              + "，".join(f"{k} {v / 1e6:.0f} 百万（{_ratio(v, counts['ours'])} 倍）"
                         for k, v in counts.items()))
    c = x["check"]
    print(f"    读回核对（{c['workbooks']} 个工作簿，{c['cells']} 个单元格）：与本项目不同的单元格 "
          + "，".join(f"{n} {k}" for n, k in c["differences"].items()))
    z = out["zip"]
    print(f"(2) zip：{z['packages']} 个 docx/xlsx 包，{z['parts']} 个部件，原始 {z['raw_bytes']} 字节，"
          f"压缩后 {z['bytes']} 字节；字节完全相同的包 {z['identical_packages']} 个")
    for name, r in z["writers"].items():
        print(f"    {name}：{r['cpu_s']} 秒（墙钟 {r['wall_s']} 秒）")
    t = out["text"]
    print(f"(3) PDF 文字：{t['digests']} 份摘要，{t['paragraphs']} 个段落，{t['chars']} 字，排行+绘制")
    for name, r in t["writers"].items():
        print(f"    {name}：{r['cpu_s']} 秒（墙钟 {r['wall_s']} 秒）")
    b = t["breaks"]
    print(f"    断行：{b['distinct_paragraphs']} 个不同段落中 {b['identical']} 个与 Paragraph 完全相同，"
          f"{b['different_line_count']} 个行数不同；违反中文断行规则的断行：本项目 "
          f"{b['rule_breaks_ours']}，Paragraph {b['rule_breaks_paragraph']}；超出右边界的行：本项目 "
          f"{b['over_width_ours']}，Paragraph {b['over_width_paragraph']}")
    g = out["chart"]
    print(f"(4) 条形图：{g['charts']} 个，生成+绘制")
    for name, r in g["writers"].items():
        print(f"    {name}：{r['cpu_s']} 秒（墙钟 {r['wall_s']} 秒）")


def step(started: float, what: str) -> None:
    print(f"  …{what}完成（{time.perf_counter() - started:.0f} 秒，CPU {time.process_time():.0f} 秒）",
          file=sys.stderr, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=100, help="pages in the monthly corpus")
    ap.add_argument("--month", default="2025-06")
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--repeats", type=int, default=3, help="runs of each writer; the best counts")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count the xlsx writers' CPU instructions (valgrind; minutes more)")
    args = ap.parse_args()

    from compiler.render import RenderOptions, prepare

    started = time.perf_counter()
    out: dict[str, Any] = {"machine": machine(), "month": args.month, "repeats": args.repeats}
    with tempfile.TemporaryDirectory(prefix="unionbrief-writers-") as tmp:
        work = Path(tmp)
        briefings = month_briefings(work, args.pages, args.month, args.seed)
        options = RenderOptions(template_dirs=(), font_path=None)
        prepare(["docx", "xlsx", "pdf"], options)
        # As a build does: what lives to the end is not scanned again by the collections
        # before each timed block (those took longer than the blocks otherwise).
        gc.collect()
        gc.freeze()
        print(f"机器：{out['machine']['cpu']}，{out['machine']['cores']} 核，Python "
              f"{out['machine']['python']}；{args.pages} 页、{len(briefings)} 份简报")
        step(started, "语料与简报")
        out["xlsx"] = rival_xlsx.bench_xlsx(briefings, options, args.repeats, work)
        step(started, "xlsx")
        if args.callgrind:
            import instructions

            sample = [b for b in briefings if b.unit.level != "province"]
            sample = [sample[i] for i in samples(sample)]
            out["xlsx"]["instructions"] = {"workbooks": [b.unit.name for b in sample],
                                           "writers": instructions.count_all(sample)}
            step(started, "xlsx 指令数")
        out["zip"] = rival_zip.bench_zip(rival_zip.package_parts(briefings, options, work), args.repeats)
        step(started, "zip")
        paragraphs, charts, width = rival_pdf.digest_contents(briefings, options, work)
        out["text"] = rival_pdf.bench_text(paragraphs, width, args.repeats)
        out["chart"] = rival_pdf.bench_chart(charts, args.repeats)
        step(started, "PDF 文字与条形图")
    out["seconds"] = round(time.perf_counter() - started, 1)
    report(out)
    print(f"用时 {out['seconds']} 秒")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"已写入 {args.json}")


if __name__ == "__main__":
    main()
