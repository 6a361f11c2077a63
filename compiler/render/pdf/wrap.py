"""Chinese line breaking: no line starts with ，。、；：？！”》）… nor ends with “《（.

Lines are filled character by character with widths measured once per font and size, then the
break moves back until the Chinese rules allow it. A text wrapped again at the same widths (the
same article in the province, city and county digests) reuses its lines.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth

from compiler.libs.reportlab_private import FUZZ

# reportlab's own sets are Japanese-centred and miss most full-width Chinese punctuation.
NO_LINE_START = frozenset(ALL_CANNOT_START + "，。、；：？！）》」』】〕〉］｝〗”’…·％‰℃,.;:?!)]}%")
NO_LINE_END = frozenset(ALL_CANNOT_END + "（《「『【〔〈［｛〖“‘([{")
NO_SPLIT_PAIRS = frozenset("—…")  # —— and …… are one mark each

# (font name, size) -> {character: width}; a width depends on nothing else.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _wordish(ch: str) -> bool:
    """Part of a Latin word or a number (13.3, 35.71%, DeepSeek) that should not be split."""
    return len(ch) == 1 and ch.isascii() and (ch.isalnum() or ch in ".%")


def _bad_break(U: str, b: int) -> bool:
    before, after = U[b - 1], U[b]
    return (after in NO_LINE_START or before in NO_LINE_END
            or (after == before and after in NO_SPLIT_PAIRS)
            or (_wordish(before) and _wordish(after)))


def break_index(U: str, start: int, i: int) -> int:
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


def text_widths(text: str, font_name: str, font_size: float) -> list[float]:
    table = _WIDTHS.setdefault((font_name, font_size), {})
    for ch in set(text).difference(table):
        table[ch] = stringWidth(ch, font_name, font_size)
    return list(map(table.__getitem__, text))


@lru_cache(maxsize=8192)
def wrap_lines(text: str, font_name: str, font_size: float,
               max_widths: tuple[float, ...]) -> tuple[tuple[str, float], ...]:
    """(line, width) pairs; line k is at most max_widths[min(k, last)] wide.

    A wrapped line does not begin with a space; a line too narrow for even one character still
    takes one, so nothing is ever lost.
    """
    widths = text_widths(text, font_name, font_size)
    lines: list[tuple[str, float]] = []
    n = len(text)
    start = i = 0
    used = 0.0
    while i < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        if used + widths[i] <= max_width + FUZZ or i == start:
            used += widths[i]
            i += 1
            continue
        b = break_index(text, start, i)
        lines.append((text[start:b], sum(widths[start:b])))
        while b < n and text[b] == " ":
            b += 1
        start = i = b
        used = 0.0
    if start < n:
        lines.append((text[start:], sum(widths[start:])))
    return tuple(lines)
