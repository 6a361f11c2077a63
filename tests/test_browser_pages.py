"""Printed pages made by another program than ours (HTML/CSS printed by chromium): headlines set
close over their columns, columns whose lines do not share baselines, captions set small right
over the text, a masthead across the top. And the layout rules those pages needed, on runs."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.ingest import epaper, layout
from compiler.ingest.layout import Box, Seg

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(__file__).resolve().parent / "eval"


def _column(x: float, top: float, lines: list[str], size: float = 10.0, step: float = 15.0):
    return [Seg(t, x, top + k * step, x + size * len(t), top + k * step + size, size)
            for k, t in enumerate(lines)]


def test_a_headline_close_over_columns_with_offset_baselines():
    """3 points of white under the subtitle (less than a line's gap); the second column's
    lines sit 2 points higher than the first's: still two columns, read one after the other."""
    segs = [Seg("跨两栏的大标题", 20, 0, 200, 24, 24), Seg("副题跨两栏", 40, 26, 180, 38, 12)]
    segs += _column(0, 43, ["甲栏的文字甲栏的文字"] * 8) + _column(112, 41, ["乙栏的文字乙栏的文字"] * 8)
    text = layout.page_text(segs)
    assert text.startswith("# 跨两栏的大标题\n\n## 副题跨两栏\n\n"), text
    body = text.split("\n\n")[2]
    assert body == "甲栏的文字甲栏的文字" * 8 + "乙栏的文字乙栏的文字" * 8, text


def test_a_small_caption_ends_where_the_text_starts():
    segs = [Seg("有照片的新闻", 0, 0, 120, 20, 20)]
    segs += [Seg("照片的说明。", 0, 120, 60, 128, 8)]
    segs += _column(0, 131, ["正文第一行正文第一行"] * 3 + ["正文到此"])
    segs += _column(120, 131, ["另一栏的文字另一栏的"] * 12)
    text = layout.page_text(segs, pictures=[Box(0, 30, 100, 117)])
    assert "\n\n\n照片的说明。\n\n\n正文第一行" in text, text


def test_a_running_head_over_a_rule_is_one_plain_line_of_furniture():
    """Paper's name set large, date, page and editors spread along the top, a rule under them:
    one line, no headline; the e-paper rules read the date and page from it."""
    segs = [Seg("某某工人报", 0, 0, 100, 20, 20), Seg("2025年3月4日 星期二", 200, 4, 320, 14, 10),
            Seg("第5版 工会", 400, 4, 460, 14, 10), Seg("责任编辑 王五 美编 赵六", 540, 4, 680, 14, 10)]
    segs += [Seg("第一篇的标题", 0, 40, 200, 64, 24)] + _column(0, 80, ["这是正文的文字这是正文"] * 60)
    text = layout.page_text(segs, rules=[Box(0, 30, 680, 31)])
    head = "某某工人报 2025年3月4日 星期二 第5版 工会 责任编辑 王五 美编 赵六"
    assert text.startswith(head + "\n\n# 第一篇的标题\n\n"), text
    found = epaper.detect(text)
    assert (found.page_no, str(found.issue_date)) == (5, "2025-03-04") and found.spans == ((0, len(head)),)


def test_a_masthead_set_as_a_headline_is_furniture():
    text = ("# 浙江工人日报\n\n2025年3月4日 星期二\n\n第5版 工会\n\n责任编辑 王五 美编 赵六\n\n"
            "# 标题\n\n本报讯 正文。\n")
    found = epaper.detect(text)
    assert (found.paper, found.page_no, str(found.issue_date)) == ("浙江工人日报", 5, "2025-03-04")
    assert [text[a:b] for a, b in found.spans] == ["# 浙江工人日报", "2025年3月4日 星期二",
                                                   "第5版 工会", "责任编辑 王五 美编 赵六"]
    # a staff line alone, on a page without a header, is not taken away
    assert not epaper.detect("编辑 王五\n\n# 标题\n\n正文。\n").spans


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is installed by make test")
def test_samples_printed_by_a_browser_are_read_like_their_text(tmp_path):
    pages = sorted((ROOT / "samples").glob("00[0-2]_*.txt"))
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_browser_pages.py"), *map(str, pages),
                    "--out", str(tmp_path), "--gold", str(EVAL / "gold")], check=True,
                   capture_output=True)
    out = tmp_path / "parsed.json"
    subprocess.run([sys.executable, "-m", "compiler", "parse", str(tmp_path / "pdf"), "--out",
                    str(out), "-q", "--no-cache"], check=True, cwd=ROOT)
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in pages:
        shutil.copy(EVAL / "gold" / f"{p.stem}.json", gold)
    scored = json.loads(subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(out), str(gold), "--json"],
        capture_output=True, text=True, check=True).stdout)
    seg = scored["segmentation"]
    assert seg["precision"] >= 0.95 and seg["recall"] >= 0.95, seg
    assert scored["union"]["name_acc"] >= 0.9 and scored["figures"]["f1"] >= 0.9, scored
    documents = json.loads(out.read_text("utf-8"))["documents"]
    assert all(d["paper"] == "浙江工人日报" and d["page_no"] and d["issue_date"] for d in documents)


