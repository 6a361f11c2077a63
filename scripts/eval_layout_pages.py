#!/usr/bin/env python3
"""Score the parser on pages laid out from text pages (make_layout_pages.py) against their gold.

usage: eval_layout_pages.py PAGE.txt... --gold GOLD_DIR --work DIR [--png] [--seed N]

Writes the pages, parses each kind (pdf, png, web html, web text) with `unionbrief parse`, joins
the one-article web pages of a text page into one document, and prints the scorer's numbers
(article precision/recall, lead union, figures F1) per kind, with the parse time.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse(paths: list[Path], out: Path) -> float:
    exe = Path(sys.executable).with_name("unionbrief")
    started = time.monotonic()
    subprocess.run([str(exe), "parse", *map(str, paths), "--out", str(out)], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def joined(parsed: Path) -> None:
    """One document per text page: the web pages of its articles (folder named by its stem)."""
    data = json.loads(parsed.read_text("utf-8"))
    docs: dict[str, dict] = {}
    for d in data["documents"]:
        stem = Path(d["source"]).parent.name
        doc = docs.setdefault(stem, {**d, "source": f"{stem}.txt", "articles": []})
        doc["articles"].extend(d["articles"])
    data["documents"] = list(docs.values())
    parsed.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def score(parsed: Path, gold: Path) -> dict:
    scorer = gold.parent / "score.py"
    out = subprocess.run([sys.executable, str(scorer), str(parsed), str(gold), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--png", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    make = [sys.executable, str(HERE / "make_layout_pages.py"), *map(str, args.pages),
            "--out", str(args.work), "--gold", str(args.gold), "--web", "--seed", str(args.seed)]
    subprocess.run(make + (["--png"] if args.png else []), check=True, stdout=subprocess.DEVNULL)
    kinds = [("pdf", [args.work / "pdf"]), ("web-html", sorted((args.work / "web").glob("*/*.html"))),
             ("web-text", sorted((args.work / "web").glob("*/*.txt")))]
    if args.png:
        kinds.insert(1, ("png", [args.work / "png"]))
    print(f"{'kind':9} {'P':>6} {'R':>6} {'union':>6} {'figF1':>6} {'seconds':>8}")
    for kind, paths in kinds:
        out = args.work / f"parsed-{kind}.json"
        seconds = parse(paths, out)
        if kind.startswith("web"):
            joined(out)
        s = score(out, args.gold)
        seg = s["segmentation"]
        print(f"{kind:9} {seg['precision']:6.3f} {seg['recall']:6.3f} {s['union']['name_acc']:6.3f} "
              f"{s['figures']['f1']:6.3f} {seconds:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
