"""The digest's text and chart two ways: our TextBlock and BarChart, reportlab's Paragraph and barcharts."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from timing import Clock, best

from compiler.render.pdf.chart import BAR_SHARE, GRID, value_axis
from compiler.render.pdf.wrap import NO_LINE_END, NO_LINE_START


def cjk_style(style: ParagraphStyle) -> ParagraphStyle:
    """The same style with reportlab's CJK line breaking (break between any two characters,
    its own kinsoku rules)."""
    return ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing `text` as it is: Paragraph reads markup, so it is escaped first."""
    return Paragraph(escape(text), style)


def paragraph_lines(p: Paragraph) -> list[str]:
    """The lines a wrapped Paragraph chose, as text."""
    lines = []
    for line in p.blPara.lines:
        words = line[1] if isinstance(line, tuple) else line.words
        lines.append("".join(w if isinstance(w, str) else getattr(w, "text", "") for w in words))
    return lines


def rule_breaks(lines: list[str]) -> int:
    """Line breaks against the Chinese rules: a line starting with ，。、 and the like, or one
    ending with an opening mark （《“."""
    bad = 0
    for k, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if k and line[0] in NO_LINE_START:
            bad += 1
        if k + 1 < len(lines) and line[-1] in NO_LINE_END:
            bad += 1
    return bad


def over_width(lines: list[str], style: ParagraphStyle, width: float) -> int:
    """Lines running past the right margin (a closing mark hung outside the text block)."""
    usable = width - style.leftIndent - style.rightIndent
    return sum(stringWidth(line.strip(), style.fontName, style.fontSize)
               > usable - (style.firstLineIndent if k == 0 else 0) + 0.01
               for k, line in enumerate(lines))


def reportlab_chart(labels: list[str], counts: list[int], *, font: str, size: float,
                    width: float, height: float, bar_color, text_color, axis_color) -> Drawing:
    """chart.BarChart's picture with reportlab's HorizontalBarChart widget: the same plot area,
    axis steps, grid, colours, fonts and value labels, first category on top."""
    label_w = max(stringWidth(label, font, size) for label in labels) + 8
    left, right, bottom, top = label_w, width - 30, 18.0, height - 6
    step, maximum = value_axis(max(counts, default=0))
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = left, bottom, right - left, top - bottom
    chart.data = [list(reversed(counts))]  # the widget puts the first category at the bottom
    cat = chart.categoryAxis
    cat.categoryNames = list(reversed(labels))
    cat.strokeColor, cat.strokeWidth = axis_color, 0.5
    cat.tickLeft = 0
    cat.labels.fontName, cat.labels.fontSize, cat.labels.fillColor = font, size, text_color
    cat.labels.boxAnchor, cat.labels.dx = "e", -4
    val = chart.valueAxis
    val.valueMin, val.valueMax, val.valueStep = 0, maximum, step
    val.strokeColor, val.strokeWidth, val.tickDown = axis_color, 0.5, 3
    val.visibleGrid, val.gridStrokeColor, val.gridStrokeWidth = 1, GRID, 0.5
    val.labels.fontName, val.labels.fontSize, val.labels.fillColor = font, size, text_color
    chart.barWidth, chart.groupSpacing = BAR_SHARE * 10, (1 - BAR_SHARE) * 10
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = bar_color
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, size
    chart.barLabels.fillColor, chart.barLabels.boxAnchor, chart.barLabels.dx = text_color, "w", 3
    drawing.add(chart)
    return drawing


