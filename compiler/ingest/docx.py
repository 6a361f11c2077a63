"""Word pages (.docx): paragraphs and tables in body order, headings marked like Markdown."""
from __future__ import annotations

import io
import re

from compiler.errors import IngestError
from compiler.guard import limits, zips
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
PPR, PSTYLE, OUTLINE, VAL = (f"{{{_W}}}{t}" for t in ("pPr", "pStyle", "outlineLvl", "val"))
# Never text of the page: properties, deleted or moved-away runs, and the fallback copy of a
# text box (Word stores each box twice: mc:Choice for new readers, mc:Fallback for old ones).
_SKIP = frozenset({
    f"{{{_W}}}{t}" for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delText", "sdtPr")
} | {f"{{{_MC}}}Fallback"})

CELL_SEPARATOR = " | "
_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE = frozenset({"title", "标题"})
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


class _Styles:
    """Heading level of a paragraph from its style (following basedOn) or its outline level."""

    def __init__(self, document) -> None:
        self._names: dict[str, str] = {}
        self._based: dict[str, str] = {}
        self._outline: dict[str, int] = {}
        styles = document.styles.element
        for style in styles.iterchildren(f"{{{_W}}}style"):
            sid = style.get(f"{{{_W}}}styleId")
            if sid is None:
                continue
            name = style.find(f"{{{_W}}}name")
            self._names[sid] = (name.get(VAL) if name is not None else sid) or sid
            based = style.find(f"{{{_W}}}basedOn")
            if based is not None and based.get(VAL):
                self._based[sid] = based.get(VAL)
            level = style.find(f"{PPR}/{OUTLINE}")
            if level is not None and (level.get(VAL) or "").isdigit():
                self._outline[sid] = int(level.get(VAL))

    def level(self, p) -> int:
        ppr = p.find(PPR)
        if ppr is None:
            return 0
        outline = ppr.find(OUTLINE)
        if outline is not None and (outline.get(VAL) or "").isdigit():
            return _outline_level(int(outline.get(VAL)))
        style = ppr.find(PSTYLE)
        sid = style.get(VAL) if style is not None else None
        for _ in range(6):  # basedOn chain, bounded against cycles
            if sid is None:
                return 0
            name = self._names.get(sid, sid).strip().lower()
            if name in _TITLE:
                return 1
            m = _HEADING.match(name)
            if m:
                return int(m.group(1))
            if sid in self._outline:
                return _outline_level(self._outline[sid])
            sid = self._based.get(sid)
        return 0


def _outline_level(value: int) -> int:
    return value + 1 if value < 9 else 0  # 9 is "body text"


def _inline(el, out: list[str], boxes: list) -> None:
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
            boxes.append(child)  # its paragraphs follow the anchoring paragraph as blocks
        else:
            _inline(child, out, boxes)


def _paragraph(p, styles: _Styles | None) -> tuple[str, list]:
    out: list[str] = []
    boxes: list = []
    _inline(p, out, boxes)
    text = "".join(out).strip()
    level = styles.level(p) if (styles and text) else 0
    if level:
        text = "#" * min(level, 3) + " " + text
    return text, boxes


def _blocks(container, styles: _Styles | None, out: list[str]) -> None:
    """Append the text blocks of a body, cell or text box, in document order."""
    for child in container:
        tag = child.tag
        if tag == P:
            text, boxes = _paragraph(child, styles)
            if text:
                out.append(text)
            for box in boxes:
                _blocks(box, styles, out)
        elif tag == TBL:
            rows = _table(child)
            if rows:
                out.append("\n".join(rows))
        elif tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            _blocks(child, styles, out)


def _children(el, tag: str):
    """Direct children with `tag`, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            yield from _children(child, tag)


def _table(tbl) -> list[str]:
    lines: list[str] = []
    for row in _children(tbl, TR):
        cells = []
        for tc in _children(row, TC):
            blocks: list[str] = []
            _blocks(tc, None, blocks)  # nested tables come out with their cell
            cells.append(" ".join(b.replace("\n", " ") for b in blocks))
        while cells and not cells[-1]:
            cells.pop()  # empty trailing cells (often merged ones) would only leave " | "
        if cells:
            lines.append(CELL_SEPARATOR.join(cells))
    return lines


def read(data: bytes, source: str) -> Extracted:
    data = _unpacked(data, source)
    import docx  # python-docx; slow to import, so only when a .docx is read

    # python-docx parses every part with resolve_entities=False (lxml, no network), so a DTD
    # in document.xml cannot pull in a local file or expand entities (tested).
    try:
        document = docx.Document(io.BytesIO(data))
        styles = _Styles(document)
        blocks: list[str] = []
        _blocks(document.element.body, styles, blocks)
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
