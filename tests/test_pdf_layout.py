"""PDF layout pieces: wrapped lines, split paragraphs, the contents' page numbers, the chart."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from compiler.model.briefing import Briefing
from compiler.render import RenderOptions, render
from compiler.render.pdf.fonts import find_font
from compiler.render.pdf.chart import value_axis
from compiler.render.pdf.text import Bookmark, TextBlock
from compiler.render.pdf.wrap import NO_LINE_START, wrap_lines

FIXTURE = Path(__file__).parent / "fixtures" / "briefing_sample.json"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_wqy = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")
TEXT = "近日，余杭区总工会开展“夏送清凉”活动，走访企业12家、慰问职工1200余名。" * 8


@pytest.fixture(scope="module")
def font() -> str:
    return find_font(None, [(str(WQY), 0)])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_wqy
def test_lines_fit_their_widths_and_keep_every_character(font):
    for first, rest in [(100, 200), (200, 100), (31, 31), (5, 5)]:
        lines = wrap_lines(TEXT, font, 10, (first, rest))
        assert "".join(line for line, _ in lines) == TEXT
        for k, (line, width) in enumerate(lines):
            limit = first if k == 0 else rest
            # a line over its width is a single character, or ends in a mark allowed to hang
            assert width <= limit + 0.01 or len(line) == 1 or line[-1] in NO_LINE_START, (k, line)


@needs_wqy
def test_a_wrapped_line_does_not_begin_with_a_space(font):
    lines = wrap_lines("ab " * 40, font, 10, (60,))
    assert all(not line.startswith(" ") for line, _ in lines)
    assert "".join(line for line, _ in lines).replace(" ", "") == "ab" * 40


@needs_wqy
def test_a_paragraph_splits_between_lines(font):
    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=14, firstLineIndent=20,
                           spaceBefore=6, spaceAfter=4)
    block = TextBlock(TEXT, style, Bookmark(1, "标题", "k"))
    _, height = block.wrap(200, 1000)
    whole = block.lines(200)
    assert height == len(whole) * 14
    head, tail = block.split(200, 14 * 3 + 5)
    assert head.lines(200) == whole[:3] and tail.lines(200) == whole[3:]
    assert head.bookmark and tail.bookmark is None  # the outline points at the start
    assert head.getSpaceAfter() == 0 and tail.getSpaceBefore() == 0
    assert head._line_x(0, 50) == 20 and tail._line_x(0, 50) == 0  # only the first line indents
    assert block.split(200, 14 * 1.5) == []  # one line alone at a page's foot: move it whole
    assert block.split(200, 1000) == []


@needs_wqy
def test_centred_and_right_aligned_lines(font):
    for align, expected in [(TA_CENTER, 75), (TA_RIGHT, 150)]:
        block = TextBlock("工会", ParagraphStyle("t", fontName=font, fontSize=10, leading=14,
                                                alignment=align))
        block.wrap(200, 100)
        assert block._line_x(0, 50) == expected


def test_value_axis_has_whole_steps_and_room_above_the_longest_bar():
    assert value_axis(20) == (4, 24)
    assert value_axis(7) == (2, 8)
    assert value_axis(1) == (1, 2)
    assert value_axis(0) == (1, 1)


@needs_wqy
def test_contents_page_numbers_are_where_the_items_are(tmp_path):
    briefing = Briefing.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    # many items, so that the contents and the sections take several pages
    items = [it.model_copy(update={"title": f"{it.title}（第{k}篇）"})
             for k in range(12) for it in briefing.sections[0].items]
    sections = [briefing.sections[0].model_copy(update={"items": items}), *briefing.sections[1:]]
    big = briefing.model_copy(update={"sections": sections})
    out = tmp_path / "d.pdf"
    render(big, "pdf", out, RenderOptions())
    pages = [_squash(p.extract_text()) for p in PdfReader(str(out)).pages]
    contents = "".join(p for p in pages if "目录" in p or ".." in p)
    assert b"%unionbrief:" not in out.read_bytes()  # every placeholder filled in
    checked = 0
    for it in items:
        title = _squash(it.title)
        listed = re.search(re.escape(title) + r"[.]*(\d+)", contents)
        assert listed, title
        page = int(listed.group(1))
        body = [k + 1 for k, p in enumerate(pages) if title in p and ".." not in p]
        assert body and body[0] == page, (title, page, body)
        checked += 1
    assert checked == len(items) and len(pages) > 5
    reader = PdfReader(str(out))
    assert any("/Annots" in p for p in reader.pages[1:3])  # entries link to their items


def _draw_blocks(path: Path, font: str, texts: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=14)
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(
        [TextBlock(t, style) for t in texts])


@needs_wqy
def test_text_spanning_many_subsets_reads_back_as_written(tmp_path, font):
    # 1,200 distinct characters fill five of the font's 256-glyph subsets; a line mixes them
    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 1200))
    texts = [many, TEXT, many[::-7] + "ABC（）“”123"]
    _draw_blocks(tmp_path / "a.pdf", font, texts)
    got = _squash("".join(p.extract_text() for p in PdfReader(str(tmp_path / "a.pdf")).pages))
    assert got == _squash("".join(texts))
    _draw_blocks(tmp_path / "b.pdf", font, texts)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@needs_wqy
def test_characters_the_font_lacks_do_not_stop_the_page(tmp_path, font):
    _draw_blocks(tmp_path / "a.pdf", font, ["表情\U0001F600与私用区\uE000之后的文字\u00a0照常"])
    text = PdfReader(str(tmp_path / "a.pdf")).pages[0].extract_text()
    assert "之后的文字" in text and "照常" in text


@needs_wqy
def test_spaces_do_not_break_a_run_and_frequent_characters_share_a_subset(font):
    from reportlab.pdfbase.pdfdoc import PDFDocument

    from compiler.render.pdf.encode import SubsetEncoder

    doc = PDFDocument()
    enc = SubsetEncoder(font, doc)
    rare = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600))
    enc.prime("工会" * 50 + rare)  # 工 and 会 the commonest: both in the first subset
    shown, _ = enc.show(" 工 会  工会 ", 10)
    assert shown.count(" Tf") == 1 and shown.count(" Tj") == 1
    shown, subset = enc.show(f"工{rare[-1]}会", 10)
    assert shown.count(" Tj") == 3 and subset == "\x00"


@needs_wqy
def test_a_finished_document_leaves_no_encoder_behind(tmp_path):
    import gc

    from compiler.render.pdf import encode as pdf_encode

    briefing = Briefing.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    render(briefing, "pdf", tmp_path / "d.pdf", RenderOptions())
    gc.collect()
    assert len(pdf_encode._ENCODERS) == 0  # or every digest of a worker would stay in memory


def test_no_item_title_is_left_at_a_page_foot_without_its_text(tmp_path):
    briefing = Briefing.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    base = briefing.sections[0].items[0]
    # Items of different lengths, so that titles fall at every height of a page.
    items = [base.model_copy(update={
        "title": f"第{k}篇" + "工会" * (k % 7 * 4),
        "summary": f"摘要{k}号：" + "职工技能提升" * (3 + k % 5 * 3)}) for k in range(60)]
    sections = [briefing.sections[0].model_copy(update={"items": items})]
    out = tmp_path / "d.pdf"
    render(briefing.model_copy(update={"sections": sections, "items": items}), "pdf", out,
           RenderOptions())
    pages = [_squash(p.extract_text()) for p in PdfReader(str(out)).pages]
    body = [k for k, p in enumerate(pages) if ".." not in p]  # not the contents
    for k in range(60):
        title = next(n for n in body if f"第{k}篇" in pages[n])
        text = next(n for n in body if f"摘要{k}号" in pages[n])
        assert title == text, (k, title, text)
