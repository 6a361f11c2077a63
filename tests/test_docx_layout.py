"""Word pages laid out in tables and text boxes: read in reading order, each text once, scored on the samples."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from compiler.ingest import read_page
from compiler.parse.pipeline import parse_page

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(__file__).resolve().parent / "eval"


@pytest.fixture(scope="module")
def gen(script):
    return script("make_docx_pages")


def _fill(cell, *paras: tuple[str, float]) -> None:
    for k, (text, size) in enumerate(paras):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        p.add_run(text).font.size = Pt(size)


LONG_A = ("甲县总工会近日为环卫工人送去清凉物资，走访了十二个作业站点，慰问一线职工三百余人，"
          "并听取大家对改善休息条件的意见建议。")
LONG_B = ("乙市总工会举办青年职工联谊活动，来自全市四十家企业的单身青年参加，活动设置了破冰游戏"
          "和才艺展示等环节，气氛热烈。")
LONG_C = ("丙区总工会开展劳动法律知识进企业宣讲，律师结合案例讲解劳动合同签订中的常见问题，"
          "现场解答职工咨询二十余条。")


def _order(text: str, *parts: str) -> list[int]:
    found = [text.find(p) for p in parts]
    assert -1 not in found, (parts, text)
    return found


def test_stories_side_by_side_in_a_table_are_read_story_by_story(tmp_path):
    document = docx.Document()
    document.add_paragraph("").add_run("全版通栏大标题在最上面").font.size = Pt(28)
    table = document.add_table(rows=2, cols=3)
    head, body = table.rows[0].cells, table.rows[1].cells
    head[0].merge(head[1])
    _fill(head[0], ("甲县送清凉", 22))
    _fill(head[2], ("乙市办联谊", 22))
    _fill(body[0], (LONG_A, 10.5), ("甲第一栏第二段。" * 4, 10.5))
    _fill(body[1], ("甲第二栏接着写。" * 8, 10.5))
    _fill(body[2], (LONG_B, 10.5))
    document.add_paragraph(LONG_C)
    path = tmp_path / "side.docx"
    document.save(str(path))
    text = read_page(path).text
    order = _order(text, "# 全版通栏大标题", "# 甲县送清凉", LONG_A, "甲第二栏", "# 乙市办联谊",
                   LONG_B, LONG_C)
    assert order == sorted(order), text
    assert "|" not in text  # a layout table is not rendered as rows of data
    assert text.count(LONG_A) == 1


def test_a_band_of_columns_under_a_headline_row_then_the_next_band(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    rows = table.rows
    top = rows[0].cells[0].merge(rows[0].cells[2])
    _fill(top, ("一条跨三栏的标题", 22), ("这是它的副题", 14))
    for k, cell in enumerate(rows[1].cells):
        _fill(cell, (f"第{k + 1}栏。" + LONG_A, 10.5))
    bottom = rows[2].cells[0].merge(rows[2].cells[2])
    _fill(bottom, ("第二篇稿件的标题", 22))
    for k, cell in enumerate(rows[3].cells):
        _fill(cell, (f"下篇第{k + 1}栏。" + LONG_B, 10.5))
    path = tmp_path / "bands.docx"
    document.save(str(path))
    text = read_page(path).text
    order = _order(text, "# 一条跨三栏的标题", "## 这是它的副题", "第1栏", "第2栏", "第3栏",
                   "# 第二篇稿件的标题", "下篇第1栏", "下篇第2栏", "下篇第3栏")
    assert order == sorted(order), text


def test_nested_layout_table_keeps_its_columns_in_order(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    left, right = outer.rows[0].cells
    _fill(left, ("外层左边的稿件", 22), (LONG_A, 10.5))
    inner = right.add_table(rows=2, cols=2)
    merged = inner.rows[0].cells[0].merge(inner.rows[0].cells[1])
    _fill(merged, ("里层表格的稿件", 22))
    _fill(inner.rows[1].cells[0], ("里层第一栏。" + LONG_B, 10.5))
    _fill(inner.rows[1].cells[1], ("里层第二栏。" + LONG_C, 10.5))
    path = tmp_path / "nested.docx"
    document.save(str(path))
    text = read_page(path).text
    order = _order(text, "# 外层左边的稿件", LONG_A, "# 里层表格的稿件", "里层第一栏", "里层第二栏")
    assert order == sorted(order), text
    assert text.count("里层第一栏") == 1


def test_a_table_of_figures_stays_rows_of_cells_even_with_a_large_header(tmp_path):
    document = docx.Document()
    document.add_paragraph("正文段落，说明下表。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["单位", "人数", "场次"], ["甲县总工会", "120", "3"],
                             ["乙市总工会", "80", "2"]]):
        for c, value in enumerate(row):
            table.cell(r, c).paragraphs[0].add_run(value).font.size = Pt(16 if r == 0 else 10.5)
    path = tmp_path / "data.docx"
    document.save(str(path))
    assert read_page(path).text == ("正文段落，说明下表。\n\n单位 | 人数 | 场次\n"
                                    "甲县总工会 | 120 | 3\n乙市总工会 | 80 | 2")


def test_text_boxes_are_read_by_their_places_and_once(tmp_path, gen):
    boxes = [
        gen.box_xml(1, 300, 200, 200, 400, [("右栏的文字。" + LONG_B, 10.5)]),
        gen.box_xml(2, 60, 100, 440, 60, [("文本框里的标题", 22)]),
        gen.box_xml(3, 60, 200, 200, 400, [("左栏的文字。" + LONG_A, 10.5)]),
    ]
    vml_only = (  # an old Word's box: VML without mc:AlternateContent
        '<w:r><w:pict><v:shape style="position:absolute;margin-left:60pt;margin-top:700pt;'
        'width:440pt;height:80pt;mso-position-horizontal-relative:page;'
        'mso-position-vertical-relative:page"><v:textbox><w:txbxContent><w:p><w:r><w:t>'
        f'最下面的旧式文本框。{LONG_C}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>'
        '</w:pict></w:r>')
    body = (f'<w:p>{boxes[0]}{vml_only}</w:p><w:p>{boxes[1]}</w:p><w:p>{boxes[2]}</w:p>'
            '<w:p><w:r><w:t>文本框之后的正文。</w:t></w:r></w:p>')
    path = tmp_path / "boxes.docx"
    docx.Document().save(str(path))
    gen.replace_body(path, gen.document_xml(body))
    text = read_page(path).text
    order = _order(text, "# 文本框里的标题", "左栏的文字", "右栏的文字", "最下面的旧式文本框",
                   "文本框之后的正文")
    assert order == sorted(order), text
    for part in ("文本框里的标题", "左栏的文字", "右栏的文字", "最下面的旧式文本框"):
        assert text.count(part) == 1, text


def test_boxes_of_a_drawing_group_are_placed_inside_the_group(tmp_path, gen):
    def shape(x: int, y: int, text: str) -> str:
        return ('<wps:wsp><wps:spPr><a:xfrm>'
                f'<a:off x="{x}" y="{y}"/><a:ext cx="2000000" cy="3000000"/></a:xfrm></wps:spPr>'
                f'<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                '</w:txbxContent></wps:txbx></wps:wsp>')

    group = (
        '<w:r><w:drawing><wp:anchor><wp:positionH relativeFrom="page"><wp:posOffset>700000'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>900000'
        '</wp:posOffset></wp:positionV><wp:extent cx="4200000" cy="3000000"/><a:graphic>'
        '<a:graphicData><wpg:wgp><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="4200000" cy="3000000"/><a:chOff x="0" y="0"/><a:chExt cx="4200000" cy="3000000"/>'
        f'</a:xfrm></wpg:grpSpPr>{shape(2200000, 0, "组里右边。" + LONG_B)}'
        f'{shape(0, 0, "组里左边。" + LONG_A)}</wpg:wgp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></w:r>')
    xml = gen.document_xml(f"<w:p>{group}</w:p>").replace(
        b'xmlns:v=', b'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:v=')
    path = tmp_path / "group.docx"
    docx.Document().save(str(path))
    gen.replace_body(path, xml)
    text = read_page(path).text
    assert text.index("组里左边") < text.index("组里右边"), text


def test_section_columns_and_column_breaks_keep_the_flow(tmp_path, gen):
    body = ('<w:p><w:r><w:t>第一栏开头。</w:t></w:r><w:r><w:br w:type="column"/></w:r>'
            '<w:r><w:t>第二栏接着。</w:t></w:r></w:p><w:p><w:r><w:t>第二栏下一段。</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:sectPr><w:cols w:num="2" w:space="425"/></w:sectPr></w:pPr></w:p>')
    path = tmp_path / "cols.docx"
    docx.Document().save(str(path))
    gen.replace_body(path, gen.document_xml(body))
    assert read_page(path).text == "第一栏开头。\n第二栏接着。\n\n第二栏下一段。"


def test_deeply_nested_tables_and_boxes_are_bounded(tmp_path, gen):
    cell = "<w:p><w:r><w:t>最里面的字</w:t></w:r></w:p>"
    for _ in range(60):  # lxml refuses trees deeper than 256 itself
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl><w:p/>"
    path = tmp_path / "deep.docx"
    docx.Document().save(str(path))
    gen.replace_body(path, gen.document_xml(cell + "<w:p><w:r><w:t>外面的字</w:t></w:r></w:p>"))
    text = read_page(path).text
    assert "外面的字" in text  # the nesting past the bound is left out, the rest is read


@pytest.mark.parametrize("mode", ["draw_table_page", "draw_box_page"])
def test_sample_pages_laid_out_in_word_score_like_their_text(tmp_path, knowledge, gen, mode,
                                                            scores_like_text, script):
    layout = script("make_layout_pages")
    docs = []
    for n, sample in enumerate(sorted((ROOT / "samples").glob("*.txt"))):
        items = layout.items_of(sample, EVAL / "gold")
        path = tmp_path / f"{sample.stem}.docx"
        getattr(gen, mode)(items, path, 5 + n, "浙江工人日报")
        docs.append(parse_page(read_page(path), knowledge))
    scores_like_text(docs)
