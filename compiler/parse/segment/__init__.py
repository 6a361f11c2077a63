"""Split a page into articles: headline lines, byline, body, captions and kind (cues in schemas/)."""
from __future__ import annotations

from compiler.knowledge.schemas import SegmentSchema
from compiler.model.document import Page
from compiler.parse.segment import briefs
from compiler.parse.segment.assemble import ArticleDraft, article_id, build_article
from compiler.parse.segment.blocks import Block, Line, page_blocks, page_lines
from compiler.parse.segment.classify import classify_blocks, plain_len
from compiler.parse.segment.cues import cues_for, ends_sentence
from compiler.parse.segment.starts import Start, find_starts, run_forward

__all__ = ["ArticleDraft", "segment"]


def segment(page: Page, schema: SegmentSchema) -> list[ArticleDraft]:
    """Page -> articles in page order, each with maps back to the page text."""
    cues = cues_for(schema)
    blocks = page_blocks(page_lines(page.text, page.furniture), page.text, cues)
    if not blocks:
        return []
    classify_blocks(blocks, cues)
    starts = find_starts(blocks, cues)
    content = [i for i, b in enumerate(blocks) if b.kind != "banner"]
    if not starts:
        first = next((i for i in content if blocks[i].kind == "headline"), None)
        if first is not None and any(blocks[i].kind == "body" and ends_sentence(blocks[i].text, cues)
                                     for i in content if i < first):
            first = None  # a short line after the text (a date, a tool bar) heads nothing
        if first is None:
            first = content[0] if content else 0
            starts = [Start(first, first, "orphan")]
        else:
            starts = [Start(first, run_forward(blocks, first), "orphan")]
    # brief columns (briefs.py): each item of a 简讯 column is an article of its own
    blocks, starts = briefs.split(blocks, starts, schema.briefs, Block, Line, Start)
    drafts: list[ArticleDraft] = []
    columns = _columns_above(blocks, starts, schema)
    for n, st in enumerate(starts):
        end = starts[n + 1].index if n + 1 < len(starts) else len(blocks)
        if n + 1 < len(starts) and starts[n + 1].index in columns:
            end -= 1  # the next article's column name is not this article's last line
        column_above = columns.get(st.index)
        k = st.index - 1
        if k >= 0 and blocks[k].kind == "banner":
            column_above = blocks[k].lines[0].text if len(blocks[k].lines) == 1 else None
        draft = build_article(page, blocks, st, end, n, cues, column_above)
        if st.anchor == briefs.ANCHOR and not draft.head.text:
            title = briefs.first_sentence(draft.body.text, schema.briefs)
            draft.article = draft.article.model_copy(
                update={"title": title, "id": article_id(page.source, n, title)})
        drafts.append(draft)
    return drafts


def _columns_above(blocks: list[Block], starts: list[Start], schema: SegmentSchema) -> dict[int, str]:
    """A short headline line right above an article's head, after the previous article's text
    (会务快讯 over a `# ` title), is the column the article stands in, keyed by the start."""
    out: dict[int, str] = {}
    for prev, st in zip(starts, starts[1:]):
        k = st.index - 1
        b = blocks[k]
        if (k > prev.body and b.kind == "headline" and len(b.lines) == 1 and not b.md_level
                and plain_len(b.text) <= schema.column_max_chars):
            out[st.index] = b.text
    return out
