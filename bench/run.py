"""Benchmark: parse speed against jieba, cached re-parse, monthly build, re-run and peak memory."""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=Path(__file__).parent).stdout.strip()
    except OSError:
        commit = ""
    return {"cpu": cpu, "cores": usable, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "commit": commit,
            "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def bench_parse(files: list[Path], repeats: int) -> dict:
    """In-process parse+extract (--jobs 1) and jieba.lcut over the same texts, best of `repeats`."""
    import jieba

    from compiler.ingest import read_page
    from compiler.parse.pipeline import Knowledge, parse_page

    knowledge = Knowledge.load()
    parse_page(read_page(files[0]), knowledge)  # warm-up: lazy imports, compiled automata
    jieba.setLogLevel(60)
    jieba.initialize()  # the dictionary load is not part of tokenising
    texts = [read_page(f).text for f in files]
    jieba.lcut(texts[0])
    ours, theirs = [], []
    for _ in range(repeats):  # interleaved, so that both see the same machine state
        t = time.perf_counter()
        for f in files:
            parse_page(read_page(f), knowledge)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        theirs.append(time.perf_counter() - t)
    a, b = min(ours), min(theirs)
    return {"pages": len(files), "chars": sum(map(len, texts)), "parse_s": round(a, 3),
            "parse_pages_per_s": round(len(files) / a, 1), "jieba_s": round(b, 3),
            "jieba_pages_per_s": round(len(files) / b, 1), "ratio_parse_to_jieba": round(a / b, 3)}


def cli(*args: str) -> dict:
    """Run `unionbrief ARGS` and return seconds, exit code, peak RSS (largest process) and stderr."""
    cmd = [sys.executable, "-m", "compiler", *map(str, args)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"命令失败（{proc.returncode}）：{' '.join(cmd)}\n{stderr}")
    # ru_maxrss of wait4 covers the child and the workers it reaped: the largest single process.
    # Its CPU time likewise includes the workers it waited for.
    return {"s": round(seconds, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "rc": proc.returncode, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "summary": next((l for l in stderr.splitlines() if l.startswith("完成")), "")}


def _jieba_process(folder: Path) -> float:
    code = ("import sys, pathlib, jieba; jieba.setLogLevel(60)\n"
            "for f in sorted(pathlib.Path(sys.argv[1]).glob('*.txt')):\n"
            "    jieba.lcut(f.read_text(encoding='utf-8'))\n")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
    return round(time.perf_counter() - t, 3)


def cached_count(summary: str) -> int:
    m = re.search(r"其中 (\d+) 个取自缓存", summary)
    return int(m.group(1)) if m else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=100, help="pages in the monthly corpus")
    ap.add_argument("--cache-pages", type=int, default=1000, help="pages for the cache test")
    ap.add_argument("--month", default="2025-06")
    ap.add_argument("--repeats", type=int, default=3, help="runs of (a), and of the first build")
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument("--ocr-pages", type=int, default=4, help="A3 page images to OCR (0: none)")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="unionbrief-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out: dict = {"machine": machine(), "month": args.month}
    print(f"机器：{out['machine']['cpu']}，{out['machine']['cores']} 核，Python {out['machine']['python']}，"
          f"{out['machine']['system']}")

    files = generate(work / "month", args.pages, args.month, args.seed)
    out["parse"] = p = bench_parse(files, args.repeats)
    print(f"(a) 解析+抽取（--jobs 1，进程内）：{p['pages']} 页 {p['parse_s']} 秒，"
          f"{p['parse_pages_per_s']} 页/秒；jieba.lcut 同样文本 {p['jieba_s']} 秒，"
          f"{p['jieba_pages_per_s']} 页/秒；用时比 {p['ratio_parse_to_jieba']}（要求 ≤ 0.5）")

    # The same comparison as whole processes: our CLI (startup, schemas, output file included)
    # against a script that imports jieba, loads its dictionary and tokenises the pages.
    ours = cli("parse", work / "month", "--out", work / "month.json", "--no-cache", "-j", "1")
    theirs = _jieba_process(work / "month")
    out["parse_processes"] = {"cli_jobs1_s": ours["s"], "jieba_process_s": theirs,
                              "ratio": round(ours["s"] / theirs, 3)}
    print(f"    作为独立进程：unionbrief parse --jobs 1 {ours['s']} 秒，jieba 脚本（含载入词典）"
          f"{theirs} 秒，用时比 {out['parse_processes']['ratio']}")

    big = generate(work / "big", args.cache_pages, args.month, args.seed + 1)
    cache = work / "cache-parse"
    cold = cli("parse", work / "big", "--out", work / "big.json", "--cache-dir", cache)
    warm = cli("parse", work / "big", "--out", work / "big.json", "--cache-dir", cache)
    big[len(big) // 2].write_text(big[len(big) // 2].read_text(encoding="utf-8") + "\n新增一段。\n",
                                  encoding="utf-8")
    one = cli("parse", work / "big", "--out", work / "big.json", "--cache-dir", cache)
    out["cache"] = {"pages": len(big), "cold": cold, "warm": warm, "one_changed": one,
                    "warm_cached": cached_count(warm["summary"]),
                    "one_changed_cached": cached_count(one["summary"]),
                    "ratio_warm_to_cold": round(warm["s"] / cold["s"], 3)}
    print(f"(b) parse {len(big)} 页：首次 {cold['s']} 秒，无改动重跑 {warm['s']} 秒"
          f"（{out['cache']['warm_cached']} 页取自缓存），比值 {out['cache']['ratio_warm_to_cold']}"
          f"（要求 ≤ 0.2）；改动一页后重跑 {one['s']} 秒（{out['cache']['one_changed_cached']} 页取自缓存）")

    # A first build each time (no reports, no cache yet), repeated: on a shared machine one run
    # can be a third slower than the next.
    firsts = []
    for k in range(max(1, args.repeats)):
        build = ["build", work / "month", "--out", work / f"reports{k}", "--period", args.month,
                 "--level", "all", "--cache-dir", work / f"cache-build{k}"]
        firsts.append(cli(*build))
    first = min(firsts, key=lambda r: r["s"])
    again = cli(*build)
    index = json.loads((work / f"reports{k}" / "index.json").read_text(encoding="utf-8"))
    walls = sorted(r["s"] for r in firsts)
    out["build"] = {"pages": len(files), "reports": len(index["files"]), "first": first,
                    "first_runs": firsts, "first_median_s": walls[len(walls) // 2], "rerun": again}
    print(f"(c) 月度全量生成（{len(files)} 页，省/市/县三级，docx+xlsx+pdf，默认并行）："
          f"{len(firsts)} 次中最快 {first['s']} 秒（CPU {first['cpu_s']} 秒），中位 "
          f"{out['build']['first_median_s']} 秒，写出 {len(index['files'])} 个报告")
    print(f"(d) 无改动重跑：{again['s']} 秒")

    # Printed pages: the PDF text layer laid out, and OCR of the same pages as 150 dpi images.
    from layout_bench import bench_ocr, bench_pdf, make_pages

    printed = make_pages(work / "printed", args.seed)
    out["pdf_pages"] = pdf = bench_pdf(printed / "pdf", args.repeats)
    print(f"(f) 报纸版面 PDF（文字层，分栏版式）：{pdf['pages']} 页 {pdf['s']} 秒，"
          f"每页 {pdf['s_per_page']} 秒（要求远低于 1 秒）")
    from compiler.ingest import ocr

    if args.ocr_pages and ocr.available():
        out["ocr_pages"] = o = bench_ocr(printed / "png", args.ocr_pages)
        print(f"(g) OCR（A3，150 dpi，{o['size_px'][0]}×{o['size_px'][1]} 像素）：{o['pages']} 页，"
              f"每页平均 {o['wall_s_per_page_mean']} 秒（最长 {o['wall_s_per_page_max']} 秒，"
              f"CPU {o['cpu_s_per_page_mean']} 秒；要求 ≤ 30 秒）")
    elif args.ocr_pages:
        print("(g) OCR：未安装 OCR 组件（pip install '.[ocr]'），跳过")

    import resource

    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["peak_rss_mb"] = {"bench_process_with_jieba": round(self_mb, 1),
                          "parse_cold": cold["peak_rss_mb"],
                          "build": max(r["peak_rss_mb"] for r in firsts)}
    print(f"(e) 峰值内存（单个进程最大 RSS）：parse {cold['peak_rss_mb']} MB，"
          f"build {out['peak_rss_mb']['build']} MB，本进程（含 jieba 词典）{self_mb:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"已写入 {args.json}")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
