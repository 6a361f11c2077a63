"""Where a Word page puts things: table cells on the table's grid, floating text boxes by their anchors."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_WPG = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
TR, TC, TCPR, TRPR, SDT, SDT_CONTENT, CUSTOM_XML = (
    f"{{{_W}}}{t}" for t in ("tr", "tc", "tcPr", "trPr", "sdt", "sdtContent", "customXml"))
GRID_SPAN, GRID_BEFORE, VMERGE, VAL = (
    f"{{{_W}}}{t}" for t in ("gridSpan", "gridBefore", "vMerge", "val"))
ANCHOR, INLINE = f"{{{_WP}}}anchor", f"{{{_WP}}}inline"
WSP, GROUP = f"{{{_WPS}}}wsp", f"{{{_WPG}}}wgp"
EMU_PER_TWIP = 635
EMU_PER = {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, "": 9525, "pc": 152400}
# A paragraph-relative box is placed from the top of its anchoring paragraph, whose place on
# the page is not in the file: consecutive anchoring paragraphs are taken a line apart.
LINE_EMU = 12 * 12700
_GRID_CAP = 1000  # columns of a table grid, against a hostile gridSpan


@dataclass(frozen=True)
class Page:
    """The section's page size and margins (EMU), to turn anchor offsets into page positions."""

    width: float = 11906 * EMU_PER_TWIP  # A4
    left: float = 1800 * EMU_PER_TWIP
    top: float = 1440 * EMU_PER_TWIP

    @classmethod
    def of(cls, body) -> Page:
        sect = body.find(f"{{{_W}}}sectPr")
        if sect is None:
            return cls()
        size, margins = sect.find(f"{{{_W}}}pgSz"), sect.find(f"{{{_W}}}pgMar")

        def twips(el, name: str, default: float) -> float:
            value = el.get(f"{{{_W}}}{name}") if el is not None else None
            try:
                return float(value) * EMU_PER_TWIP if value is not None else default
            except ValueError:
                return default

        base = cls()
        return cls(twips(size, "w", base.width), twips(margins, "left", base.left),
                   twips(margins, "top", base.top))


@dataclass(frozen=True)
class Place:
    """A floating box's rectangle on the page, in EMU."""

    x: float
    y: float
    w: float
    h: float


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def anchor_place(anchor, page: Page, para: int) -> Place:
    """wp:anchor: positionH/positionV offsets (or alignments) from their frames, and its extent."""
    extent = anchor.find(f"{{{_WP}}}extent")
    w = _int(extent.get("cx")) if extent is not None else 0
    h = _int(extent.get("cy")) if extent is not None else 0

    def offset(axis: str) -> float:
        pos = anchor.find(f"{{{_WP}}}position{axis}")
        if pos is None:
            return 0.0
        frame = pos.get("relativeFrom") or ""
        off = pos.find(f"{{{_WP}}}posOffset")
        align = pos.find(f"{{{_WP}}}align")
        if off is not None:
            value = float(_int(off.text))
        elif align is not None and axis == "H":
            value = {"center": (page.width - 2 * page.left - w) / 2,
                     "right": page.width - 2 * page.left - w}.get(align.text or "", 0.0)
        else:
            value = 0.0
        if axis == "H":
            return value if frame == "page" else value + page.left
        if frame == "page":
            return value
        if frame in ("paragraph", "line"):
            return page.top + para * LINE_EMU + value
        return value + page.top

    return Place(offset("H"), offset("V"), float(w), float(h))


_STYLE = re.compile(r"([a-z-]+)\s*:\s*(-?[\d.]+)\s*(pt|in|cm|mm|px|pc)?", re.IGNORECASE)


def vml_place(shape, page: Page, para: int) -> Place | None:
    """A VML shape's place from its CSS-like style (old Word's text boxes), if it floats."""
    style = shape.get("style") or ""
    if "absolute" not in style:
        return None
    values: dict[str, float] = {}
    for name, number, unit in _STYLE.findall(style):
        try:
            values[name.lower()] = float(number) * EMU_PER[(unit or "").lower()]
        except ValueError:
            continue
    x = values.get("margin-left", values.get("left", 0.0))
    y = values.get("margin-top", values.get("top", 0.0))
    frame_v = re.search(r"mso-position-vertical-relative\s*:\s*([a-z-]+)", style)
    frame_h = re.search(r"mso-position-horizontal-relative\s*:\s*([a-z-]+)", style)
    if not (frame_h and frame_h.group(1) == "page"):
        x += page.left
    if not (frame_v and frame_v.group(1) == "page"):
        y += page.top + (para * LINE_EMU if not frame_v or frame_v.group(1) in
                         ("text", "paragraph", "line") else 0)
    return Place(x, y, values.get("width", 0.0), values.get("height", 0.0))


def in_group(wsp, group_place: Place, group) -> Place:
    """A shape of a drawing group: its offset within the group's own coordinates, scaled."""
    def xfrm_values(xfrm) -> tuple[float, float, float, float, float, float, float, float]:
        def pair(tag: str, a: str, b: str) -> tuple[float, float]:
            el = xfrm.find(f"{{{_A}}}{tag}") if xfrm is not None else None
            return (float(_int(el.get(a))), float(_int(el.get(b)))) if el is not None else (0.0, 0.0)

        return (*pair("off", "x", "y"), *pair("ext", "cx", "cy"), *pair("chOff", "x", "y"),
                *pair("chExt", "cx", "cy"))

    g = xfrm_values(group.find(f"{{{_WPG}}}grpSpPr/{{{_A}}}xfrm"))
    s = xfrm_values(wsp.find(f"{{{_WPS}}}spPr/{{{_A}}}xfrm"))
    kx = group_place.w / g[6] if g[6] else 1.0
    ky = group_place.h / g[7] if g[7] else 1.0
    return Place(group_place.x + (s[0] - g[4]) * kx, group_place.y + (s[1] - g[5]) * ky,
                 s[2] * kx, s[3] * ky)


def children(el, tag: str) -> Iterator:
    """Direct children with `tag`, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            yield from children(child, tag)


@dataclass
class Cell:
    """A table cell on the grid: columns [c0, c1), rows [r0, r1) (a vertical merge spans rows)."""

    tc: Any  # the w:tc element (lxml)
    c0: int
    c1: int
    r0: int
    r1: int


def grid_cells(tbl) -> list[Cell]:
    """The table's cells with their grid rectangles; vertically merged continuations extend the
    cell they continue rather than being cells of their own."""
    cells: list[Cell] = []
    open_at: dict[int, Cell] = {}  # column -> the cell a vMerge continuation there extends
    for r, row in enumerate(children(tbl, TR)):
        trpr = row.find(TRPR)
        before = trpr.find(GRID_BEFORE) if trpr is not None else None
        col = min(_int(before.get(VAL)) if before is not None else 0, _GRID_CAP)
        for tc in children(row, TC):
            tcpr = tc.find(TCPR)
            span_el = tcpr.find(GRID_SPAN) if tcpr is not None else None
            span = max(1, min(_int(span_el.get(VAL), 1) if span_el is not None else 1, _GRID_CAP))
            merge = tcpr.find(VMERGE) if tcpr is not None else None
            above = open_at.get(col)
            if merge is not None and merge.get(VAL) in (None, "continue") and above is not None \
                    and above.r1 == r:
                above.r1 = r + 1
            else:
                cell = Cell(tc, col, col + span, r, r + 1)
                cells.append(cell)
                open_at[col] = cell
            col = min(col + span, _GRID_CAP)
    return cells
