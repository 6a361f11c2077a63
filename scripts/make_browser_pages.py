#!/usr/bin/env python3
"""Lay pages' articles out as union pages in HTML/CSS and print them to PDF with chromium.

usage: make_browser_pages.py PAGE.txt... --out DIR [--gold GOLD_DIR] [--png] [--seed N]

A second, independent way to make printed pages (make_layout_pages.py draws with reportlab):
the browser's own line breaking (a band of articles never split over two pages, as on a
printed page), CSS columns with rules between them, a grid of articles side by
side, bold headlines (WenQuanYi has no bold face: chromium makes it up), short titles and
column names letter-spaced, a short story's title set vertically at its right, photo boxes with
captions, a dated page header and a footer. The reader must not depend on how one program
writes its PDFs. --png renders each page at 150 dpi for the OCR reader.
"""
from __future__ import annotations

import datetime
import html
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_layout_pages import Item, items_of, page_arguments, render_png

CSS = """
@page { size: A3; margin: 14mm 13mm; }
body { font-family: 'AR PL UMing CN', 'WenQuanYi Micro Hei', serif; font-size: 9.5pt;
       line-height: 1.5; margin: 0; }
.mast { display: flex; justify-content: space-between; border-bottom: 2px solid #000;
        font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 10pt; padding-bottom: 2mm; }
.mast .name { font-size: 15pt; font-weight: bold; }
.band { display: grid; gap: 0 7mm; border-bottom: 1px solid #000; padding: 3mm 0;
        break-inside: avoid; }
.band > article + article { border-left: 1px solid #888; padding-left: 6mm; }
h1 { font-family: 'WenQuanYi Micro Hei', sans-serif; font-weight: bold; text-align: center;
     margin: 1mm 0 1mm; line-height: 1.25; }
.kicker, .sub { text-align: center; margin: 0.5mm 0; font-family: 'WenQuanYi Micro Hei', sans-serif; }
.kicker { font-size: 11pt; }
.sub { font-size: 12pt; }
.column-name { font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 10.5pt;
               border-left: 5px solid #000; padding-left: 2mm; margin: 0 0 1mm;
               letter-spacing: 0.4em; }
.body { column-gap: 5mm; column-rule: 0.5px solid #999; text-align: justify; }
.body p { margin: 0; text-indent: 2em; }
.photo { background: #ccc; margin: 1mm 0; }
.caption { font-size: 8pt; font-family: 'WenQuanYi Micro Hei', sans-serif; margin: 0 0 2mm; }
.foot { font-size: 8pt; text-align: center; border-top: 1px solid #000; margin-top: 2mm; }
"""

WEEKDAYS = "一二三四五六日"


def article_html(item: Item, columns: int, title_pt: float, rnd: random.Random) -> str:
    esc = html.escape
    if (len(item.title) <= 8 and not (item.kicker or item.subtitle or item.column)
            and rnd.random() < 0.4):
        return _vertical_article(item, columns, title_pt, rnd)
    parts = []
    if item.column:
        parts.append(f"<p class='column-name'>{esc(item.column)}</p>")
    if item.kicker:
        parts.append(f"<p class='kicker'>{esc(item.kicker)}</p>")
    # Short titles are often set letter-spaced (关 爱 一 路 同 行)
    spacing = "letter-spacing:0.6em;" if len(item.title) <= 8 and rnd.random() < 0.6 else ""
    parts.append(f"<h1 style='font-size:{title_pt}pt;{spacing}'>{esc(item.title)}</h1>")
    if item.subtitle:
        parts.append(f"<p class='sub'>{esc(item.subtitle)}</p>")
    photo = ""
    if item.caption:
        height = rnd.choice([35, 45, 60])
        photo = (f"<div class='photo' style='height:{height}mm'></div>"
                 f"<p class='caption'>{esc(item.caption)}</p>")
    paras = list(item.paragraphs)
    if item.commentary:
        paras.insert(0, "■" + item.commentary)
    if item.lede and paras:
        paras[0] = item.lede + "　" + paras[0]
    body = "".join(f"<p>{esc(p)}</p>" for p in paras)
    if photo and rnd.random() < 0.5:  # the photo over the body, or at the head of its first column
        parts.append(photo)
        parts.append(f"<div class='body' style='column-count:{columns}'>{body}</div>")
    else:
        parts.append(f"<div class='body' style='column-count:{columns}'>{photo}{body}</div>")
    return f"<article>{''.join(parts)}</article>"


