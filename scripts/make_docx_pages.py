#!/usr/bin/env python3
"""Lay pages' articles out as Word pages whose columns are table cells or floating text boxes, for tests.

usage: make_docx_pages.py PAGE.txt... --out DIR [--gold GOLD_DIR] [--boxes] [--seed N]

The articles of each text page (read as scripts/make_layout_pages.py reads them) are set the
way pages are laid out in Word: in --table mode (the default) a table whose rows are bands of
the page, a story's headline in a cell merged across its columns and its text in the cells
below, two stories side by side in one row; with --boxes every headline and column is a
floating text box, written to the file in a shuffled order, each in two copies (mc:Choice and
the VML mc:Fallback, as Word writes them). Headlines are set large by hand, not by style.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_layout_pages import Item, bands, items_of  # noqa: E402

TITLE_PT, SUB_PT, BODY_PT, CAPTION_PT = 22, 14, 10.5, 8
EMU = 12700  # per point
PAGE_W_PT, MARGIN_PT, GUTTER_PT = 842, 56, 12


def _heads(item: Item) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    if item.column:
        out.append((f"【{item.column}】", BODY_PT))
    for text, size in ((item.kicker, SUB_PT), (item.title, TITLE_PT), (item.subtitle, SUB_PT)):
        if text:
            out.append((text, size))
    return out


def _body(item: Item) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    if item.caption:
        out.append((item.caption, CAPTION_PT))
    if item.commentary:
        out.append(("■" + item.commentary, BODY_PT))
    for k, para in enumerate(item.paragraphs):
        out.append(((item.lede + " " + para) if k == 0 and item.lede else para, BODY_PT))
    return out


def columns(paragraphs: list[tuple[str, float]], n: int) -> list[list[tuple[str, float]]]:
    """Paragraphs flowed into n columns of about equal length, a long paragraph parted at a
    sentence end as a column break parts it on the printed page."""
    total = sum(len(t) for t, _ in paragraphs)
    target = total / n
    cols: list[list[tuple[str, float]]] = [[]]
    filled = 0.0
    for text, size in paragraphs:
        while text:
            room = target * len(cols) - filled
            if len(cols) < n and len(text) > room + 10:
                cut = text.rfind("。", 0, max(1, int(room))) + 1
                if cut > 10:
                    cols[-1].append((text[:cut], size))
                    filled += cut
                    text = text[cut:]
                cols.append([])
                continue
            cols[-1].append((text, size))
            filled += len(text)
            text = ""
    while len(cols) < n:
        cols.append([])
    return cols


def _fill(cell, paras: list[tuple[str, float]]) -> None:
    from docx.shared import Pt

    first = True
    for text, size in paras:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = size >= SUB_PT


def draw_table_page(items: list[Item], path: Path, seed: int, paper: str) -> None:
    """One table, three grid columns: a band is one story over three columns, or a story over
    two columns beside another over one."""
    import docx
    from docx.shared import Pt

    rnd = random.Random(seed)
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(BODY_PT)
    document.add_paragraph(f"{paper}  第1版  工会")
    table = document.add_table(rows=0, cols=3)
    for band in bands(items, rnd):
        head, body = table.add_row().cells, table.add_row().cells
        spans = [3] if len(band) == 1 else [2, 1]
        col = 0
        for (item, _), span in zip(band, spans):
            if span > 1:
                head[col].merge(head[col + span - 1])
            _fill(head[col], _heads(item))
            for k, paras in enumerate(columns(_body(item), span)):
                _fill(body[col + k], paras)
            col += span
    document.save(str(path))


def _paras_xml(paras: list[tuple[str, float]]) -> str:
    return "".join(
        f'<w:p><w:r><w:rPr><w:sz w:val="{int(size * 2)}"/></w:rPr><w:t>{escape(text)}</w:t></w:r></w:p>'
        for text, size in paras)


def box_xml(n: int, x: float, y: float, w: float, h: float, paras: list[tuple[str, float]]) -> str:
    """A floating text box at (x, y) points from the page's corner, as Word writes one: the
    DrawingML shape in mc:Choice and the same text again in a VML mc:Fallback."""
    inner = _paras_xml(paras)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{n}" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{int(x * EMU)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{int(y * EMU)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{int(w * EMU)}" cy="{int(h * EMU)}"/><wp:wrapNone/>'
        f'<wp:docPr id="{n}" name="文本框 {n}"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{int(w * EMU)}" cy="{int(h * EMU)}"/></a:xfrm><a:prstGeom prst="rect"/>'
        f'</wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>'
        f'<w:pict><v:shape style="position:absolute;margin-left:{x}pt;margin-top:{y}pt;'
        f'width:{w}pt;height:{h}pt;mso-position-horizontal-relative:page;'
        f'mso-position-vertical-relative:page"><v:textbox><w:txbxContent>{inner}</w:txbxContent>'
        '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"'
)


def document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}>'
            f'<w:body>{body}<w:sectPr><w:pgSz w:w="16838" w:h="23811"/>'
            '<w:pgMar w:top="1134" w:left="1134" w:right="1134" w:bottom="1134"/></w:sectPr>'
            '</w:body></w:document>').encode()


def replace_body(path: Path, xml: bytes) -> None:
    """The document's main part replaced (a .docx made by python-docx gives the rest)."""
    import io
    import zipfile

    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = xml if info.filename == "word/document.xml" else zin.read(info.filename)
            zout.writestr(info.filename, data)
    path.write_bytes(out.getvalue())


def draw_box_page(items: list[Item], path: Path, seed: int, paper: str) -> None:
    """Every headline and column a floating text box, anchored in one empty paragraph in a
    shuffled order: only their places tell the order."""
    import docx

    rnd = random.Random(seed)
    inner = PAGE_W_PT - 2 * MARGIN_PT
    colw = (inner - 2 * GUTTER_PT) / 3
    boxes: list[str] = []
    y = MARGIN_PT + 30
    for band in bands(items, rnd):
        spans = [3] if len(band) == 1 else [2, 1]
        x, height = MARGIN_PT, 0.0
        for (item, _), span in zip(band, spans):
            width = colw * span + GUTTER_PT * (span - 1)
            heads = _heads(item)
            head_h = sum(size * 1.5 for _, size in heads)
            boxes.append(box_xml(len(boxes) + 1, x, y, width, head_h, heads))
            cols = columns(_body(item), span)
            col_h = max(sum(len(t) for t, _ in c) * BODY_PT * 1.6 / (colw / BODY_PT) for c in cols)
            for k, paras in enumerate(cols):
                boxes.append(box_xml(len(boxes) + 1, x + k * (colw + GUTTER_PT), y + head_h + 6,
                                     colw, col_h, paras))
            height = max(height, head_h + 6 + col_h)
            x += width + GUTTER_PT
        y += height + 14
    rnd.shuffle(boxes)
    body = (f'<w:p><w:r><w:t>{escape(paper)}  第1版  工会</w:t></w:r></w:p>'
            f'<w:p>{"".join(boxes)}</w:p>')
    docx.Document().save(str(path))
    replace_body(path, document_xml(body))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--boxes", action="store_true")
    ap.add_argument("--paper", default="浙江工人日报")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    draw = draw_box_page if args.boxes else draw_table_page
    for n, page in enumerate(args.pages):
        items = items_of(page, args.gold)
        out = args.out / f"{page.stem}.docx"
        draw(items, out, args.seed + n, args.paper)
        print(f"{out}: {len(items)} 篇")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
