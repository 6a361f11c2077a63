"""The digest's 版记 (报/送/发 and the 印发 line between rules), drawn at the foot of the last page."""
from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from compiler.render.pdf.text import TextBlock

THICK, THIN = 1.0, 0.6  # GB/T 9704: the first and last rules thick, those between thin


class AtPageFoot(Flowable):
    """Takes the rest of the frame and draws its content at the bottom; goes to a new page when
    the content does not fit in what is left. `content`, like a KeepTogether's, so that the
    digest finds the text inside (for the font's subsets)."""

    def __init__(self, content: list[Flowable], page_height: float):
        super().__init__()
        self.content = content
        self._page_height = page_height  # the frame's height on an empty page
        self._heights: list[tuple[float, float, float]] = []

    def _measure(self, aw: float, ah: float) -> float:
        self._heights = [(f.getSpaceBefore(), f.wrap(aw, ah)[1], f.getSpaceAfter())
                         for f in self.content]
        return sum(a + h + b for a, h, b in self._heights)

    def wrap(self, availWidth, availHeight):
        need = self._measure(availWidth, availHeight)
        self.width = availWidth
        self.height = availHeight if need <= availHeight else need
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self._measure(availWidth, self._page_height) > self._page_height:
            # Longer than a page: laid out flowable by flowable after all, from where the first
            # one fits (platypus wants the first part of a split to fit where it is).
            before, height, _ = self._heights[0]
            return list(self.content) if before + height <= availHeight else []
        return []  # whole, on the next page

    def draw(self):
        y = sum(a + h + b for a, h, b in self._heights)
        for f, (before, height, after) in zip(self.content, self._heights):
            y -= before + height
            f.drawOn(self.canv, 0, y)
            y -= after


def banji(view: dict[str, Any], style: ParagraphStyle, colour: colors.Color,
          width: float, height: float) -> AtPageFoot:
    """报/送/发 lines and `编印单位　日期印发`, each element under a rule."""
    def rule(thickness: float) -> HRFlowable:
        return HRFlowable(width="100%", thickness=thickness, color=colour, spaceBefore=3,
                          spaceAfter=3)

    block: list[Flowable] = [rule(THICK)]
    for d in view["distribution"]:
        block += [TextBlock(f"{d['key']}：{d['names']}", style), rule(THIN)]
    right = ParagraphStyle("dist_date", parent=style, alignment=TA_RIGHT, leftIndent=0,
                           firstLineIndent=0)
    left = ParagraphStyle("dist_editor", parent=style, leftIndent=0, firstLineIndent=0)
    printed = Table([[TextBlock(view["editor"], left),
                      TextBlock(f"{view['print_date']}印发", right)]],
                    colWidths=[width * 0.6, width * 0.4])
    printed.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), style.fontName),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    block += [printed, rule(THICK)]
    return AtPageFoot(block, height)
