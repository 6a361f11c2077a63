"""Find union organisations with level and place, anchored to the gazetteer or a name pattern."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import cast

import ahocorasick

from compiler.knowledge.gazetteer import Gazetteer, Place
from compiler.knowledge.memo import per_object
from compiler.knowledge.patterns import alternation as _alt
from compiler.knowledge.schemas import LevelsSchema
from compiler.model.document import Level, PlaceRef, UnionRef
from compiler.parse.mapped import MappedText

# Characters that may stand inside a union's name; anything else bounds the name on the left.
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9（）()·]")
# Function words that never stand inside a name after its place (位于…的…, 在…).
_NOT_IN_NAME = set("的了在是被把从向对为将让由给于")
_JOINERS = set("和与及同跟由、")
_CONTEXT_CHARS = 200  # the lede, where an article says where it happens
_ADMIN_RANK = {"province": 0, "city": 1, "county": 2, "town": 3}
_PATTERN_ORDER = ("national", "province", "industry", "park", "enterprise", "town")


@dataclass(slots=True)
class _Mention:
    name: str
    level: str
    start: int  # in the MappedText
    end: int
    in_head: bool
    province: str | None = None
    city: str | None = None
    county: str | None = None
    official_place: bool = False  # the name spells its place officially (余杭区, not 余杭)


@dataclass(slots=True)
class _Tools:
    levels: LevelsSchema
    gaz: Gazetteer
    places: ahocorasick.Automaton
    suffix: re.Pattern
    named: re.Pattern | None
    short: dict[str, tuple[str, str]]
    patterns: list[tuple[Level, re.Pattern]] = field(default_factory=list)


@per_object
def _tools(levels: LevelsSchema, gaz: Gazetteer) -> _Tools:
    auto = ahocorasick.Automaton()
    for surface, places in gaz.surfaces().items():
        # Short forms outside the home province are too ambiguous in running text (和平, 城关);
        # official names everywhere, short forms of home places and of cities/provinces.
        keep = [p for p in places if p.name == surface or p.province == gaz.home_province
                or p.level in ("city", "province")]
        if keep and len(surface) >= 2:
            auto.add_word(surface, surface)
    auto.make_automaton()
    # Abbreviations of 总工会 (长兴县总会, 慈溪市总已…) count only right after a place name.
    suffixes = list(levels.union_suffixes) + list(levels.abbreviations)
    named = _alt(levels.named_unions) if levels.named_unions else None
    patterns = [(lvl, re.compile("|".join(levels.levels[lvl].patterns)))
                for lvl in _PATTERN_ORDER if lvl in levels.levels and levels.levels[lvl].patterns]
    return _Tools(
        levels=levels,
        gaz=gaz,
        places=auto,
        suffix=re.compile(_alt(suffixes)),
        named=re.compile(named) if named else None,
        short={s.surface: (s.level, s.full_suffix) for s in levels.short_forms},
        patterns=patterns,
    )


@dataclass(slots=True)
class _Places:
    """Place names found in a text, indexed by start for the name scanner."""

    hits: list[tuple[int, int, str]]
    starts: list[int] = field(init=False)
    by_start: dict[int, tuple[int, int, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [h[0] for h in self.hits]
        self.by_start = {h[0]: h for h in self.hits}


def _place_hits(text: str, t: _Tools, lead: int | None = None) -> list[tuple[int, int, str]]:
    """Longest non-overlapping gazetteer names, left to right.

    With `lead`, only where places matter are scanned (speed): the first `lead` characters,
    which set the article's place, and the stretch before each union name ending.
    """
    if lead is None or len(text) <= lead:
        windows = [(0, len(text))]
    else:
        windows = [(0, lead)]
        reach = t.levels.name_max_chars
        for m in t.suffix.finditer(text, lead):
            # only the run of name characters before the ending can hold the union's place
            a, b = _left_run(text, m.start(), reach), m.start()
            if b - a < 2:
                continue
            if a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], b))
            else:
                windows.append((a, b))
    # One automaton pass over the windows joined by a character no name holds, mapped back.
    joined = "\n".join(text[a:b] for a, b in windows)
    offsets, shifts, pos = [], [], 0
    for a, b in windows:
        offsets.append(pos)
        shifts.append(a - pos)
        pos += b - a + 1
    hits: list[tuple[int, int, str]] = []
    for end, name in t.places.iter_long(joined):
        shift = shifts[bisect.bisect_right(offsets, end) - 1]
        hits.append((end - len(name) + 1 + shift, end + 1 + shift, name))
    return hits


def _resolve_chain(surfaces: list[str], t: _Tools, ctx_city: str | None) -> Place | None:
    """湖州 + 吴兴区 + 东林镇 -> the most specific place, each resolved inside the previous."""
    city, county, place = ctx_city, None, None
    for s in surfaces:
        p = t.gaz.resolve(s, city=city, county=county)
        if p is None:
            return None
        place = p
        city = p.city or city
        county = p.county or county
    return place


def _pattern_level(name: str, t: _Tools) -> str | None:
    for lvl, pat in t.patterns:
        if pat.search(name):
            return lvl
    return None


def _left_run(text: str, s: int, limit: int) -> int:
    i = s
    while i > 0 and s - i < limit and _NAME_CHAR.match(text[i - 1]):
        i -= 1
    return i


def _strip_prefixes(text: str, start: int, end: int, t: _Tools) -> int:
    prefixes = sorted(t.levels.not_union_prefixes, key=len, reverse=True)
    changed = True
    while changed and start < end:
        changed = False
        for p in prefixes:
            if text.startswith(p, start) and start + len(p) < end:
                start += len(p)
                changed = True
                break
    return start


def _mentions(mt: MappedText, in_head: bool, t: _Tools, places: _Places,
              ctx: dict) -> list[_Mention]:
    text = mt.text
    out: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    if t.named:
        for m in t.named.finditer(text):
            if _inside_place(m.start(), places):
                continue  # 省总工会 in 河北省总工会: the place's own federation, found below
            lvl = t.levels.named_unions[m.group(0)]
            prov = t.gaz.home_province if lvl in ("province",) else None
            out.append(_Mention(m.group(0), lvl, m.start(), m.end(), in_head, province=prov))
            taken.append((m.start(), m.end()))
    for m in t.suffix.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in taken):
            continue
        mention = _name_at(text, s, e, m.group(0), in_head, t, places, ctx)
        if mention and not _honour(text, mention, t):
            out.append(mention)
    return out


def _inside_place(pos: int, places: _Places) -> bool:
    k = bisect.bisect_right(places.starts, pos) - 1
    return k >= 0 and places.hits[k][0] < pos < places.hits[k][1]


def _honour(text: str, m: _Mention, t: _Tools) -> bool:
    """“省级示范乡镇工会”: a name closing a quote that holds an honour's word is a title given."""
    if m.end >= len(text) or text[m.end] not in "”\"’" or not t.levels.honour_words:
        return False
    opening = text.rfind("“", max(0, m.start - t.levels.name_max_chars), m.end)
    quoted = text[opening + 1 : m.end] if opening >= 0 else m.name
    return any(w in quoted for w in t.levels.honour_words)


