"""Find where each article starts: a headline anchored by a byline, a photo, a notice or a heading."""
from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.parse.segment.blocks import Block
from compiler.parse.segment.classify import credit_tail, ends_article, headline_shape, plain_len, signoff_tail
from compiler.parse.segment.cues import Cues


@dataclass(slots=True)
class Start:
    index: int  # first block of the article (its headline)
    body: int  # first body block
    anchor: str  # byline, commentary, heading, photo, notice, orphan


def _run_back(blocks: list[Block], before: int, floor: int, cues: Cues) -> int | None:
    """First block of the headline run that ends just before `before`, not reaching `floor`."""
    first = None
    count = 0
    titled = False  # a `# ` title was passed: only `##` lines (its kicker) may still join it
    j = before - 1
    while j > floor and count < cues.schema.limits.headline_max_blocks:
        b = blocks[j]
        if titled and b.md_level != 2 and not (
                b.md_level == 0 and plain_len(b.text) <= cues.schema.column_max_chars):
            break  # only its kicker (`##`) or a column name stands over a `# ` title
        titled = titled or b.md_level == 1
        if (b.kind == "body" and (j == before - 1 or blocks[j + 1].kind == "headline")
                and not re.search("[，,]", b.text) and headline_shape(b, cues)):
            # a headline right above a byline, taken for the tail of a sentence the previous
            # article left unfinished (its end was cut by the layout): it heads this article
            b.kind = "headline"
        if b.kind == "headline":
            first = j
            count += 1
        elif b.kind not in ("caption", "banner"):
            break
        j -= 1
    return first


def run_forward(blocks: list[Block], start: int) -> int:
    """First block after the headline run that begins at `start`."""
    j = start
    while j < len(blocks) and blocks[j].kind in ("headline", "caption"):
        if blocks[j].kind == "headline" and j > start and blocks[j].md_level == 1:
            break
        j += 1
    return j


def find_starts(blocks: list[Block], cues: Cues) -> list[Start]:
    starts: dict[int, Start] = {}
    claimed: set[int] = set()
    floor = -1
    for i, b in enumerate(blocks):
        if b.kind in ("byline", "commentary"):
            first = _run_back(blocks, i, floor, cues)
            if first is not None:
                starts[first] = Start(first, i, b.kind)
                claimed.update(range(first, i + 1))
            floor = i
    for i, b in enumerate(blocks):
        if b.kind == "headline" and b.md_level == 1 and i not in claimed:
            body = run_forward(blocks, i)
            starts[i] = Start(i, body, "heading")
            claimed.update(range(i, body))
    _add_notices(blocks, cues, starts, claimed)
    _add_photo_items(blocks, cues, starts, claimed)
    _add_captioned_heads(blocks, cues, starts, claimed)
    _add_unsigned_heads(blocks, cues, starts, claimed)
    return [starts[k] for k in sorted(starts)]


def _add_unsigned_heads(blocks, cues, starts, claimed) -> None:
    """A headline run with no byline under it starts an article when the article above has
    ended (or none stands above) and the run reads like a story's headline: a title with a
    subtitle, a line naming a union or a place, one under a closing byline, or a lede saying
    when it happened. A feature's sub-heading (推动产教融合，打造孵化平台) does none of these
    and stays in its article; one that names a union (工会搭台 职工受益) or whose paragraph
    says when is still a sub-heading when it stands among the feature's other sub-headings."""
    found = _unsigned_candidates(blocks, cues, claimed)
    heads = {k for k, b in enumerate(blocks) if b.kind == "headline" and b.md_level == 0}
    sure = sorted(set(starts) | {c.index for c in found if not c.weak})
    for n, c in enumerate(found):
        i, j = c.index, c.body
        if c.weak:
            nxt = min([k for k in starts if k > i] + [f.index for f in found[n + 1:]]
                      + [len(blocks)])
            prev = max([k for k in starts if k < i] + [f.index for f in found[:n]], default=-1)
            prev_body = starts[prev].body if prev in starts else (found[n - 1].body if n else 0)
            after = [k for k in heads if j < k < nxt and k not in claimed]
            above = [k for k in heads if prev_body < k < i and k not in claimed]
            # between the stories sure to start, sub-headings cut to one pattern (工会搭台 工匠助企
            # / 基金托底 人才成长) are a feature's, not the headlines of stories of their own
            lo = max((k for k in sure if k < i), default=-1)
            hi = min((k for k in sure if k > i), default=len(blocks))
            shape = _shape(blocks[i].text)
            twins = shape is not None and any(
                _shape(blocks[k].text) == shape for k in heads if lo < k < hi and k != i
                and (k not in claimed or k in starts and starts[k].anchor == "headline"))
            if after or len(above) >= 2 or twins:
                continue
        if c.caption is not None:
            blocks[c.caption].kind = "caption"  # 趣味运动会项目。 under the headline
        starts[i] = Start(i, j, "headline")
        claimed.update(range(i, j))


