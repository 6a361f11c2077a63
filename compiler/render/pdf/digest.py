"""PDF digest (.pdf): cover, contents and bookmarks, section digests, chart, table, 第 X 页 共 Y 页."""
from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any, Iterator

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from compiler.libs.reportlab_private import (
    append_code,
    captured_code,
    defer_save,
    frame_y,
    kept_together,
    page_objects,
    pdf_document,
    table_cells,
)
from compiler.model.briefing import Briefing
from compiler.present.options import RenderOptions
from compiler.present.templates import Snippets, load_style
from compiler.present.view import build_view, table_widths
from compiler.render.pdf.chart import BarChart
from compiler.render.pdf.encode import encoder
from compiler.render.pdf.fonts import find_fonts
from compiler.render.pdf.foot import AtPageFoot, banji
from compiler.render.pdf.paragraphs import paragraph_styles
from compiler.render.pdf.style import PdfStyle
from compiler.render.pdf.text import Bookmark, ContentsEntry, TextBlock

STYLE_FILE = "pdf_style.yaml"
# A line of a page stream standing for what only the finished layout knows (a contents entry's
# page, 共 Y 页); no drawing operator, and no text (strings are escaped, never a line of their
# own), starts with it.
_HOLE = "%unionbrief:"
# Found by its literal start, which the regex engine searches for fast; anchoring at line
# starts (^ with re.M) made it test every position of every page, a thirtieth of a digest.
_HOLES = re.compile(r"%unionbrief:(?:toc|page)\d+")


def _para(text: str, style: ParagraphStyle, toc: tuple[int, str, str] | None = None,
          listed: bool = True) -> TextBlock:
    """toc = (level, text, key) makes the paragraph a bookmark, and a contents entry if `listed`.

    The text is drawn as it is: nothing in it is read as markup.
    """
    return TextBlock(text, style, Bookmark(*toc, listed) if toc else None)


class _Frame(Frame):
    def __deepcopy__(self, memo):
        # KeepTogether measures its content in a deep copy of the frame, once per wrap; the
        # frame holds numbers, strings and lists, and only the lists need copies of their own.
        clone = copy.copy(self)
        for key, value in self.__dict__.items():
            if isinstance(value, (list, dict)):
                clone.__dict__[key] = copy.deepcopy(value, memo)
        return clone