def _name_at(text, s, e, suffix, in_head, t: _Tools, places, ctx) -> _Mention | None:
    follow = t.levels.abbreviations.get(suffix)
    if follow is not None and not (e == len(text) or text[e] in follow):
        return None  # 杭州市总投资 is not 杭州市总工会
    run = _left_run(text, s, t.levels.name_max_chars)
    # only the places inside the name's left run (places are sorted by start): no full scans
    lo, hi = bisect.bisect_left(places.starts, run), bisect.bisect_left(places.starts, s)
    for ps, pe, surface in places.hits[lo:hi]:
        if pe > s:
            continue
        chain = [surface]
        cur = pe
        while cur in places.by_start and places.by_start[cur][1] <= s:
            _, cur, q = places.by_start[cur]
            chain.append(q)
        remainder = text[cur:s]
        if any(ch in _NOT_IN_NAME for ch in remainder):
            continue
        abbreviated = suffix in t.levels.abbreviations
        name = text[ps:s] + ("总工会" if abbreviated else suffix)
        place = _resolve_chain(chain, t, ctx.get("city"))
        if place is None:
            continue
        if remainder:
            if abbreviated:
                continue
            level = _pattern_level(name, t)
            if level is None:
                continue
        else:
            level = place.level
        official = any(x.name == p for p in chain for x in t.gaz.lookup(p))
        prov, city, county = place.province, place.city, place.county
        return _Mention(name, level, ps, e, in_head, prov, city, county, official)
    if suffix in t.levels.abbreviations:
        return None
    # 住建局和市总工会: a short form standing after a conjunction or a bound
    short = text[s - 1 : s] + suffix
    if short in t.short and (s - 1 == run or text[s - 2] in _JOINERS):
        return _short_form(short, s - 1, e, in_head, t, ctx)
    start = _strip_prefixes(text, run, s, t)
    cut = max((i for i in range(start, s) if text[i] in _NOT_IN_NAME), default=start - 1)
    start = max(start, cut + 1)
    # 全国总工会授予基层工会: a name never holds another union before its own ending
    inner = text.rfind("工会", start, s)
    if inner >= 0:
        start = inner + 2
    name = text[start:s] + suffix
    if name in t.short:
        return _short_form(name, start, e, in_head, t, ctx)
    level = _pattern_level(name, t)
    if level is None or not len(suffix) + 1 < len(name) <= t.levels.loose_name_max_chars:
        return None
    return _Mention(name, level, start, e, in_head, province=ctx.get("province"),
                    city=ctx.get("city"), county=ctx.get("county"))


