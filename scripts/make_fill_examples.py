"""Regenerate the example fill templates in report_templates/fill/ from code, byte-stable."""
from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from compiler.fill.xlsx import package_transform  # noqa: E402
from compiler.render.deterministic_zip import rezip  # noqa: E402

OUT = ROOT / "report_templates" / "fill"
STAMP = datetime(2025, 1, 1)

# --- 产改工作统计表.xlsx ---------------------------------------------------------------------------
CATEGORIES = [("competition", "劳动和技能竞赛"), ("training", "职工技能培训"),
              ("academy", "工匠学院与产教融合"), ("innovation", "职工创新"), ("education", "学历提升"),
              ("mentorship", "师徒传承"), ("incentives", "技能激励与评价"),
              ("new_forms", "新就业形态劳动者")]
METRICS = [("participants", "参与人数（人）"), ("beneficiaries", "服务/受益人数（人）"),
           ("talents", "人才数（人）"), ("events", "活动场次（场）"),
           ("facilities", "阵地数（家）"), ("money", "金额（元）")]
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _put(ws, ref, value, *, font=None, fill=None, align=CENTER, fmt=None, border=True):
    c = ws[ref]
    c.value = value
    c.font = font or Font(name="宋体", size=11)
    c.alignment = align
    if fill:
        c.fill = fill
    if fmt:
        c.number_format = fmt
    if border:
        c.border = GRID
    return c


def _grid(ws, rng):
    for row in ws[rng]:
        for c in row:
            c.border = GRID


