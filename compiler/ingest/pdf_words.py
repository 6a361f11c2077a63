"""Text runs of a PDF page with their boxes and font sizes (pypdfium2), plus picture boxes and rules."""
from __future__ import annotations

import ctypes
import re
import unicodedata
from dataclasses import dataclass, field

from compiler.ingest.layout import Box, Seg

# Chinese PDFs often map glyphs to Kangxi radicals or compatibility ideographs (⼯ U+2F2F for
# 工); NFKC on those characters alone gives the ordinary ideograph and touches nothing else.
_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")

# A page with more characters than this is not a newspaper page but a dump; reading it char by
# char would only take time.
MAX_CHARS_PER_PAGE = 60000


def plain_ideographs(text: str) -> str:
    if not _LOOKALIKE.search(text):
        return text
    return _LOOKALIKE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


@dataclass(slots=True)
class PageWords:
    """What the layout needs of one page: runs of text, pictures and rules, top-down points."""

    width: float
    height: float
    segs: list[Seg] = field(default_factory=list)
    pictures: list[Box] = field(default_factory=list)
    rules: list[Box] = field(default_factory=list)
    chars: int = 0


@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    space_before: bool = False  # the PDF put a space (or pdfium found a word break) before it


def _chars(textpage, height: float) -> list[_Char]:
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = min(raw.FPDFText_CountChars(tp), MAX_CHARS_PER_PAGE)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out: list[_Char] = []
    space = False
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        if raw.FPDFText_IsGenerated(tp, i) == 1:
            continue  # pdfium's guessed spaces: justified Chinese lines would get them too
        if code < 0x20 or chr(code).isspace():
            space = True  # a space the PDF itself holds: a word ends here
            continue
        ch = chr(code)
        if not raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top):
            continue
        size = raw.FPDFText_GetFontSize(tp, i) or (top.value - bottom.value)
        # The loose box is the em box: the same height for every character of a font size, so
        # that a line's characters share one top and bottom whatever their shapes.
        rect = raw.FS_RECTF()
        if raw.FPDFText_GetLooseCharBox(tp, i, rect):
            x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
        else:
            x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        if x1 - x0 <= 0 and y1 - y0 <= 0:
            continue
        out.append(_Char(ch, x0, height - y1, x1, height - y0, float(size), space))
        space = False
    return out


def _runs(chars: list[_Char]) -> list[Seg]:
    """Characters in content order -> runs on one line with no wide gap inside."""
    return [_seg(run) for run in _strays_put_back(_char_runs(chars))]


# Marks a PDF writer may set in a font of their own, written out of the text's order (LibreOffice
# writes a line's CJK text, then its curly quotes): they are put back where they stand.
_STRAY_MARKS = frozenset("“”‘’\"'「」『』《》〈〉（）()【】、，。：；！？…—·")


def _stray(run: list[_Char]) -> bool:
    return len(run) <= 3 and all(c.ch in _STRAY_MARKS for c in run)


def _strays_put_back(runs: list[list[_Char]]) -> list[list[_Char]]:
    out = [r for r in runs if not _stray(r)]
    for stray in filter(_stray, runs):
        host = next((r for r in out if r[0].x0 < stray[0].x0 < r[-1].x1
                     and abs((r[0].top + r[0].bottom) - (stray[0].top + stray[0].bottom)) / 2
                     < 0.6 * max(r[0].size, stray[0].size)), None)
        if host is None:
            out.append(stray)
            continue
        host.extend(stray)
        host.sort(key=lambda c: c.x0)
    return out


def _char_runs(chars: list[_Char]) -> list[list[_Char]]:
    runs: list[list[_Char]] = []
    cur: list[_Char] = []

    def flush() -> None:
        if cur:
            runs.append(list(cur))
            cur.clear()

    vertical = False  # the run is a line set vertically: one character under the other
    for c in chars:
        if cur:
            p = cur[-1]
            size = max(p.size, c.size, 1.0)
            same_line = abs((c.top + c.bottom) - (p.top + p.bottom)) / 2 < 0.45 * size
            gap = c.x0 - p.x1
            similar = 0.8 < c.size / max(p.size, 0.1) < 1.25
            if not vertical and same_line and similar and -0.3 * size < gap < 0.8 * size:
                cur.append(c)
                continue
            if (len(cur) == 1 or vertical) and similar and _under(p, c, size):
                vertical = True
                cur.append(c)
                continue
            flush()
            vertical = False
        cur.append(c)
    flush()
    return runs


def _under(p: _Char, c: _Char, size: float) -> bool:
    """`c` goes on under `p` in a vertical line: the same column of type, its middle at most a
    character and a half lower (a vertical comma's box sits beside its neighbour's)."""
    if p.ch.isascii() or c.ch.isascii():
        return False
    drop = (c.top + c.bottom - p.top - p.bottom) / 2
    return (abs((c.x0 + c.x1) - (p.x0 + p.x1)) / 2 < 0.3 * size
            and -0.5 * size < drop < 1.6 * size and not (drop < 0.5 * size and c.ch.isalnum()
                                                         and p.ch.isalnum()))


def _seg(chars: list[_Char]) -> Seg:
    parts: list[str] = []
    prev: _Char | None = None
    for c in chars:
        if prev is not None and (c.space_before or c.x0 - prev.x1 > 0.3 * max(c.size, prev.size)):
            parts.append(" ")
        parts.append(c.ch)
        prev = c
    sizes = sorted(c.size for c in chars)
    return Seg(
        text=plain_ideographs("".join(parts)),
        x0=min(c.x0 for c in chars), top=min(c.top for c in chars),
        x1=max(c.x1 for c in chars), bottom=max(c.bottom for c in chars),
        size=sizes[len(sizes) // 2],
    )


def _objects(page, height: float, words: PageWords) -> None:
    import pypdfium2.raw as raw

    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH), max_depth=3):
        try:
            x0, y0, x1, y1 = obj.get_bounds()
        except Exception:
            continue
        box = Box(x0, height - y1, x1, height - y0)
        w, h = x1 - x0, y1 - y0
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE or (w > 30 and h > 30):
            if w * h < 0.6 * words.width * words.height:  # not a page background
                words.pictures.append(box)
        elif (h < 3 and w > 20) or (w < 3 and h > 20):
            words.rules.append(box)


def read_page_words(page) -> PageWords:
    """One pypdfium2 page -> its runs, pictures and rules."""
    width, height = page.get_width(), page.get_height()
    words = PageWords(width, height)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, height)
    finally:
        textpage.close()
    words.chars = len(chars)
    words.segs = _runs(chars)
    if words.segs:
        _objects(page, height, words)
    return words