def _short_form(name, start, end, in_head, t: _Tools, ctx) -> _Mention | None:
    level, full_suffix = t.short[name]
    key = "county" if level == "county" else "city"
    if key == "city" and (ctx.get("county") or "").endswith("市"):
        # in a story about 嵊州市, 市总工会 is 嵊州市总工会: a county-level city
        level, key = "county", "county"
    place_name = ctx.get(key)
    place = t.gaz.resolve(place_name, city=ctx.get("city")) if place_name else None
    if place is None:
        # nothing places it (县总工会 on a county's own site): the name as written, no place
        bare = name[: name.index("总")] + full_suffix if "总" in name else name
        return _Mention(bare, level, start, end, in_head)
    return _Mention(place.name + full_suffix, level, start, end, in_head, place.province,
                    place.city, place.county, True)


def _context(places: list[tuple[int, int, str]], t: _Tools) -> dict:
    """The article's own place: its first county-level and city-level names."""
    ctx: dict = {}
    for _, _, s in places:
        p = t.gaz.resolve(s, city=ctx.get("city"))
        if p is None or p.level == "town":
            continue
        if p.level == "county" and "county" not in ctx:
            ctx["county"] = p.name
            ctx.setdefault("city", p.city)
            ctx.setdefault("province", p.province)
        elif p.level == "city" and "city" not in ctx:
            ctx["city"] = p.name
            ctx.setdefault("province", p.province)
        elif p.level == "province":
            ctx.setdefault("province", p.name)
    return ctx


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _same_union(a: _Mention, b: _Mention) -> bool:
    if a.level != b.level:
        return False
    if a.level in _ADMIN_RANK:
        return (a.province, a.city, a.county) == (b.province, b.city, b.county) and (
            a.level != "town" or _subsequence(a.name[-5:], b.name) or _subsequence(b.name[-5:], a.name)
        )
    short, long_ = sorted((a.name, b.name), key=len)
    core = short[-6:]
    return _subsequence(short, long_) or core in long_