def statistics_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "统计表"
    cat0, met0 = 5, 5 + len(CATEGORIES) + 1  # E.., then 其他 (M), then metrics (N..)
    other = cat0 + len(CATEGORIES)
    last = met0 + len(METRICS) - 1
    L = _letter(last)
    head = Font(name="黑体", size=11, bold=True)
    ws.merge_cells(f"A1:{L}1")
    _put(ws, "A1", "{{ unit.name }}产业工人队伍建设改革工作统计表（{{ period.label }}）",
         font=Font(name="方正小标宋简体", size=18, bold=True), border=False)
    ws.merge_cells("A2:H2")
    _put(ws, "A2", "填报单位：{{ unit.name }}", align=LEFT, border=False)
    ws.merge_cells("I2:N2")
    _put(ws, "I2", "统计周期：{{ period.label }}", align=LEFT, border=False)
    ws.merge_cells(f"O2:{L}2")
    _put(ws, "O2", "计量单位：篇、人、场、家、元", align=Alignment(horizontal="right"), border=False)
    for col, title in zip("ABCD", ["序号", "单位", "层级", "稿件数（篇）"]):
        ws.merge_cells(f"{col}3:{col}4")
        _put(ws, f"{col}3", title, font=head, fill=HEAD_FILL)
    ws.merge_cells(f"{_letter(cat0)}3:{_letter(other)}3")
    _put(ws, f"{_letter(cat0)}3", "按主要工作类别分（篇）", font=head, fill=HEAD_FILL)
    ws.merge_cells(f"{_letter(met0)}3:{L}3")
    _put(ws, f"{_letter(met0)}3", "主要数据（已完成数，同类相加）", font=head, fill=HEAD_FILL)
    for i, (_, label) in enumerate(CATEGORIES + [("other", "其他类别")]):
        _put(ws, f"{_letter(cat0 + i)}4", label, font=head, fill=HEAD_FILL)
    for i, (_, label) in enumerate(METRICS):
        _put(ws, f"{_letter(met0 + i)}4", label, font=head, fill=HEAD_FILL)
    _grid(ws, f"A3:{L}4")

    # Row 5 repeats once per subordinate unit.
    _put(ws, "A5", "{%row for u in units %}{{ loop.index }}", fmt="0")
    _put(ws, "B5", "{{ u.name }}", align=LEFT)
    _put(ws, "C5", "{{ u.level_label }}")
    _put(ws, "D5", "{{ u.articles }}", fmt="0")
    for i, (cid, _) in enumerate(CATEGORIES):
        _put(ws, f"{_letter(cat0 + i)}5", f"{{{{ u.counts.{cid} }}}}", fmt="0")
    o = _letter(other)
    _put(ws, f"{o}5", f"=D5-SUM({_letter(cat0)}5:{_letter(other - 1)}5)", fmt="0")
    for i, (mid, _) in enumerate(METRICS):
        _put(ws, f"{_letter(met0 + i)}5", f"{{{{ u.metrics.{mid} }}}}", fmt="#,##0")
    # Row 6: totals as formulas over the repeated row; they grow as it does.
    ws.merge_cells("A6:C6")
    _put(ws, "A6", "合计", font=head, fill=TOTAL_FILL)
    for col in range(4, last + 1):
        x = _letter(col)
        _put(ws, f"{x}6", f"=SUM({x}5:{x}5)", font=head, fill=TOTAL_FILL,
             fmt="0" if col <= other else "#,##0")
    _grid(ws, f"A6:{L}6")
    # Row 7: the same totals from the helper functions, as a cross-check.
    ws.merge_cells("A7:C7")
    _put(ws, "A7", "核对（按全部稿件计）", fill=TOTAL_FILL)
    _put(ws, "D7", "{{ total.articles }}", fill=TOTAL_FILL, fmt="0")
    for i, (cid, _) in enumerate(CATEGORIES):
        _put(ws, f"{_letter(cat0 + i)}7", f'{{{{ count(category="{cid}") }}}}', fill=TOTAL_FILL,
             fmt="0")
    _put(ws, f"{o}7", f"=D7-SUM({_letter(cat0)}7:{_letter(other - 1)}7)", fill=TOTAL_FILL, fmt="0")
    for i, (mid, _) in enumerate(METRICS):
        _put(ws, f"{_letter(met0 + i)}7", f'{{{{ sum("{mid}") }}}}', fill=TOTAL_FILL, fmt="#,##0")
    ws.merge_cells(f"A9:{L}9")
    _put(ws, "A9", "说明：本表根据 {{ article_count }} 篇稿件填报，涉及 {{ union_count }} 个工会组织；"
         "“其他类别”为上表未列出类别的稿件数；主要数据只计已完成数，目标数不计入。", align=LEFT, border=False,
         font=Font(name="宋体", size=10))
    ws.merge_cells("A10:D10")
    _put(ws, "A10", "填报人：", align=LEFT, border=False)
    ws.merge_cells("E10:H10")
    _put(ws, "E10", "审核人：", align=LEFT, border=False)
    ws.merge_cells(f"I10:{L}10")
    _put(ws, "I10", "填报日期：{{ print_date }}", align=LEFT, border=False)

    # Second block: the metric totals, one row each (with merged cells in the repeated row).
    ws.merge_cells("B12:D12")
    _put(ws, "B12", "主要数据汇总", font=head, align=LEFT, border=False)
    for ref, title in (("B13", "指标"), ("C13", "计量单位"), ("D13", "合计数值"), ("F13", "表述"),
                       ("H13", "数据条数")):
        _put(ws, ref, title, font=head, fill=HEAD_FILL)
    ws.merge_cells("D13:E13")
    ws.merge_cells("F13:G13")
    _grid(ws, "B13:H13")
    _put(ws, "A14", "{%row for m in metric_totals %}", border=False)
    _put(ws, "B14", "{{ m.label }}", align=LEFT)
    _put(ws, "C14", "{{ m.unit }}")
    _put(ws, "D14", "{{ m.value }}", fmt="#,##0")
    _put(ws, "F14", "{{ m.display }}")
    _put(ws, "H14", "{{ m.figures }}", fmt="0")
    ws.merge_cells("D14:E14")
    ws.merge_cells("F14:G14")
    _grid(ws, "B14:H14")

    widths = {"A": 6, "B": 24, "C": 8, "D": 9}
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    for col in range(cat0, last + 1):
        ws.column_dimensions[_letter(col)].width = 10 if col <= other else 12
    ws.row_dimensions[1].height = 36
    ws.row_dimensions[3].height = 24
    ws.row_dimensions[4].height = 48
    ws.row_dimensions[5].height = 20
    ws.row_dimensions[9].height = 30
    ws.freeze_panes = "E5"

    levels = DataValidation(type="list", formula1='"省级,市级,县级,乡镇（街道）,园区,产业（行业）,企业"',
                            allow_blank=True, showErrorMessage=True, errorTitle="层级",
                            error="请从列表中选择层级")
    levels.add("C5")
    ws.add_data_validation(levels)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, showErrorMessage=True, error="请填写非负整数")
    counts.add(f"D5:{_letter(other - 1)}5")
    ws.add_data_validation(counts)
    ws.conditional_formatting.add(f"{_letter(cat0)}5:{_letter(other - 1)}5", CellIsRule(
        operator="greaterThan", formula=["0"], fill=PatternFill("solid", fgColor="E2EFDA")))
    ws.conditional_formatting.add(f"{o}5", FormulaRule(
        formula=[f"{o}5<0"], font=Font(color="C00000", bold=True)))

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.6
    ws.print_title_rows = "3:4"
    ws.print_area = f"A1:{L}14"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.defined_names["稿件合计"] = DefinedName("稿件合计", attr_text="统计表!$D$6")

    notes = wb.create_sheet("填报说明")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 70
    notes["A1"] = "填报说明"
    notes["A1"].font = Font(name="黑体", size=14, bold=True)
    lines = [
        ("统计范围", "本单位所辖各下级工会在统计周期内见报的工作信息，一篇稿件只计一次。"),
        ("工作类别", "按稿件的主要工作类别计数；未列出的类别计入“其他工作”。"),
        ("主要数据", "只计已完成数，同一指标、同一计量单位的数据相加；目标数、比例不计入。"),
        ("层级", "下级单位的层级：市级、县级等；“本级”为本单位直接开展的工作。"),
        ("报送要求", "每月 5 日前报送上月数据，季度、年度数据随月报一并报送。"),
    ]
    for i, (key, text) in enumerate(lines, start=3):
        notes[f"A{i}"] = key
        notes[f"A{i}"].font = Font(name="黑体", size=11)
        notes[f"B{i}"] = text
        notes[f"B{i}"].alignment = Alignment(wrap_text=True, vertical="top")
    notes["A10"] = "本表合计稿件数"
    notes["B10"] = "=统计表!D6"
    notes["A11"] = "（按名称引用）"
    notes["B11"] = "=稿件合计"
    notes.page_setup.orientation = "portrait"
    notes.page_setup.paperSize = notes.PAPERSIZE_A4

    props = wb.properties
    props.creator = "unionbrief"
    props.title = "产改工作统计表（填报模板示例）"
    props.created = props.modified = STAMP
    buf = io.BytesIO()
    wb.save(buf)
    return rezip(buf.getvalue(), package_transform({}, {}, STAMP, STAMP))