def digest_contents(briefings: list, options: Any, work: Path) -> tuple[list, list, float]:
    """Every digest's paragraphs (text, style) and chart arguments, recorded while production
    renders it; table cells are left out (they wrap at their column widths, not the page's)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    import compiler.render.pdf.digest as digest
    from compiler.present.templates import load_style

    paragraphs: list[list] = []
    charts: list[tuple] = []

    class RecordedText(digest.TextBlock):
        def __init__(self, text, style, bookmark=None):
            super().__init__(text, style, bookmark)
            if not style.name.startswith("cell"):
                paragraphs[-1].append((text, style))

    class RecordedChart(digest.BarChart):
        def __init__(self, labels, counts, **kw):
            super().__init__(labels, counts, **kw)
            charts.append((labels, counts, kw))

    saved = digest.TextBlock, digest.BarChart
    digest.TextBlock, digest.BarChart = RecordedText, RecordedChart
    try:
        for i, b in enumerate(briefings):
            paragraphs.append([])
            digest.render(b, work / f"d{i}.pdf", options)
    finally:
        digest.TextBlock, digest.BarChart = saved
    margins = load_style(digest.STYLE_FILE, digest.PdfStyle, options).page.margin_mm
    return paragraphs, charts, A4[0] - (margins.left + margins.right) * mm


def _canvas():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    return Canvas(io.BytesIO(), pagesize=A4, invariant=1)


def bench_text(paragraphs: list[list], width: float, repeats: int) -> dict:
    """Wrap and draw (into the page stream) every paragraph of every digest: a pass over the
    month's digests, best of `repeats`; and whether the two break the lines alike."""
    from compiler.render.pdf.text import TextBlock
    from compiler.render.pdf.wrap import wrap_lines

    styles = {id(s): cjk_style(s) for d in paragraphs for _, s in d}

    def ours(digest: list) -> None:
        canv = _canvas()
        for text, style in digest:
            block = TextBlock(text, style)
            _, h = block.wrap(width, 1e6)
            block.drawOn(canv, 0, 800 - h)

    def ours_cold(digest: list) -> None:
        wrap_lines.cache_clear()  # as if each digest were made by a process of its own
        ours(digest)

    def reportlab(digest: list) -> None:
        canv = _canvas()
        for text, style in digest:
            p = paragraph(text, styles[id(style)])
            _, h = p.wrap(width, 1e6)
            p.drawOn(canv, 0, 800 - h)

    writers = {"ours": ours, "ours_no_reuse": ours_cold, "paragraph": reportlab}
    runs: dict[str, list[Clock]] = {name: [] for name in writers}
    for rep in range(repeats):
        for name in (list(writers) if rep % 2 == 0 else list(writers)[::-1]):
            wrap_lines.cache_clear()  # each pass starts as a build process does
            with Clock() as clock:
                for digest in paragraphs:
                    writers[name](digest)
            runs[name].append(clock)
    # Line breaks: each distinct (text, style) once.
    unique = {(text, id(style)): (text, style) for d in paragraphs for text, style in d}
    same = lines = differ_lines = ours_bad = theirs_bad = ours_over = theirs_over = 0
    examples = []
    for text, style in unique.values():
        block = TextBlock(text, style)
        block.wrap(width, 1e6)
        mine = [line for line, _ in block.lines(width)]
        p = paragraph(text, styles[id(style)])
        p.wrap(width, 1e6)
        theirs = paragraph_lines(p)
        lines += len(mine)
        ours_bad += rule_breaks(mine)
        theirs_bad += rule_breaks(theirs)
        ours_over += over_width(mine, style, width)
        theirs_over += over_width(theirs, style, width)
        if [x.strip() for x in mine] == [x.strip() for x in theirs]:
            same += 1
        else:
            differ_lines += len(mine) != len(theirs)
            if len(examples) < 2:
                examples.append({"ours": mine[:4], "paragraph": theirs[:4]})
    return {"digests": len(paragraphs), "paragraphs": sum(map(len, paragraphs)),
            "chars": sum(len(t) for d in paragraphs for t, _ in d),
            "writers": {name: {k: round(v, 3) for k, v in best(r).items()}
                        for name, r in runs.items()},
            "breaks": {"distinct_paragraphs": len(unique), "lines_ours": lines,
                       "identical": same, "different_line_count": differ_lines,
                       "rule_breaks_ours": ours_bad, "rule_breaks_paragraph": theirs_bad,
                       "over_width_ours": ours_over, "over_width_paragraph": theirs_over,
                       "examples": examples}}


def bench_chart(charts: list[tuple], repeats: int) -> dict:
    """Make and draw each digest's chart: our canvas drawing against reportlab's widget."""
    from compiler.render.pdf.chart import BarChart

    def ours(canv, labels, counts, kw) -> None:
        chart = BarChart(labels, counts, **kw)
        chart.wrap(kw["width"], kw["height"])
        chart.drawOn(canv, 0, 0)

    def widget(canv, labels, counts, kw) -> None:
        drawing = reportlab_chart(labels, counts, **kw)
        drawing.wrap(kw["width"], kw["height"])
        drawing.drawOn(canv, 0, 0)

    writers = {"ours": ours, "barcharts": widget}
    runs: dict[str, list[Clock]] = {name: [] for name in writers}
    for rep in range(repeats):
        for name in (list(writers) if rep % 2 == 0 else list(writers)[::-1]):
            canvases = [_canvas() for _ in charts]
            with Clock() as clock:
                for canv, (labels, counts, kw) in zip(canvases, charts):
                    writers[name](canv, labels, counts, kw)
            runs[name].append(clock)
    return {"charts": len(charts),
            "writers": {name: {k: round(v, 4) for k, v in best(r).items()}
                        for name, r in runs.items()}}
