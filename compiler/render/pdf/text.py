"""Plain-text flowables for the PDF digest: a wrapped paragraph, and a contents entry.

Every text in the digest is plain (one font, size and colour per paragraph), so these draw the
wrapped lines straight into a text object: reportlab's Paragraph would parse markup, build
fragments and lay them out word by word, which cost most of the time of a digest.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from compiler.libs.reportlab_private import FUZZ, doc_template, pdf_document
from compiler.render.pdf.encode import encoder
from compiler.render.pdf.wrap import wrap_lines

_SPACES = re.compile(r"[ \t\r\n]+")  # folded as a Paragraph folds them; U+3000 is kept


@dataclass(frozen=True)
class Bookmark:
    """An outline entry at a flowable; `listed` also puts it in the contents."""

    level: int
    title: str
    key: str
    listed: bool = True


class TextBlock(Flowable):
    """A paragraph of plain text, wrapped by the Chinese rules, splittable between lines."""

    def __init__(self, text: str, style: ParagraphStyle, bookmark: Bookmark | None = None):
        super().__init__()
        self.text = _SPACES.sub(" ", text).strip()
        self.style = style
        self.bookmark = bookmark
        self._first = True  # holds the paragraph's first line (and its indent)
        self._last = True  # holds its last line
        self._fixed: tuple | None = None  # a split part keeps the lines it was given
        self._lines: tuple[tuple[str, float], ...] = ()
        self._wrapped_at: float | None = None

    def _indent(self, first: bool) -> float:
        st = self.style
        return st.leftIndent + (st.firstLineIndent if first else 0)

    def lines(self, avail_width: float) -> tuple[tuple[str, float], ...]:
        if self._fixed is not None:
            return self._fixed
        if self._wrapped_at != avail_width:
            st = self.style
            usable = avail_width - st.rightIndent
            widths = (usable - self._indent(True), usable - self._indent(False))
            self._lines = wrap_lines(self.text, st.fontName, st.fontSize, widths)
            self._wrapped_at = avail_width
        return self._lines

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines(availWidth)
        fit = int((availHeight + FUZZ) // self.style.leading)
        # As Paragraph's defaults: no first line left alone at a page's foot (an orphan).
        if fit >= len(lines) or fit < 2:
            return []
        return [self._part(lines[:fit], head=True), self._part(lines[fit:], head=False)]

    def _part(self, lines: tuple, head: bool) -> TextBlock:
        part = copy.copy(self)
        # platypus marks a flowable it moved to the next frame, and refuses to move it twice; a
        # part is new (a copy would inherit the mark, and a text three pages long would fail).
        part.__dict__.pop("_postponed", None)
        part._fixed = lines
        if head:
            part._last = False
            part.spaceAfter = 0
        else:
            part._first = False
            part.bookmark = None  # the outline points at the head
            part.spaceBefore = 0
        return part

    def _line_x(self, k: int, width: float) -> float:
        st = self.style
        left = self._indent(self._first and k == 0)
        if st.alignment == TA_CENTER:
            return left + (self.width - st.rightIndent - left - width) / 2
        if st.alignment == TA_RIGHT:
            return self.width - st.rightIndent - width
        return left  # left and justified text alike: Chinese lines are full already

    def draw(self):
        st = self.style
        top = self.height - st.fontSize  # the first baseline, where Paragraph puts it
        placed = [(self._line_x(k, width), top - k * st.leading, line)
                  for k, (line, width) in enumerate(self.lines(self.width))]
        self.canv.setFillColor(st.textColor)  # drawOn restores the colour after
        self.canv.addLiteral(encoder(pdf_document(self.canv), st.fontName).text_object(placed, st.fontSize))

    def getPlainText(self, identify=None) -> str:  # reportlab's error messages call it so
        return self.text


class ContentsEntry(TextBlock):
    """One entry of the contents: its title, leader dots and the page its bookmark lands on.

    The page is not known yet while the contents is drawn, before the pages it lists: `draw`
    leaves a placeholder with the document, which fills it in (`draw_page_number`) once the last
    page is done. The style's right indent keeps a gutter free for the number.
    """

    DOTS = " . "

    def __init__(self, text: str, style: ParagraphStyle, key: str):
        super().__init__(text, style)
        self.key = key

    def draw(self):
        super().draw()
        self.canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)
        if self._last:
            lines = self.lines(self.width)
            width = lines[-1][1] if lines else 0.0
            x_end = self._line_x(len(lines) - 1, width) + width
            baseline = self.style.fontSize + self.style.leading * max(len(lines) - 1, 0)
            doc_template(self.canv).leave_page_number(self, x_end, self.height - baseline)

    def draw_page_number(self, canv, x_end: float, y: float, page: int) -> None:
        """Dots from the title's end, and the number flush right, as reportlab's contents has."""
        st = self.style
        number = str(page)
        number_w = stringWidth(number, st.fontName, st.fontSize)
        dot_w = stringWidth(self.DOTS, st.fontName, st.fontSize)
        dots = max(0, int((self.width - x_end - number_w) / dot_w))
        line = (self.width - number_w - dots * dot_w, y, self.DOTS * dots + number)
        canv.saveState()  # the colour is the page's again after the placeholder
        canv.setFillColor(st.textColor)
        canv.addLiteral(encoder(pdf_document(canv), st.fontName).text_object([line], st.fontSize))
        canv.restoreState()
