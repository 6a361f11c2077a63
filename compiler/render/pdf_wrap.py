"""Chinese line breaking for reportlab: no line starts with ，。、；：？！”》）… nor ends with “《（.

The lines come out exactly as reportlab's CJK wrapping would build them (makeCJKParaLine), but
characters are measured once per font and size, and a paragraph wrapped again at the same width
(every multiBuild pass, KeepTogether, tables) reuses its lines.
"""
from __future__ import annotations

from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import (FragLine, Paragraph, ParaLines, _handleBulletWidth, cjkU,
                                          imgNormV, imgVRange, makeCJKParaLine)
from reportlab.rl_config import _FUZZ

# reportlab's own sets are Japanese-centred and miss most full-width Chinese punctuation.
NO_LINE_START = frozenset(ALL_CANNOT_START + "，。、；：？！）》」』】〕〉］｝〗”’…·％‰℃,.;:?!)]}%")
NO_LINE_END = frozenset(ALL_CANNOT_END + "（《「『【〔〈［｛〖“‘([{")
NO_SPLIT_PAIRS = frozenset("—…")  # —— and …… are one mark each

# (font name, size) -> {character: width}; a width depends on nothing else.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _wordish(ch: str) -> bool:
    """Part of a Latin word or a number (13.3, 35.71%, DeepSeek) that should not be split."""
    return len(ch) == 1 and ch.isascii() and (ch.isalnum() or ch in ".%")


def _bad_break(U: list, b: int) -> bool:
    before, after = U[b - 1], U[b]
    return (after in NO_LINE_START or before in NO_LINE_END
            or (after == before and after in NO_SPLIT_PAIRS)
            or (_wordish(before) and _wordish(after)))


def break_index(U: list, start: int, i: int) -> int:
    """Where the next line should start when U[i] no longer fits on the line from `start`.

    Moves the break back (pushing characters to the next line) until it is allowed; if the whole
    line offers no allowed break, a closing mark may hang past the margin, else we break at i.
    """
    b = i
    while b > start + 1 and _bad_break(U, b):
        b -= 1
    if b > start + 1 or not _bad_break(U, b):
        return b
    if U[i] in NO_LINE_START and i + 1 < len(U):
        return i + 1
    return i


