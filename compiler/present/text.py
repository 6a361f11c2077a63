"""Text helpers for every format: cleaning, Chinese numerals and dates, display widths."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

# Characters XML 1.0 forbids (and that docxtpl would turn into breaks: \a, \f), and lone
# surrogates (a JSON manifest may spell one), which no UTF-8 file can hold; tabs and newlines
# are layout noise from the page, folded into one space.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SPACE = re.compile(r"[ \t\r\n\u3000]+")
# docxtpl turns these back into Jinja delimiters after rendering; a zero-width space keeps them.
_DOCXTPL_MARKERS = re.compile(r"\{(?=_[{%])|(?<=[}%]_)\}")

_DIGITS = "零一二三四五六七八九"


def clean(text: object) -> str:
    """One-line display text: no control characters, whitespace runs folded, trimmed."""
    if text is None:
        return ""
    s = _ILLEGAL.sub("", str(text))
    return _SPACE.sub(" ", s).strip()


def guard_docxtpl(text: str) -> str:
    if "_" not in text:
        return text
    return _DOCXTPL_MARKERS.sub(lambda m: "{\u200b" if m.group(0) == "{" else "\u200b}", text)


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (section numbering)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    head = _DIGITS[n // 100] + "百"
    rest = n % 100
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    return head + (("一" + cn_number(rest)) if rest < 20 else cn_number(rest))


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def fixed_date(period_key: str, print_date: date | None = None) -> date:
    """A date that depends only on the input: the print date, else the period's first day."""
    if print_date:
        return print_date
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})|-Q([1-4]))?", period_key or "")
    if not m:
        return date(2000, 1, 1)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (int(m.group(3)) - 1) * 3 + 1 if m.group(3) else 1
    if not (1980 <= year <= 2999 and 1 <= month <= 12):
        return date(2000, 1, 1)
    return date(year, month, 1)


class _Widths(dict):
    """Character -> columns, looked up once per character."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_COLUMNS = _Widths()


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: wide (CJK, full-width) characters count 2."""
    return sum(map(_COLUMNS.__getitem__, text))
