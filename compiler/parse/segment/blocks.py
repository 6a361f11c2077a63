"""Page text as content lines and blank-line blocks, with their spans in the page."""
from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.parse.segment.cues import Cues, ends_sentence

_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(slots=True)
class Line:
    start: int  # span of the content in the page text (marks and outer spaces excluded)
    end: int
    text: str
    md_level: int = 0
    indented: bool = False  # begins with an indent: e-paper and Word pages mark paragraphs so


@dataclass(slots=True)
class Block:
    """Lines between blank lines; `kind` is decided by `classify_blocks`."""

    lines: list[Line]
    gap_before: int
    gap_after: int = 0
    kind: str = "body"
    text: str = ""

    @property
    def md_level(self) -> int:
        return min((ln.md_level for ln in self.lines if ln.md_level), default=0)


# --- lines and blocks --------------------------------------------------------------------------
def page_lines(text: str, furniture: tuple[tuple[int, int], ...]) -> list[Line | None]:
    """Content lines with spans; None marks a blank line (page furniture counts as blank)."""
    out: list[Line | None] = []
    pos = 0
    for raw_line in text.split("\n"):
        start, end = pos, pos + len(raw_line)
        pos = end + 1
        if furniture and any(fs <= start < fe for fs, fe in furniture):
            out.append(_FURNITURE)
            continue
        level = 0
        m = _MD_HEADING.match(raw_line)
        cs = start
        if m:
            level = len(m.group(1))
            cs = start + m.end()
        content = text[cs:end]
        stripped = content.strip()
        if not stripped:
            out.append(None)
            continue
        lead_ws = content[: len(content) - len(content.lstrip())]
        cs += len(lead_ws)
        indented = "\t" in lead_ws or "\u3000" in lead_ws or len(lead_ws) >= 2
        out.append(Line(cs, cs + len(stripped), stripped, level, indented))
    return _without_furniture(out) if furniture else out


_FURNITURE = Line(-1, -1, "")  # a furniture line while the lines are read


def _without_furniture(out: list) -> list[Line | None]:
    """Furniture at the page's edges counts as blank lines; furniture between content lines (a
    web page's 来源/编辑 line under the headline) leaves a single break, so that removing it does
    not open a layout gap that would turn the next paragraph into a caption."""
    content = [i for i, ln in enumerate(out) if ln is not None and ln is not _FURNITURE]
    if not content:
        return [None if ln is _FURNITURE else ln for ln in out]
    first, last = content[0], content[-1]
    kept: list[Line | None] = []
    for i, ln in enumerate(out):
        if ln is not _FURNITURE:
            if (ln is None and kept and kept[-1] is None and first < i < last
                    and _after_furniture(out, i)):
                continue
            kept.append(ln)
        elif first < i < last:
            if kept and kept[-1] is not None:
                kept.append(None)
        else:
            kept.append(None)
    return kept


def _after_furniture(out: list, i: int) -> bool:
    j = i - 1
    while j >= 0 and out[j] is None:
        j -= 1
    return j >= 0 and out[j] is _FURNITURE


def join_lines(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(p[0]):
            out += " "
        out += p
    return out


def _starts_block(prev: Line, ln: Line, raw: str, cues: Cues) -> bool:
    """A new paragraph without a blank line: an indent, a Markdown heading, a byline, or a line
    after a finished sentence (pages copied from the web keep one paragraph per line)."""
    if ln.indented or ln.md_level or prev.md_level or cues.byline.match(ln.text):
        return True
    soft_break = raw[prev.end : prev.end + 2] == "  "  # Markdown's two-space line break
    return not soft_break and ends_sentence(prev.text, cues) and len(prev.text) > 20


def _line_paragraphs(lines: list[Line | None]) -> tuple[bool, int | None]:
    """Whether the page sets no blank lines between its paragraphs (text copied line by line),
    and then the width its lines are wrapped at, when most long lines share one width."""
    content = [i for i, ln in enumerate(lines) if ln is not None]
    if len(content) < _LINE_MODE_MIN_LINES:
        return False, None
    blanks = sum(1 for a, b in zip(content, content[1:]) if b > a + 1)
    if blanks > len(content) // 10:
        return False, None
    widths = [len(ln.text) for ln in lines if ln is not None and len(ln.text) >= 12]
    if not widths:
        return True, None
    common = max(set(widths), key=widths.count)
    share = sum(1 for w in widths if abs(w - common) <= 1) / len(widths)
    return True, (common if share >= 0.25 and widths.count(common) >= 3 else None)


_LINE_MODE_MIN_LINES = 6


def _wrapped(prev: Line, raw: str, wrap: int | None, cues: Cues) -> bool:
    """The line after `prev` carries on its paragraph: a Markdown line break ends `prev`, or
    `prev` fills the page's wrap width without ending its sentence."""
    if raw[prev.end : prev.end + 2] == "  ":
        return True
    return wrap is not None and len(prev.text) >= wrap - 1 and not ends_sentence(prev.text, cues)


def page_blocks(lines: list[Line | None], raw: str, cues: Cues) -> list[Block]:
    blocks: list[Block] = []
    gap = 0
    current: list[Line] = []
    pending_gap = 0
    # With no blank lines between paragraphs, every line is a paragraph of its own (a headline
    # line too), unless it carries on a line broken at the page's wrap width or is the byline in
    # brackets that closes the paragraph above (（张三）).
    line_mode, wrap = _line_paragraphs(lines)
    for ln in lines + [None]:
        if ln is not None and current and (
                _starts_block(current[-1], ln, raw, cues)
                or line_mode and not _wrapped(current[-1], raw, wrap, cues)
                and not (cues.signoff_block and cues.signoff_block.match(ln.text))):
            blocks.append(Block(current, gap_before=pending_gap))
            current, gap = [], 0
        if ln is None:
            if current:
                blocks.append(Block(current, gap_before=pending_gap))
                current = []
                gap = 0
            gap += 1
            continue
        if not current:
            pending_gap = gap
        current.append(ln)
    for b, nxt in zip(blocks, blocks[1:]):
        b.gap_after = nxt.gap_before
    for b in blocks:
        b.text = join_lines([ln.text for ln in b.lines])
    return blocks


# --- classification ----------------------------------------------------------------------------