class _Doc(BaseDocTemplate):
    """Adds bookmarks, and draws what only the finished layout knows in one pass.

    Those are the contents entries' page numbers and 共 Y 页: where one goes, a placeholder line
    is left in the page stream, and filled in when the last page is done.
    """

    def __init__(self, *, font: str, style: PdfStyle, view: dict[str, Any], snippet: Snippets,
                 **kw: Any):
        m = style.page.margin_mm
        super().__init__(io.BytesIO(), pagesize=A4, invariant=1, lang="zh-CN", initialFontName=font,
                         initialFontSize=style.sizes.body,
                         leftMargin=m.left * mm, rightMargin=m.right * mm, topMargin=m.top * mm,
                         bottomMargin=m.bottom * mm, **kw)
        self.font, self.style, self.view, self.snippet = font, style, view, snippet
        frame = _Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="main",
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame]),
                               PageTemplate("body", [frame], onPage=self._header_footer)])
        self._pages = 0
        self._bookmark_pages: dict[str, int] = {}
        self._entries: list[tuple[ContentsEntry, float, float]] = []  # page numbers to draw
        self._footer_pages: list[int] = []
        self._text: dict[str, str] = {}  # what the story draws in each font (beforeDocument)

    def build_digest(self, story: list) -> bytes:
        defer_save(self)  # saved below, once the placeholders are filled in
        by_font: dict[str, list[str]] = {}
        for font, text in _story_text(story):
            by_font.setdefault(font, []).append(text)
        self._text = {font: "".join(texts) for font, texts in by_font.items()}
        self.build(story)
        self._fill_in()
        self.canv.save()
        return self.filename.getvalue()

    def _fill_in(self) -> None:
        """Replace each placeholder line of the page streams with what it stands for."""
        canv = self.canv
        code: dict[str, str] = {}
        for i, (entry, x_end, y) in enumerate(self._entries):
            with captured_code(canv) as lines:
                entry.draw_page_number(canv, x_end, y, self._bookmark_pages[entry.key])
            code[f"{_HOLE}toc{i}"] = "\n".join(lines)
        for page in self._footer_pages:
            with captured_code(canv) as lines:
                self._draw_footer(canv, page, self._pages)
            code[f"{_HOLE}page{page}"] = "\n".join(lines)
        for page in page_objects(canv):
            if _HOLE in page.stream:
                page.stream = _HOLES.sub(lambda m: _filled(m, code), page.stream)

    def leave_page_number(self, entry: ContentsEntry, x_end: float, y: float) -> None:
        """A placeholder for a contents entry's dots and page number (drawn by _fill_in)."""
        append_code(self.canv, f"{_HOLE}toc{len(self._entries)}")
        self._entries.append((entry, x_end, y))

    def beforeDocument(self):
        head = f"{self.view['bulletin_name']}{self.view['issue_no']}{self.view['period']['label']}"
        foot = self.snippet("page_number.j2", page=1, pages=1)
        # Each font's subsets hold only the characters drawn in it; the running head and the
        # page numbers are in the body font.
        drawn = dict(self._text)
        drawn[self.font] = drawn.get(self.font, "") + head + foot
        for font, text in drawn.items():
            encoder(pdf_document(self.canv), font).prime(text)

    def afterPage(self):
        self._pages = self.page

    def afterFlowable(self, flowable):
        mark = getattr(flowable, "bookmark", None)
        if mark:
            self.canv.bookmarkHorizontalAbsolute(mark.key, top=frame_y(self.frame) + flowable.height + 12)
            self.canv.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=False)
            self._bookmark_pages[mark.key] = self.page

    def _draw_footer(self, canv, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFont(self.font, self.style.sizes.header_footer)
        canv.setFillColor(colors.HexColor(self.style.colors.muted))
        text = self.snippet("page_number.j2", page=page, pages=pages)
        canv.drawCentredString(self.pagesize[0] / 2, self.bottomMargin / 2, text)
        canv.restoreState()

    def _header_footer(self, canv, doc):
        s, c = self.style.sizes, self.style.colors
        top = self.pagesize[1] - self.topMargin + 6 * mm
        canv.saveState()
        canv.setFont(self.font, s.header_footer)
        canv.setFillColor(colors.HexColor(c.muted))
        canv.drawString(self.leftMargin, top + 2, self.view["bulletin_name"])
        right = self.view["issue_no"]
        if self.view["period"]["label"] not in right:
            right = f"{right}　{self.view['period']['label']}"
        canv.drawRightString(self.leftMargin + self.width, top + 2, right)
        canv.setStrokeColor(colors.HexColor(c.accent))
        canv.setLineWidth(0.8)
        canv.line(self.leftMargin, top - 1, self.leftMargin + self.width, top - 1)
        canv.restoreState()
        # 共 Y 页 is known at the end: a placeholder now, filled in by _fill_in
        self._footer_pages.append(self.page)
        append_code(canv, f"{_HOLE}page{self.page}")


def _filled(hole: re.Match, code: dict[str, str]) -> str:
    """What a placeholder line stands for; the same characters inside a line are left alone."""
    stream, start, end = hole.string, hole.start(), hole.end()
    if (start and stream[start - 1] != "\n") or (end < len(stream) and stream[end] != "\n"):
        return hole.group(0)
    return code[hole.group(0)]


def _cover(v: dict[str, Any], st: dict[str, ParagraphStyle], accent: colors.Color) -> list:
    sections = len(v["sections"])
    units = sum(1 for r in v["table"]["rows"] if r["articles"])  # zero rows are no units "涉及"
    facts = f"本期收录稿件 {v['item_count']} 篇，分 {sections} 个工作类别"
    if units:
        facts += f"，涉及 {units} 个单位"
    return [
        Spacer(1, 40 * mm),
        _para(v["bulletin_name"], st["cover_title"]),
        Spacer(1, 4 * mm),
        _para(v["issue_no"], st["cover_sub"]),
        Spacer(1, 6 * mm),
        HRFlowable(width="100%", thickness=2.2, color=accent, spaceAfter=1.5),
        HRFlowable(width="100%", thickness=0.6, color=accent, spaceAfter=18 * mm),
        _para(f"{v['unit']['name']}　{v['period']['label']}工作动态摘要", st["cover_sub"]),
        Spacer(1, 6 * mm),
        _para(facts + "。", st["cover_muted"]),
        Spacer(1, 70 * mm),
        _para(v["editor"], st["cover_text"]),
        _para(v["date_line"], st["cover_text"]),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _story_text(flowables: list) -> Iterator[tuple[str, str]]:
    """(font, text) the story's flowables draw, in order (not the contents' dots and numbers)."""
    for f in flowables:
        if isinstance(f, TextBlock):
            yield f.style.fontName, f.text
        elif isinstance(f, BarChart):
            yield from ((f.font, label) for label in f.labels)
        elif isinstance(f, Table):
            for row in table_cells(f):
                yield from _story_text(row)
        elif isinstance(f, KeepTogether):
            yield from _story_text(kept_together(f) or [])
        elif isinstance(f, AtPageFoot):
            yield from _story_text(f.content)


def _contents(story: list, st: dict[str, ParagraphStyle]) -> list:
    """目录: an entry for every listed bookmark of the story, in its order."""
    entries = []
    for flowable in story:
        for f in kept_together(flowable) or [flowable]:
            mark = getattr(f, "bookmark", None)
            if mark and mark.listed:
                entries.append(ContentsEntry(mark.title, st[f"toc{min(mark.level, 1)}"], mark.key))
    return [_para("目　　录", st["toc_title"], toc=(0, "目录", "toc"), listed=False), *entries,
            PageBreak()]


def _totals_table(v: dict[str, Any], st: dict[str, ParagraphStyle], width: float,
                  pst: PdfStyle) -> list:
    out: list = []
    if v["totals"]:
        rows = [[_para("指标", st["cell"]), _para("合计", st["cell"])]]
        rows += [[_para(t["label"], st["cell_left"]), _para(t["display"], st["cell"])]
                 for t in v["totals"]]
        t = Table(rows, colWidths=[width * 0.35, width * 0.25], hAlign="CENTER", repeatRows=1)
        t.setStyle(_grid_style(pst, st["cell"].fontName, header_rows=1, total_row=False))
        out += [_para("本期稿件涉及的主要数据（当期已完成数，同类相加）", st["caption"]), t]
    if v["standing"]:  # running and standing totals: as reported, never added
        rows = [[_para(h, st["cell"]) for h in ("单位", "指标", "最新报告值", "截至")]]
        rows += [[_para(n["union"], st["cell_left"]), _para(n["label"], st["cell_left"]),
                  _para(n["display"], st["cell"]), _para(n["date"], st["cell"])]
                 for n in v["standing"]]
        t = Table(rows, colWidths=[width * w for w in (0.34, 0.26, 0.2, 0.2)], repeatRows=1)
        t.setStyle(_grid_style(pst, st["cell"].fontName, header_rows=1, total_row=False))
        out += [_para("累计数与现有数（各单位最新报告值，不相加）", st["caption"]), t]
    return out


def _grid_style(pst: PdfStyle, font: str, header_rows: int, total_row: bool) -> TableStyle:
    c = pst.colors
    cmds: list = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # the cell default would pull in Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(c.grid)),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.HexColor(c.text)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor(c.table_header)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if total_row:
        cmds.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor(c.table_total)))
        cmds.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.HexColor(c.text)))
    return TableStyle(cmds)


