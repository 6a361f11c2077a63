"""Decide what a figure counts (its metric) from the nouns and cue words of its clause."""
from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.knowledge.memo import per_object
from compiler.knowledge.patterns import alternation as _alt
from compiler.knowledge.schemas import FiguresSchema

# A clause ends at these; 、 does not end one (lists of figures share their verb).
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:\n]")
_BEFORE_LIMIT = 30  # characters of the clause read before the figure
_AFTER_LIMIT = 16  # ... and after it
_NOUN_GAP_BEFORE = 1  # a noun before the figure must end this close (创新工作室达14家)
_QUOTE_SKIP = 2  # a quotation starting this far after the figure still names what it counts


@dataclass(slots=True)
class _Cues:
    metric: str
    units: frozenset[str]
    primary_unit: str
    nouns: re.Pattern | None
    cues: re.Pattern | None
    strong: re.Pattern | None


_TRAILING_PARENS = re.compile(r"[（(][^（()）]{0,8}[)）]$")


@per_object
def _links(schema: FiguresSchema) -> re.Pattern:
    words = schema.metric_link_words
    return re.compile(f"(?:{_alt(words)})$") if words else re.compile(r"(?!)")


@per_object
def _compiled(schema: FiguresSchema) -> list[_Cues]:
    def rx(words: list[str]) -> re.Pattern | None:
        return re.compile(_alt(words)) if words else None

    return [_Cues(m.id, frozenset(m.units), m.units[0] if m.units else "", rx(m.nouns), rx(m.cues),
                  rx(m.strong_cues))
            for m in schema.metrics]


def clause_window(text: str, start: int, end: int, *, cut_quotes: bool = True
                  ) -> tuple[str, str]:
    """The figure's clause: the part before it and the part after it, each bounded."""
    lo = max(0, start - _BEFORE_LIMIT)
    before = text[lo:start]
    cut = None
    for cut in CLAUSE_BREAK.finditer(before):  # noqa: B007 - the last clause break is wanted
        pass
    if cut is not None:
        before = before[cut.end():]
    after = text[end:end + _AFTER_LIMIT]
    brk = CLAUSE_BREAK.search(after)
    if brk:
        after = after[:brk.start()]
    # a quotation further on names an award or a title (12家企业获评“模范职工之家”), not the
    # thing counted; one right after the figure is its noun (5家“职工书屋”)
    quote = after.find("“", _QUOTE_SKIP) if cut_quotes else -1
    if quote >= 0:
        after = after[:quote]
    return before, after


def decide_metric(text: str, start: int, end: int, unit: str, schema: FiguresSchema
                  ) -> tuple[str, bool]:
    """The metric id of the figure at text[start:end] with normalised `unit`, and whether a
    cue decided it (False: the unit's default, which a neighbouring figure may overrule)."""
    cands = [c for c in _compiled(schema) if unit in c.units]
    if len(cands) == 1:
        return cands[0].metric, True
    found = _by_cues(text, start, end, unit, cands, schema)
    if found:
        return found, True
    return schema.default_metric_by_unit.get(unit, "other"), False


def _strip_links(before: str, links: re.Pattern) -> str:
    """技能人才总量将(突破) -> 技能人才: words between a noun and its number say nothing of it."""
    while True:
        stripped = _TRAILING_PARENS.sub("", before)
        m = links.search(stripped)
        stripped = stripped[:m.start()] if m else stripped
        if stripped == before:
            return before
        before = stripped


def _nearest(cands: list[_Cues], unit: str, kind: str, before: str, after: str
             ) -> tuple[float, str] | None:
    """(distance, metric) of the cue of `kind` nearest the figure, before or after it (after
    counts half a character nearer); only cues of the metric's own (first) unit speak (报名
    decides 50名, not 30个)."""
    best: tuple[float, str] | None = None
    for c in cands:
        pattern = getattr(c, kind)
        if pattern is None or unit != c.primary_unit:
            continue
        for m in pattern.finditer(before):
            d = float(len(before) - m.end())
            if best is None or d < best[0]:
                best = (d, c.metric)
        for m in pattern.finditer(after):
            d = m.start() - 0.5
            if best is None or d < best[0]:
                best = (d, c.metric)
    return best


def _by_cues(text: str, start: int, end: int, unit: str, cands: list[_Cues], schema: FiguresSchema
             ) -> str | None:
    before, after = clause_window(text, start, end)
    # 1. strong cues anywhere in the clause, the nearest wins (after the figure counts nearer);
    #    a quoted title is part of what they read (28人获得“技术能手”称号)
    _, whole_after = clause_window(text, start, end, cut_quotes=False)
    best = _nearest(cands, unit, "strong", before, whole_after)
    if best:
        return best[1]
    # 2. the head noun after the figure: the noun phrase's last noun (5家企业工匠学院 -> 学院)
    head: tuple[int, int, str] | None = None
    for c in cands:
        if c.nouns is None:
            continue
        for m in c.nouns.finditer(after):
            key = (m.end(), len(m.group(0)))
            if head is None or key > head[:2]:
                head = (*key, c.metric)
    if head:
        return head[2]
    # 3. a noun right before it (创新工作室14家, 技术攻关32项)
    near: tuple[int, str] | None = None
    near_text = _strip_links(before, _links(schema))
    for c in cands:
        if c.nouns is None:
            continue
        for m in c.nouns.finditer(near_text):
            gap = len(near_text) - m.end()
            if gap <= _NOUN_GAP_BEFORE and (near is None or gap < near[0]):
                near = (gap, c.metric)
    if near:
        return near[1]
    # 4. any cue in the clause, the nearest wins
    best = _nearest(cands, unit, "cues", before, after)
    if best:
        return best[1]
    return None
