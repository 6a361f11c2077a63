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
            out.append(None)
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
    return out


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


def page_blocks(lines: list[Line | None], raw: str, cues: Cues) -> list[Block]:
    blocks: list[Block] = []
    gap = 0
    current: list[Line] = []
    pending_gap = 0
    for ln in lines + [None]:
        if ln is not None and current and _starts_block(current[-1], ln, raw, cues):
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
