"""Run ingest -> segment -> extract for one file, with the loaded schemas and gazetteer."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .extract import extract
from .gazetteer import Gazetteer, load_gazetteer
from .models import Document, Page
from .schemas import Schemas, load_schemas
from .segment import segment


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
