"""Split a page into articles: headline lines, byline, body, captions and kind (cues in schemas/)."""
from __future__ import annotations

from compiler.knowledge.schemas import SegmentSchema
from compiler.model.document import Page
from compiler.parse.segment.assemble import ArticleDraft, build_article
from compiler.parse.segment.blocks import page_blocks, page_lines
from compiler.parse.segment.classify import classify_blocks
from compiler.parse.segment.cues import cues_for
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
        if first is None:
            first = content[0] if content else 0
            starts = [Start(first, first, "orphan")]
        else:
            starts = [Start(first, run_forward(blocks, first), "orphan")]
    drafts: list[ArticleDraft] = []
    for n, st in enumerate(starts):
        end = starts[n + 1].index if n + 1 < len(starts) else len(blocks)
        column_above = None
        k = st.index - 1
        if k >= 0 and blocks[k].kind == "banner":
            column_above = blocks[k].lines[0].text if len(blocks[k].lines) == 1 else None
        drafts.append(build_article(page, blocks, st, end, n, cues, column_above))
    return drafts