def test_a_title_centred_over_the_story_heads_the_column_under_a_column_name():
    """A column name over the first of five columns, the title centred over all five but wide
    enough for three: the first column is read after the title, not before it."""
    segs = [Seg("栏目名称", 10, 0, 60, 11, 11), Seg("居中的标题", 150, 16, 330, 40, 24)]
    for k in range(5):
        segs += _column(k * 100, 50, [f"第{k + 1}栏的文字第{k + 1}栏"] * 6)
    text = layout.page_text(segs)
    assert text.index("# 居中的标题") < text.index("第1栏") < text.index("第2栏") < text.index("第5栏"), text
    assert text.index("栏目名称") < text.index("# 居中的标题")


def test_a_captions_wrapped_lines_make_one_paragraph():
    segs = [Seg("有照片的新闻", 0, 0, 120, 20, 20)]
    segs += [Seg("照片说明的第一行，记者张", 0, 120, 96, 128, 8), Seg("某某 摄", 0, 131, 40, 139, 8)]
    segs += _column(0, 145, ["正文第一行正文第一行"] * 4)
    text = layout.page_text(segs, pictures=[Box(0, 30, 100, 117)])
    assert "\n\n\n照片说明的第一行，记者张某某 摄\n\n\n正文第一行" in text, text


def test_a_title_over_the_middle_columns_heads_a_first_column_with_a_subhead():
    segs = [Seg("中间几栏上的标题", 130, 0, 330, 24, 24)]
    for k in range(4):
        lines = [f"第{k + 1}栏的文字第{k + 1}栏"] * 8
        if k == 0:
            lines[4] = "栏中的小标题"
        segs += _column(k * 100, 34, lines)
    segs[1 + 4].size, segs[1 + 4].role = 12.0, "body"  # the subhead is set a little larger
    text = layout.page_text(segs)
    assert text.index("# 中间几栏上的标题") < text.index("第1栏") < text.index("第2栏"), text


def test_ocr_size_of_a_stretched_line_is_bounded_by_its_box():
    from compiler.ingest import ocr

    # eleven characters spread over a column 23 px apart, in a box 25 px high: 9.5 pt type at
    # 150 dpi (about 20 px), not a subtitle
    chars = [(ch, 100 + 23 * k, 100 + 23 * k + 19) for k, ch in enumerate("本报讯记者某某报道距离")]
    [seg] = ocr._parted(chars, 0, 25)
    assert seg.size <= 25 * ocr.BOX_TO_TYPE < 23
    # an ordinary line: its characters' step
    chars = [(ch, 100 + 20 * k, 100 + 20 * k + 19) for k, ch in enumerate("这是普通的一行正文")]
    assert ocr._parted(chars, 0, 25)[0].size == 20


