"""Regenerate the binary default template report_templates/briefing.docx from code, byte-stable."""
from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from compiler.render.deterministic_zip import rezip  # noqa: E402
from compiler.render.docx.document import STATS_TABLE_CAPTION, _insert_ordered  # noqa: E402

OUT = ROOT / "report_templates" / "briefing.docx"

LATIN = "Times New Roman"
SONG, FANGSONG, HEI, KAI = "宋体", "仿宋", "黑体", "楷体"
RED = RGBColor(0xE6, 0x00, 0x12)
GREY = RGBColor(0x59, 0x59, 0x59)
# A4 with GB/T 9704-style margins: 156 mm of text width, 28 characters of 三号 per line.
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = dict(top=Mm(35), bottom=Mm(30), left=Mm(28), right=Mm(26))
TEXT_WIDTH = PAGE_W - MARGINS["left"] - MARGINS["right"]


@dataclass(frozen=True)
class Para:
    style_id: str
    name: str
    font: str
    size: float
    bold: bool = False
    color: RGBColor | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    first_indent: float = 0.0  # in characters of this size
    left_indent: float = 0.0  # in characters
    line: float | None = None  # exact line pitch in pt; None = single
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False


STYLES = [
    Para("UBHead", "简报-报头", SONG, 36, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
         before=6, after=6),
    Para("UBIssue", "简报-期号", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.CENTER, line=28, after=6),
    Para("UBEditor", "简报-编印", FANGSONG, 14, line=26, after=18),
    Para("UBTocTitle", "简报-要目标题", HEI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, line=28,
         after=6, keep_next=True),
    Para("UBTocSection", "简报-要目栏目", KAI, 14, bold=True, line=24, keep_next=True),
    # One line per item (the renderer cuts a title to the line): 14 pt for a short 要目,
    # 10.5 pt on a 12 pt pitch for a long one, so that 40 items fit under the masthead.
    Para("UBTocItem", "简报-要目", FANGSONG, 14, left_indent=2, first_indent=-1, line=24),
    Para("UBTocItemDense", "简报-要目（紧凑）", FANGSONG, 10.5, left_indent=1, first_indent=-1,
         line=12),
    Para("UBRule", "简报-分隔线", FANGSONG, 6, line=None, after=12),
    Para("UBH1", "简报-一级标题", HEI, 16, first_indent=2, line=28, before=12, keep_next=True),
    Para("UBItemTitle", "简报-条目标题", KAI, 16, bold=True, first_indent=2, line=28, before=6,
         keep_next=True),
    Para("UBItemMeta", "简报-条目单位", KAI, 14, first_indent=2, line=26, keep_next=True),
    Para("UBBody", "简报-正文", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=2,
         line=28),
    Para("UBFigures", "简报-数据", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=2,
         line=26),
    # 32 pt first-line indent: the source line starts where the 三号 body text does.
    Para("UBSource", "简报-来源", KAI, 12, color=GREY, first_indent=32 / 12, line=22, after=6),
    Para("UBCaption", "简报-表题", HEI, 14, align=WD_ALIGN_PARAGRAPH.CENTER, line=26, before=6,
         keep_next=True),
    Para("UBTableUnit", "简报-表单位", FANGSONG, 12, align=WD_ALIGN_PARAGRAPH.RIGHT, line=20,
         keep_next=True),
    Para("UBTable", "简报-表格", SONG, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, line=16),
    Para("UBTableHead", "简报-表头", HEI, 10.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line=16),
    Para("UBNote", "简报-表注", FANGSONG, 12, line=20, before=3),
    # The 版记 (GB/T 9704): 报/送/发 and the 印发 line, in a frame at the foot of the last page.
    # One style for all its lines: LibreOffice puts consecutive frame paragraphs in one frame
    # only when their borders agree.
    Para("UBDist", "简报-版记", FANGSONG, 14, left_indent=2, first_indent=-2, line=26,
         keep_next=True),
    Para("UBPageNum", "简报-页码", SONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER),
]
STYLE = {s.style_id: s for s in STYLES}


def set_fonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Explicit fonts for every script; theme attributes would override them, so drop those."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def border(parent, side: str, *, val="single", sz=4, color="000000", space=1) -> None:
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), val)
    el.set(qn("w:sz"), str(sz))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    parent.append(el)


