"""Heading level of a Word paragraph: its style or outline level, else its type size against the body's."""
from __future__ import annotations

import re
from collections import Counter

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P, R, T = (f"{{{_W}}}{t}" for t in ("p", "r", "t"))
PPR, RPR, PSTYLE, OUTLINE, VAL, SZ = (
    f"{{{_W}}}{t}" for t in ("pPr", "rPr", "pStyle", "outlineLvl", "val", "sz"))

_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE = frozenset({"title", "标题"})
# Word's own default when nothing sets a size: 10.5 pt (五号), in half-points.
DEFAULT_HALF_POINTS = 21
# A paragraph set this much larger than the body text is a headline ("# "), or a kicker or
# subtitle ("## "), when it is short: pages laid out in Word often size headlines by hand
# rather than with a heading style.
HEAD_RATIO = 1.45
SUB_RATIO = 1.2
HEAD_MAX_CHARS = 60


def _half_points(rpr) -> int | None:
    if rpr is None:
        return None
    sz = rpr.find(SZ)
    value = sz.get(VAL) if sz is not None else None
    return int(value) if value and value.isdigit() and 0 < int(value) < 4000 else None


class Styles:
    """Heading level of a paragraph from its style (following basedOn), its outline level or
    its type size; `body` is the size most of the document's characters are set in."""

    def __init__(self, document) -> None:
        self._names: dict[str, str] = {}
        self._based: dict[str, str] = {}
        self._outline: dict[str, int] = {}
        self._size: dict[str, int] = {}
        styles = document.styles.element
        default = styles.find(f"{{{_W}}}docDefaults/{{{_W}}}rPrDefault/{RPR}")
        self.default = _half_points(default) or DEFAULT_HALF_POINTS
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
            size = _half_points(style.find(RPR))
            if size:
                self._size[sid] = size
        self.body = self._body_size(document.element.body)

    def _style_of(self, p) -> str | None:
        style = p.find(f"{PPR}/{PSTYLE}")
        return style.get(VAL) if style is not None else None

    def _chain(self, sid: str | None):
        for _ in range(6):  # basedOn chain, bounded against cycles
            if sid is None:
                return
            yield sid
            sid = self._based.get(sid)

    def size(self, p) -> int:
        """The size (half-points) of most of the paragraph's characters."""
        base = next((self._size[s] for s in self._chain(self._style_of(p)) if s in self._size),
                    self.default)
        counts: Counter[int] = Counter()
        for r, chars in _own_runs(p):
            counts[_half_points(r.find(RPR)) or base] += chars
        return counts.most_common(1)[0][0] if counts else base

    def _body_size(self, body) -> int:
        counts: Counter[int] = Counter()
        for p in body.iter(P):
            chars = sum(n for _, n in _own_runs(p))
            if chars:
                counts[self.size(p)] += chars
        return counts.most_common(1)[0][0] if counts else self.default

    def level(self, p, text: str = "") -> int:
        ppr = p.find(PPR)
        outline = ppr.find(OUTLINE) if ppr is not None else None
        if outline is not None and (outline.get(VAL) or "").isdigit():
            return _outline_level(int(outline.get(VAL)))
        for sid in self._chain(self._style_of(p)):
            name = self._names.get(sid, sid).strip().lower()
            if name in _TITLE:
                return 1
            m = _HEADING.match(name)
            if m:
                return int(m.group(1))
            if sid in self._outline:
                return _outline_level(self._outline[sid])
        if 0 < len(text) <= HEAD_MAX_CHARS:
            size = self.size(p)
            if size >= HEAD_RATIO * self.body:
                return 1
            if size >= SUB_RATIO * self.body:
                return 2
        return 0


def _own_runs(p):
    """(run, characters) of the paragraph's own runs: not those of a text box anchored in it."""
    for r in p.iter(R):
        chars = sum(len((t.text or "").strip()) for t in r.findall(T))
        if chars and next(r.iterancestors(P), None) is p:
            yield r, chars


def _outline_level(value: int) -> int:
    return value + 1 if value < 9 else 0  # 9 is "body text"
