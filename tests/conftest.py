"""Shared fixtures: loaded knowledge, sample pages and a page factory."""
from __future__ import annotations

from pathlib import Path

import pytest

from compiler.model.document import Page
from compiler.knowledge.load import Knowledge
from compiler.parse.pipeline import parse_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return Knowledge.load()


@pytest.fixture(scope="session")
def sample_docs(knowledge):
    return [parse_page(Page(source=str(f), text=f.read_text(encoding="utf-8")), knowledge)
            for f in sorted(SAMPLES.glob("*.txt"))]


@pytest.fixture
def parse_text(knowledge):
    def run(text: str, source: str = "page.txt"):
        return parse_page(Page(source=source, text=text), knowledge).articles
    return run