def test_ocr_parts_two_columns_at_a_faint_rule_read_as_a_bracket():
    from compiler.ingest import ocr

    left = [(ch, 100 + 20 * k, 119 + 20 * k) for k, ch in enumerate("左栏的文字")]
    rule = [("」", 212, 216)]  # 13 px of white on each side of a hairline, in a 25 px line
    right = [(ch, 229 + 20 * k, 248 + 20 * k) for k, ch in enumerate("右栏的文字")]
    assert [s.text for s in ocr._parted(left + rule + right, 0, 25)] == ["左栏的文字", "右栏的文字"]
    quoted = [(ch, 100 + 20 * k, 119 + 20 * k) for k, ch in enumerate("他说「好」就走")]
    assert [s.text for s in ocr._parted(quoted, 0, 25)] == ["他说「好」就走"]


def test_ocr_finds_a_grey_hairline_rule():
    np = pytest.importorskip("numpy")
    pytest.importorskip("cv2")
    from compiler.ingest import ocr

    page = np.full((600, 400, 3), 255, dtype=np.uint8)
    page[50:550, 200:202] = 153  # a 0.5 pt rule printed grey, two pixels wide at 150 dpi
    page[100:400, 300:302] = 230  # a light tint's edge is no rule
    cleaned, rules = ocr._without_rules(page)
    [rule] = rules
    assert (rule.x0, rule.x1) == (200, 202) and abs(rule.top - 50) <= 1 and abs(rule.bottom - 550) <= 1
    assert cleaned[300, 200:202].min() == 255


def test_quotes_written_after_their_line_are_put_back_where_they_stand():
    """LibreOffice writes a line's Chinese text, then the curly quotes set in another font."""
    from compiler.ingest.pdf_words import _Char, _runs

    text = "开展职工成长型班组建设"
    chars = [_Char(ch, 10 * k, 0, 10 * k + 10, 10, 10) for k, ch in enumerate(text)]
    # the quotes around 职工成长型班组 go in 5 pt wide, and the text after them moves right
    for c in chars[2:]:
        c.x0, c.x1 = c.x0 + 5, c.x1 + 5
    for c in chars[9:]:
        c.x0, c.x1 = c.x0 + 5, c.x1 + 5
    quotes = [_Char("“", 20, 0, 25, 10, 10), _Char("”", 95, 0, 100, 10, 10)]
    [seg] = _runs(chars + quotes)
    assert seg.text == "开展“职工成长型班组”建设"


def test_a_vertical_title_at_a_storys_right_is_read_first():
    from compiler.ingest.pdf_words import _Char, _runs

    # 夏日送清凉 set vertically, the comma-like mark's box beside its neighbour's
    chars = [_Char(ch, 300, 40 + 26 * k, 324, 64 + 26 * k, 24) for k, ch in enumerate("夏日送清凉")]
    [title] = _runs(chars)
    assert title.text == "夏日送清凉" and title.bottom - title.top > 4 * (title.x1 - title.x0)
    segs = [Seg("上一篇的标题", 0, 0, 200, 24, 24)] + _column(0, 34, ["上一篇的文字上一篇的文"] * 2)
    segs += _column(0, 70, ["这一篇第一栏文字这一篇"] * 8) + _column(140, 70, ["这一篇第二栏文字这一篇"] * 8)
    title.top, title.bottom = title.top + 40, title.bottom + 40
    text = layout.page_text(segs + [title], rules=[Box(0, 62, 330, 63)])
    assert text.index("# 夏日送清凉") < text.index("这一篇第一栏") < text.index("这一篇第二栏"), text
    assert text.index("上一篇的文字") < text.index("# 夏日送清凉")


def test_one_line_run_past_the_gutter_does_not_break_a_columns_paragraph():
    """OCR read one line of a column together with its neighbour's: the column's other lines
    still run to its edge and make one paragraph; box jitter is no indent."""
    lines = ["这是一栏中的文字这是一栏"] * 6
    segs = _column(0, 0, lines)
    segs[3] = Seg("这是一栏中的文字这是一栏邻栏的字邻栏的字", 0, 45, 200, 55, 10)
    segs[4].x0 += 3  # a few pixels of jitter
    segs[2].size = 8.6  # a size read a little small
    text = layout.page_text(segs)
    assert "\n" not in text.strip(), text


def test_a_footer_read_without_its_space_is_furniture():
    found = epaper.detect("# 标题\n\n本报讯 正文。\n\n浙江工人日报2025年4月1日\n")
    assert str(found.issue_date) == "2025-04-01" and len(found.spans) == 1
