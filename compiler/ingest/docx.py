"""Word pages (.docx): paragraphs, tables and text boxes in reading order, headings marked like Markdown."""
from __future__ import annotations

import io
import re
from typing import NamedTuple

from compiler.errors import IngestError
from compiler.guard import limits, zips
from compiler.ingest import docx_place as place
from compiler.ingest.docx_order import Piece, order
from compiler.ingest.docx_styles import Styles
from compiler.ingest.text import Extracted, normalise

MAX_BYTES = limits.DOCX_MAX_BYTES

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (
    f"{{{_W}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
T, TAB, BR, CR, NB_HYPHEN, TXBX = (
    f"{{{_W}}}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen", "txbxContent")
)
ANCHOR, INLINE, WSP, GROUP = place.ANCHOR, place.INLINE, place.WSP, place.GROUP
_VML = "urn:schemas-microsoft-com:vml"
# Never text of the page: properties, deleted or moved-away runs, and the fallback copy of a
# text box (Word stores each box twice: mc:Choice for new readers, mc:Fallback for old ones).
_SKIP = frozenset({
    f"{{{_W}}}{t}" for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delText", "sdtPr")
} | {f"{{{_MC}}}Fallback"})

CELL_SEPARATOR = " | "
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A table is a page's layout (its cells columns or stories), not a table of data, when a cell
# holds a headline, a nested table, a paragraph this long, or this many paragraphs.
LAYOUT_PARAGRAPH_CHARS = 60
LAYOUT_CELL_PARAGRAPHS = 4
WORDY_CHARS = 40  # a cell or box with this much text besides headlines holds running text
_MAX_DEPTH = 30  # nested tables and boxes, against a hostile file


def _unpacked(data: bytes, source: str) -> bytes:
    """The package repacked from what its members really inflate to (guard.zips), within the
    limits; parts that hold no text (images, fonts, embedded files) come back empty."""
    if data.startswith(_OLE):
        raise IngestError(f"{source}：这是旧版 Word (.doc) 格式，请在 Word 中另存为 .docx 后再处理", source)
    try:
        members = zips.unpack(data, max_total=limits.DOCX_MAX_UNPACKED_BYTES,
                              max_members=limits.DOCX_MAX_MEMBERS,
                              max_xml=limits.DOCX_MAX_XML_BYTES, keep=zips.is_xml)
    except zips.ZipProblem as exc:
        if "压缩炸弹" in exc.reason:
            raise IngestError(f"{source}：Word 文件{exc.reason}", source) from None
        raise IngestError(f"{source}：不是有效的 Word (.docx) 文件（{exc.reason}）", source) from None
    return zips.repack(members)


class _Where(NamedTuple):
    """What the walk knows of where a text box sits: the anchoring paragraph's index, the
    anchor's rectangle (None: in the line of text), and the drawing group it belongs to."""

    page: place.Page
    para: int = 0
    at: place.Place | None = None
    group: tuple | None = None  # (wpg:wgp element, the group's Place)


def _inline(el, out: list[str], boxes: list, where: _Where) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == T:
            out.append(child.text or "")
            # An entity reference left unresolved is a child node: keep the text after it.
            out.extend(sub.tail for sub in child if sub.tail)
        elif tag == TAB:
            out.append("\t")
        elif tag in (BR, CR):
            out.append("\n")
        elif tag == NB_HYPHEN:
            out.append("-")
        elif tag == TXBX:
            boxes.append((where.at, child))  # its paragraphs are placed as blocks of their own
        elif tag == ANCHOR:
            _inline(child, out, boxes, where._replace(
                at=place.anchor_place(child, where.page, where.para), group=None))
        elif tag == INLINE:
            _inline(child, out, boxes, where._replace(at=None, group=None))
        elif tag == GROUP and where.at is not None and where.group is None:
            _inline(child, out, boxes, where._replace(group=(child, where.at)))
        elif tag == WSP and where.group is not None:
            _inline(child, out, boxes, where._replace(
                at=place.in_group(child, where.group[1], where.group[0])))
        elif tag.startswith(f"{{{_VML}}}") and child.get("style"):
            spot = place.vml_place(child, where.page, where.para)
            _inline(child, out, boxes, where._replace(at=spot) if spot else where)
        else:
            _inline(child, out, boxes, where)


