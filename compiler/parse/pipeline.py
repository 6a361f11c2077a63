"""Run segment -> extract over one ingested page, with the loaded knowledge."""
from __future__ import annotations

from compiler.knowledge.load import Knowledge
from compiler.model.document import Document, Page
from compiler.parse.extract import extract
from compiler.parse.segment import segment


def parse_page(page: Page, k: Knowledge) -> Document:
    drafts = segment(page, k.schemas.segment)
    articles = [extract(d, k.schemas, k.gazetteer) for d in drafts]
    return Document(source=page.source, issue_date=page.issue_date, issue_period=page.issue_period,
                    paper=page.paper, page_no=page.page_no,
                    page_name=page.page_name, warnings=list(page.warnings), articles=articles)
