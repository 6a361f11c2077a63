"""Shared fixtures: loaded knowledge, sample pages, a page factory, the test-page scripts and
the scorer that compares documents read from laid-out samples with the samples' gold."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from compiler.knowledge.load import Knowledge
from compiler.model.document import Page
from compiler.parse.pipeline import parse_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EVAL = Path(__file__).resolve().parent / "eval"


def load_module(name: str, path: Path):
    """A script (scripts/, tests/eval/score.py) imported as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def script():
    """A test-page script of scripts/ imported as a module: script("make_layout_pages")."""
    return lambda name: load_module(name, ROOT / "scripts" / f"{name}.py")


@pytest.fixture(scope="session")
def scores_like_text():
    """Check documents read from the samples laid out some other way against the samples' gold:
    articles found as in the text, their lead unions and figures."""
    scorer = load_module("score", EVAL / "score.py")

    def check(docs, union: float = 0.9, figures: float = 0.9) -> None:
        from compiler.model.document import ParseResult

        parsed = json.loads(ParseResult(documents=docs).model_dump_json())
        summary, misses = scorer.score(parsed, EVAL / "gold", verbose=True)
        assert summary["segmentation"]["precision"] >= 0.95, misses
        assert summary["segmentation"]["recall"] >= 0.95, misses
        assert summary["union"]["name_acc"] >= union, misses
        assert summary["figures"]["f1"] >= figures, misses

    return check


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
