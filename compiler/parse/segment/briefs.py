"""Brief columns and digests: a run of bulleted, 又讯, dispatch, 【title】 or teaser items as articles."""
from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.knowledge.memo import per_object
from compiler.knowledge.patterns import alternation
from compiler.knowledge.schemas import BriefCues

ANCHOR = "brief"


@dataclass(frozen=True, slots=True)
class _Compiled:
    bullet: re.Pattern | None
    again: re.Pattern | None
    openers: tuple[re.Pattern, ...]
    bracket: re.Pattern
    teasers: tuple[re.Pattern, ...]
    byline: re.Pattern
    cues: BriefCues


@per_object
def _compiled(cues: BriefCues) -> _Compiled:
    return _Compiled(
        bullet=re.compile(rf"^(?:{alternation(cues.bullets)})\s*") if cues.bullets else None,
        again=re.compile(rf"^(?:{alternation(cues.again_prefixes)})[\s　:：，,]*")
        if cues.again_prefixes else None,
        openers=tuple(re.compile(p) for p in cues.openers),
        bracket=re.compile(cues.bracket_title),
        teasers=tuple(re.compile(p) for p in cues.teaser_date),
        byline=re.compile(cues.trailing_byline),
        cues=cues,
    )


@dataclass(slots=True)
class _Item:
    block: int  # index of the block the item begins with
    skip: int  # characters of its first line that are a mark, not text (▲, 又讯, 【】)
    title_chars: int  # for 【title】 text: the title's length after `skip`; 0 when none
    teaser: bool = False


def _item_at(block, c: _Compiled) -> _Item | None:
    first = block.lines[0].text
    text = block.text
    m = c.bracket.match(first)
    if m:
        rest = first[m.end():].strip()
        return _Item(0, m.start(1), len(m.group(1)) if rest or len(block.lines) > 1 else 0)
    one_line = len(block.lines) == 1 and len(text) <= c.cues.title_max_chars
    if one_line and any(t.search(text) for t in c.teasers):
        mb = c.bullet.match(text) if c.bullet else None
        return _Item(0, mb.end() if mb else 0, 0, teaser=True)
    if len(text) < c.cues.min_item_chars:
        mb = c.bullet.match(first) if c.bullet else None
        if mb and len(block.lines) == 1 and not text.rstrip("”’）)").endswith(("。", "！", "？")):
            return _Item(0, mb.end(), 0, teaser=True)  # ▲ a headline over its item's text
        return None
    for pattern in (c.bullet, c.again):
        m = pattern.match(first) if pattern else None
        if m:
            return _Item(0, m.end(), 0)
    if any(p.match(first) for p in c.openers):
        return _Item(0, 0, 0)
    return None


def _shift(line_cls, ln, n: int, length: int | None = None):
    """The line from its n-th character on (`length` characters, or to its end)."""
    text = ln.text[n:] if length is None else ln.text[n:n + length]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    start = ln.start + n + lead
    return line_cls(start, start + len(text), text, 0, ln.indented)


def split(blocks: list, starts: list, cues: BriefCues, block_cls, line_cls, start_cls):
    """New (blocks, starts) with every brief item of a brief column its own start.

    A start's range is split when at least `min_items` of its body blocks begin an item. The
    blocks of an item's mark (【title】, the ▲ before the text) are re-cut so the mark stays
    out of the text; an item's 【title】 becomes a headline block of its own."""
    c = _compiled(cues)
    if c.cues.min_items < 1:
        return blocks, starts
    plans: dict[int, list[_Item]] = {}
    for n, st in enumerate(starts):
        end = starts[n + 1].index if n + 1 < len(starts) else len(blocks)
        items: list[_Item] = []
        for i in range(st.index + 1, end):  # a bulleted headline may sit in the head run
            if blocks[i].kind in ("body", "headline"):
                item = _item_at(blocks[i], c)
                if item is not None:
                    item.block = i
                    items.append(item)
        if len(items) >= c.cues.min_items:
            plans[n] = items
    if not plans:
        return blocks, starts
    new_blocks: list = []
    new_starts: list = []
    index_of: dict[int, int] = {}
    item_at = {it.block: it for items in plans.values() for it in items}
    for i, b in enumerate(blocks):
        index_of[i] = len(new_blocks)
        it = item_at.get(i)
        if it is None:
            new_blocks.append(b)
            continue
        first, rest = b.lines[0], b.lines[1:]
        if it.title_chars:
            head = _shift(line_cls, first, it.skip, it.title_chars)
            tail = first.text[it.skip + it.title_chars + 1:]
            new_blocks.append(block_cls([head], gap_before=b.gap_before, kind="headline",
                                        text=head.text))
            lines = ([_shift(line_cls, first, len(first.text) - len(tail))] if tail.strip() else [])
            lines += rest
            if lines:
                new_blocks.append(block_cls(lines, gap_before=0, kind="body",
                                            text="".join(ln.text for ln in lines)))
            continue
        lines = [_shift(line_cls, first, it.skip)] + rest if it.skip else list(b.lines)
        kind = "headline" if it.teaser else "body"
        new_blocks.append(block_cls(lines, gap_before=b.gap_before, kind=kind,
                                    text="".join(ln.text for ln in lines)))
    index_of[len(blocks)] = len(new_blocks)
    for n, st in enumerate(starts):
        planned = plans.get(n)
        if planned is None:
            new_starts.append(start_cls(index_of[st.index], index_of[st.body], st.anchor))
            continue
        own_body = [i for i in range(st.index, planned[0].block)
                    if blocks[i].kind in ("body", "byline")]
        if own_body:  # the article's own text before the first item stays an article
            new_starts.append(start_cls(index_of[st.index], index_of[st.body], st.anchor))
        else:  # its headline only names the column (工会动态): a banner, not an article
            for i in range(st.index, planned[0].block):
                if blocks[i].kind == "headline":
                    blocks[i].kind = "banner"
        for it in planned:
            k = index_of[it.block]
            body = k + 1 if it.title_chars or it.teaser else k
            new_starts.append(start_cls(k, body, ANCHOR))
    return new_blocks, new_starts


def first_sentence(text: str, cues: BriefCues) -> str:
    """The title of a headline-less brief: its first sentence, without a byline in brackets."""
    c = _compiled(cues)
    first = re.split(r"[。！？\n]", text.strip(), maxsplit=1)[0]
    first = c.byline.sub("", first).strip()
    return first[: cues.title_max_chars] or text[: cues.title_max_chars]
