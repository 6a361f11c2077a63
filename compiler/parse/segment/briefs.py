"""Brief columns and digests: a run of bulleted, 又讯, dispatch, 【title】 or teaser items as articles."""
from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.knowledge.memo import per_object
from compiler.knowledge.patterns import alternation
from compiler.knowledge.schemas import BriefCues

ANCHOR = "brief"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_ENDS = ("。", "！", "？", "”", "’", "…", "!", "?")


@dataclass(frozen=True, slots=True)
class _Compiled:
    bullet: re.Pattern | None
    again: re.Pattern | None
    openers: tuple[re.Pattern, ...]
    bracket: re.Pattern
    teasers: tuple[re.Pattern, ...]
    byline: re.Pattern
    digest: tuple[re.Pattern, ...]
    numbers: re.Pattern | None
    bracket_label: re.Pattern
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
        digest=tuple(re.compile(p) for p in cues.digest_headings),
        numbers=re.compile(rf"^(?:{'|'.join(cues.item_numbers)})\s*") if cues.item_numbers else None,
        bracket_label=re.compile(r"^[【\[（(][\u4e00-\u9fff]{2,6}[】\]）)]"),
        cues=cues,
    )


@dataclass(slots=True)
class _Item:
    block: int  # index of the block the item begins with
    skip: int  # characters of its first line that are a mark, not text (▲, 又讯, 【】)
    title_chars: int  # for 【title】 text: the title's length after `skip`; 0 when none
    teaser: bool = False
    again: bool = False  # 又讯: it follows another brief, the text before it


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
    short = len(text) < c.cues.min_item_chars
    mb = c.bullet.match(first) if c.bullet else None
    if short and mb and len(block.lines) == 1 and not _full_sentence(text, c):
        return _Item(0, mb.end(), 0, teaser=True)  # ▲ a headline over its item's text
    if short and not (_full_sentence(text, c) and len(text) >= c.cues.min_bulleted_chars):
        return None  # a marked brief of one short sentence is still a brief
    if mb:
        return _Item(0, mb.end(), 0)
    m = c.again.match(first) if c.again else None
    if m:
        return _Item(0, m.end(), 0, again=True)
    if any(p.match(first) for p in c.openers):
        return _Item(0, 0, 0)
    return None


def _full_sentence(text: str, c: _Compiled) -> bool:
    """Ends with a full stop, maybe followed by its byline in brackets."""
    return text.rstrip("”’）)").endswith(("。", "！", "？")) or _ends_item(text, c)


def _shift(line_cls, ln, n: int, length: int | None = None):
    """The line from its n-th character on (`length` characters, or to its end)."""
    text = ln.text[n:] if length is None else ln.text[n:n + length]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    start = ln.start + n + lead
    return line_cls(start, start + len(text), text, 0, ln.indented)


def _ends_item(text: str, c: _Compiled) -> bool:
    """A brief's byline in brackets ends the text: alone on its line, or after a full sentence
    (…节目。（张三）), never inside a sentence broken across lines (…人才(劳模工匠))."""
    m = c.byline.search(text)
    return m is not None and (m.start() == 0 or text[: m.start()].rstrip()[-1:] in _SENTENCE_ENDS)


def _is_digest_heading(text: str, c: _Compiled) -> bool:
    return any(p.match(text) for p in c.digest)


def _cut_before(lines: list, k: int, c: _Compiled) -> bool:
    """Whether a brief item (or a digest's heading) begins at line k of a block: a column's
    items often stand one a line with no blank line between them."""
    prev, text = lines[k - 1].text, lines[k].text
    if _ends_item(prev, c) or _is_digest_heading(prev, c) or _is_digest_heading(text, c):
        return True  # after an item's byline in brackets, or around a digest's heading
    if not _CJK.search(prev):
        return True  # after a column's name in another script (News Republic)
    if c.bullet and c.bullet.match(text) or c.again and c.again.match(text):
        return True
    return bool(c.bracket.match(text) or any(p.match(text) for p in c.openers))


def _recut(blocks: list, c: _Compiled, block_cls) -> tuple[list, list[int]]:
    """Blocks cut where a brief item begins inside them, and each old block's new index."""
    out: list = []
    index_of: list[int] = []
    for b in blocks:
        index_of.append(len(out))
        cuts = [k for k in range(1, len(b.lines)) if b.kind in ("body", "headline", "byline")
                and _cut_before(b.lines, k, c)]
        if not cuts:
            out.append(b)
            continue
        for n, (lo, hi) in enumerate(zip([0] + cuts, cuts + [len(b.lines)])):
            lines = b.lines[lo:hi]
            out.append(block_cls(lines, gap_before=b.gap_before if n == 0 else 0,
                                 kind=b.kind if n == 0 else "body",
                                 text="".join(ln.text for ln in lines)))
    index_of.append(len(out))
    return out, index_of


