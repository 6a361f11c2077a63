"""PDF digest (.pdf): cover, contents and bookmarks, section digests, chart, table, 第 X 页 共 Y 页."""
from __future__ import annotations

import copy
import io
import re
from ast import literal_eval
from functools import partial
from pathlib import Path
from typing import Any, Callable
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether,
                                NextPageTemplate, PageBreak, PageTemplate, Spacer, Table,
                                TableStyle)
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus import tableofcontents
from reportlab.platypus.tableofcontents import TableOfContents

from ..briefing import Briefing
from .base import RenderError, RenderOptions
from .context import build_view, table_widths
from .fonts import find_font
from .pdf_style import PdfStyle
from .pdf_wrap import KinsokuParagraph
from .templates import Snippets, load_style

STYLE_FILE = "pdf_style.yaml"
# A line of a page stream standing for what build_once can only draw at the end; no drawing
# operator, and no text (strings are escaped, never a line of their own), starts with it.
_HOLE = "%unionbrief:"
_HOLES = re.compile(r"^%unionbrief:(?:toc|page)\d+$", re.M)


def _para(text: str, style: ParagraphStyle, toc: tuple[int, str, str] | None = None,
          listed: bool = True) -> Flowable:
    """Article text is escaped: reportlab's markup (<b>, &amp;) must never come from the data.

    toc = (level, text, key) makes the paragraph a bookmark, and a contents line when `listed`.
    """
    p = KinsokuParagraph(escape(text), style)
    if toc:
        p._ub_toc = (*toc, listed)  # picked up by _Doc.afterFlowable
    return p


def _styles(st: PdfStyle, font: str) -> dict[str, ParagraphStyle]:
    c, s = st.colors, st.sizes

    def ps(name: str, size: float, color: str = c.text, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * st.leading)
        return ParagraphStyle(name, fontName=font, fontSize=size, textColor=colors.HexColor(color),
                              wordWrap="CJK", **kw)

    return {
        "cover_title": ps("cover_title", s.cover_title, c.accent, alignment=TA_CENTER,
                          leading=s.cover_title * 1.3),
        "cover_sub": ps("cover_sub", s.cover_subtitle, alignment=TA_CENTER),
        "cover_text": ps("cover_text", s.cover_text, alignment=TA_CENTER),
        "cover_muted": ps("cover_muted", s.cover_text, c.muted, alignment=TA_CENTER),
        "toc_title": ps("toc_title", s.heading + 2, c.accent, alignment=TA_CENTER, spaceAfter=12),
        "heading": ps("heading", s.heading, c.accent, spaceBefore=10, spaceAfter=6,
                      keepWithNext=1),
        "item_title": ps("item_title", s.item_title, spaceBefore=8, spaceAfter=2, keepWithNext=1),
        "meta": ps("meta", s.small, c.muted, spaceAfter=3, keepWithNext=1),
        "body": ps("body", s.body, alignment=TA_JUSTIFY, firstLineIndent=2 * s.body),
        "figures": ps("figures", s.small, alignment=TA_JUSTIFY, spaceBefore=3,
                      leftIndent=2 * s.body),
        "source": ps("source", s.small, c.muted, alignment=TA_RIGHT, spaceBefore=2, spaceAfter=4),
        "caption": ps("caption", s.body, alignment=TA_CENTER, spaceBefore=8, spaceAfter=4,
                      keepWithNext=1),
        "cell": ps("cell", s.table, alignment=TA_CENTER, leading=s.table * 1.35),
        "cell_left": ps("cell_left", s.table, alignment=TA_LEFT, leading=s.table * 1.35),
        "note": ps("note", s.small, c.muted),
        "dist": ps("dist", s.small, leftIndent=2 * s.small, firstLineIndent=-2 * s.small),
        "toc0": ps("toc0", s.body, leftIndent=0, spaceBefore=4),
        "toc1": ps("toc1", s.small, c.muted, leftIndent=2 * s.body, firstLineIndent=0),
    }


def _skip_drawing(*args: Any, **kw: Any) -> None:
    pass


class _Frame(Frame):
    """A frame that, in a layout-only pass, places flowables without drawing them."""

    def _add(self, flowable, canv, trySplit=0):
        if not getattr(canv, "_ub_layout_only", False):
            return super()._add(flowable, canv, trySplit)
        # An instance attribute hides the method for this one call (Drawing refuses setattr).
        flowable.__dict__["drawOn"] = _skip_drawing
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add  # Frame.add is an alias of Frame._add, bound when Frame was defined

    def __deepcopy__(self, memo):
        # KeepTogether measures its content in a deep copy of the frame, once per wrap; the
        # frame holds numbers, strings and lists, and only the lists need copies of their own.
        clone = copy.copy(self)
        for key, value in self.__dict__.items():
            if isinstance(value, (list, dict)):
                clone.__dict__[key] = copy.deepcopy(value, memo)
        return clone


