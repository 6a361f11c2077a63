"""Decide what each block is: headline, byline, caption, credit, banner, commentary or body."""
from __future__ import annotations

import re

from compiler.parse.segment.blocks import Block
from compiler.parse.segment.cues import Cues, ends_sentence

_CJK = re.compile(r"[\u3400-\u9fff]")
_QUOTES = re.compile(r"[“”‘’\"']")


def plain_len(text: str) -> int:
    return len(_QUOTES.sub("", text.replace(" ", "")))


CREDIT_TAIL = 60  # a photo credit is a few names at the very end of a text


def credit_tail(text: str, cues: Cues) -> re.Match | None:
    """The photo credit ending `text` (…活力风采。记者邹伟锋 通讯员李琦 摄), if any.

    Only the last characters are searched, and only when the text ends with a credit word:
    this runs on every paragraph."""
    if not text.endswith(cues.credit_ends):
        return None
    return cues.credit_tail.search(text, max(0, len(text) - CREDIT_TAIL))


def _byline_alone(block: Block, cues: Cues) -> bool:
    """A byline on its own line without 报道 (本报记者 张三, ■通讯员周建巨、柳庭和), not a credit."""
    if len(block.lines) == 1 and (cues.marked_byline.match(block.text)
                                  or cues.media_byline.match(block.text)):
        return True
    return _is_credit_lines(block, cues) and not _is_credit(block, cues) and any(
        cues.byline_roles.match(ln.text) for ln in block.lines)


def _is_credit_lines(block: Block, cues: Cues) -> bool:
    return all(cues.credit_line.match(ln.text) for ln in block.lines)


def _is_credit(block: Block, cues: Cues) -> bool:
    return _is_credit_lines(block, cues) and any(
        ln.text.endswith(cues.credit_ends) for ln in block.lines
    )


def headline_shape(block: Block, cues: Cues) -> bool:
    lim = cues.schema.limits
    text = block.text
    if len(text) > lim.headline_max_chars or any(
        len(ln.text) > lim.headline_line_max_chars for ln in block.lines
    ):
        return False
    if not _CJK.search(text) or any(cues.notice_field.match(ln.text) for ln in block.lines):
        return False
    if "。" in text.rstrip(cues.closers)[:-1] or credit_tail(text, cues):
        return False  # a full stop inside, or a photo credit: a sentence, not a headline
    last = text.rstrip()[-1]
    if last in "，、；：,;:（(":
        return False
    if ends_sentence(text, cues):
        # a quoted exclamation can be a headline: “外卖送得好，可以评人才！”
        return text.startswith("“") and text.endswith("”") and len(text) <= 20
    return True


def caption_line(text: str, cues: Cues) -> bool:
    """安吉高铁大道工程电焊工技能比赛。周建巨 摄 — a caption sentence with its credit."""
    m = credit_tail(text, cues)
    if not m or m.start() == 0:
        return False
    core = text[: m.start()].rstrip()
    return core.endswith("。") and len(core) <= cues.schema.limits.caption_max_chars


def _sure_caption(block: Block, cues: Cues) -> bool:
    """Captions by their own words, wherever they stand: a stack of credited lines, or 图为…."""
    if len(block.lines) >= 2 and all(caption_line(ln.text, cues) for ln in block.lines):
        return True
    return bool(cues.caption_prefix.match(block.text)) and (
        len(block.text) <= cues.schema.limits.caption_max_chars * 2)


def _is_caption(block: Block, prev: Block | None, cues: Cues) -> bool:
    lim = cues.schema.limits
    text = block.text
    if _sure_caption(block, cues):
        return True
    if len(text) > lim.caption_max_chars or len(block.lines) > 2:
        return False
    tail = credit_tail(text, cues)
    core = (text[: tail.start()] if tail else text).rstrip()
    has_credit = core != text
    if not (core.endswith("。") or has_credit):
        return False
    if block.gap_before >= lim.layout_gap_lines:
        return True
    # right under a headline; an indented line is a paragraph (e-paper bodies are indented)
    return prev is not None and prev.kind in ("headline", "caption") and not block.lines[0].indented


def _surname(m: re.Match | None, cues: Cues) -> re.Match | None:
    return m if m and m.group(0)[:1] in cues.schema.signoff.surnames else None


def signoff_tail(text: str, cues: Cues) -> re.Match | None:
    """The byline closing an article at the end of its last paragraph: …的呵护。（周敏加）,
    …的温暖。汪诚."""
    pos = max(0, len(text) - CREDIT_TAIL)
    m = cues.signoff_tail.search(text, pos) if cues.signoff_tail else None
    if m is None and cues.name_tail is not None:
        m = _surname(cues.name_tail.search(text, pos), cues)
    return m