@dataclass(slots=True)
class _Candidate:
    index: int  # first block of the headline run
    body: int  # the lede's block
    weak: bool  # a feature's sub-heading may look so (it names a union, its lede says when)
    caption: int | None  # a short caption between the run and the lede


_LABELLED = re.compile(r"^[^：:，。]{2,10}[：:]\s*\S")


def _unsigned_candidates(blocks: list[Block], cues: Cues, claimed: set[int]) -> list[_Candidate]:
    """Headline runs over a lede after a finished article that read like a story's headline."""
    hs = cues.schema.headline_start
    bullets = tuple(cues.schema.briefs.bullets)
    found: list[_Candidate] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind != "headline" or i in claimed:
            i += 1
            continue
        j = run_forward(blocks, i)
        run = [blocks[k] for k in range(i, j) if blocks[k].kind == "headline"]
        caption = j if _short_caption(blocks, j, cues) else None
        j += caption is not None
        if (j >= len(blocks) or blocks[j].kind != "body" or any(k in claimed for k in range(i, j))
                or len(blocks[j].text) < hs.min_lede_chars):
            i = max(j, i + 1)
            continue
        if bullets and any(ln.text.startswith(bullets) for hb in run for ln in hb.lines):
            i = j  # ▲/■ headlines are the items of a brief column (briefs.py splits them)
            continue
        above = next((blocks[k] for k in range(i - 1, -1, -1) if blocks[k].kind != "banner"), None)
        before = [above] if above is not None else []
        if before and not ends_article(before[-1], cues):
            i = j
            continue
        # a line with a comma inside may be a sentence the layout broke (近年来，某某总工会推出)
        # …and so may an opening quote that does not close on its line (“技能就是); a label
        # and its value (服务窗口地址：某某区某路1号) is a notice's line, never a headline
        lines = [ln.text for hb in run for ln in hb.lines if not re.search("[，,]", ln.text)
                 and (not ln.text.startswith("“") or ln.text.endswith("”"))
                 and not _LABELLED.match(ln.text)]
        first = blocks[j].text[: hs.lede_chars]  # a quote may open the lede: “…！”近日，…
        # the article above closed with its byline (…。（张三）): what follows is a new story
        signed = bool(before) and (before[-1].kind == "signoff"
                                   or signoff_tail(before[-1].text, cues) is not None)
        opened = cues.lede_opener is not None and cues.lede_opener.match(first) is not None
        sure = (not before or signed or opened or len(lines) >= 2
                or _same_subject(lines, first, cues))
        if b.md_level >= 2 and not (sure and before):
            i = j  # a `## ` line under a `# ` title is its sub-heading, unless it heads a story
            continue
        if sure or any(cues.subtitle.search(t) for t in lines) or (
                cues.lede_when and cues.lede_when.search(first)):
            found.append(_Candidate(i, j, not sure, caption))
        i = j
    return found