class _Doc(BaseDocTemplate):
    """Adds bookmarks and contents entries, and draws the numbers only the finished layout knows.

    Those are the contents' page numbers and 共 Y 页. build_once() lays the document out once,
    leaving a placeholder line in the page stream wherever one goes, and fills them in when the
    last page is done; when that cannot be trusted, multiBuild() passes until they settle (the
    page count of the previous pass is kept for 共 Y 页).
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
        self.known_total = 0  # pages of the previous pass, for "共 Y 页"
        self.drawn_total = 0
        self._pages = 0
        self._pass = 0
        self._seeded = False
        self.layout_only = False
        self.deferred = False  # build_once: those numbers are placeholders until the end
        self._marks: list[tuple] = []  # where each contents entry's page number goes
        self._footer_pages: list[int] = []

    def seed_contents(self, story: list) -> bool:
        """Give the contents its entries before the first pass, with page 0 for every page.

        The contents then takes its final size in the first pass: build_once() needs nothing
        more. Under multiBuild the page numbers settle in the second pass; and since no entry is
        on page 0 the first pass cannot be the last one, so it only lays out (nothing is drawn
        into a canvas that is thrown away).
        """
        entries = []
        for flowable in story:
            for f in getattr(flowable, "_content", None) or [flowable]:  # into KeepTogether
                toc = getattr(f, "_ub_toc", None)
                if toc and toc[3]:
                    entries.append((toc[0], escape(toc[1]), 0, toc[2]))
        contents = [f for f in story if isinstance(f, TableOfContents)]
        for c in contents:
            c._entries = list(entries)
        self._pass = 0
        self._seeded = bool(entries and contents)
        return self._seeded

    def build_once(self, story: list) -> bool:
        """One pass for a seeded story; False, the output unusable, if the contents did not
        come out as seeded (an entry split or missing: then multiBuild has to settle it)."""
        contents = [f for f in story if isinstance(f, _Contents)]
        if len(contents) != 1:
            return False
        toc = contents[0]
        toc.beforeBuild()  # as multiBuild does: the seeded entries are the ones laid out
        self._indexingFlowables = [toc]
        self._marks, self._footer_pages = [], []
        self._doSave = 0  # saved below, once the numbers are in
        self._pages = 0
        self.deferred = True
        try:
            BaseDocTemplate.build(self, story)
        finally:
            self.deferred = False
        drawn = [(level, text, key) for level, text, _, key in toc._lastEntries]
        found = [(level, text, key) for level, text, _, key in toc._entries]
        if found != drawn or sorted(m[0] for m in self._marks) != sorted(k for *_, k in found):
            return False
        self._fill_in({key: page for _, _, page, key in toc._entries})
        self.canv.save()
        return True

    def _fill_in(self, pages: dict[str, int]) -> None:
        """Replace each placeholder line of the page streams with what it stands for, drawn
        exactly as multiBuild's last pass would have drawn it there."""
        canv = self.canv
        code: dict[str, str] = {}
        saved = canv._code
        try:
            for i, (key, x, y, style, width, height, dot) in enumerate(self._marks):
                canv._code = []
                canv._curr_tx_info = {"cur_x": x, "cur_y": y}
                tableofcontents.drawPageNumbers(canv, style, [(pages[key], None)], width, height,
                                                dot)
                code[f"{_HOLE}toc{i}"] = "\n".join(canv._code)
            for page in self._footer_pages:
                canv._code = []
                self._draw_footer(canv, page, self._pages)
                code[f"{_HOLE}page{page}"] = "\n".join(canv._code)
        finally:
            canv._code = saved
        for page in canv._doc.Pages.pages:
            if _HOLE in page.stream:
                page.stream = _HOLES.sub(lambda m: code[m.group(0)], page.stream)

    def mark_contents_entry(self, toc: TableOfContents, width: float, height: float, canvas,
                            kind: str, label: str) -> None:
        """drawTOCEntryEnd for build_once: a placeholder for the dots and page number (filled
        in by _fill_in), and the link over the place they take."""
        _, level, key = label.split(",")
        key = literal_eval(key)
        style = toc.getLevelStyle(int(level))
        dot = " . " if toc.dotsMinLevel >= 0 and int(level) >= toc.dotsMinLevel else ""
        x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
        canvas._code.append(f"{_HOLE}toc{len(self._marks)}")
        self._marks.append((key, x, y, style, width, height, dot))
        if key:
            canvas.linkRect("", key, (x, y, width, y + style.leading), relative=1)

    def beforeDocument(self):
        self.canv._ub_layout_only = self.layout_only

    def build(self, flowables, **kw):  # called once per pass by multiBuild
        self._pass += 1
        self.layout_only = self._seeded and self._pass == 1
        self.drawn_total = self.known_total
        self._pages = 0
        super().build(flowables, **kw)
        self.known_total = self._pages

    def afterPage(self):
        self._pages = self.page

    def afterFlowable(self, flowable):
        toc = getattr(flowable, "_ub_toc", None)
        if toc:
            level, text, key, listed = toc
            self.canv.bookmarkHorizontalAbsolute(key, top=self.frame._y + flowable.height + 12)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)
            if listed:
                self.notify("TOCEntry", (level, escape(text), self.page, key))

    def _footer(self, canv, doc):
        if self.deferred:
            self._footer_pages.append(self.page)
            canv._code.append(f"{_HOLE}page{self.page}")
            return
        # multiBuild: the first pass does not know the total yet, a later one redraws it
        self._draw_footer(canv, self.page, self.drawn_total or self.page)

    def _draw_footer(self, canv, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFont(self.font, self.style.sizes.header_footer)
        canv.setFillColor(colors.HexColor(self.style.colors.muted))
        text = self.snippet("page_number.j2", page=page, pages=pages)
        canv.drawCentredString(self.pagesize[0] / 2, self.bottomMargin / 2, text)
        canv.restoreState()

    def _header_footer(self, canv, doc):
        if self.layout_only:
            return
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
        self._footer(canv, doc)


def _cover(v: dict[str, Any], st: dict[str, ParagraphStyle], accent: colors.Color) -> list:
    sections = len(v["sections"])
    units = len(v["table"]["rows"])
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


class _Contents(TableOfContents):
    """Contents whose entries wrap by the Chinese line-breaking rules too."""

    def wrap(self, availWidth, availHeight):
        # TableOfContents builds its entries with the module's Paragraph; swap it for the
        # duration of the call (rendering runs one document per process at a time).
        saved = tableofcontents.Paragraph
        tableofcontents.Paragraph = KinsokuParagraph
        try:
            size = super().wrap(availWidth, availHeight)
        finally:
            tableofcontents.Paragraph = saved
        doc = getattr(self.canv, "_doctemplate", None)
        if getattr(doc, "deferred", False):
            self.canv.setNamedCB("drawTOCEntryEnd",
                                 partial(doc.mark_contents_entry, self, availWidth, availHeight))
        return size


def _contents(st: dict[str, ParagraphStyle]) -> list:
    toc = _Contents(dotsMinLevel=0)
    toc.levelStyles = [st["toc0"], st["toc1"]]
    toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), st["toc0"].fontName),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    return [_para("目　　录", st["toc_title"], toc=(0, "目录", "toc"), listed=False), toc,
            PageBreak()]


