"""Chinese line breaking for reportlab: no line starts with ，。、；：？！”》）… nor ends with “《（."""
from __future__ import annotations

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus.paragraph import (Paragraph, ParaLines, _handleBulletWidth, cjkU,
                                          makeCJKParaLine)
from reportlab.rl_config import _FUZZ

# reportlab's own sets are Japanese-centred and miss most full-width Chinese punctuation.
NO_LINE_START = frozenset(ALL_CANNOT_START + "，。、；：？！）》」』】〕〉］｝〗”’…·％‰℃,.;:?!)]}%")
NO_LINE_END = frozenset(ALL_CANNOT_END + "（《「『【〔〈［｛〖“‘([{")
NO_SPLIT_PAIRS = frozenset("—…")  # —— and …… are one mark each


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


def kinsoku_split(frags, max_widths, calc_bounds: bool, encoding: str = "utf8") -> ParaLines:
    U = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        U.extend([cjkU(t, f, encoding) for t in text] if text else [cjkU(text, f, encoding)])
    lines: list = []
    max_width = max_widths[0]

    def close(start: int, end: int, line_break: bool) -> float:
        used = sum(_width(u, max_width) for u in U[start:end])
        lines.append(makeCJKParaLine(U[start:end], max_width, used, max_width - used, line_break,
                                     calc_bounds))
        return max_widths[min(len(lines), len(max_widths) - 1)]

    start = i = 0
    used = 0.0
    n = len(U)
    while i < n:
        u = U[i]
        w = _width(u, max_width)
        if hasattr(u.frag, "lineBreak"):
            max_width = close(start, i + 1, True)
            start = i = i + 1
            used = 0.0
            continue
        if used + w > max_width + _FUZZ and i > start:
            b = break_index(U, start, i)
            max_width = close(start, b, False)
            while b < n and U[b] == " ":  # a wrapped line does not begin with a space
                b += 1
            start = i = b
            used = 0.0
            continue
        used += w
        i += 1
    if start < n:
        close(start, n, False)
    return ParaLines(kind=1, lines=lines)


class KinsokuParagraph(Paragraph):
    """A Paragraph whose CJK wrapping follows Chinese line-breaking rules (use wordWrap='CJK')."""

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
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return kinsoku_split(self.frags, maxWidths, auto_leading not in ("", "off"))