def _same_subject(lines: list[str], lede: str, cues: Cues) -> bool:
    """The headline names an organisation and the lede opens on it again (温州鹿城区总工会深化…
    / 今年以来，温州市鹿城区总工会…): a story's headline, not a feature's sub-heading."""
    hs = cues.schema.headline_start
    if not hs.subject:
        return False
    for t in lines:
        for m in re.finditer(hs.subject, t):
            if len(m.group(0)) >= hs.subject_chars and m.group(0)[-hs.subject_chars:] in lede:
                return True
    return False


def _short_caption(blocks: list[Block], j: int, cues: Cues) -> bool:
    """A sentence too short for a lede right under a headline, with the lede under it: the
    photo's caption, though no blank lines set it apart."""
    hs = cues.schema.headline_start
    return (0 < j < len(blocks) - 1 and blocks[j - 1].kind == "headline"
            and blocks[j].gap_before == 0  # with blank lines, a caption is set apart by them
            and blocks[j].kind == "body" and blocks[j + 1].kind == "body"
            and len(blocks[j].lines) == 1 and len(blocks[j].text) < hs.min_lede_chars
            and blocks[j].text.endswith("。") and len(blocks[j + 1].text) >= hs.min_lede_chars)


def _shape(text: str) -> tuple[int, ...] | None:
    """The lengths of a headline's parts (推动产教融合，打造孵化平台 -> (6, 6)); None for one part."""
    parts = [p for p in re.split(r"[\s，,、；;]+", text.strip()) if p]
    return tuple(plain_len(p) for p in parts) if len(parts) >= 2 else None


def _add_captioned_heads(blocks, cues, starts, claimed) -> None:
    """A headline set apart above a photo caption (趣味运动会项目。) starts a picture story even
    when no byline or credit follows."""
    gap = cues.schema.limits.layout_gap_lines
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if (b.kind == "headline" and i not in claimed and nxt.kind == "caption"
                and nxt.gap_before >= gap and i + 2 < len(blocks)
                and blocks[i + 2].kind == "body"):
            first = _run_back(blocks, i + 1, max((k for k in claimed if k < i), default=-1), cues)
            first = i if first is None else first
            if first not in starts:
                starts[first] = Start(first, run_forward(blocks, first), "photo")
                claimed.update(range(first, i + 2))


def _add_notices(blocks, cues, starts, claimed) -> None:
    need = cues.schema.notice.min_fields
    for i, b in enumerate(blocks):
        if b.kind != "headline" or i in claimed or not cues.notice_title.search(b.text):
            continue
        nxt = blocks[i + 1 : i + 4]
        fields = sum(1 for nb in nxt for ln in nb.lines if cues.notice_field.match(ln.text))
        if fields >= need:
            body = run_forward(blocks, i)
            starts[i] = Start(i, body, "notice")
            claimed.update(range(i, body))


def _add_photo_items(blocks, cues, starts, claimed) -> None:
    """A photo credit ends a photo item; its headline is the nearest free run above it."""
    limit = cues.schema.limits.photo_item_max_chars
    for i, b in enumerate(blocks):
        credit = b.kind == "credit" or (b.kind == "body" and credit_tail(b.text, cues))
        if not credit or i in claimed:
            continue
        owner = max((s for s in starts if s <= i), default=-1)
        owner_body = starts[owner].body if owner >= 0 else -1
        size = 0
        for j in range(i - 1, max(owner_body, -1), -1):
            bj = blocks[j]
            if bj.kind == "headline" and j not in claimed:
                first = _run_back(blocks, j + 1, owner_body, cues)
                if first is not None and first not in starts:
                    starts[first] = Start(first, run_forward(blocks, first), "photo")
                    claimed.update(range(first, i + 1))
                break
            if bj.kind in ("byline", "commentary") or j in claimed and j not in range(owner, i):
                break
            size += len(bj.text)
            if size > limit:
                break


# --- assembling articles ------------------------------------------------------------------------