def _width(u, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


def _text_widths(text: str, font_name: str, font_size: float) -> list[float]:
    table = _WIDTHS.setdefault((font_name, font_size), {})
    for ch in set(text).difference(table):
        table[ch] = stringWidth(ch, font_name, font_size)
    return list(map(table.__getitem__, text))


def _bounds(f, calc_bounds: bool) -> tuple[float, float]:
    """A frag's (ascent, descent) on a line, as makeCJKParaLine works them out."""
    if calc_bounds:
        cb = getattr(f, "cbDefn", None)
        if getattr(cb, "width", 0):
            return imgVRange(imgNormV(cb.height, f.fontSize), cb.valign, f.fontSize)
    return getAscentDescent(f.fontName, f.fontSize)


class _Glyphs:
    """A paragraph as parallel lists: characters, their widths, the frag each comes from."""

    def __init__(self, frags, encoding: str):
        self.frags = frags
        self.chars: list[str] = []
        self.widths: list[float] = []
        self.ends: list[int] = []  # index after the last character of each frag
        self.special: list[bool] = []  # never merged with a neighbour (makeCJKParaLine's sameFrag)
        self.hard: set[int] = set()  # characters that end a line (<br/>)
        self.ok = True
        for f in frags:
            text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
            chars = list(text) if text else [text]  # an empty frag still takes a place
            if hasattr(f, "cbDefn"):
                w = getattr(f.cbDefn, "width", 0)
                if hasattr(w, "normalizedValue"):  # relative widths: leave to the general path
                    self.ok = False
                    return
                widths = [w] * len(chars)
            else:
                widths = _text_widths(text, f.fontName, f.fontSize) if text else [
                    stringWidth(text, f.fontName, f.fontSize)]
            if hasattr(f, "lineBreak"):
                self.hard.update(range(len(self.chars), len(self.chars) + len(chars)))
            self.chars += chars
            self.widths += widths
            self.ends.append(len(self.chars))
            self.special.append(hasattr(f, "cbDefn") or hasattr(f, "lineBreak"))
        self.owner = [k for k, end in enumerate(self.ends)
                      for _ in range(end - (self.ends[k - 1] if k else 0))]

    def line(self, start: int, end: int, max_width: float, used: float, line_break: bool,
             calc_bounds: bool) -> FragLine:
        """makeCJKParaLine(U[start:end], ...) run by run instead of character by character."""
        words: list = []
        cw: list[str] = []
        f0 = FragLine()
        max_size = max_ascent = min_descent = 0
        i = start
        while i < end:
            k = self.owner[i]
            f = self.frags[k]
            j = min(end, self.ends[k])
            ascent, descent = _bounds(f, calc_bounds)
            max_size = max(max_size, f.fontSize)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            for e in (range(i, j) if self.special[k] else (i,)):
                if not sameFrag(f0, f):
                    f0 = f0.clone()
                    f0.text = "".join(cw)
                    words.append(f0)
                    cw = []
                    f0 = f
                if self.special[k]:
                    cw.append(self.chars[e])
                else:
                    cw.extend(self.chars[i:j])  # sameFrag(f, f) holds within a plain frag
            i = j
        if cw:
            f0 = f0.clone()
            f0.text = "".join(cw)
            words.append(f0)
        return FragLine(kind=1, extraSpace=max_width - used, wordCount=1, words=words[1:],
                        fontSize=max_size, ascent=max_ascent, descent=min_descent,
                        maxWidth=max_width, currentWidth=used, lineBreak=line_break)


def _wrap(U, width_of, is_hard, max_widths, close) -> None:
    """The line-filling loop of both paths: add characters while they fit, then break where the
    Chinese rules allow; `close(start, end, line_break, max_width)` makes a line and returns
    the width of the next one."""
    n = len(U)
    max_width = max_widths[0]
    start = i = 0
    used = 0.0
    while i < n:
        w = width_of(i, max_width)
        if is_hard(i):
            max_width = close(start, i + 1, True, max_width)
            start = i = i + 1
            used = 0.0
            continue
        if used + w > max_width + _FUZZ and i > start:
            b = break_index(U, start, i)
            max_width = close(start, b, False, max_width)
            while b < n and U[b] == " ":  # a wrapped line does not begin with a space
                b += 1
            start = i = b
            used = 0.0
            continue
        used += w
        i += 1
    if start < n:
        close(start, n, False, max_width)


def kinsoku_split(frags, max_widths, calc_bounds: bool, encoding: str = "utf8") -> ParaLines:
    g = _Glyphs(frags, encoding)
    if not g.ok:
        return _kinsoku_split_general(frags, max_widths, calc_bounds, encoding)
    widths, hard = g.widths, g.hard or ()
    lines: list = []

    def close(start: int, end: int, line_break: bool, max_width: float) -> float:
        used = sum(widths[start:end])
        lines.append(g.line(start, end, max_width, used, line_break, calc_bounds))
        return max_widths[min(len(lines), len(max_widths) - 1)]

    _wrap(g.chars, lambda i, _: widths[i], hard.__contains__, max_widths, close)
    return ParaLines(kind=1, lines=lines)


def _kinsoku_split_general(frags, max_widths, calc_bounds: bool,
                           encoding: str = "utf8") -> ParaLines:
    """The same rules on reportlab's own per-character objects (frags with relative widths)."""
    U = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        U.extend([cjkU(t, f, encoding) for t in text] if text else [cjkU(text, f, encoding)])
    lines: list = []

    def close(start: int, end: int, line_break: bool, max_width: float) -> float:
        used = sum(_width(u, max_width) for u in U[start:end])
        lines.append(makeCJKParaLine(U[start:end], max_width, used, max_width - used, line_break,
                                     calc_bounds))
        return max_widths[min(len(lines), len(max_widths) - 1)]

    _wrap(U, lambda i, max_width: _width(U[i], max_width),
          lambda i: hasattr(U[i].frag, "lineBreak"), max_widths, close)
    return ParaLines(kind=1, lines=lines)


def _fresh(bl: ParaLines) -> ParaLines:
    """A copy whose lines and words can be changed (Paragraph.split appends spaces to words)."""
    return bl.clone(lines=[ln.clone(words=[w.clone() for w in ln.words]) for ln in bl.lines])


class KinsokuParagraph(Paragraph):
    """A Paragraph whose CJK wrapping follows Chinese line-breaking rules (use wordWrap='CJK')."""

    _ub_lines: tuple | None = None  # (widths, ParaLines) of the last wrap, never changed

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        if not self.frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                             textColor=style.textColor, lines=[], ascent=style.fontSize,
                             descent=-0.2 * style.fontSize)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        key = tuple(maxWidths)
        if self._ub_lines is not None and self._ub_lines[0] == key:
            return self._ub_lines[1]
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        lines = kinsoku_split(self.frags, maxWidths, auto_leading not in ("", "off"))
        self._ub_lines = (key, lines)
        return lines

    def split(self, availWidth, availHeight):
        # reportlab's split edits the words of the wrapped lines; keep the cached ones intact.
        if (self.frags and availWidth >= _FUZZ and availHeight >= _FUZZ
                and not hasattr(self, "blPara")):
            self.wrap(availWidth, availHeight)
        if self._ub_lines is not None and getattr(self, "blPara", None) is self._ub_lines[1]:
            self.blPara = _fresh(self.blPara)
        return super().split(availWidth, availHeight)