def _chart(v: dict[str, Any], font: str, width: float, pst: PdfStyle) -> list:
    data = v["chart"]
    if not data:
        return []
    height = min(pst.chart.max_height_mm * mm, len(data) * pst.chart.bar_height_mm * mm + 30)
    return [BarChart([d["label"] for d in data], [d["count"] for d in data], font=font,
                     size=pst.sizes.table, width=width, height=height,
                     bar_color=colors.HexColor(pst.colors.accent),
                     text_color=colors.HexColor(pst.colors.text),
                     axis_color=colors.HexColor(pst.colors.muted))]


def _stats_table(v: dict[str, Any], st: dict[str, ParagraphStyle], width: float,
                 pst: PdfStyle) -> list:
    table = v["table"]
    if not (table["rows"] or table["total"]):
        return []
    widths = table_widths(table, width, char=pst.sizes.table, pad=3)
    head = [_para("单位", st["cell"]), _para("稿件数", st["cell"])]
    head += [_para(c["label"], st["cell"]) for c in table["columns"]]
    body = [[_para(r["name"], st["cell_left"]), _para(str(r["articles"]), st["cell"])]
            + [_para(str(n), st["cell"]) for n in r["counts"]] for r in table["rows"]]
    if table["total"]:
        t = table["total"]
        body.append([_para(t["name"], st["cell_left"]), _para(str(t["articles"]), st["cell"])]
                    + [_para(str(n), st["cell"]) for n in t["counts"]])
    grid = Table([head] + body, colWidths=widths, repeatRows=1, hAlign="CENTER")
    grid.setStyle(_grid_style(pst, st["cell"].fontName, header_rows=1,
                              total_row=bool(table["total"])))
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 3),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    return [_para("各单位稿件分类统计表（单位：篇）", st["caption"]), grid]