def _distinct(group: list[_Mention]) -> list[_Mention]:
    seen: dict[str, _Mention] = {}
    for m in group:
        seen.setdefault(m.name, m)
    return list(seen.values())


def _best_name(group: list[_Mention]) -> _Mention:
    # The fullest official form: 余杭区总工会 over 余杭工会, 宁波市水务环境集团工会 over 宁波水务集团工会
    return max(group, key=lambda m: (m.official_place, "总工会" in m.name, len(m.name), -m.start))


def find_unions(head: MappedText, body: MappedText, levels: LevelsSchema,
                gaz: Gazetteer) -> list[UnionRef]:
    return find_unions_and_place(head, body, levels, gaz)[0]


def find_unions_and_place(head: MappedText, body: MappedText, levels: LevelsSchema,
                          gaz: Gazetteer) -> tuple[list[UnionRef], PlaceRef | None]:
    """The unions, lead first, and the place the story happens (its headline's and lede's
    first county and city), which the scan of names has found anyway."""
    t = _tools(levels, gaz)
    head_places = _place_hits(head.text, t)
    body_places = _place_hits(body.text, t, lead=_CONTEXT_CHARS)
    ctx = _context(head_places + body_places, t)
    place = PlaceRef(province=ctx.get("province"), city=ctx.get("city"),
                     county=ctx.get("county")) if ctx.get("province") else None
    head_ctx = _context(head_places, t)
    return _unions(head, body, t, head_places, body_places, ctx, head_ctx), place


def _unions(head, body, t: _Tools, head_places, body_places, ctx,
            head_ctx: dict | None = None) -> list[UnionRef]:
    mentions = (_mentions(head, True, t, _Places(head_places), ctx)
                + _mentions(body, False, t, _Places(body_places), ctx))
    groups: list[list[_Mention]] = []
    group_of: dict[tuple[str, str], int] = {}  # a name seen before joins its group at once
    for m in mentions:
        key = (m.name, m.level)
        if key in group_of:
            groups[group_of[key]].append(m)
            continue
        for i, g in enumerate(groups):
            if any(_same_union(m, x) for x in _distinct(g)):
                g.append(m)
                group_of[key] = i
                break
        else:
            group_of[key] = len(groups)
            groups.append([m])
    if not groups:
        return []

    def rank(g: list[_Mention]):
        head_pos = min((m.start for m in g if m.in_head), default=None)
        body_pos = min((m.start for m in g if not m.in_head), default=10**9)
        # a national union named in a local story is context (庆祝全总成立100周年), not its subject
        remote = head_pos is None and g[0].level == "national"
        return (head_pos is None, remote, head_pos is None and not _of_head_place(g),
                head_pos or 0, -min(len(g), 3), body_pos)

    def _of_head_place(g: list[_Mention]) -> bool:
        """A union of the place the headline names (花海为媒，嘉兴单身职工… -> 嘉兴市总工会
        before the provincial committee that co-hosted); with no place there, any union."""
        if not head_ctx or not (head_ctx.get("city") or head_ctx.get("county")):
            return True
        m = g[0]
        if head_ctx.get("county"):
            return m.county == head_ctx["county"]
        return m.city == head_ctx["city"]

    groups.sort(key=rank)
    out: list[UnionRef] = []
    for i, g in enumerate(groups):
        best = _best_name(g)
        src = head if best.in_head else body
        span = src.raw_span(best.start, best.end)
        if span is None:
            continue
        # levels.yaml names exactly the model's levels (LevelsSchema checks them on load)
        out.append(UnionRef(name=best.name, level=cast(Level, best.level), province=best.province,
                            city=best.city, county=best.county,
                            role="lead" if i == 0 else "partner",
                            text=src.text[best.start : best.end], span=span))
    return out