def _signoff_block(block: Block, prev: Block | None, cues: Cues) -> bool:
    """（周敏加） or a name alone under the last paragraph of an article (a short first
    paragraph may still count as a caption here: it is decided again later)."""
    if prev is None or prev.kind not in ("body", "byline", "caption") or len(block.lines) > 2:
        return False
    if cues.signoff_block is not None and cues.signoff_block.match(block.text):
        return True
    return (cues.name_block is not None and ends_sentence(prev.text, cues)
            and _surname(cues.name_block.match(block.text), cues) is not None)


def ends_article(block: Block, cues: Cues) -> bool:
    """The block closes what it belongs to: a full sentence, a photo credit or a signoff."""
    if block.kind in ("signoff", "credit", "caption"):
        return True
    if block.kind == "byline" and _byline_alone(block, cues):
        return True  # 通讯员张三 记者李四 under the last paragraph
    return bool(ends_sentence(block.text, cues) or credit_tail(block.text, cues)
                or signoff_tail(block.text, cues))


def _continues(prev: Block | None, cues: Cues) -> bool:
    """True when `prev` is body text broken mid-sentence, so the next block carries it on."""
    if prev is None or prev.kind not in ("body", "byline"):
        return False
    return not ends_article(prev, cues)


def classify_blocks(blocks: list[Block], cues: Cues) -> None:
    prev: Block | None = None
    last_body: Block | None = None  # the open sentence a caption may have interrupted
    for b in blocks:
        first = b.lines[0].text
        if len(b.lines) <= 3 and cues.banners.search(first):
            b.kind = "banner"
            continue
        if _signoff_block(b, prev, cues) and not _is_credit(b, cues):
            b.kind = "signoff"  # （周敏加） under the last paragraph
        elif cues.byline.match(b.text) and len(b.text) > 6 or _byline_alone(b, cues):
            b.kind = "byline"
        elif cues.commentary.match(first):
            b.kind = "commentary"
        elif _is_credit(b, cues):
            b.kind = "credit"
        elif _is_caption(b, prev, cues) and not (
            b.gap_before < cues.schema.limits.layout_gap_lines and _continues(last_body, cues)
        ):
            b.kind = "caption"
        elif b.md_level:
            b.kind = "headline"
        elif headline_shape(b, cues) and not _continues(prev, cues):
            b.kind = "headline"
        else:
            b.kind = "body"
        prev = b
        if b.kind in ("body", "byline"):
            last_body = b
    _credits_and_captions_by_position(blocks, cues)
    # A short sentence right under a headline is a caption only when the lede follows it
    # (苍南…第一期。 then 本报讯…); otherwise it is the first short paragraph of a body.
    for i, b in enumerate(blocks):
        if (b.kind == "caption" and b.gap_before < cues.schema.limits.layout_gap_lines
                and not _sure_caption(b, cues)):
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "caption":
                j += 1
            # on e-paper pages body paragraphs are indented and a caption is not
            flush_caption = (j < len(blocks) and not b.lines[0].indented
                             and blocks[j].lines[0].indented)
            if j == len(blocks) or (blocks[j].kind not in ("byline", "commentary")
                                    and not flush_caption):
                b.kind = "body"


# --- finding article starts ---------------------------------------------------------------------


def _credits_and_captions_by_position(blocks: list[Block], cues: Cues) -> None:
    """What a block is by where it stands: names alone over a line that is only 摄影报道 are
    the photo's credit (通讯员张三 记者李四 / 摄影报道), and one sentence between a headline
    and the lede's byline describes the photo set there (…正在阅读新年第一份报纸。)."""
    ends = tuple(cues.schema.photo_credit.end_words)
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if (b.kind == "byline" and _byline_alone(b, cues) and nxt.kind == "credit"
                and nxt.text.strip() in ends):
            b.kind = "credit"
    limit = cues.schema.limits.caption_max_chars * 2
    for i in range(1, len(blocks) - 1):
        b, before, after = blocks[i], blocks[i - 1], blocks[i + 1]
        if (b.kind == "body" and before.kind == "headline" and after.kind == "byline"
                and len(b.lines) == 1 and len(b.text) <= limit and ends_sentence(b.text, cues)
                and b.text.count("。") == 1 and cues.byline.match(after.text)):
            b.kind = "caption"