def _story(v: dict[str, Any], font: str, pst: PdfStyle, width: float, height: float,
           head: str) -> list:
    st = paragraph_styles(pst, font, head)
    accent = colors.HexColor(pst.colors.accent)
    story: list = []
    heading = v["overview_heading"]
    story.append(_para(heading, st["heading"], toc=(0, heading, "overview")))
    story.append(_para(v["overview"], st["body"]))
    story += _totals_table(v, st, width, pst)
    for i, sec in enumerate(v["sections"]):
        story.append(CondPageBreak(40 * mm))
        story.append(_para(sec["heading"], st["heading"], toc=(0, sec["heading"], f"s{i}")))
        for j, it in enumerate(sec["entries"]):
            # Title and meta keep with the next flowable (their styles' keepWithNext): platypus
            # keeps the three together, so that no title is left at the foot of a page without
            # its text. (A KeepTogether of title and meta is not grouped that way.)
            story.append(_para(f"{it['number']}{it['title']}", st["item_title"],
                               toc=(1, it["title"], f"s{i}-{j}")))
            if it["meta"]:
                story.append(_para(it["meta"], st["meta"]))
            if it["summary"]:
                story.append(_para(it["summary"], st["body"]))
            if it["figures_line"]:
                story.append(_para(it["figures_line"], st["figures"]))
            if it["source_line"]:
                story.append(_para(it["source_line"], st["source"]))
    stats = _chart(v, font, width, pst) + _stats_table(v, st, width, pst)
    if stats:
        story.append(CondPageBreak(80 * mm))
        story.append(_para(v["stats_heading"], st["heading"], toc=(0, v["stats_heading"], "stats")))
        if v["chart"]:
            story.append(_para("各类别稿件数（单位：篇）", st["caption"]))
        story += stats
    story.append(banji(v, st["dist"], colors.HexColor(pst.colors.text), width, height))
    return _cover(v, st, accent) + _contents(story, st) + story


def prepare(options: RenderOptions) -> None:
    """Read the style and load the font once for all digests."""
    pst = load_style(STYLE_FILE, PdfStyle, options)
    find_fonts(options.font_path, pst.font_candidates(), pst.heading_font_candidates())


def render(briefing: Briefing, out_path: Path, options: RenderOptions) -> None:
    pst = load_style(STYLE_FILE, PdfStyle, options)
    font, head = find_fonts(options.font_path, pst.font_candidates(),
                            pst.heading_font_candidates())
    view = build_view(briefing, options)
    doc = _Doc(font=font, style=pst, view=view, snippet=Snippets(options),
               title=f"{view['bulletin_name']} {view['issue_no']}",
               author=view["editor"],
               subject=f"{view['unit']['name']}{view['period']['label']}工作动态摘要",
               creator="unionbrief", keywords=["工作简报", view["unit"]["name"]])
    # Binary (deflated) streams without the ASCII85 layer: a smaller file, and encoding it was
    # a fifth of the time spent writing one.
    saved_a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        data = doc.build_digest(_story(view, font, pst, doc.width, doc.height, head))
    finally:
        rl_config.useA85 = saved_a85
    Path(out_path).write_bytes(data)