def paragraph_borders(ppr, **sides) -> None:
    pbdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right", "between"):
        if side in sides:
            border(pbdr, side, **sides[side])
    # pBdr must precede spacing/ind/jc in CT_PPr; insert after pStyle/keepNext/keepLines.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)


def defaults(doc) -> None:
    """Document defaults: 仿宋 三号, Chinese as the East-Asian language, compressed punctuation."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, FANGSONG)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), "en-US")
    theme_lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = settings.find(qn("w:characterSpacingControl"))
    if spacing is not None:
        spacing.set(qn("w:val"), "compressPunctuation")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = LATIN
    # Every built-in style gets an East-Asian font too (headings in 黑体, the rest in 仿宋).
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) not in ("paragraph", "character", "table"):
            continue
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            style.append(rpr)
        style_id = style.get(qn("w:styleId")) or ""
        set_fonts(rpr, HEI if style_id.startswith(("Heading", "Title")) else FANGSONG)
    # Conditional table-style formats name theme fonts too; make them explicit as well.
    for fonts in styles.iter(qn("w:rFonts")):
        theme = fonts.get(qn("w:eastAsiaTheme")) or fonts.get(qn("w:asciiTheme"))
        if theme:
            set_fonts(fonts.getparent(), HEI if theme.startswith("major") else FANGSONG)


def add_styles(doc) -> None:
    for spec in STYLES:
        style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), spec.style_id)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        font = style.font
        font.size = Pt(spec.size)
        font.bold = spec.bold
        if spec.color is not None:
            font.color.rgb = spec.color
        set_fonts(style.element.get_or_add_rPr(), spec.font)
        pf = style.paragraph_format
        pf.alignment = spec.align if spec.align is not None else WD_ALIGN_PARAGRAPH.LEFT
        pf.space_before = Pt(spec.before)
        pf.space_after = Pt(spec.after)
        pf.keep_with_next = spec.keep_next
        pf.widow_control = True
        if spec.line:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(spec.line)
        else:
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # Indents in characters (w:firstLineChars) keep the two-character indent at any size.
        ind = OxmlElement("w:ind")
        if spec.left_indent:
            ind.set(qn("w:leftChars"), str(int(spec.left_indent * 100)))
            ind.set(qn("w:left"), str(int(spec.left_indent * spec.size * 20)))
        if spec.first_indent > 0:
            ind.set(qn("w:firstLineChars"), str(int(spec.first_indent * 100)))
            ind.set(qn("w:firstLine"), str(int(spec.first_indent * spec.size * 20)))
        elif spec.first_indent < 0:
            ind.set(qn("w:hangingChars"), str(int(-spec.first_indent * 100)))
            ind.set(qn("w:hanging"), str(int(-spec.first_indent * spec.size * 20)))
        ppr = style.element.get_or_add_pPr()
        if ind.attrib:
            old = ppr.find(qn("w:ind"))
            if old is not None:
                ppr.remove(old)
            jc = ppr.find(qn("w:jc"))
            if jc is not None:
                jc.addprevious(ind)
            else:
                ppr.append(ind)
    ed = doc.styles["简报-编印"]
    ed.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    # The red rule under the masthead, and the thin rules that frame the distribution list
    # (Word and LibreOffice draw one frame around consecutive paragraphs with equal borders).
    paragraph_borders(ed.element.get_or_add_pPr(), bottom=dict(sz=18, color="E60012", space=4))
    paragraph_borders(doc.styles["简报-分隔线"].element.get_or_add_pPr(),
                      bottom=dict(sz=6, color="000000", space=1))
    # GB/T 9704: a rule under each element of the 版记; the first and last thick (0.35 mm),
    # those between thin (0.25 mm). The 印发 date stands flush right.
    dist = doc.styles["简报-版记"]
    dist.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    paragraph_borders(dist.element.get_or_add_pPr(), top=dict(sz=8, space=1),
                      bottom=dict(sz=8, space=1), between=dict(sz=6, space=1))


def para(container, style_id: str, *runs: str | tuple[str, dict]):
    """A paragraph of the given style whose runs all carry explicit fonts."""
    spec = STYLE[style_id]
    p = container.add_paragraph(style=spec.name)
    for run in runs:
        text, fmt = (run, {}) if isinstance(run, str) else run
        r = p.add_run(text)
        set_fonts(r._r.get_or_add_rPr(), fmt.get("font", spec.font))
        if fmt.get("bold"):
            r.bold = True
    return p


def at_page_foot(p) -> None:
    """Put the paragraph in a frame at the bottom of the text area of its page. Consecutive
    paragraphs with the same frame share it (Word and LibreOffice), so the 版记 stays one block
    whatever the length of the last page; body text never runs beside or under it."""
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:w"), str(int(TEXT_WIDTH) // 635))  # EMU -> twips
    frame.set(qn("w:wrap"), "notBeside")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:yAlign"), "bottom")
    ppr = p._p.get_or_add_pPr()
    style = ppr.find(qn("w:pStyle"))
    if style is not None:  # CT_PPr's sequence: pStyle, keepNext, keepLines, pageBreakBefore, framePr
        style.addnext(frame)
    else:
        ppr.insert(0, frame)


def tag(container, text: str):
    """A control paragraph ({%p ... %}); docxtpl removes it, the style only matters to editors."""
    return para(container, "UBBody", text)


def cell_text(cell, style_id: str, text: str, *, bold: bool = False) -> None:
    cell.paragraphs[0].style = STYLE[style_id].name
    r = cell.paragraphs[0].add_run(text)
    set_fonts(r._r.get_or_add_rPr(), STYLE[style_id].font)
    if bold:
        r.bold = True


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def stats_table(doc) -> None:
    """Units x categories; tc loops make one column per category the report has."""
    t = doc.add_table(rows=6, cols=5)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    tblpr = t._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), STATS_TABLE_CAPTION)
    _insert_ordered(tblpr, caption)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border(borders, side, sz=8 if side in ("top", "bottom") else 4, space=0)
    _insert_ordered(tblpr, borders)
    header, for_row, row, end_row, total, = t.rows[0], t.rows[1], t.rows[2], t.rows[3], t.rows[4]
    texts = [
        (header, "UBTableHead", ["单位", "稿件数", "{%tc for c in table.columns %}", "{{ c.label }}",
                                 "{%tc endfor %}"], False),
        (for_row, "UBTable", ["{%tr for r in table.rows %}", "", "", "", ""], False),
        (row, "UBTable", ["{{ r.name }}", "{{ r.articles }}", "{%tc for n in r.counts %}",
                          "{{ n }}", "{%tc endfor %}"], False),
        (end_row, "UBTable", ["{%tr endfor %}", "", "", "", ""], False),
        (total, "UBTable", ["{{ table.total.name }}", "{{ table.total.articles }}",
                            "{%tc for n in table.total.counts %}", "{{ n }}",
                            "{%tc endfor %}"], True),
    ]
    for tr, style_id, values, bold in texts:
        for cell, value in zip(tr.cells, values):
            cell_text(cell, style_id, value, bold=bold)
    for cell in header.cells:
        shade(cell, "F2F2F2")
    for cell in total.cells:
        shade(cell, "F2F2F2")
    # The total row only exists when the briefing has one: wrap it in a tr-level if.
    end_if = t.rows[5]
    cell_text(end_if.cells[0], "UBTable", "{%tr endif %}")
    tr_if = t.add_row()
    cell_text(tr_if.cells[0], "UBTable", "{%tr if table.total %}")
    total._tr.addprevious(tr_if._tr)
    # Repeat the header row on every page; keep rows whole.
    trpr = header._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for tr in t.rows:
        trpr = tr._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int(Mm(8).pt * 20)))
        height.set(qn("w:hRule"), "atLeast")
        trpr.append(height)
        for cell in tr.cells:
            valign = OxmlElement("w:vAlign")
            valign.set(qn("w:val"), "center")
            cell._tc.get_or_add_tcPr().append(valign)
    widths = [Mm(30), Mm(18), Mm(10), Mm(98), Mm(0) + Mm(10)]
    for tr in t.rows:
        for cell, w in zip(tr.cells, widths):
            cell.width = w


def page_number_footer(section) -> None:
    footer = section.footer
    p = footer.paragraphs[0]
    p.style = STYLE["UBPageNum"].name

    def run(text: str | None = None, fld: str | None = None, instr: str | None = None) -> None:
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        set_fonts(rpr, SONG)
        r.append(rpr)
        if fld:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), fld)
            r.append(el)
        elif instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r.append(el)
        else:
            el = OxmlElement("w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            r.append(el)
        p._p.append(r)

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


def drop_boilerplate_parts(doc) -> None:
    """python-docx's skeleton carries an English thumbnail and a second, unused style sheet."""
    unwanted = ("/thumbnail", "/stylesWithEffects")
    for source in (doc.part.package, doc.part):
        rels = source.rels
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(unwanted):
                del rels[r_id]
                rels._target_parts_by_rId.pop(r_id, None)


