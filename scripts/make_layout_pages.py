#!/usr/bin/env python3
"""Lay pages' articles out as printed newspaper pages (PDF, PNG) and saved web pages, for tests.

usage: make_layout_pages.py PAGE.txt... --out DIR [--gold GOLD_DIR] [--png] [--web]

Each text page is parsed by the project; its articles are then set as an A3 union page:
a header with the paper's name, bands of articles (one across five columns, or two side by
side), headlines across their columns (kicker, title, subtitle), photo boxes with captions and
credits, bylines, body text flowed into balanced columns, rules between articles. With --gold,
an article's headline lines come from the gold annotation (what a reader sees as its title).
--png renders each PDF page at 150 dpi (a multi-page result becomes a multi-frame TIFF).
--web writes each article as a saved web page with the site's chrome around it.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PAGE_W, PAGE_H = 842.0, 1191.0  # A3 in points
MARGIN = 36.0
COLS = 5
GUTTER = 12.0
BODY, LEADING = 9.0, 13.5
NO_LINE_START = "，。、；：？！”’）》」』,.;:?!)"


@dataclass
class Item:
    kicker: str | None
    title: str
    subtitle: str | None
    column: str | None
    lede: str | None  # 本报讯 记者… 报道
    paragraphs: list[str]
    caption: str | None
    commentary: str | None = None
    kind: str = "news"


@dataclass
class Ops:
    # x, y(top), size, text, width to justify the line to (0: as set)
    texts: list[tuple[float, float, float, str, float]] = field(default_factory=list)
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)


def _width(s: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(s, "WQY", size)


def wrap(text: str, width: float, size: float, indent: int = 2) -> list[tuple[float, str]]:
    """Chinese line breaking: character by character, no closing mark at a line start."""
    lines: list[tuple[float, str]] = []
    x0 = indent * size
    cur = ""
    for ch in text:
        if cur and x0 + _width(cur + ch, size) > width:
            carry = ""
            if ch in NO_LINE_START and len(cur) > 1:
                cur, carry = cur[:-1], cur[-1]  # the mark takes its character to the next line
            elif ch.isascii() and ch.isalnum():
                k = len(cur)  # a number or a Latin word is not broken: it moves down whole
                while k > 0 and cur[k - 1].isascii() and cur[k - 1].isalnum():
                    k -= 1
                if 0 < k < len(cur):
                    cur, carry = cur[:k], cur[k:]
            lines.append((x0, cur))
            cur, x0 = carry, 0.0
        cur += ch
    if cur:
        lines.append((x0, cur))
    return lines


def _byline(a: dict) -> str | None:
    by = a["byline"]
    if a["kind"] in ("photo", "commentary") or not (by["reporters"] or by["correspondents"]):
        return None
    parts = []
    if by["reporters"]:
        parts.append("记者" + "、".join(by["reporters"]))
    if by["correspondents"]:
        parts.append("通讯员" + "、".join(by["correspondents"]))
    return "本报讯 " + " ".join(parts) + "报道"


def items_of(page_path: Path, gold_dir: Path | None) -> list[Item]:
    from compiler.ingest import read_page
    from compiler.knowledge.load import Knowledge
    from compiler.parse.pipeline import parse_page

    doc = parse_page(read_page(page_path), Knowledge.load())
    gold = []
    if gold_dir is not None and (gold_dir / f"{page_path.stem}.json").is_file():
        gold = json.loads((gold_dir / f"{page_path.stem}.json").read_text("utf-8"))["articles"]
    items = []
    for art in doc.articles:
        a = json.loads(art.model_dump_json())
        head = "".join(x or "" for x in (a["kicker"], a["title"], a["subtitle"])).replace(" ", "")
        g = next((g for g in gold if g["title_key"].replace(" ", "") in head), None)
        kicker, title, subtitle = ((g["kicker"], g["title"], g["subtitle"]) if g
                                   else (a["kicker"], a["title"], a["subtitle"]))
        paragraphs = [p for p in a["text"].split("\n") if p.strip()]
        photographers = a["byline"]["photographers"]
        caption = a["caption"]
        if photographers:
            credit = " ".join(("记者" if i == 0 and a["byline"]["reporters"] == [] else "") + n
                              for i, n in enumerate(photographers)) + " 摄"
            caption = f"{caption or ''} {credit}".strip()
        items.append(Item(kicker, title, subtitle, a["column"], _byline(a), paragraphs, caption,
                          a["byline"]["reporters"][0] if a["kind"] == "commentary" else None,
                          a["kind"]))
    return items


def set_item(item: Item, x: float, width: float, ncols: int, rnd: random.Random) -> tuple[Ops, float]:
    """One article in a box `width` wide at (x, 0): returns its drawing and its height."""
    ops = Ops()
    y = 0.0
    if item.column:
        ops.texts.append((x, y, 11.0, f"【{item.column}】", 0.0))
        y += 18
    title_size = 20.0 if width > 400 else 17.0
    for text, size in ((item.kicker, 11.5), (item.title, title_size), (item.subtitle, 12.5)):
        if not text:
            continue
        for _, line in wrap(text, width, size, indent=0):
            lx = x + max(0.0, (width - _width(line, size)) / 2)
            ops.texts.append((lx, y, size, line, 0.0))
            y += size * 1.35
        y += 3
    y += BODY
    colw = (width - GUTTER * (ncols - 1)) / ncols
    if item.caption:
        span = ncols if ncols <= 2 else rnd.choice([2, ncols])
        pw = colw * span + GUTTER * (span - 1)
        ph = pw * 0.55
        ops.rects.append((x, y, pw, ph))
        y += ph + 4
        for _, line in wrap(item.caption, pw, 8.0, indent=0):
            ops.texts.append((x, y, 8.0, line, 0.0))
            y += 8.0 * 1.4
        y += BODY
    lines: list[tuple[float, str, float, bool]] = []  # indent, text, size, justified
    if item.commentary:
        lines.append((0.0, "■" + item.commentary, BODY, False))
    for k, para in enumerate(item.paragraphs):
        if k == 0 and item.lede:
            para = item.lede + " " + para
        wrapped = wrap(para, colw, BODY)
        lines.extend((dx, s, BODY, n < len(wrapped) - 1) for n, (dx, s) in enumerate(wrapped))
    per_col = -(-len(lines) // ncols)
    for k, (dx, s, size, full) in enumerate(lines):
        c, r = divmod(k, per_col)
        ops.texts.append((x + c * (colw + GUTTER) + dx, y + r * LEADING, size, s,
                          colw - dx if full else 0.0))
    for c in range(1, ncols):
        if c * per_col < len(lines):
            gx = x + c * (colw + GUTTER) - GUTTER / 2
            ops.rules.append((gx, y, gx, y + per_col * LEADING - 4))
    return ops, y + per_col * LEADING


def bands(items: list[Item], rnd: random.Random) -> list[list[tuple[Item, int]]]:
    """Articles in rows: a long one across all columns, others two side by side."""
    out, k = [], 0
    size = lambda it: sum(len(p) for p in it.paragraphs)  # noqa: E731
    while k < len(items):
        a = items[k]
        if size(a) > 1300 or k + 1 == len(items) or rnd.random() < 0.2:
            out.append([(a, COLS)])
            k += 1
            continue
        b = items[k + 1]
        left = 3 if size(a) >= size(b) else 2
        out.append([(a, left), (b, COLS - left)])
        k += 2
    return out


def draw_pages(items: list[Item], path: Path, seed: int, paper: str) -> int:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    rnd = random.Random(seed)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    inner = PAGE_W - 2 * MARGIN
    colw = (inner - GUTTER * (COLS - 1)) / COLS
    pages = 0

    def new_page() -> float:
        nonlocal pages
        pages += 1
        c.setFont("WQY", 10)
        c.drawString(MARGIN, PAGE_H - MARGIN + 6, f"{paper}  第{pages}版  工会")
        c.line(MARGIN, PAGE_H - MARGIN, PAGE_W - MARGIN, PAGE_H - MARGIN)
        return MARGIN + 12

    y = new_page()
    for band in bands(items, rnd):
        x, drawn, height = MARGIN, [], 0.0
        for item, span in band:
            w = colw * span + GUTTER * (span - 1)
            ops, h = set_item(item, x, w, span, rnd)
            drawn.append((ops, x + w))
            height = max(height, h)
            x += w + GUTTER
        if y + height > PAGE_H - MARGIN and y > MARGIN + 12:
            c.showPage()
            y = new_page()
        for ops, right in drawn:
            for tx, ty, size, s, width in ops.texts:
                text = c.beginText(tx, PAGE_H - (y + ty + size * 0.88))
                text.setFont("WQY", size)
                if width and len(s) > 1:  # justified: the line fills its column, as printed
                    text.setCharSpace(max(0.0, (width - _width(s, size)) / (len(s) - 1)))
                text.textOut(s)
                c.drawText(text)
            for rx, ry, rw, rh in ops.rects:
                c.setFillGray(0.8)
                c.rect(rx, PAGE_H - (y + ry + rh), rw, rh, fill=1, stroke=0)
                c.setFillGray(0)
            for x0, y0, x1, y1 in ops.rules:
                c.line(x0, PAGE_H - (y + y0), x1, PAGE_H - (y + y1))
        if len(band) == 2:
            gx = drawn[0][1] + GUTTER / 2
            c.line(gx, PAGE_H - y, gx, PAGE_H - (y + height))
        y += height + 10
        c.line(MARGIN, PAGE_H - (y - 5), PAGE_W - MARGIN, PAGE_H - (y - 5))
    c.showPage()
    c.save()
    return pages


def render_png(pdf: Path, dpi: int = 150) -> Path:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in doc]
    if len(images) == 1:
        out = pdf.with_suffix(".png")
        images[0].save(out)
    else:
        out = pdf.with_suffix(".tiff")
        images[0].save(out, save_all=True, append_images=images[1:], compression="tiff_deflate")
    return out


CHROME_TOP = ["您当前的位置：首页 > 新闻中心 > 工会动态", "首页 | 要闻 | 工会动态 | 职工之家 | 图片新闻 | 专题"]
CHROME_TOOLS = "【字号 大 中 小】 【打印】 【关闭】 分享到："
CHROME_END = ["上一篇：关于做好职工疗休养工作的通知", "下一篇：全市职工书画展开幕",
              "版权所有 某某市总工会 ICP备12345678号-1", "主办单位：某某市总工会 技术支持：某某网络"]


def web_page(item: Item, site: str, date: str) -> str:
    import html

    esc = html.escape
    paras = list(item.paragraphs)
    if item.lede and paras:
        paras[0] = item.lede + " " + paras[0]
    heads = "".join(f"<p class='sub'>{esc(t)}</p>" for t in (item.subtitle,) if t)
    kicker = f"<p class='kicker'>{esc(item.kicker)}</p>" if item.kicker else ""
    caption = f"<p class='caption'>{esc(item.caption)}</p>" if item.caption else ""
    body = "".join(f"<p>{esc(p)}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(item.title)}_{site}</title>"
            f"<meta name='publishdate' content='{date}'></head><body>"
            f"<div class='top'>{site}{site}</div><div class='nav'>{esc(CHROME_TOP[1])}</div>"
            f"<div class='crumb'>{esc(CHROME_TOP[0])}</div><div class='article'>{kicker}"
            f"<h1>{esc(item.title)}</h1>{heads}<div class='info'>来源：浙江工人日报　"
            f"发布时间：{date}　编辑：王某某</div><div class='tools'>{esc(CHROME_TOOLS)}</div>"
            f"<div class='content'>{caption}{body}</div><div class='editor'>责任编辑：李某某</div></div>"
            f"<div class='pager'><p>{esc(CHROME_END[0])}</p><p>{esc(CHROME_END[1])}</p></div>"
            f"<div class='foot'><p>{esc(CHROME_END[2])}</p><p>{esc(CHROME_END[3])}</p></div>"
            "</body></html>")


def browser_copy(page_html: str) -> str:
    """What selecting the whole page in a browser and pasting it gives: visible text, one block
    a line (no heading marks)."""
    import lxml.html

    root = lxml.html.document_fromstring(page_html)
    for el in root.iter("head", "script", "style"):
        el.drop_tree()
    lines = []
    for el in root.iter("div", "p", "h1"):
        own = (el.text or "").strip()
        if own:
            lines.append(own)
    return "\n".join(lines) + "\n"


def page_arguments(description: str, seed: int) -> argparse.ArgumentParser:
    """The options every page maker takes: text pages, output folder, gold, PNG, paper, seed."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--png", action="store_true")
    ap.add_argument("--paper", default="浙江工人日报")
    ap.add_argument("--seed", type=int, default=seed)
    return ap


def main(argv: list[str]) -> int:
    ap = page_arguments(__doc__.splitlines()[0], seed=7)
    ap.add_argument("--web", action="store_true")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(args.pages):
        items = items_of(page, args.gold)
        pdf = args.out / "pdf" / f"{page.stem}.pdf"
        pdf.parent.mkdir(exist_ok=True)
        count = draw_pages(items, pdf, args.seed + n, args.paper)
        print(f"{pdf}: {len(items)} 篇, {count} 页")
        if args.png:
            (args.out / "png").mkdir(exist_ok=True)
            image = render_png(pdf)
            image.replace(args.out / "png" / image.name)
        if args.web:
            folder = args.out / "web" / page.stem
            folder.mkdir(parents=True, exist_ok=True)
            for k, item in enumerate(items):
                page_html = web_page(item, "某某工会网", "2025-04-10")
                (folder / f"{k:02d}.html").write_text(page_html, "utf-8")
                (folder / f"{k:02d}.txt").write_text(browser_copy(page_html), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
