"""Printed pages: layout reading order, PDF text layer, OCR of page images, and the samples laid out."""
from __future__ import annotations

from pathlib import Path

import pytest

from compiler.ingest import layout, ocr, read_page
from compiler.ingest.layout import Box, Seg
from compiler.parse.pipeline import parse_page

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(__file__).resolve().parent / "eval"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="CJK font not installed")


def _column(x: float, top: float, lines: list[str], size: float = 10.0, width: float = 100.0):
    return [Seg(t, x, top + k * 15, x + min(width, size * len(t)), top + k * 15 + size, size)
            for k, t in enumerate(lines)]


# --- layout on runs ------------------------------------------------------------------------------
def test_two_stories_side_by_side_are_not_interleaved():
    left = [Seg("左边的标题", 0, 0, 200, 24, 24)] + _column(0, 40, ["甲一行文字甲一行文字"] * 6) \
        + _column(110, 40, ["甲二行文字甲二行文字"] * 6)
    right = [Seg("右边的标题", 240, 0, 440, 24, 24)] + _column(240, 40, ["乙一行文字乙一行文字"] * 6) \
        + _column(350, 40, ["乙二行文字乙二行文字"] * 6)
    rule = Box(228, 0, 229, 130)
    text = layout.page_text(left + right, rules=[rule])
    order = [text.index(s) for s in ("# 左边的标题", "甲一", "甲二", "# 右边的标题", "乙一", "乙二")]
    assert order == sorted(order), text


def test_headline_across_columns_then_columns_left_to_right():
    segs = [Seg("引题在这里", 60, 0, 160, 12, 12), Seg("跨栏的大标题", 20, 16, 240, 40, 24),
            Seg("副题也跨栏", 60, 44, 160, 56, 12)]
    segs += _column(0, 70, ["第一栏的文字第一栏的文"] * 8) + _column(130, 70, ["第二栏的文字第二栏的文"] * 8)
    text = layout.page_text(segs)
    assert text.startswith("## 引题在这里\n\n# 跨栏的大标题\n\n## 副题也跨栏\n\n")
    assert text.index("第一栏") < text.index("第二栏")
    assert "\n" not in text.split("\n\n")[3]  # the column's lines make one paragraph


def test_caption_under_a_picture_stands_apart():
    segs = [Seg("有照片的新闻", 0, 0, 120, 20, 20), Seg("图片说明文字。记者某某 摄", 0, 120, 110, 128, 8)]
    segs += _column(0, 140, ["正文第一行正文第一行"] * 4)
    text = layout.page_text(segs, pictures=[Box(0, 30, 110, 115)])
    assert "\n\n\n图片说明文字。记者某某 摄\n\n\n正文" in text


# --- PDF pages -----------------------------------------------------------------------------------
ITEMS = [
    dict(kicker=None, title="桐庐技能大赛比出职工新风采", subtitle="桐庐县总工会举办数控车工比武",
         column=None, lede="本报讯 记者林小北 通讯员孟夏报道",
         paragraphs=["日前，桐庐县总工会举办数控车工职业技能竞赛，来自全县28家企业的120余名职工同台竞技。"
                     * 3, "比赛分理论和实操两部分，最终8名选手获评县级技术能手。" * 4],
         caption="选手在比赛中。 记者林小北 摄"),
    dict(kicker="暖心服务进园区", title="开化建成户外劳动者驿站", subtitle=None, column=None,
         lede="本报讯 通讯员江南报道",
         paragraphs=["近日，开化县总工会在工业园区新建户外劳动者服务驿站15个，惠及职工3000余人。" * 4,
                     "驿站配备饮水机、微波炉和急救箱，为环卫工人和快递员提供歇脚之处。" * 3],
         caption=None),
    dict(kicker=None, title="江山企业工会开设夜校", subtitle="首期课程吸引职工踊跃报名", column=None,
         lede="本报讯 记者郑远报道",
         paragraphs=["江山市总工会近日在12家企业开设职工夜校，首期开设课程6门，报名职工达450人。" * 4],
         caption=None),
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, script):
    if not FONT.exists():
        pytest.skip("CJK font not installed")
    gen = script("make_layout_pages")
    items = [gen.Item(**item) for item in ITEMS]
    folder = tmp_path_factory.mktemp("printed")
    pdf = folder / "page.pdf"
    gen.draw_pages(items, pdf, seed=1, paper="浙江工人日报")
    return gen, pdf


def _check_articles(articles, figures_needed: bool = True):
    titles = {a.title: a for a in articles}
    for item in ITEMS:
        hit = next((a for t, a in titles.items() if item["title"].replace(" ", "") in t.replace(" ", "")),
                   None)
        assert hit is not None, f"{item['title']} not in {list(titles)}"
        assert hit.unions, hit.title
    assert len(articles) == len(ITEMS), [a.title for a in articles]
    return titles


def test_pdf_page_articles_in_reading_order(printed, knowledge):
    _, pdf = printed
    page = read_page(pdf)
    articles = parse_page(page, knowledge).articles
    titles = _check_articles(articles)
    first = titles["桐庐技能大赛比出职工新风采"]
    assert first.unions[0].name == "桐庐县总工会"
    assert [f.text for f in first.figures][:2] == ["28家", "120余名"]
    assert first.caption and "选手在比赛中" in first.caption
    station = next(a for a in articles if "驿站" in a.title)
    assert station.kicker == "暖心服务进园区" or station.column == "暖心服务进园区"
    assert page.paper == "浙江工人日报"


@pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed")
def test_page_image_is_read_by_ocr(printed, knowledge, tmp_path):
    gen, pdf = printed
    image = gen.render_png(pdf)
    page = read_page(image)
    articles = parse_page(page, knowledge).articles
    titles = [a.title.replace(" ", "") for a in articles]
    found = [it for it in ITEMS if any(it["title"] in t for t in titles)]
    assert len(found) >= len(ITEMS) - 1, titles
    figures = {f.text for a in articles for f in a.figures}
    assert {"28家", "15个", "450人"} & figures


def test_image_without_ocr_extra_names_what_to_install(tmp_path, monkeypatch):
    from compiler.errors import IngestError

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(IngestError, match=r"scan\.png.*OCR.*pip install"):
        read_page(path)


@pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed")
def test_broken_image_is_a_clear_error(tmp_path):
    from compiler.errors import IngestError

    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"junk" * 10)
    with pytest.raises(IngestError, match=r"photo\.jpg：无法读取图片"):
        read_page(path)


# --- the samples laid out as printed pages, scored against their gold ---------------------------
@needs_font
def test_sample_pages_laid_out_as_pdf_score_like_their_text(tmp_path, knowledge, scores_like_text,
                                                           script):
    gen = script("make_layout_pages")
    docs = []
    for n, sample in enumerate(sorted((ROOT / "samples").glob("*.txt"))):
        items = gen.items_of(sample, EVAL / "gold")
        pdf = tmp_path / f"{sample.stem}.pdf"
        gen.draw_pages(items, pdf, seed=11 + n, paper="浙江工人日报")
        docs.append(parse_page(read_page(pdf), knowledge))
    scores_like_text(docs)


@pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed")
def test_image_only_pdf_goes_to_ocr(printed, knowledge, tmp_path):
    from reportlab.pdfgen import canvas

    gen, _ = printed
    one = tmp_path / "one.pdf"
    gen.draw_pages([gen.Item(**ITEMS[1])], one, seed=2, paper="浙江工人日报")
    png = gen.render_png(one)
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), pagesize=(gen.PAGE_W, gen.PAGE_H))
    c.drawImage(str(png), 0, 0, gen.PAGE_W, gen.PAGE_H)  # a scanner's PDF: one picture a page
    c.showPage()
    c.save()
    page = read_page(scan)
    assert any("OCR" in w for w in page.warnings)
    articles = parse_page(page, knowledge).articles
    assert any("开化建成户外劳动者驿站" in a.title.replace(" ", "") for a in articles), \
        [a.title for a in articles]
    assert any(u.name == "开化县总工会" for a in articles for u in a.unions)


def test_garbled_text_layer_is_read_by_ocr(printed, knowledge, tmp_path):
    """A newspaper PDF whose fonts carry no Unicode map: its text layer holds ideographs picked
    by glyph number. The page is read from its image instead, with a warning."""
    import random

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from compiler.ingest.garbled import is_garbled

    gen, _ = printed
    one = tmp_path / "one.pdf"
    gen.draw_pages([gen.Item(**ITEMS[1])], one, seed=2, paper="浙江工人日报")
    png = gen.render_png(one)
    rnd = random.Random(5)
    junk = ["".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(30)) for _ in range(20)]
    assert is_garbled("".join(junk)) and not is_garbled((ROOT / "samples").glob("*.txt").__next__()
                                                         .read_text("utf-8"))
    pdfmetrics.registerFont(TTFont("WQYG", str(FONT), subfontIndex=0))
    bad = tmp_path / "bad.pdf"
    c = canvas.Canvas(str(bad), pagesize=(gen.PAGE_W, gen.PAGE_H))
    c.drawImage(str(png), 0, 0, gen.PAGE_W, gen.PAGE_H)
    text = c.beginText(40, gen.PAGE_H - 60)
    text.setTextRenderMode(3)  # invisible, over the picture: what a broken font's text layer gives
    text.setFont("WQYG", 10)
    for line in junk:
        text.textLine(line)
    c.drawText(text)
    c.showPage()
    c.save()
    page = read_page(bad)
    assert any("乱码" in w and "OCR" in w for w in page.warnings), page.warnings
    articles = parse_page(page, knowledge).articles
    assert any("开化建成户外劳动者驿站" in a.title.replace(" ", "") for a in articles), \
        [a.title for a in articles]


def test_garbled_text_layer_without_ocr_is_a_clear_error(tmp_path, monkeypatch):
    import random

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from compiler.errors import IngestError

    monkeypatch.setattr(ocr, "available", lambda: False)
    pdfmetrics.registerFont(TTFont("WQYG", str(FONT), subfontIndex=0))
    rnd = random.Random(6)
    bad = tmp_path / "乱码.pdf"
    c = canvas.Canvas(str(bad))
    c.setFont("WQYG", 10)
    for k in range(20):
        c.drawString(40, 800 - 14 * k, "".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(30)))
    c.showPage()
    c.save()
    with pytest.raises(IngestError, match="乱码.pdf：PDF 的文字层是乱码.*OCR"):
        read_page(bad)
