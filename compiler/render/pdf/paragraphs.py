"""The digest's paragraph styles, made from pdf_style.yaml: body in the serif font, headings in the sans."""
from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from compiler.render.pdf.style import PdfStyle
from compiler.render.pdf.text import ContentsEntry


def paragraph_styles(st: PdfStyle, font: str, head: str) -> dict[str, ParagraphStyle]:
    """Body text in `font` (a serif), titles and headings in `head` (a sans)."""
    c, s = st.colors, st.sizes

    def ps(name: str, size: float, color: str = c.text, face: str = font,
           **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * st.leading)
        return ParagraphStyle(name, fontName=face, fontSize=size, textColor=colors.HexColor(color),
                              **kw)

    def gutter(size: float) -> float:  # room for a contents entry's dots and page number
        return stringWidth("0000" + ContentsEntry.DOTS, font, size)

    return {
        "cover_title": ps("cover_title", s.cover_title, c.accent, head, alignment=TA_CENTER,
                          leading=s.cover_title * 1.3),
        "cover_sub": ps("cover_sub", s.cover_subtitle, alignment=TA_CENTER),
        "cover_text": ps("cover_text", s.cover_text, alignment=TA_CENTER),
        "cover_muted": ps("cover_muted", s.cover_text, c.muted, alignment=TA_CENTER),
        "toc_title": ps("toc_title", s.heading + 2, c.accent, head, alignment=TA_CENTER,
                        spaceAfter=12),
        "heading": ps("heading", s.heading, c.accent, head, spaceBefore=10, spaceAfter=6,
                      keepWithNext=1),
        "item_title": ps("item_title", s.item_title, face=head, spaceBefore=8, spaceAfter=2,
                         keepWithNext=1),
        "meta": ps("meta", s.small, c.muted, spaceAfter=3, keepWithNext=1),
        "body": ps("body", s.body, alignment=TA_JUSTIFY, firstLineIndent=2 * s.body),
        "figures": ps("figures", s.small, alignment=TA_JUSTIFY, spaceBefore=3,
                      leftIndent=2 * s.body),
        "source": ps("source", s.small, c.muted, alignment=TA_RIGHT, spaceBefore=2, spaceAfter=4),
        "caption": ps("caption", s.body, face=head, alignment=TA_CENTER, spaceBefore=8,
                      spaceAfter=4, keepWithNext=1),
        "cell": ps("cell", s.table, alignment=TA_CENTER, leading=s.table * 1.35),
        "cell_left": ps("cell_left", s.table, alignment=TA_LEFT, leading=s.table * 1.35),
        "note": ps("note", s.small, c.muted),
        "dist": ps("dist", s.small, leftIndent=2 * s.small, firstLineIndent=-2 * s.small),
        "toc0": ps("toc0", s.body, spaceBefore=4, rightIndent=gutter(s.body)),
        "toc1": ps("toc1", s.small, c.muted, leftIndent=2 * s.body, rightIndent=gutter(s.small)),
    }