# --- 简报模板.docx ---------------------------------------------------------------------------------
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x59, 0x59, 0x59)


def _font(run, name="仿宋", size=14, bold=False, color=None):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def _para(doc_or_cell, text="", *, name="仿宋", size=14, bold=False, color=None, align=None,
          indent=False, after=0):
    p = doc_or_cell.add_paragraph()
    if text:
        _font(p.add_run(text), name, size, bold, color)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    return p


def _bottom_rule(p, color="C00000", size=18):
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", color)):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _cell(cell, text, *, bold=False, size=11, align=WD_ALIGN_PARAGRAPH.CENTER, name="仿宋"):
    p = cell.paragraphs[0]
    if text:
        _font(p.add_run(text), name, size, bold)
    p.alignment = align


def _table(doc, header, rows, widths):
    """A grid table: header row, then docxtpl rows given as lists of cell texts."""
    t = doc.add_table(rows=1 + len(rows), cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(header):
        _cell(t.rows[0].cells[i], h, bold=True, name="黑体")
    for r, texts in enumerate(rows, start=1):
        for i, text in enumerate(texts):
            wide = i == 1 and len(header) > 4  # the title / unit column reads left-aligned
            _cell(t.rows[r].cells[i], text,
                  align=WD_ALIGN_PARAGRAPH.LEFT if wide else WD_ALIGN_PARAGRAPH.CENTER)
    t.autofit = False
    for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in t.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = Mm(w)
    return t


def briefing_document() -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(30), Mm(25)
    sec.left_margin, sec.right_margin = Mm(26), Mm(26)
    hp = sec.header.paragraphs[0]
    _font(hp.add_run("{{ unit.name }}　信息专报"), "楷体", 10, color=GREY)
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp = sec.footer.paragraphs[0]
    _font(fp.add_run("— 内部资料　注意保存 —"), "楷体", 10, color=GREY)
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = doc.add_paragraph()
    _font(body.add_run("信 息 专 报"), "方正小标宋简体", 40, True, RED)
    body.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "{{ issue_no }}", size=16, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    p = _para(doc, "{{ editor }}　　　　　　　　{{ print_date }}", size=14, after=12)
    _bottom_rule(p)
    _para(doc, "{{ unit.name }}{{ period.label }}工会工作情况", name="黑体", size=18, bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    _para(doc, "【本期概况】", name="黑体", size=15)
    _para(doc, "{{ overview }}", indent=True, after=6)

    _para(doc, "【数据速览】", name="黑体", size=15)
    _table(doc, ["指标", "计量单位", "合计", "表述"],
           [["{%tr for m in metric_totals %}", "", "", ""],
            ["{{ m.label }}", "{{ m.unit }}", "{{ fmt(m.value) }}", "{{ m.display }}"],
            ["{%tr endfor %}", "", "", ""]], [52, 22, 38, 46])
    _para(doc, "注：同一指标、同一计量单位的已完成数相加。", size=10, color=GREY, after=6)

    _para(doc, "【分单位统计】", name="黑体", size=15)
    _table(doc, ["序号", "单位", "稿件数", "竞赛", "培训", "创新", "新就业形态", "参与人数"],
           [["{%tr for u in units %}", "", "", "", "", "", "", ""],
            ["{{ loop.index }}", "{{ u.name }}", "{{ u.articles }}", "{{ u.counts.competition }}",
             "{{ u.counts.training }}", "{{ u.counts.innovation }}", "{{ u.counts.new_forms }}",
             "{{ fmt(u.metrics.participants) }}"],
            ["{%tr endfor %}", "", "", "", "", "", "", ""],
            ["", "{{ total.name }}", "{{ total.articles }}", "{{ total.counts.competition }}",
             "{{ total.counts.training }}", "{{ total.counts.innovation }}",
             "{{ total.counts.new_forms }}", "{{ fmt(total.metrics.participants) }}"]],
           [12, 40, 16, 16, 16, 16, 22, 20])

    _para(doc, "", after=6)
    _para(doc, "【要情摘编】", name="黑体", size=15)
    _para(doc, "{%p for s in sections %}")
    _para(doc, "{{ loop.index }}．{{ s.label }}（{{ s.count }}篇）", name="楷体", size=15, bold=True)
    _para(doc, "{%p for it in s.items %}")
    _para(doc, "◎ {{ it.title }}", name="黑体", size=14)
    _para(doc, "{{ it.summary }}", indent=True)
    _para(doc, "{%p if it.figures %}")
    _para(doc, "主要数据：{% for f in it.figures %}{{ f.text }}{% if not loop.last %}；{% endif %}"
               "{% endfor %}", size=12, color=GREY, indent=True)
    _para(doc, "{%p endif %}")
    _para(doc, "（{{ it.union or \"单位不详\" }}{% if it.citation %}　{{ it.citation }}{% endif %}）",
          size=11, color=GREY, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")

    _para(doc, "【稿件目录】", name="黑体", size=15)
    _table(doc, ["序号", "标题", "单位", "主要类别", "日期"],
           [["{%tr for it in items %}", "", "", "", ""],
            ["{{ it.number }}", "{{ it.title }}", "{{ it.union }}", "{{ it.primary_label }}",
             "{{ it.date }}"],
            ["{%tr endfor %}", "", "", "", ""]], [12, 72, 32, 26, 16])

    p = _para(doc, "", after=0)
    _bottom_rule(p, color="000000", size=8)
    _para(doc, "{%p if distribution.bao %}")
    _para(doc, "报：{{ distribution.bao | join('，') }}", size=12)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if distribution.song %}")
    _para(doc, "送：{{ distribution.song | join('，') }}", size=12)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if distribution.fa %}")
    _para(doc, "发：{{ distribution.fa | join('，') }}", size=12)
    _para(doc, "{%p endif %}")

    core = doc.core_properties
    core.title = "信息专报（填报模板示例）"
    core.author = "unionbrief"
    core.last_modified_by = "unionbrief"
    core.revision = 1
    core.created = core.modified = core.last_printed = STAMP
    buf = io.BytesIO()
    doc.save(buf)
    return rezip(buf.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (("产改工作统计表.xlsx", statistics_workbook()),
                       ("简报模板.docx", briefing_document())):
        (OUT / name).write_bytes(data)
        print(f"wrote {OUT / name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
