"""Every extracted fact points at its characters in the original page text."""
from __future__ import annotations

import re
from pathlib import Path


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_every_fact_matches_its_span(sample_docs):
    checked = 0
    for doc in sample_docs:
        raw = Path(doc.source).read_text(encoding="utf-8")
        for a in doc.articles:
            for f in a.figures:
                assert _squash(raw[f.span[0]:f.span[1]]) == _squash(f.text), (doc.source, f)
                checked += 1
            for u in a.unions:
                assert _squash(raw[u.span[0]:u.span[1]]) == _squash(u.text), (doc.source, u)
                checked += 1
            for c in a.category_cues:
                assert _squash(raw[c.span[0]:c.span[1]]) == c.cue, (doc.source, c)
                checked += 1
            for s, e in a.headline_spans:
                assert _squash(raw[s:e]) in _squash((a.kicker or "") + a.title + (a.subtitle or ""))
            s, e = a.span
            assert _squash(a.title.replace(" ", ""))[:4] in _squash(raw[s:e])
    assert checked > 300


def test_article_text_comes_from_its_span(sample_docs):
    for doc in sample_docs:
        raw = Path(doc.source).read_text(encoding="utf-8")
        for a in doc.articles:
            s, e = a.body_span
            region = _squash(raw[s:e])
            for para in a.text.split("\n"):
                assert _squash(para)[:20] in region
