"""Decide how each figure of an article may be used in a statistic: count, total, rate or part."""
from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.knowledge.memo import per_object
from compiler.knowledge.patterns import alternation as _alt
from compiler.knowledge.schemas import FiguresSchema
from compiler.parse.extract.metrics import clause_window

# a sentence ends at its full stop, or at a line break right after one (not at a wrapped line)
_SENTENCE_END = re.compile(r"[。！？!?]|(?<=[。！？!?”；;：:])\n|^\n", re.M)
_OPEN_PAREN = "（("
_CLOSE_PAREN = "）)"
_SUBHEAD_MAX = 20  # a line this short, with a comma or a # mark and no full stop, is a subheading


@dataclass(slots=True)
class Spot:
    """Where one figure (or both ends of a range) stands in the article body."""

    start: int
    end: int
    unit: str
    status: str
    text: str
    value: float


@dataclass(slots=True)
class _Compiled:
    rate_before: re.Pattern
    rate_after: list[re.Pattern]
    per_period: re.Pattern
    total: re.Pattern
    total_patterns: list[re.Pattern]
    total_target: list[re.Pattern]
    part_before: re.Pattern
    part_after: list[re.Pattern]
    event: re.Pattern
    summary: re.Pattern
    period: re.Pattern


_NEVER = re.compile(r"(?!)")


@per_object
def _compiled(schema: FiguresSchema) -> _Compiled:
    r = schema.roles

    def rx(words: list[str]) -> re.Pattern:
        return re.compile(_alt(words)) if words else _NEVER

    return _Compiled(
        rate_before=rx(r.rate.before), rate_after=[re.compile(p) for p in r.rate.after],
        per_period=rx(r.per_period), total=rx(r.total),
        total_patterns=[re.compile(p) for p in r.total_patterns],
        total_target=[re.compile(p) for p in r.total_target],
        part_before=rx(r.part.before), part_after=[re.compile(p) for p in r.part.after],
        event=rx(r.event_frame), summary=rx(r.summary_frame),
        period=rx(r.period_frame))


def _is_subheading(line: str, previous: str) -> bool:
    line = line.strip()
    if not line or len(line) > _SUBHEAD_MAX or line[-1] in "。！？!?；;，,":
        return False
    if line.startswith("#"):
        return True
    # a short line with a comma after a finished sentence; a wrapped fragment of a sentence
    # (每月一测试，每季度现场实) follows a line that stops mid-sentence
    ended = not previous.strip() or previous.strip()[-1] in "。！？!?”』」"
    return ended and any(ch in line for ch in "，, 　")


def _frames(text: str, c: _Compiled) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """Per paragraph: its start, the frame carried into it, and the frame cues inside it."""
    out = []
    carried = "count"
    pos = 0
    previous = ""
    for line in text.split("\n"):
        if _is_subheading(line, previous):
            carried = "count"  # a new section of the story starts a new frame
        cues = sorted([(m.end(), "count") for m in c.event.finditer(line)]
                      + [(m.end(), "total") for m in c.summary.finditer(line)])
        local = sorted(cues + [(m.end(), "total") for m in c.period.finditer(line)])
        out.append((pos, carried, local))
        if cues:
            carried = cues[-1][1]
        pos += len(line) + 1
        previous = line
    return out


def _frame_at(frames, pos: int) -> str:
    frame = "count"
    for start, carried, cues in frames:
        if start > pos:
            break
        frame = carried
        for end, kind in cues:
            if start + end <= pos:
                frame = kind
    return frame


def _sentence_before(text: str, pos: int) -> str:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return text[start:pos]


def _in_parens_after(text: str, spot: Spot, earlier: list[Spot]) -> bool:
    """13场（特种赛2场）: a figure in brackets right after another is a part of it."""
    head = text[max(0, spot.start - 12):spot.start]
    k = max(head.rfind(p) for p in _OPEN_PAREN)
    if k < 0 or any(p in head[k:] for p in _CLOSE_PAREN):
        return False
    paren = spot.start - len(head) + k
    return any(e.end == paren for e in earlier)


def _near(pattern: re.Pattern, before: str, window: int) -> bool:
    return any(len(before) - m.end() <= window for m in pattern.finditer(before))


def decide_roles(text: str, spots: list[Spot], schema: FiguresSchema) -> list[str]:
    """The role of each figure, in order (GUIDE: figures, role)."""
    c = _compiled(schema)
    window = schema.roles.window
    frames = _frames(text, c)
    roles: list[str] = []
    for i, s in enumerate(spots):
        earlier = spots[:i]
        roles.append(_role(text, s, earlier, c, window, schema.roles.restate_min_value, frames))
    return roles


def _role(text, s: Spot, earlier: list[Spot], c: _Compiled, window: int, restate_min: float,
          frames) -> str:
    if s.unit == "%":
        return "rate"
    before, after = clause_window(text, s.start, s.end)
    if earlier:
        if _in_parens_after(text, s, earlier) or _near(c.part_before, before, window):
            return "part"
        if any(p.match(after) for p in c.part_after) and any(e.unit == s.unit for e in earlier):
            return "part"
        if s.value >= restate_min and any(e.text == s.text and e.unit == s.unit for e in earlier):
            return "part"  # the same figure told again: never added twice
    if _near(c.rate_before, before, window) or any(p.match(after) for p in c.rate_after):
        return "rate"
    if _near(c.per_period, before, window):
        return "count" if s.status == "target" else "rate"
    sentence = _sentence_before(text, s.start)
    if s.status == "target":
        # a plan's level by a deadline (到2027年…总量) is a total; a plan's output counts
        # ... unless a per-period list (每年…) begins after the deadline in the same sentence
        level = max((m.end() for p in c.total_target for m in p.finditer(sentence)), default=-1)
        period = max((m.end() for m in c.per_period.finditer(sentence)), default=-1)
        return "total" if level > period else "count"
    if c.total.search(sentence) or any(p.search(sentence) for p in c.total_patterns):
        return "total"
    return _frame_at(frames, s.start)
