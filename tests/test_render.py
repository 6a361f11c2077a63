"""Render stage: real content of the .docx, .xlsx and .pdf made from a hand-written Briefing."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from compiler.model.briefing import Briefing
from compiler.render import RenderError, RenderOptions, formats, render
from compiler.render.pdf.fonts import find_font
from compiler.render.pdf.wrap import NO_LINE_END, NO_LINE_START, break_index, wrap_lines
from compiler.present.snippets import overview_text
from compiler.present.text import clean, cn_number, display_width, fixed_date

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "briefing_sample.json"
HOSTILE_TITLE = "<b>加粗</b> & {{ x }} {% if %} 标题"
HOSTILE_SUMMARY = '=HYPERLINK("http://evil.example","点我") 含 <script> & {{ 7*7 }} {% for a in b %} {_{ }_} {_% %_} 完'


def _data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return Briefing.model_validate(_data())


@pytest.fixture(scope="module")
def hostile() -> Briefing:
    """The first item carries markup, template syntax and a formula in its text."""
    data = _data()
    first = data["items"][0]["article_id"]

    def patch(item: dict) -> None:
        if item["article_id"] == first:
            item["title"] = HOSTILE_TITLE
            item["summary"] = HOSTILE_SUMMARY
            item["union"] = "+工会@联盟"
            item["region"] = "#N/A"  # an Excel error value, as text

    for item in data["items"]:
        patch(item)
    for section in data["sections"]:
        for item in section["items"]:
            patch(item)
    return Briefing.model_validate(data)


def _render_all(briefing: Briefing, folder: Path, stem: str) -> dict[str, Path]:
    paths = {fmt: folder / f"{stem}.{fmt}" for fmt in ("docx", "xlsx", "pdf")}
    for fmt, path in paths.items():
        render(briefing, fmt, path, RenderOptions())
    return paths


@pytest.fixture(scope="module")
def outputs(briefing, tmp_path_factory) -> dict[str, Path]:
    return _render_all(briefing, tmp_path_factory.mktemp("render"), "briefing")


@pytest.fixture(scope="module")
def hostile_outputs(hostile, tmp_path_factory) -> dict[str, Path]:
    return _render_all(hostile, tmp_path_factory.mktemp("hostile"), "hostile")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- Word


def _docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def test_docx_content(briefing, outputs):
    paragraphs, tables = _docx_text(outputs["docx"])
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "杭州市总工会工作简报"
    assert paragraphs[1] == "2025年第6期"
    assert paragraphs[2] == "杭州市总工会办公室\t2025年6月30日"
    assert "本期要目" in paragraphs
    assert "一、总体情况" in paragraphs
    for heading in ("二、劳动和技能竞赛", "三、工匠学院与产教融合", "四、职工创新", "五、职工关爱服务",
                    "六、统计情况"):
        assert paragraphs.count(heading) == 2, heading  # once in 本期要目, once as a heading
    toc = [p for p in paragraphs if p.startswith("◆")]
    assert len(toc) == len(briefing.items)  # 本期要目: one line per item, fitted to the line
    for item, line in zip([i for s in briefing.sections for i in s.items], toc):
        assert line[1:] in (item.title, item.main_title) or line.endswith("…"), line
        assert text.count(item.title) >= 1, item.title  # the item's own heading
        assert item.summary in text
    assert "（一）“外卖送得好，可以评人才！”——杭州余杭新一轮职工职业技能竞赛鸣枪" in paragraphs
    assert "【余杭区总工会 · 杭州市余杭区】" in paragraphs
    assert "主要数据：参赛骑手50余名；区级精英赛13场（目标）；基层赛事118场（目标）" in paragraphs
    assert "来源：《浙江工人日报》2025年6月5日第3版" in paragraphs
    assert "zjgrb_20250605_03.txt" not in text
    assert overview_text(briefing) in paragraphs
    assert any(p.startswith("报：全国总工会办公厅，浙江省总工会办公室") for p in paragraphs)
    assert any(p.startswith("发：各区、县（市）总工会") for p in paragraphs)
    assert "{{" not in text and "{%" not in text
    assert len(tables) == 1
    assert tables[0] == [
        ["单位", "稿件数", "劳动和技能竞赛", "工匠学院与产教融合", "职工创新", "职工关爱服务"],
        ["余杭区总工会", "2", "1", "0", "0", "1"],
        ["临安区总工会", "2", "0", "1", "1", "0"],
        ["西湖区总工会", "2", "1", "0", "0", "1"],
        ["合计", "6", "2", "1", "1", "2"],
    ]


def test_docx_layout_and_fonts(outputs):
    doc = Document(str(outputs["docx"]))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert 20 <= section.left_margin.mm <= 30
    total_row = doc.tables[0].rows[-1]
    assert all(run.bold for cell in total_row.cells for p in cell.paragraphs for run in p.runs)
    assert doc.core_properties.created.replace(tzinfo=None) == datetime(2025, 6, 30)
    assert doc.core_properties.title == "杭州市总工会工作简报 2025年第6期"
    with zipfile.ZipFile(outputs["docx"]) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="zh-CN"' in styles  # document language
    assert "eastAsiaTheme" not in styles  # a theme font would override the explicit one
    styles_el = doc.styles.element
    for style in styles_el.iterchildren(qn("w:style")):
        rfonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if style.get(qn("w:type")) in ("paragraph", "character"):
            assert rfonts is not None and rfonts.get(qn("w:eastAsia")), style.get(qn("w:styleId"))
    assert doc.styles["简报-报头"].font.color.rgb is not None
    assert str(doc.styles["简报-报头"].font.color.rgb) == "E60012"
    # Every run of the body names its East-Asian font.
    runs = re.findall(r"<w:r>.*?</w:r>|<w:r [^>]*>.*?</w:r>", body, flags=re.S)
    assert runs and all("w:eastAsia=" in r for r in runs)
    # The red rule under the masthead.
    assert 'w:color="E60012"' in styles


def test_docx_escapes_article_text(hostile_outputs):
    paragraphs, _ = _docx_text(hostile_outputs["docx"])
    text = "\n".join(paragraphs)
    assert f"（一）{HOSTILE_TITLE}" in paragraphs
    # docxtpl turns "{_{" into "{{" after rendering; a zero-width space keeps the text as written.
    assert HOSTILE_SUMMARY in text.replace("\u200b", "")
    assert "【+工会@联盟 · #N/A】" in paragraphs


# ---------------------------------------------------------------- Excel


def test_xlsx_content(briefing, outputs):
    wb = load_workbook(outputs["xlsx"])
    assert wb.sheetnames == ["类别统计", "数据统计", "举措明细", "数据指标", "类别分布"]
    ws = wb["类别统计"]
    assert ws["A1"].value == "杭州市总工会2025年6月工会工作分类统计表"
    assert [ws["A2"].value, ws["F2"].value, ws["A3"].value, ws["F3"].value] == [
        "填报单位：杭州市总工会", "统计周期：2025年6月", "填报日期：2025年6月30日", "计量单位：篇"]
    # only the categories this report has articles in
    assert [c.value for c in ws[4]] == ["单位", "稿件数", "劳动和技能竞赛", "工匠学院与产教融合",
                                        "职工创新", "职工关爱服务"]
    assert [ws.cell(row=r, column=1).value for r in range(5, 9)] == [
        "余杭区总工会", "临安区总工会", "西湖区总工会", "合计"]
    assert ws["B5"].value == 2 and ws["C5"].value == 1 and ws["F5"].value == 1
    assert ws["B8"].value == "=SUM(B5:B7)" and ws["F8"].value == "=SUM(F5:F7)"
    assert ws["B8"].font.b
    assert ws.freeze_panes == "B5" and ws.auto_filter.ref == "A4:F8"
    assert ws.print_title_rows == "$1:$4"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    cached = load_workbook(outputs["xlsx"], data_only=True)
    assert [cached["类别统计"].cell(row=8, column=c).value for c in range(2, 7)] == [6, 2, 1, 1, 2]
    assert ws["B5"].number_format == "#,##0"
    figs = wb["数据统计"]
    assert [c.value for c in figs[4]] == ["单位", "参与职工", "受益职工子女", "投入资金", "直接经济效益"]
    assert [c.value for c in figs[5]] == ["计量单位", "（人）", "（人）", "（元）", "（元）"]
    assert figs["B7"].value == 30000 and figs["E7"].value == 200000000
    assert figs["D9"].value == "=SUM(D6:D8)"
    assert [cached["数据统计"].cell(row=9, column=c).value for c in (2, 4)] == [30290, 2250000]
    assert figs["A11"].value == "主要数据汇总"
    assert [figs.cell(row=13, column=c).value for c in range(1, 6)] == [
        "参与职工", "人", 30290, "超3万人", 3]

    items = wb["举措明细"]
    assert [c.value for c in items[1]] == ["日期", "单位", "层级", "地区", "标题", "主要类别", "全部类别",
                                          "摘要", "来源"]
    assert items.max_row == 1 + len(briefing.items)
    assert items["A2"].value == datetime(2025, 6, 5) and items["A2"].number_format == "yyyy-mm-dd"
    assert items["C4"].value == "园区"
    assert items["G2"].value == "劳动和技能竞赛、新就业形态劳动者、技能激励与评价"
    assert items.freeze_panes == "A2" and items.auto_filter.ref == "A1:I7"
    # CJK-aware widths: the 摘要 column is wide, the 层级 column narrow.
    assert items.column_dimensions["H"].width >= 40 > items.column_dimensions["C"].width

    figures = wb["数据指标"]
    assert [c.value for c in figures[1]] == ["标题", "单位", "指标", "数值", "计量单位", "限定词", "状态",
                                            "作用", "计入合计", "原文", "出处句子"]
    assert figures.max_row == 1 + sum(len(i.figures) for i in briefing.items)
    row = [c.value for c in figures[8]]
    # the fixture's figures carry no role: the contract's default, a count (not summed here)
    assert row[2:10] == ["直接经济效益", 200000000, "元", "以上", "已完成", "当期数", "否", "超2亿元"]
    assert figures["D8"].number_format == "#,##0"

    chart_sheet = wb["类别分布"]
    assert [(r[0].value, r[1].value) for r in chart_sheet.iter_rows(min_row=2)] == [
        ("劳动和技能竞赛", "='类别统计'!C8"), ("工匠学院与产教融合", "='类别统计'!D8"),
        ("职工创新", "='类别统计'!E8"), ("职工关爱服务", "='类别统计'!F8")]
    with zipfile.ZipFile(outputs["xlsx"]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = z.read(charts[0]).decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "<barChart>" in chart and "各类别稿件数" in chart and "类别分布" in chart
    assert "2025-06-30T00:00:00Z" in core


def test_xlsx_formula_text_stays_text(hostile_outputs):
    wb = load_workbook(hostile_outputs["xlsx"])
    items = wb["举措明细"]
    assert items["H2"].value == HOSTILE_SUMMARY and items["H2"].data_type == "s"
    assert items["B2"].value == "+工会@联盟" and items["B2"].data_type == "s"
    assert items["D2"].value == "#N/A" and items["D2"].data_type == "s"
    assert items["E2"].value == HOSTILE_TITLE
    with zipfile.ZipFile(hostile_outputs["xlsx"]) as z:
        sheet = z.read("xl/worksheets/sheet3.xml").decode("utf-8")  # 举措明细
    assert "<f>" not in sheet and "HYPERLINK" in sheet


def test_xlsx_total_that_is_not_a_sum_stays_a_value(tmp_path):
    data = _data()
    total = data["stat_rows"][-1]
    total["articles"] = 7  # one article of a unit that has no row of its own
    path = tmp_path / "t.xlsx"
    render(Briefing.model_validate(data), "xlsx", path, RenderOptions())
    ws = load_workbook(path)["类别统计"]
    assert ws["B8"].value == 7 and ws["C8"].value == "=SUM(C5:C7)"
    assert "合计行含未单列单位" in ws["A10"].value


# ---------------------------------------------------------------- PDF


def test_pdf_content(briefing, outputs):
    reader = PdfReader(str(outputs["pdf"]))
    pages = [_squash(p.extract_text()) for p in reader.pages]
    whole = "".join(pages)
    assert "杭州市总工会工作简报" in pages[0] and "2025年第6期" in pages[0]
    assert "目录" in pages[1]
    for item in briefing.items:
        assert _squash(item.title) in whole, item.title
        assert _squash(item.summary) in whole
    for label in ("劳动和技能竞赛", "工匠学院与产教融合", "职工创新", "职工关爱服务"):
        assert whole.count(label) >= 4  # contents, heading, chart, table
    n = len(pages)
    for i, text in enumerate(pages[1:], start=2):
        assert f"第{i}页共{n}页" in text
    assert "报：全国总工会办公厅" in whole
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline[:3] == ["目录", "一、总体情况", "二、劳动和技能竞赛"]
    assert "六、统计情况" in outline
    nested = [o for o in reader.outline if isinstance(o, list)]
    assert any(child.title == briefing.sections[0].items[0].title for child in nested[0])
    meta = reader.metadata
    assert meta.title == "杭州市总工会工作简报 2025年第6期"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_font_embedded(outputs):
    listing = subprocess.run(["pdffonts", str(outputs["pdf"])], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        cols = line.split()
        assert cols[-5] == "yes", line  # emb
        assert cols[-4] == "yes", line  # sub(set)


def test_pdf_escapes_article_text(hostile_outputs):
    whole = "".join(_squash(p.extract_text()) for p in PdfReader(str(hostile_outputs["pdf"])).pages)
    assert _squash(HOSTILE_TITLE) in whole
    assert _squash(HOSTILE_SUMMARY) in whole


def _wrap_lines(text: str, width: float) -> list[str]:
    font = find_font(None, [("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)])
    return [line for line, _ in wrap_lines(text, font, 10, (width,))]


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").is_file(),
                    reason="fonts-wqy-microhei not installed")
def test_pdf_line_breaking_rules():
    text = ("近日，余杭区总工会开展“夏送清凉”活动。走访企业12家、慰问职工1200余名！"
            "《余杭区网约配送行业文明友好公约》发布……各方表示：将持续推进——“百行百匠百赛”，"
            "效益超13.3万元（约35.71%）；DeepSeek培训班开班？是的。") * 3
    for width in range(60, 260, 7):
        lines = _wrap_lines(text, width)
        assert "".join(lines) == text  # nothing lost or doubled
        for prev, line in zip(lines, lines[1:]):
            assert line[0] not in NO_LINE_START, (width, line)
            assert prev[-1] not in NO_LINE_END, (width, prev)
            assert not (prev[-1] == line[0] == "…"), (width, prev, line)
            assert not (prev[-1].isascii() and prev[-1].isalnum()
                        and line[0].isascii() and line[0].isalnum()), (width, prev, line)


def test_break_index_pushes_back_over_closing_marks():
    chars = list("工会开展活动”。下")
    # "”" would start the next line: move the break back before "动" so "动”。" go together.
    assert break_index(chars, 0, 6) == 5
    assert break_index(chars, 0, 5) == 5


# ---------------------------------------------------------------- all formats


def test_same_input_same_bytes(briefing, outputs, tmp_path):
    for fmt, first in outputs.items():
        again = tmp_path / f"again.{fmt}"
        render(briefing, fmt, again, RenderOptions())
        assert again.read_bytes() == first.read_bytes(), fmt


def test_registry_and_errors(briefing, tmp_path):
    assert list(formats()) == ["docx", "xlsx", "pdf"]
    with pytest.raises(RenderError, match="不支持的输出格式"):
        render(briefing, "odt", tmp_path / "x.odt", RenderOptions())
    out = tmp_path / "x.pdf"
    with pytest.raises(RenderError, match="字体文件不存在"):
        render(briefing, "pdf", out, RenderOptions(font_path=tmp_path / "missing.ttf"))
    assert not out.exists() and list(tmp_path.iterdir()) == []  # atomic: nothing left behind


def test_preparing_ahead_is_quiet_and_each_report_still_says_what_is_wrong(briefing, tmp_path):
    from compiler.render import prepare

    missing = RenderOptions(font_path=tmp_path / "missing.ttf")
    prepare(["docx", "xlsx", "pdf"], missing)  # no error here ...
    with pytest.raises(RenderError, match="字体文件不存在"):  # ... but where the font is needed
        render(briefing, "pdf", tmp_path / "x.pdf", missing)
    prepare(["docx", "pdf"], RenderOptions())
    render(briefing, "docx", tmp_path / "x.docx", RenderOptions())
    assert (tmp_path / "x.docx").stat().st_size > 0


def test_cff_fonts_are_refused_in_chinese(briefing, tmp_path):
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + bytes(64))
    with pytest.raises(RenderError, match="PostScript（CFF）轮廓"):
        render(briefing, "pdf", tmp_path / "x.pdf", RenderOptions(font_path=otf))
    ttc = tmp_path / "NotoSansCJK-Regular.ttc"  # a collection whose first face is CFF
    ttc.write_bytes(b"ttcf" + struct.pack(">HHLL", 1, 0, 1, 16) + b"OTTO" + bytes(64))
    with pytest.raises(RenderError, match="PostScript（CFF）轮廓"):
        render(briefing, "pdf", tmp_path / "x.pdf", RenderOptions(font_path=ttc))


def test_no_usable_font(briefing, tmp_path):
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "pdf_style.yaml").write_text("fonts:\n  - /nonexistent/font.ttf\n", encoding="utf-8")
    with pytest.raises(RenderError, match="找不到可用于 PDF 的中文字体"):
        render(briefing, "pdf", tmp_path / "x.pdf", RenderOptions(template_dirs=(user,)))


def test_bad_style_file_names_the_key(briefing, tmp_path):
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "pdf_style.yaml").write_text("sizes:\n  body: -1\n  huge: 3\n", encoding="utf-8")
    with pytest.raises(RenderError) as err:
        render(briefing, "pdf", tmp_path / "x.pdf", RenderOptions(template_dirs=(user,)))
    assert "sizes.body" in err.value.message and "sizes.huge" in err.value.message


def test_user_snippet_extends_builtin(briefing, tmp_path):
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "item_source.j2").write_text(
        '{% extends "builtin/item_source.j2" %}{% block text %}出处 {{ super() }}{% endblock %}',
        encoding="utf-8")
    for fmt in ("docx", "pdf"):
        render(briefing, fmt, tmp_path / f"x.{fmt}", RenderOptions(template_dirs=(user,)))
    paragraphs, _ = _docx_text(tmp_path / "x.docx")
    assert "出处 来源：《浙江工人日报》2025年6月5日第3版" in paragraphs
    pdf_text = "".join(_squash(p.extract_text()) for p in PdfReader(str(tmp_path / "x.pdf")).pages)
    assert "出处来源：《浙江工人日报》2025年6月5日第3版" in pdf_text


def test_user_template_is_sandboxed(briefing, tmp_path):
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "item_meta.j2").write_text("{{ union.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(RenderError, match="item_meta.j2"):
        render(briefing, "docx", tmp_path / "x.docx", RenderOptions(template_dirs=(user,)))


def test_empty_briefing_renders(tmp_path):
    data = _data()
    data.update(items=[], sections=[], stat_rows=[], metric_totals=[],
                distribution={"bao": [], "song": [], "fa": []})
    empty = Briefing.model_validate(data)
    for fmt in ("docx", "xlsx", "pdf"):
        render(empty, fmt, tmp_path / f"e.{fmt}", RenderOptions())
    paragraphs, tables = _docx_text(tmp_path / "e.docx")
    assert overview_text(empty) in paragraphs and "0篇" in overview_text(empty) and tables == []
    assert not any(p.startswith("报：") for p in paragraphs)


def test_item_without_primary_category_is_kept(tmp_path):
    data = _data()
    orphan = dict(data["items"][0], article_id="orphan", title="未分类的稿件标题", primary_category=None,
                  categories=[])
    data["items"].append(orphan)
    path = tmp_path / "o.docx"
    render(Briefing.model_validate(data), "docx", path, RenderOptions())
    paragraphs, _ = _docx_text(path)
    assert "六、其他工作" in paragraphs and "（一）未分类的稿件标题" in paragraphs


def test_committed_template_matches_generator():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    assert module.build() == (ROOT / "report_templates" / "briefing.docx").read_bytes(), \
        "run scripts/make_templates.py and commit report_templates/briefing.docx"


def test_text_helpers():
    assert [cn_number(n) for n in (1, 10, 11, 20, 23, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十三", "一百", "一百零五", "一百一十"]
    assert display_width("工会ab") == 6
    assert clean("a\x07b\x0c\n  c") == "ab c"
    # A lone surrogate (JSON can spell one) cannot be written as UTF-8; a real pair is one
    # character and stays.
    assert clean("工\ud800会\U0001F600") == "工会\U0001F600"
    assert fixed_date("2025-Q2").isoformat() == "2025-04-01"
    assert fixed_date("all").isoformat() == "2000-01-01"
