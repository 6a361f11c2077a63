"""Split an article's headline lines into kicker, title and subtitle."""
from __future__ import annotations

from dataclasses import dataclass, field

from compiler.parse.segment.blocks import Block, Line, join_lines
from compiler.parse.segment.classify import plain_len
from compiler.parse.segment.cues import Cues


def _subtitle_like(text: str, cues: Cues) -> bool:
    """A headline line that reads like a 副题: long, or naming a union or a place first."""
    return len(text) >= cues.schema.subtitle_min_chars or bool(cues.subtitle.search(text))


def title_join(lines: list[str]) -> str:
    if len(lines) == 2 and len(lines[0]) == len(lines[1]) <= 8:
        return f"{lines[0]} {lines[1]}"  # a couplet title: 车间即课堂 作业即作品
    return join_lines(lines)


@dataclass(slots=True)
class Head:
    column: str | None = None
    kicker: list[Line] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)
    subtitle: list[Line] = field(default_factory=list)


def _split_dash(line: Line) -> list[Line]:
    """武义工会多措并举助职工—— 拥有品质生活… : a kicker ending in a dash shares the line."""
    k = line.text.find("——")
    if k <= 0 or k + 2 >= len(line.text):
        return [line]
    rest = line.text[k + 2 :]
    lead = len(rest) - len(rest.lstrip())
    a = Line(line.start, line.start + k + 2, line.text[: k + 2], line.md_level)
    b = Line(line.start + k + 2 + lead, line.end, rest.strip(), line.md_level)
    return [a, b] if b.text else [line]


def assign_head(head_blocks: list[Block], cues: Cues) -> Head:
    head = Head()
    groups = [[p for ln in b.lines for p in _split_dash(ln)] for b in head_blocks]
    groups = [g for g in groups if g]
    if not groups:
        return head
    flat = [ln for g in groups for ln in g]
    marked = [ln.md_level for ln in flat if ln.md_level]
    if marked:
        best = min(marked)
        t = next(i for i, ln in enumerate(flat) if ln.md_level == best)
        before = flat[:t]
        if before and plain_len(before[0].text) <= cues.schema.column_max_chars:
            head.column = before[0].text
            before = before[1:]
        head.kicker = before
        head.title = [flat[t]]
        head.subtitle = flat[t + 1 :]
        return head
    if (len(groups) >= 2 and len(groups[0]) == 1 and head_blocks[1].gap_before > 0
            and plain_len(groups[0][0].text) <= cues.schema.column_max_chars - 3
            and not _subtitle_like(groups[1][0].text, cues)):
        # a short line standing alone above the headline is a column name (职工之家), unless
        # what follows reads like a subtitle (关爱一路同行 / 台州市路桥区开展…); on a page with
        # no blank lines nothing sets it apart (车间即课堂 / 作业即作品 is a couplet title)
        head.column = groups[0][0].text
        groups = groups[1:]
        flat = [ln for g in groups for ln in g]
    if flat[0].text.endswith("——") and len(flat) > 1:
        head.kicker = [flat[0]]
        flat = flat[1:]
        groups = [[ln for ln in g if ln is not head.kicker[0]] for g in groups]
        groups = [g for g in groups if g]
    elif (
        len(groups) >= 2
        and len(groups[0]) == 1
        and len(groups[0][0].text) >= 15
        and not _subtitle_like(groups[1][0].text, cues)
    ):
        head.kicker = groups[0]
        groups = groups[1:]
    first, rest = groups[0], groups[1:]
    title = [first[0]]
    sub: list[Line] = []
    for ln in first[1:]:
        (sub if sub or _subtitle_like(ln.text, cues) else title).append(ln)
    for g in rest:
        sub.extend(g)
    head.title, head.subtitle = title, sub
    return head