def _totals_table(v: dict[str, Any], st: dict[str, ParagraphStyle], width: float,
                  pst: PdfStyle) -> list:
    if not v["totals"]:
        return []
    rows = [[_para("指标", st["cell"]), _para("合计", st["cell"])]]
    rows += [[_para(t["label"], st["cell_left"]), _para(t["display"], st["cell"])]
             for t in v["totals"]]
    t = Table(rows, colWidths=[width * 0.35, width * 0.25], hAlign="CENTER", repeatRows=1)
    t.setStyle(_grid_style(pst, st["cell"].fontName, header_rows=1, total_row=False))
    return [_para("本期稿件涉及的主要数据", st["caption"]), t]


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
    """Horizontal bars: long Chinese category names read better on the left than slanted below."""
    data = v["chart"]
    if not data:
        return []
    labels = [d["label"] for d in data][::-1]  # first category on top
    counts = [d["count"] for d in data][::-1]
    size = pst.sizes.table
    label_w = max(len(lbl) for lbl in labels) * size + 8
    height = min(pst.chart.max_height_mm * mm, len(data) * pst.chart.bar_height_mm * mm + 30)
    # Without an initial font the drawing would pull in (unembedded) Helvetica.
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=size)
    bc = HorizontalBarChart()
    bc.x, bc.y = label_w, 18
    bc.width, bc.height = width - label_w - 30, height - 24
    bc.data = [counts]
    bc.bars[0].fillColor = colors.HexColor(pst.colors.accent)
    bc.bars[0].strokeColor = None
    bc.barWidth = 6
    bc.categoryAxis.categoryNames = labels
    bc.categoryAxis.labels.fontName = font
    bc.categoryAxis.labels.fontSize = size
    bc.categoryAxis.labels.boxAnchor = "e"
    bc.categoryAxis.labels.dx = -4
    bc.categoryAxis.visibleTicks = False
    top = max(counts) if counts else 1
    step = max(1, -(-top // 5))
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueMax = step * (-(-top // step) + (1 if top % step == 0 else 0))
    bc.valueAxis.valueStep = step
    bc.valueAxis.labels.fontName = font
    bc.valueAxis.labels.fontSize = size
    bc.valueAxis.labelTextFormat = "%d"
    bc.valueAxis.visibleGrid = True
    bc.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    bc.barLabelFormat = "%d"
    bc.barLabels.fontName = font
    bc.barLabels.fontSize = size
    bc.barLabels.boxAnchor = "w"
    bc.barLabels.dx = 3
    drawing.add(bc)
    return [drawing]


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


def _story(v: dict[str, Any], font: str, pst: PdfStyle, width: float) -> list:
    st = _styles(pst, font)
    accent = colors.HexColor(pst.colors.accent)
    story: list = _cover(v, st, accent) + _contents(st)
    heading = v["overview_heading"]
    story.append(_para(heading, st["heading"], toc=(0, heading, "overview")))
    story.append(_para(v["overview"], st["body"]))
    story += _totals_table(v, st, width, pst)
    for i, sec in enumerate(v["sections"]):
        story.append(CondPageBreak(40 * mm))
        story.append(_para(sec["heading"], st["heading"], toc=(0, sec["heading"], f"s{i}")))
        for j, it in enumerate(sec["entries"]):
            head = [_para(f"{it['number']}{it['title']}", st["item_title"],
                          toc=(1, it["title"], f"s{i}-{j}"))]
            if it["meta"]:
                head.append(_para(it["meta"], st["meta"]))
            story.append(KeepTogether(head))
            if it["summary"]:
                story.append(_para(it["summary"], st["body"]))
            if it["figures_line"]:
                story.append(_para(it["figures_line"], st["figures"]))
            story.append(_para(it["source_line"], st["source"]))
    stats = _chart(v, font, width, pst) + _stats_table(v, st, width, pst)
    if stats:
        story.append(CondPageBreak(80 * mm))
        story.append(_para(v["stats_heading"], st["heading"], toc=(0, v["stats_heading"], "stats")))
        if v["chart"]:
            story.append(_para("各类别稿件数（单位：篇）", st["caption"]))
        story += stats
    if v["distribution"]:
        rule = colors.HexColor(pst.colors.text)
        block = [Spacer(1, 10 * mm),
                 HRFlowable(width="100%", thickness=0.6, color=rule, spaceAfter=3)]
        block += [_para(f"{d['key']}：{d['names']}", st["dist"]) for d in v["distribution"]]
        block.append(HRFlowable(width="100%", thickness=0.6, color=rule, spaceBefore=3))
        story.append(KeepTogether(block))
    return story


def render_pdf(briefing: Briefing, out_path: Path, options: RenderOptions) -> None:
    pst = load_style(STYLE_FILE, PdfStyle, options)
    font = find_font(options.font_path, pst.font_candidates())
    view = build_view(briefing, options)
    snippet = Snippets(options)
    doc = _Doc(font=font, style=pst, view=view, snippet=snippet,
               title=f"{view['bulletin_name']} {view['issue_no']}",
               author=view["editor"],
               subject=f"{view['unit']['name']}{view['period']['label']}工作动态摘要",
               creator="unionbrief", keywords=["工作简报", view["unit"]["name"]])
    make_story: Callable[[], list] = lambda: _story(view, font, pst, doc.width)  # noqa: E731
    # Binary (deflated) streams without the ASCII85 layer: a smaller file, and encoding it was
    # a fifth of the time spent writing one.
    saved_a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        doc.filename = io.BytesIO()
        story = make_story()
        if not (doc.seed_contents(story) and doc.build_once(story)):
            _build_passes(doc, make_story)
    finally:
        rl_config.useA85 = saved_a85
    Path(out_path).write_bytes(doc.filename.getvalue())


def _build_passes(doc: _Doc, make_story: Callable[[], list]) -> None:
    """"共 Y 页" needs the page count of a complete pass; multiBuild passes until the contents
    settle, and one more round runs if the last pass still drew a stale total."""
    for _ in range(3):
        doc.filename = io.BytesIO()
        story = make_story()
        doc.seed_contents(story)
        try:
            doc.multiBuild(story)
        except IndexError as exc:
            raise RenderError(f"PDF 目录无法排定：{exc}") from exc
        if doc.drawn_total == doc.known_total:
            break
