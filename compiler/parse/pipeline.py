"""Run ingest -> segment -> extract for one file, with the loaded schemas and gazetteer."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.parse.extract import extract
from compiler.knowledge.gazetteer import Gazetteer, load_gazetteer
from compiler.model.document import Document, Page
from compiler.knowledge.schemas import Schemas, load_schemas
from compiler.parse.segment import segment


@dataclass(frozen=True)
class Knowledge:
    """Everything parsing is driven by, loaded once per run."""

    schemas: Schemas
    gazetteer: Gazetteer

    @classmethod
    def load(cls, schemas_dir: Path | None = None, home_province: str = "浙江省") -> "Knowledge":
        return cls(load_schemas(schemas_dir), load_gazetteer(home_province=home_province))


def parse_page(page: Page, k: Knowledge) -> Document:
    drafts = segment(page, k.schemas.segment)
    articles = [extract(d, k.schemas, k.gazetteer) for d in drafts]
    return Document(source=page.source, issue_date=page.issue_date, issue_period=page.issue_period,
                    page_name=page.page_name, warnings=list(page.warnings), articles=articles)
