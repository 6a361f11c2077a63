"""Newspaper page layout: text runs with boxes -> blocks in reading order -> page text for the segmenter."""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from compiler.ingest.xycut import MARKS, Cutter

# Shared by the PDF text layer and OCR. The page is cut recursively (xycut.py) at the white gaps
# between columns and between stacked stories; each story's headline lines come out first (the
# title marked `# `, kicker and subtitle `## `, as Markdown headings the segmenter knows), then
# its columns left to right, paragraphs re-joined, photo captions set apart by blank lines.

# Sizes relative to the body text's size that make a line a headline or a subtitle; OCR boxes
# are noisier than font sizes, so its reader passes larger ratios.
HEAD_RATIO = 1.3
SUB_RATIO = 1.1
SMALL_RATIO = 0.9


@dataclass(slots=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class Seg:
    """A run of text on one line: its box in top-down page units and its font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    role: str = "body"  # head, sub, body, small, caption

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Ratios:
    head: float = HEAD_RATIO
    sub: float = SUB_RATIO
    small: float = SMALL_RATIO
    min_chars: int = 1  # shorter runs are body text whatever their size (OCR: sizes of 1-2 marks)


def _median_size(segs: list[Seg]) -> float:
    weighted = sorted((s.size, len(s.text)) for s in segs)
    half = sum(n for _, n in weighted) / 2
    acc = 0
    for size, n in weighted:
        acc += n
        if acc >= half:
            return size
    return weighted[-1][0]


def merge_runs(segs: list[Seg]) -> list[Seg]:
    """Join runs that continue each other on one line (content streams and OCR split lines)."""
    out: list[Seg] = []
    for s in sorted(segs, key=lambda s: (round(s.cy / max(s.size, 1) * 2), s.x0)):
        if out:
            p = out[-1]
            size = max(p.size, s.size)
            if (abs(p.cy - s.cy) < 0.4 * size and 0.8 < s.size / max(p.size, 0.1) < 1.25
                    and -0.3 * size < s.x0 - p.x1 < 0.8 * size):
                space = " " if s.x0 - p.x1 > 0.3 * size else ""
                out[-1] = Seg(p.text + space + s.text, p.x0, min(p.top, s.top), s.x1,
                              max(p.bottom, s.bottom), (p.size * len(p.text) + s.size * len(s.text))
                              / max(1, len(p.text) + len(s.text)))
                continue
        out.append(s)
    return out


def _roles(segs: list[Seg], body: float, ratios: Ratios) -> None:
    for s in segs:
        if len(s.text.strip()) < ratios.min_chars:
            s.role = "body"
            continue
        r = s.size / body
        s.role = ("head" if r >= ratios.head else "sub" if r >= ratios.sub
                  else "small" if r <= ratios.small else "body")


def _captions(segs: list[Seg], pictures: list[Box], body: float) -> None:
    """Lines right under (or over) a picture and not wider than it are its caption."""
    for pic in pictures:
        if pic.x1 - pic.x0 < 2 * body or pic.bottom - pic.top < 2 * body:
            continue
        near = [s for s in segs if s.role in ("body", "small")
                and s.x0 >= pic.x0 - body and s.x1 <= pic.x1 + body
                and (pic.bottom - 0.5 * body <= s.top <= pic.bottom + 4.5 * body
                     or pic.top - 3.5 * body <= s.bottom <= pic.top + 0.5 * body)]
        below = sorted((s for s in near if s.top >= pic.bottom - 0.5 * body), key=lambda s: s.top)
        run: list[Seg] = []
        edge = pic.bottom
        for s in below:  # consecutive lines under the picture, no wider gap than a line
            if s.top - edge > 1.6 * s.size:
                break
            if run and run[0].role == "small" and s.role != "small":
                break  # a caption set smaller than the text: the column's text starts here
            run.append(s)
            edge = s.bottom
        if run and len(run) <= 4:
            for s in run:
                s.role = "caption"
        inside = [s for s in segs if s.x0 >= pic.x0 and s.x1 <= pic.x1 and s.top >= pic.top
                  and s.bottom <= pic.bottom and s.role in ("body", "small")]
        for s in inside:  # text printed on the photo itself
            s.role = "caption"


def _line_gap(segs: list[Seg], body: float) -> float:
    """The usual white space between two lines of a column."""
    rows = sorted((s for s in segs if s.role == "body"), key=lambda s: (s.x0, s.top))
    gaps = []
    for a, b in zip(rows, rows[1:]):
        if abs(a.x0 - b.x0) < body and 0 <= b.top - a.bottom < 2 * body:
            gaps.append(b.top - a.bottom)
    return statistics.median(gaps) if gaps else 0.4 * body


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    role: str


def _lines(leaf: list[Seg]) -> list[_Line]:
    """A leaf's runs grouped into visual lines, top to bottom."""
    rows: list[list[Seg]] = []
    for s in sorted(leaf, key=lambda s: (s.top, s.x0)):
        if rows and abs(rows[-1][0].cy - s.cy) < 0.5 * max(s.size, rows[-1][0].size):
            rows[-1].append(s)
        else:
            rows.append([s])
    out = []
    for row in rows:
        row.sort(key=lambda s: s.x0)
        roles = [s.role for s in row]
        role = next((r for r in ("head", "sub", "caption", "body", "small") if r in roles), "body")
        out.append(_Line(" ".join(s.text for s in row), row[0].x0, row[-1].x1,
                         min(s.top for s in row), max(s.bottom for s in row),
                         max(s.size for s in row), role))
    return out


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class _Writer:
    """Page text: headline groups as Markdown headings, paragraphs re-joined, captions apart."""

    def __init__(self, body: float, line_gap: float) -> None:
        self.body = body
        self.line_gap = line_gap
        self.out: list[str] = []
        self.para: list[str] = []
        self.heads: list[_Line] = []
        self.last: _Line | None = None  # last body line written, to tell where a paragraph ends
        self.last_right = 0.0  # the right edge of that line's column
        self.apart = False  # a caption was just written
        self.caption = False  # the paragraph being gathered is a caption

    def _emit(self, text: str, before: int) -> None:
        if self.out:
            self.out.append("\n" * (before + 1))
        self.out.append(text)

    def flush_para(self, gap: int = 1) -> None:
        if self.para:
            if self.apart:  # the text after a caption: the caption stands apart on both sides
                gap, self.apart = max(gap, 2), False
            text = ""
            for part in self.para:
                if text and _ascii_word(text[-1]) and _ascii_word(part[0]):
                    text += " "
                text += part
            self._emit(text, gap)
            self.para = []

    def flush_heads(self) -> None:
        if not self.heads:
            return
        heads, self.heads = self.heads, []
        top = max(h.size for h in heads)
        groups: list[tuple[bool, list[_Line]]] = []
        for h in heads:  # wrapped lines of one size and kind make one heading
            is_title = h.size >= top * 0.92
            if groups and groups[-1][0] == is_title:
                groups[-1][1].append(h)
            else:
                groups.append((is_title, [h]))
        if all(h.role == "sub" for h in heads):
            for h in heads:  # a line a little larger than the text but no headline under it
                self._emit(h.text, 1)
            return
        titled = False
        for is_title, lines in groups:
            text = _join_head(lines)
            mark = "# " if is_title and not titled else "## "
            titled = titled or is_title
            self._emit(mark + text, 1)

    def leaf(self, lines: list[_Line]) -> None:
        body_lines = [ln for ln in lines if ln.role in ("body", "small")]
        # The column's edges are where most of its lines start and end: one line run on past
        # the gutter (OCR reading two columns as one line) must not make the others short, nor
        # the box jitter of OCR lines make them indented.
        starts = sorted(ln.x0 for ln in body_lines)
        ends = sorted(ln.x1 for ln in body_lines)
        left = starts[len(starts) // 4] if starts else 0.0
        right = ends[(len(ends) * 3) // 4] if ends else 0.0
        carried = self.last  # the last line written before this leaf
        prev: _Line | None = None
        for ln in lines:
            if ln.role in ("head", "sub"):
                self.close_caption()
                self.flush_para()
                if self.heads and not _same_headline(self.heads[-1], ln):
                    self.flush_heads()
                self.heads.append(ln)
                prev = ln
                continue
            gapped = prev is not None and ln.top - prev.bottom > self.line_gap + 1.2 * self.body
            if self.heads:
                self.flush_heads()
                self.last = None
            if ln.role == "caption":
                # A caption's wrapped lines make one paragraph, set apart by blank lines.
                wrapped = (self.caption and prev is not None and prev.role == "caption"
                           and ln.top - prev.bottom < 1.6 * ln.size)
                if not wrapped:
                    self.close_caption()
                    self.flush_para(2 if self.out else 1)
                self.para.append(ln.text.strip())
                self.caption = True
                self.last = None
                prev = ln
                continue
            self.close_caption()
            indent = ln.x0 > left + 0.9 * ln.size
            ended = self.last is None or self.last.x1 < self.last_right - 1.5 * self.last.size
            # A block beside the last line on its row is not that paragraph's next column (a
            # column goes on at the top of the next one): pieces of a page header, a box.
            ended = ended or (self.last is not None and self.last is carried
                              and abs(ln.top - self.last.top) < 0.5 * ln.size)
            # (body and small type a few per cent apart are one text read with noisy sizes)
            role_changed = self.last is not None and ln.role != self.last.role and not (
                {ln.role, self.last.role} == {"body", "small"}
                and abs(ln.size - self.last.size) < 0.2 * max(ln.size, self.last.size))
            if self.para and (indent or ended or gapped or role_changed):
                self.flush_para(2 if gapped else 1)
            self.para.append(ln.text.strip())
            self.last = ln
            self.last_right = right
            prev = ln

    def close_caption(self) -> None:
        if self.caption:
            self.caption = False
            self.flush_para(2)
            self.apart = True

    def text(self) -> str:
        self.close_caption()
        self.flush_para()
        self.flush_heads()
        return "".join(self.out)


def _same_headline(a: _Line, b: _Line) -> bool:
    """`b` continues the headline `a` belongs to: right under it, or beside it on its line."""
    size = max(a.size, b.size)
    if abs(a.top - b.top) < 0.5 * size:
        return b.x0 - a.x1 < 4 * size
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return 0 <= b.top - a.bottom < 2.5 * size and overlap > -size


def _join_head(lines: list[_Line]) -> str:
    text = ""
    prev = None
    for ln in lines:
        if text and prev is not None and abs(ln.top - prev.top) < 0.5 * ln.size:
            text += " "  # two halves of one line (a couplet title set apart)
        elif text and _ascii_word(text[-1]) and _ascii_word(ln.text[0]):
            text += " "
        text += ln.text.strip()
        prev = ln
    return text


def _marks(pictures: list[Box], rules: list[Box]) -> list[Seg]:
    out = [Seg("", b.x0, b.top, b.x1, b.bottom, 0.0, "picture") for b in pictures]
    for b in rules:
        role = "hrule" if b.x1 - b.x0 >= b.bottom - b.top else "vrule"
        out.append(Seg("", b.x0, b.top, b.x1, b.bottom, 0.0, role))
    return out


# A page's running head (the paper's name, date, page and editors) stands over a rule across the
# page, in its top tenth: it is one line of page furniture, never a headline, whatever its size.
RUNNING_HEAD_SHARE = 0.1


def _running_head(segs: list[Seg], rules: Sequence[Box]) -> tuple[str, list[Seg]]:
    """The running head as one line, and the page's other runs."""
    left, right = min(s.x0 for s in segs), max(s.x1 for s in segs)
    top, bottom = min(s.top for s in segs), max(s.bottom for s in segs)
    across = [r for r in rules if r.x1 - r.x0 >= 0.8 * (right - left)
              and r.x1 - r.x0 > r.bottom - r.top
              and r.top <= top + RUNNING_HEAD_SHARE * (bottom - top)]
    if not across:
        return "", segs
    rule = min(across, key=lambda r: r.top)
    above = [s for s in segs if s.bottom <= rule.bottom]
    rows = _lines(above)
    if not above or len(rows) > 1 or len(above) > 12:
        return "", segs
    return rows[0].text, [s for s in segs if s.bottom > rule.bottom]


def page_text(segs: list[Seg], pictures: Sequence[Box] = (), rules: Sequence[Box] = (),
              ratios: Ratios | None = None) -> str:
    """The page's text in reading order, for the segmenter."""
    segs = [s for s in merge_runs(segs) if s.text.strip()]
    if not segs:
        return ""
    head, segs = _running_head(segs, rules)
    if not segs:
        return head
    body = _median_size(segs)
    _roles(segs, body, ratios or Ratios())
    _captions(segs, list(pictures), body)
    line_gap = _line_gap(segs, body)
    leaves = Cutter(body, line_gap).cut(segs + _marks(list(pictures), list(rules)))
    writer = _Writer(body, line_gap)
    for leaf in leaves:
        lines = _lines([s for s in leaf if s.role not in MARKS])
        if lines:
            writer.leaf(lines)
    return f"{head}\n\n{writer.text()}" if head else writer.text()
