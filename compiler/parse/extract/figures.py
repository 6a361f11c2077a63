"""Find the statistics in an article's body: value scaled, unit, qualifier, status, metric, role."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from compiler.knowledge.memo import per_object
from compiler.knowledge.patterns import alternation as _alt
from compiler.knowledge.schemas import FiguresSchema
from compiler.model.document import Figure
from compiler.parse.extract.metrics import decide_metric
from compiler.parse.extract.numbers import (
    CHINESE_NUMERAL_CHARS,
    DIGITS,
    arabic_to_number,
    chinese_to_number,
    tidy,
)
from compiler.parse.extract.roles import Spot, decide_roles
from compiler.parse.mapped import MappedText

_SENTENCE_BREAK = re.compile(r"[。！？；!?;\n]")
_CLAUSE_BREAK = re.compile(r"[，,、：:（(]")
_RANGE_LINK = "-–—~～至到"
_VAGUE = {"数": "more_than", "上": "approx", "几": "more_than"}
_HALF = {"一半": 50, "半数": 50}
_LIST_GAP = 12  # characters between two figures of one list or one sentence



@dataclass(slots=True)
class _Compiled:
    schema: FiguresSchema
    figure: re.Pattern
    not_after: re.Pattern
    not_before: tuple[str, ...]
    not_figures: tuple[str, ...]
    not_before_rx: re.Pattern | None
    target: re.Pattern
    target_clause: re.Pattern
    actual: re.Pattern


@per_object
def _compiled(schema: FiguresSchema) -> _Compiled:
    cn = re.escape(CHINESE_NUMERAL_CHARS)
    mags = "".join(schema.magnitudes)
    # Every figure starts with a qualifier or a numeral: a one-character look-ahead lets the
    # regex engine skip all other positions cheaply (this runs over every article body).
    starts = {w[0] for w in schema.qualifiers_before} | set(_VAGUE) | {w[0] for w in _HALF}
    first = re.escape("".join(sorted(starts)) + CHINESE_NUMERAL_CHARS)
    figure = re.compile(
        rf"(?=[\d{first}])"
        rf"(?P<pre>{_alt(schema.qualifiers_before)})?"
        rf"(?P<vague>[{''.join(_VAGUE)}](?=[{mags}]))?"
        rf"(?:(?P<half>{_alt(_HALF)})|(?P<ar>\d+(?:,\d{{3}})*(?:\.\d+)?)(?P<mag>[{mags}]*)|(?P<cn>[{cn}]+))"
        rf"(?P<post>余|多)?"
        # only what can be a figure reaches Python: a unit follows, or a range goes on (200至…)
        rf"(?:(?=(?:{_alt(schema.units)}))|(?<=[\d{mags}])(?=[{_RANGE_LINK}]\d)|(?<=半|数)(?=左右))"
        rf"(?P<unit>{_alt(schema.units)})?"
        rf"(?P<after>{_alt(schema.qualifiers_after)})?"
    )
    return _Compiled(
        schema=schema,
        figure=figure,
        not_after=re.compile(_alt(schema.not_figure_after)),
        not_before=tuple(schema.not_figure_before),
        not_figures=tuple(schema.not_figures),
        not_before_rx=(re.compile("|".join(f"(?:{p})" for p in schema.not_figure_before_patterns))
                       if schema.not_figure_before_patterns else None),
        target=re.compile(_alt(schema.target_cues)),
        target_clause=re.compile(_alt(schema.target_clause_cues) or r"(?!)"),
        actual=re.compile(_alt(schema.actual_cues)),
    )


def _inside_short_quote(text: str, pos: int) -> bool:
    """A number inside a short quoted name (“1+13+118”, “三个引领”) is part of a name."""
    open_ = text.rfind("“", max(0, pos - 10), pos)
    if open_ < 0 or text.rfind("”", open_, pos) >= 0:
        return False
    close = text.find("”", pos, pos + 12)
    return close >= 0


def _sentence_start(breaks: list[int], pos: int, limit: int) -> int:
    """Where the sentence holding `pos` begins, looking back at most `limit` characters."""
    k = bisect.bisect_right(breaks, pos) - 1
    return max(breaks[k] if k >= 0 else 0, pos - limit)


def _status(text: str, pos: int, breaks: list[int], c: _Compiled) -> str:
    start = _sentence_start(breaks, pos, c.schema.target_window * 3)
    window = text[start:pos]
    last_target = max((m.end() for m in c.target.finditer(window)), default=-1)
    # a modal such as 将 speaks of its own clause only (学员们将问题投入信箱，三位导师作答)
    clause = max((m.end() for m in _CLAUSE_BREAK.finditer(window)), default=0)
    last_target = max(last_target,
                      max((clause + m.end() for m in c.target_clause.finditer(window[clause:])),
                          default=-1))
    last_actual = max((m.end() for m in c.actual.finditer(window)), default=-1)
    return "target" if last_target > last_actual else "actual"


def _list_metric(text: str, prev, start: int, unit: str, metric: str, schema: FiguresSchema
                 ) -> str:
    """省级3家、市级14家 / 建议近万个，采纳2000余个: a figure no cue names counts what the figure
    just before it in the same sentence counts, when they share a unit; so does a part of it
    (680对师徒，其中……120对) further on in the sentence."""
    spot, _, prev_metric, _ = prev
    between = text[spot.end:start]
    if spot.unit != unit or _SENTENCE_BREAK.search(between):
        return metric
    if len(between) <= _LIST_GAP or (len(between) <= 3 * _LIST_GAP
                                     and any(w in between for w in schema.roles.part.before)):
        return prev_metric
    return metric


def _values(m: re.Match, c: _Compiled) -> list[float] | None:
    if m.group("half"):
        return [float(_HALF[m.group("half")])]
    if m.group("ar"):
        value = float(arabic_to_number(m.group("ar")))
        for ch in m.group("mag") or "":
            value *= c.schema.magnitudes[ch]
        return [value]
    cn = m.group("cn")
    if cn == "一":
        return None  # a bare 一 is an article ("一名职工"), not a statistic
    if len(cn) == 2 and all(ch in DIGITS for ch in cn) and DIGITS[cn[1]] == DIGITS[cn[0]] + 1:
        return [float(DIGITS[cn[0]]), float(DIGITS[cn[1]])]  # 八九成 -> 8 and 9 (tenths)
    number = chinese_to_number(cn)
    return None if number is None else [float(number)]


def _qualifier(m: re.Match, c: _Compiled) -> str:
    if m.group("vague"):
        return _VAGUE[m.group("vague")]
    if m.group("pre"):
        return c.schema.qualifiers_before[m.group("pre")]
    if m.group("post"):
        return "more_than"
    if m.group("after"):
        return c.schema.qualifiers_after[m.group("after")]
    return "exact"


def _skip(text: str, m: re.Match, num_start: int, num_end: int, c: _Compiled) -> bool:
    before = text[max(0, num_start - 4) : num_start]
    if before.endswith(c.not_before):
        return True
    if c.not_before_rx is not None and c.not_before_rx.search(before):
        return True
    prev = text[num_start - 1] if num_start else ""
    if prev == "-" and num_start >= 2 and not text[num_start - 2].isalnum():
        prev = ""  # the second half of a range such as 5%-10%
    if prev.isascii() and (prev.isalnum() or prev in "+.-/:") and prev != "":
        return True
    if text.startswith(c.not_figures, num_start):
        return True
    nxt = text[num_end : num_end + 1]
    if nxt in ("+", ":", "/", "."):
        return True
    after = c.not_after.match(text, num_end)
    if after:
        bad = after.group(0)
        unit = m.group("unit") or ""
        if len(bad) >= len(unit):
            return True
    return _inside_short_quote(text, num_start)


def find_figures(body: MappedText, schema: FiguresSchema) -> list[Figure]:
    c = _compiled(schema)
    text = body.text
    found_all: list[tuple[Spot, str, str, list[tuple[float, int, int]]]] = []
    pending_range: tuple[int, float, str] | None = None  # a unit-less number before 至/-/~
    breaks: list[int] | None = None  # sentence ends, found once the first figure needs them
    for m in c.figure.finditer(text):
        numeral = next(g for g in ("half", "ar", "cn") if m.group(g))
        num_start, num_end = m.start(numeral), m.end("mag") if m.group("ar") else m.end(numeral)
        post_end = m.end("post") if m.group("post") else num_end
        if _skip(text, m, num_start, post_end, c):
            pending_range = None
            continue
        values = _values(m, c)
        if values is None:
            continue
        unit_word = m.group("unit")
        if not unit_word:
            if m.group("half") and m.group("after"):
                unit_word = "%"
            elif m.group("ar") and text[m.end() : m.end() + 1] in _RANGE_LINK:
                pending_range = (m.start(), values[0], m.group(0))
                continue
            else:
                pending_range = None
                continue
        spec = schema.units.get(unit_word) if unit_word != "%" or "%" in schema.units else None
        unit, scale = (spec.unit, spec.scale) if spec else ("%", 1.0)
        if m.group("half"):
            unit, scale = "%", 1.0
        qualifier = _qualifier(m, c)
        if breaks is None:
            breaks = [b.end() for b in _SENTENCE_BREAK.finditer(text)]
        status = _status(text, m.start(), breaks, c)
        metric, decided = decide_metric(text, m.start(), m.end(), unit, schema)
        if not decided and found_all:
            metric = _list_metric(text, found_all[-1], m.start(), unit, metric, schema)
        found: list[tuple[float, int, int]] = []
        if pending_range and pending_range[0] + len(pending_range[2]) + 1 == m.start():
            rs = pending_range[0]
            found.append((pending_range[1] * scale, rs, rs + len(pending_range[2])))
        pending_range = None
        for v in values:
            found.append((v * scale, m.start(), m.end()))
        # both ends of a range (200至10000元) share one place, so one role
        spot = Spot(start=found[0][1], end=m.end(), unit=unit, status=status,
                    text=text[found[0][1]:m.end()], value=found[-1][0])
        found_all.append((spot, qualifier, metric, found))
    roles = decide_roles(text, [f[0] for f in found_all], schema)
    out: list[Figure] = []
    for (spot, qualifier, metric, found), role in zip(found_all, roles):
        for value, s, e in found:
            span = body.raw_span(s, e)
            if span is None:
                continue
            # built from checked parts: skip re-validation on this hot path
            out.append(Figure.model_construct(value=tidy(value), unit=spot.unit,
                                              qualifier=qualifier, status=spot.status,
                                              metric=metric, role=role, text=text[s:e],
                                              span=span))
    return out

