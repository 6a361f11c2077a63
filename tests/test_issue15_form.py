"""Issue 15 points 3-5: the 简报's GB/T 9704 form, a statistics workbook that prints, and
sources a reader recognises. Sentences and names here are written for the tests."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from compiler.aggregate.briefings import _head
from compiler.ingest import epaper, read_page
from compiler.knowledge.config import Config
from compiler.model.briefing import Briefing, BriefingItem, Period, Unit
from compiler.present.citation import citation
from compiler.render import RenderOptions, render
from compiler.render.docx.toc import LINE_CHARS, toc
from compiler.present.text import display_width

FIXTURE = Path(__file__).parent / "fixtures" / "briefing_sample.json"


def _briefing(items: int | None = None) -> Briefing:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    if items is not None:  # as many items as asked, made from the fixture's first one
        base = data["items"][0]
        many = [{**base, "article_id": f"x{i}", "title": f"第{i}条：{'很长的标题' * 8}"}
                for i in range(items)]
        data["items"] = many
        data["sections"] = [{**data["sections"][0], "items": many}]
    return Briefing.model_validate(data)


def _render(b: Briefing, folder: Path, formats: list[str]) -> dict[str, Path]:
    out = {}
    for fmt in formats:
        out[fmt] = folder / f"report.{fmt}"
        render(b, fmt, out[fmt], RenderOptions())
    return out


def _item(**kw) -> BriefingItem:
    base = dict(article_id="a", title="标题", main_title="标题", kind="news",
                source="000_3e315015b28abd6d.txt", issue_label="日期不详")
    return BriefingItem(**{**base, **kw})


# --- 5. sources ---------------------------------------------------------------------------------

def test_citation_reads_paper_date_page_and_leaves_unknown_parts_out():
    full = _item(paper="浙江工人日报", page_no=2, issue_date=date(2025, 6, 12),
                 issue_label="2025-06-12")
    assert citation(full) == "《浙江工人日报》2025年6月12日第2版"
    assert citation(_item(issue_label="2025年")) == "2025年"
    assert citation(_item(paper="工人日报", page_name="工会", issue_label="2024年3月")) == \
        "《工人日报》2024年3月工会版"
    assert citation(_item()) == ""  # nothing known: no source line rather than a file name


def test_paper_and_page_come_from_the_footer_the_file_name_and_the_manifest(tmp_path):
    text = ("某市总工会举办职工书画展\n\n本报讯 某市总工会日前举办职工书画展，展出作品百余件。\n\n"
            "浙江工人日报 工会 00003 某市总工会举办职工书画展 2025-06-12 3 2025年06月12日 星期四\n")
    page = tmp_path / "a.txt"
    page.write_text(text, encoding="utf-8")
    got = read_page(page)
    assert (got.paper, got.page_no, got.issue_date) == ("浙江工人日报", 3, date(2025, 6, 12))
    named = tmp_path / "工人日报_20250612_第5版.txt"
    named.write_text("某县总工会开展送清凉活动。\n", encoding="utf-8")
    got = read_page(named)
    assert (got.paper, got.page_no) == ("工人日报", 5)
    (tmp_path / "manifest.yaml").write_text(
        "pages:\n  b.txt: {paper: 江苏工人报, page_no: 4, issue_date: 2025-06-01}\n",
        encoding="utf-8")
    (tmp_path / "b.txt").write_text("某区总工会举办劳动竞赛。\n", encoding="utf-8")
    got = read_page(tmp_path / "b.txt")
    assert (got.paper, got.page_no) == ("江苏工人报", 4)
    # a hash-named file says nothing, and 2025061202版 is a date's digits, not page 202
    assert epaper.file_name_cues("000_3e315015b28abd6d").paper is None
    assert epaper.file_name_cues("2025061202版").page_no is None


def test_reports_never_show_the_file_name(tmp_path):
    b = _briefing()
    out = _render(b, tmp_path, ["docx", "xlsx", "pdf"])
    text = "\n".join(p.text for p in Document(out["docx"]).paragraphs)
    assert b.items[0].source not in text
    assert "来源：《浙江工人日报》2025年6月5日第3版" in text
    wb = load_workbook(out["xlsx"])
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert not any(b.items[0].source in c for c in cells)
    pdf = "".join(p.extract_text() for p in PdfReader(out["pdf"]).pages)
    assert b.items[0].source not in pdf


# --- 3. the 简报's form ---------------------------------------------------------------------------

def test_banji_sits_in_a_frame_at_the_page_foot_with_the_print_line(tmp_path):
    out = _render(_briefing(), tmp_path, ["docx"])
    body = Document(out["docx"]).element.body
    paras = body.findall(qn("w:p"))
    framed = [p for p in paras if p.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None]
    texts = ["".join(t.text for t in p.iter(qn("w:t"))) for p in framed]
    assert [t[:2] for t in texts[:3]] == ["报：", "送：", "发："]
    assert texts[-1].startswith("杭州市总工会办公室") and texts[-1].endswith("2025年6月30日印发")
    assert framed == paras[-len(framed):]  # the last paragraphs of the document
    frames = {tuple(sorted(p.find(f"{qn('w:pPr')}/{qn('w:framePr')}").attrib.items()))
              for p in framed}
    assert len(frames) == 1  # one frame: the same properties on every line
    (frame,) = frames
    assert dict(frame)[qn("w:yAlign")] == "bottom"
    styles = {p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) for p in framed}
    assert styles == {"UBDist"}  # equal borders, or LibreOffice splits the frame


def test_song_line_names_the_general_office_of_the_level():
    def song(level, **where):
        unit = Unit(name="x总工会", level=level, region="x", slug="x", **where)
        return _head(unit, Period(key="2025-06", label="2025年6月"), Config())["distribution"].song

    assert song("province", province="浙江省")[0] == "浙江省委办公厅"
    assert all(s.endswith("办公厅") for s in song("province", province="浙江省"))
    assert all(s.endswith("办公室") for s in song("city", province="浙江省", city="宁波市"))
    assert all(s.endswith("办公室")
               for s in song("county", province="浙江省", city="宁波市", county="镇海区"))


def test_forty_items_make_a_one_line_each_toc_that_fits_the_first_page(tmp_path):
    b = _briefing(items=40)
    from compiler.present.view import build_view
    t = toc(build_view(b, RenderOptions()))
    assert t["dense"] and len(t["lines"]) == 40
    assert all(display_width(line["text"]) <= 2 * LINE_CHARS[True] for line in t["lines"])
    out = _render(b, tmp_path, ["docx"])
    doc = Document(out["docx"])
    toc_paras = [p for p in doc.paragraphs if p.style.name == "简报-要目（紧凑）"]
    assert len(toc_paras) == 40
    # 40 lines at the exact pitch under the masthead and 本期要目 (36 pt head + 12 before/after,
    # 28 + 6 期号, 26 + 18 编印, 28 + 6 title: 171 pt), within the 232 mm text height
    pitch = toc_paras[0].style.paragraph_format.line_spacing.pt
    text_height = (doc.sections[0].page_height - doc.sections[0].top_margin
                   - doc.sections[0].bottom_margin) / 12700
    assert 40 * pitch + 171 < text_height


def test_short_toc_keeps_its_headings_at_full_size():
    from compiler.present.view import build_view
    t = toc(build_view(_briefing(), RenderOptions()))
    assert not t["dense"] and t["lines"][0] == {"heading": True, "text": "一、总体情况"}


def test_pdf_body_is_a_serif_and_headings_a_sans_both_embedded(tmp_path):
    uming = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
    if not uming.is_file():
        pytest.skip("AR PL UMing is not installed (scripts/ensure-font.sh installs it)")
    out = _render(_briefing(), tmp_path, ["pdf"])
    fonts = set()
    for page in PdfReader(out["pdf"]).pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            assert "/FontFile2" in f["/FontDescriptor"].get_object()  # embedded
            fonts.add(str(f["/BaseFont"]).split("+")[-1])
    assert any("UMing" in f for f in fonts) and any("MicroHei" in f for f in fonts)


# --- 4. a workbook that prints ----------------------------------------------------------------

def test_statistics_sheets_are_split_headed_and_print_on_a4_landscape(tmp_path):
    b = _briefing()
    out = _render(b, tmp_path, ["xlsx"])
    wb = load_workbook(out["xlsx"])
    assert wb.sheetnames[:2] == ["类别统计", "数据统计"]
    for name in ("类别统计", "数据统计"):
        ws = wb[name]
        lines = [ws.cell(r, c).value for r in (1, 2, 3) for c in range(1, ws.max_column + 1)]
        text = " ".join(str(v) for v in lines if v)
        for label in ("填报单位：杭州市总工会", "统计周期：2025年6月", "填报日期：2025年6月30日",
                      "计量单位："):
            assert label in text, (name, label)
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.print_title_rows and ws.print_title_rows.startswith("$1:")
        widths = sum(ws.column_dimensions[chr(64 + c)].width or 9
                     for c in range(1, min(ws.max_column, 26) + 1))
        assert widths <= 170 or ws.col_breaks.count  # at least 80% of full size, or paged
    cats = wb["类别统计"]
    header = [c.value for c in cats[4]]
    # only the categories this report has, not all sixteen
    used = {c.id for c in b.categories if b.stat_rows[-1].by_category.get(c.id)}
    assert len(header) == 2 + len(used)


def test_a_county_sheet_is_not_a_wide_empty_grid(tmp_path):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    item = data["items"][0]
    data["items"] = [item]
    data["sections"] = [{**data["sections"][0], "items": [item]}]
    by = {c["id"]: 0 for c in data["categories"]}
    by["competition"] = 1
    data["stat_rows"] = [{"name": "区本级", "level": "county", "articles": 1, "by_category": by},
                         {"name": "合计", "articles": 1, "by_category": by, "is_total": True}]
    data["metric_totals"] = []
    out = _render(Briefing.model_validate(data), tmp_path, ["xlsx"])
    ws = load_workbook(out["xlsx"])["类别统计"]
    assert [c.value for c in ws[4]] == ["单位", "稿件数", "劳动和技能竞赛"]


def test_many_metrics_are_stacked_tables_each_as_wide_as_the_page(tmp_path):
    from compiler.render.xlsx.summary import PAGE_UNITS
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    names = [f"指标{i}" for i in range(20)]
    data["metric_totals"] = [{"metric": f"m{i}", "label": n, "unit": "人", "value": i + 1,
                              "display": f"{i + 1}人", "figures": 1} for i, n in enumerate(names)]
    units = len(data["stat_rows"]) - 1
    for row in data["stat_rows"]:
        times = units if row.get("is_total") else 1
        row["metrics"] = {f"m{i}:人": (i + 1) * times for i in range(20)}
    out = _render(Briefing.model_validate(data), tmp_path, ["xlsx"])
    ws = load_workbook(out["xlsx"])["数据统计"]
    heads = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "单位"]
    assert len(heads) >= 3
    labels = [ws.cell(r, c).value for r in heads for c in range(2, ws.max_column + 1)
              if ws.cell(r, c).value]
    assert labels == names  # every metric once, in order
    used = max(len([c for c in range(2, ws.max_column + 1) if ws.cell(r, c).value]) for r in heads)
    widths = [ws.column_dimensions[chr(65 + c)].width for c in range(used + 1)]
    assert sum(widths) <= PAGE_UNITS and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.cell(heads[1] - 1, 1).value == "（续表）"
    assert ws.print_title_rows == "$1:$3"
    # each table's total row is a SUM over its own unit rows
    for r in heads:
        total_row = next(t for t in range(r, ws.max_row + 1) if ws.cell(t, 1).value == "合计")
        assert ws.cell(total_row, 2).value == f"=SUM(B{r + 2}:B{total_row - 1})"


def test_pdf_banji_at_the_foot_and_a_huge_one_still_laid_out(tmp_path):
    out = _render(_briefing(), tmp_path, ["pdf"])
    last = PdfReader(out["pdf"]).pages[-1].extract_text()
    assert "杭州市总工会办公室" in last and "2025年6月30日印发" in last
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["distribution"]["song"] = [f"某某县第{i}号单位办公室" for i in range(600)]
    (tmp_path / "big").mkdir()
    out = _render(Briefing.model_validate(data), tmp_path / "big", ["pdf"])
    text = "".join(p.extract_text() for p in PdfReader(out["pdf"]).pages)
    assert "第599号单位" in text.replace(" ", "") and "印发" in text