def _vertical_article(item: Item, columns: int, title_pt: float, rnd: random.Random) -> str:
    """A short story with its title set vertically at its right edge, as papers do for briefs."""
    esc = html.escape
    paras = ([item.lede + "　" + item.paragraphs[0], *item.paragraphs[1:]]
             if item.lede and item.paragraphs else list(item.paragraphs))
    photo = (f"<div class='photo' style='height:35mm'></div><p class='caption'>{esc(item.caption)}</p>"
             if item.caption else "")
    body = "".join(f"<p>{esc(p)}</p>" for p in paras)
    return (f"<article style='display:flex;gap:5mm'><div class='body' style='flex:1;"
            f"column-count:{columns}'>{photo}{body}</div><h1 style='writing-mode:vertical-rl;"
            f"font-size:{title_pt}pt;margin:0'>{esc(item.title)}</h1></article>")


def page_html(items: list[Item], paper: str, date: tuple[int, int, int], page_no: int,
              rnd: random.Random) -> str:
    y, m, d = date
    weekday = WEEKDAYS[datetime.date(y, m, d).weekday()]
    bands = []
    k = 0
    while k < len(items):
        a = items[k]
        long = sum(len(p) for p in a.paragraphs) > 1200
        if long or k + 1 == len(items) or rnd.random() < 0.25:
            bands.append(("1fr", [article_html(a, rnd.choice([4, 5]), 22, rnd)]))
            k += 1
            continue
        b = items[k + 1]
        split = rnd.choice(["3fr 2fr", "1fr 1fr", "2fr 3fr"])
        cols = [2, 2] if split == "1fr 1fr" else ([3, 2] if split == "3fr 2fr" else [2, 3])
        bands.append((split, [article_html(a, cols[0], 17, rnd), article_html(b, cols[1], 17, rnd)]))
        k += 2
    body = "".join(f"<div class='band' style='grid-template-columns:{cols}'>{''.join(arts)}</div>"
                   for cols, arts in bands)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{CSS}</style></head><body>"
            f"<div class='mast'><span class='name'>{html.escape(paper)}</span>"
            f"<span>{y}年{m}月{d}日　星期{weekday}</span><span>第{page_no}版　工会</span>"
            f"<span>责任编辑　张三　美编　李四</span></div>{body}"
            f"<div class='foot'>{html.escape(paper)}　{y}年{m}月{d}日</div></body></html>")


def print_pdf(page: str, pdf: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("需要 chromium（make test 会安装）")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(page, "utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
                        f"--print-to-pdf={pdf}", src.as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120)


def main(argv: list[str]) -> int:
    args = page_arguments(__doc__.splitlines()[0], seed=11).parse_args(argv)
    (args.out / "pdf").mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(args.pages):
        rnd = random.Random(args.seed + n)
        items = items_of(page, args.gold)
        pdf = args.out / "pdf" / f"{page.stem}.pdf"
        date = (2025, rnd.randint(1, 12), rnd.randint(1, 28))
        print_pdf(page_html(items, args.paper, date, rnd.randint(2, 8), rnd), pdf)
        print(f"{pdf}: {len(items)} 篇")
        if args.png:
            (args.out / "png").mkdir(exist_ok=True)
            image = render_png(pdf)
            image.replace(args.out / "png" / image.name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
