"""Generality: pages written for these tests in the style of a union paper (not the samples),
annotated by the GUIDE before the parser was run on them, must be read about as well."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.model.document import Page
from compiler.parse.pipeline import parse_page

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _summable(f: dict) -> bool:
    return f["role"] == "count" and f["status"] == "actual" and not f["text"].endswith("%")


@pytest.fixture(scope="module")
def pairs(knowledge):
    out = []
    for gold_file in sorted(PAGES.glob("*.gold.json")):
        page = gold_file.with_name(gold_file.name.replace(".gold.json", ".txt"))
        doc = parse_page(Page(source=str(page), text=page.read_text(encoding="utf-8")), knowledge)
        for g in json.loads(gold_file.read_text(encoding="utf-8"))["articles"]:
            heads = ["".join(x or "" for x in (a.kicker, a.title, a.subtitle)) for a in doc.articles]
            [a] = [a for a, h in zip(doc.articles, heads) if g["title_key"] in h]
            out.append((g, a))
    return out


def test_primary_category_is_what_the_headline_is_about(pairs):
    wrong = [(g["title_key"], a.categories[:1]) for g, a in pairs
             if a.categories[:1] != [g["primary_category"]]]
    assert len(wrong) <= len(pairs) // 10, wrong


def test_figures_metric_role_and_what_may_be_added(pairs):
    n = metric = role = status = 0
    gold_sum = sys_sum = both = 0
    for g, a in pairs:
        found = {f.text: f for f in a.figures}
        assert set(found) == {f["text"] for f in g["figures"]}, g["title_key"]
        for gf in g["figures"]:
            f = found[gf["text"]]
            n += 1
            metric += f.metric == gf["metric"]
            role += f.role == gf["role"]
            status += f.status == gf["status"]
            sys_ok = f.role == "count" and f.status == "actual" and f.unit != "%"
            gold_sum += _summable(gf)
            sys_sum += sys_ok
            both += sys_ok and _summable(gf)
    assert metric / n >= 0.9 and role / n >= 0.9 and status / n >= 0.95, (metric, role, status, n)
    # a wrong addition is worse than a missing one
    assert both / sys_sum >= 0.9 and both / gold_sum >= 0.9, (both, sys_sum, gold_sum)