def _plan(blocks: list, st, end: int, c: _Compiled) -> list[_Item]:
    """The items of one start's range: marked paragraphs, paragraphs after an item that ended
    with its byline in brackets, and every paragraph under a digest's heading."""
    items: list[_Item] = []
    after_byline = digest = False
    under_head = False  # the last block was a headline: the text under it is its own
    for i in range(st.index, end):
        b = blocks[i]
        if _is_digest_heading(b.lines[0].text, c) and len(b.lines) == 1:
            b.kind, digest, after_byline, under_head = "banner", True, False, False
            continue
        item = None
        # a bulleted headline may head the range; so may a marked item where no headline does
        # a byline other than the article's own (本报讯 记者某某报道 again) begins an item too
        if (i > st.index or b.kind == "body") and (
                b.kind in ("body", "headline") or b.kind == "byline" and i != st.body):
            item = _item_at(b, c)
            if (item is None and b.kind == "body" and (after_byline or digest) and not under_head
                    and len(b.text) >= c.cues.min_bulleted_chars
                    and _full_sentence(b.text, c)):
                mn = c.numbers.match(b.lines[0].text) if c.numbers and digest else None
                item = _Item(i, mn.end() if mn else 0, 0)  # 1. / ① numbering a digest's items
            if item is not None:
                item.block = i
                items.append(item)
        if item is None and (b.kind == "headline" or digest and b.kind == "body"
                             and _CJK.search(b.text) and not _full_sentence(b.text, c)):
            # a headline (or a line too long to be taken for one) under the digest's heading:
            # an article of its own follows, not a run of items
            under_head, digest = True, False
        elif item is not None or b.kind in ("body", "byline"):
            under_head = bool(item and (item.teaser or (
                item.title_chars and len(b.lines) == 1 and len(b.text) <= item.skip
                + item.title_chars + 1)))
        if _CJK.search(b.text) and b.kind in ("body", "byline", "headline", "signoff"):
            # (a caption's credit in brackets is no byline; a signoff block alone is one)
            after_byline = _ends_item(b.text, c)
    return items


def split(blocks: list, starts: list, cues: BriefCues, block_cls, line_cls, start_cls):
    """New (blocks, starts) with every brief item of a brief column its own start.

    A start's range is split when at least `min_items` of its blocks begin an item. The
    blocks of an item's mark (【title】, the ▲ before the text) are re-cut so the mark stays
    out of the text; an item's 【title】 becomes a headline block of its own."""
    c = _compiled(cues)
    if c.cues.min_items < 1:
        return blocks, starts
    cut, moved = _recut(blocks, c, block_cls)
    cut_starts = [start_cls(moved[st.index], moved[st.body], st.anchor) for st in starts]
    plans: dict[int, list[_Item]] = {}
    for n, st in enumerate(cut_starts):
        end = cut_starts[n + 1].index if n + 1 < len(cut_starts) else len(cut)
        kinds = [b.kind for b in cut[st.index:end]]
        items = _plan(cut, st, end, c)
        # 又讯 follows the brief before it: that one and the start's own text make two
        again = bool(items) and items[0].again and any(
            cut[i].kind in ("body", "byline") for i in range(st.index, items[0].block))
        if len(items) >= c.cues.min_items or again:
            plans[n] = items
        else:  # a heading taken for a digest's while looking heads no items here
            for b, kind in zip(cut[st.index:end], kinds):
                b.kind = kind
    if not plans:
        return blocks, starts
    blocks, starts = cut, cut_starts
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
        # 本报讯 记者某某报道…: the item's own byline, read as bylines are
        kind = "headline" if it.teaser else ("byline" if b.kind == "byline" else "body")
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


_LEAD_BYLINE = re.compile(r"^\s*[（(][^（()）]{1,30}[）)]\s*")
_HEAD_GAP = re.compile(r"\u3000|\s{2,}")


def first_sentence(text: str, cues: BriefCues) -> str:
    """The title of a headline-less brief: its first sentence, without the dispatch line
    before it (本报湖州讯（通讯员 张某）) or a byline in brackets after it; a headline run in
    before the text with a wide space (市总工会召开全委会　3月5日，…) is the title itself."""
    c = _compiled(cues)
    first = re.split(r"[。！？\n]", text.strip(), maxsplit=1)[0]
    gap = _HEAD_GAP.search(first)
    if gap and gap.start() >= 4:
        first = first[: gap.start()]
    else:
        m = next((m for p in c.openers if (m := p.match(first)) and m.end() < len(first)), None)
        if m is not None and not c.bracket_label.match(first):
            end = m.end() - 1 if first[m.end() - 1] in "（(" else m.end()  # the byline's bracket
            first = _LEAD_BYLINE.sub("", first[end:], count=1)
    first = c.byline.sub("", first).strip()
    return first[: cues.title_max_chars] or text[: cues.title_max_chars]