def build() -> bytes:
    doc = Document()
    defaults(doc)
    add_styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance, section.footer_distance = Mm(15), Mm(18)
    page_number_footer(section)
    body = doc
    # python-docx starts from an empty paragraph only in some versions; start clean.
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)

    # Masthead (红头).
    para(body, "UBHead", "{{ bulletin_name }}")
    para(body, "UBIssue", "{{ issue_no }}")
    para(body, "UBEditor", "{{ editor }}", "\t", "{{ date_line }}")
    # 本期要目.
    para(body, "UBTocTitle", "本期要目")
    # One line per entry, cut to fit by the renderer (compiler/render/docx_toc.py).
    tag(body, "{%p for line in toc.lines %}")
    tag(body, "{%p if line.heading %}")
    para(body, "UBTocSection", "{{ line.text }}")
    tag(body, "{%p elif toc.dense %}")
    para(body, "UBTocItemDense", "◆", "{{ line.text }}")
    tag(body, "{%p else %}")
    para(body, "UBTocItem", "◆", "{{ line.text }}")
    tag(body, "{%p endif %}")
    tag(body, "{%p endfor %}")
    para(body, "UBRule")
    # 一、总体情况.
    para(body, "UBH1", "{{ overview_heading }}")
    para(body, "UBBody", "{{ overview }}")
    # 二、三、… one section per category.
    tag(body, "{%p for s in sections %}")
    para(body, "UBH1", "{{ s.heading }}")
    tag(body, "{%p for it in s.entries %}")
    para(body, "UBItemTitle", "{{ it.number }}{{ it.title }}")
    tag(body, "{%p if it.meta %}")
    para(body, "UBItemMeta", "{{ it.meta }}")
    tag(body, "{%p endif %}")
    tag(body, "{%p if it.summary %}")
    para(body, "UBBody", "{{ it.summary }}")
    tag(body, "{%p endif %}")
    tag(body, "{%p if it.figures_line %}")
    para(body, "UBFigures", "{{ it.figures_line }}")
    tag(body, "{%p endif %}")
    tag(body, "{%p if it.source_line %}")
    para(body, "UBSource", "{{ it.source_line }}")
    tag(body, "{%p endif %}")
    tag(body, "{%p endfor %}")
    tag(body, "{%p endfor %}")
    # Statistics.
    tag(body, "{%p if table.rows or table.total %}")
    para(body, "UBH1", "{{ stats_heading }}")
    para(body, "UBCaption", "各单位稿件分类统计表")
    para(body, "UBTableUnit", "单位：篇")
    stats_table(doc)
    para(body, "UBNote", "注：“稿件数”为本期收录的报道篇数，各类别列为相应工作类别的稿件数。")
    tag(body, "{%p endif %}")
    # 版记: 报、送、发, then the 印发 line, at the foot of the last page.
    tag(body, "{%p for d in distribution %}")
    at_page_foot(para(body, "UBDist", ("{{ d.key }}：", {"font": HEI}), "{{ d.names }}"))
    tag(body, "{%p endfor %}")
    at_page_foot(para(body, "UBDist", "{{ editor }}", "\t", "{{ print_date }}印发"))
    # Keep the trailing section properties last (python-docx appends paragraphs before sectPr).

    drop_boilerplate_parts(doc)
    core = doc.core_properties
    core.title = "工作简报（默认模板）"
    core.author = "unionbrief"
    core.last_modified_by = "unionbrief"
    core.subject = ""
    core.comments = "由 scripts/make_templates.py 生成；可在 Word 中修改样式后作为用户模板使用。"
    core.keywords = "工作简报"
    core.language = "zh-CN"
    core.revision = 1
    core.created = core.modified = core.last_printed = datetime(2000, 1, 1)
    buf = io.BytesIO()
    doc.save(buf)
    return rezip(buf.getvalue())


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