class _Walk:
    """The text blocks of a document in reading order: body paragraphs in turn, a layout
    table's cells and a run of floating text boxes each ordered by where they sit."""

    def __init__(self, styles: Styles | None, page: place.Page) -> None:
        self.styles = styles
        self.page = page
        self.depth = 0

    def paragraph(self, p, para: int) -> tuple[str, list]:
        out: list[str] = []
        boxes: list = []
        _inline(p, out, boxes, _Where(self.page, para))
        text = "".join(out).strip()
        level = self.styles.level(p, text) if (self.styles and text) else 0
        if level:
            text = "#" * min(level, 3) + " " + text
        return text, boxes

    def blocks(self, container, out: list[str]) -> None:
        """Append the text blocks of a body, cell or text box."""
        if self.depth > _MAX_DEPTH:
            return
        self.depth += 1
        floating: list[tuple[place.Place, object]] = []
        since = 0  # paragraphs since the first box of the floating run was anchored
        try:
            for child in self._flat(container):
                if child.tag == P:
                    text, boxes = self.paragraph(child, since)
                    if text:
                        self._place(floating, out)
                        out.append(text)
                    for at, box in boxes:
                        if at is None:  # in the line: where it stands in the text
                            self._place(floating, out)
                            self.blocks(box, out)
                        else:
                            floating.append((at, box))
                    since = since + 1 if floating else 0
                elif child.tag == TBL:
                    self._place(floating, out)
                    out.extend(self.table(child))
            self._place(floating, out)
        finally:
            self.depth -= 1

    def _flat(self, container):
        for child in container:
            if child.tag in (P, TBL):
                yield child
            elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML):
                yield from self._flat(child)

    def _place(self, floating: list, out: list[str]) -> None:
        """Floating boxes gathered so far, in the reading order of their places."""
        if not floating:
            return
        pieces = []
        for at, box in floating:
            blocks: list[str] = []
            self.blocks(box, blocks)
            if blocks:
                pieces.append(_piece(at.x, at.y, at.x + at.w, at.y + at.h, blocks))
        floating.clear()
        # Boxes drawn a little over each other (a frame's border) still read as apart.
        for piece in order(pieces, slack=place.LINE_EMU / 2):
            out.extend(piece.blocks)

    def table(self, tbl) -> list[str]:
        """A layout table's cells in reading order, or a table of data one line a row."""
        cells = place.grid_cells(tbl)
        laid: list[Piece] = []
        for cell in cells:
            blocks: list[str] = []
            self.blocks(cell.tc, blocks)  # once: nested tables would double at each level
            laid.append(_piece(cell.c0, cell.r0, cell.c1, cell.r1, blocks))
        if any(len(p.blocks) >= LAYOUT_CELL_PARAGRAPHS or c.tc.find(f".//{TBL}") is not None
               or any(len(b) >= LAYOUT_PARAGRAPH_CHARS for b in p.blocks)
               for c, p in zip(cells, laid)):
            return [b for piece in order([p for p in laid if p.blocks]) for b in piece.blocks]
        lines: list[str] = []
        for r in range(max((c.r1 for c in cells), default=0)):
            row = sorted((c.c0, p) for c, p in zip(cells, laid) if c.r0 == r)
            texts = [" ".join(_HEAD_MARK.sub("", b).replace("\n", " ") for b in p.blocks)
                     for _, p in row]
            while texts and not texts[-1]:
                texts.pop()  # empty trailing cells (often merged ones) would only leave " | "
            if texts:
                lines.append(CELL_SEPARATOR.join(texts))
        return ["\n".join(lines)] if lines else []


_HEAD_MARK = re.compile(r"^#{1,3} ")


def _piece(x0: float, y0: float, x1: float, y1: float, blocks: list[str]) -> Piece:
    # A column's label (【…】) or a small kicker may stand above the headline.
    return Piece(x0, y0, x1, y1, blocks, any(b.startswith("#") for b in blocks[:3]),
                 sum(len(b) for b in blocks if not b.startswith("#")) >= WORDY_CHARS)


def read(data: bytes, source: str) -> Extracted:
    data = _unpacked(data, source)
    import docx  # python-docx; slow to import, so only when a .docx is read

    # python-docx parses every part with resolve_entities=False (lxml, no network), so a DTD
    # in document.xml cannot pull in a local file or expand entities (tested).
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        blocks: list[str] = []
        _Walk(Styles(document), place.Page.of(body)).blocks(body, blocks)
    except IngestError:
        raise
    except Exception as exc:  # an untrusted file through a third-party parser: any failure
        raise IngestError(
            f"{source}：无法读取 Word 文档（文件可能已损坏或不是 Word 文件：{type(exc).__name__}）",
            source,
        ) from None
    text = normalise("\n\n".join(blocks))
    if not text.strip():
        raise IngestError(f"{source}：Word 文档中没有文字", source)
    return Extracted(text)
