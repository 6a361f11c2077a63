"""What the briefings will say of one article: its units, section and lines, as build makes them."""
from __future__ import annotations

from typing import Any

from compiler.aggregate.briefings import build_briefings
from compiler.aggregate.periods import PeriodSpec
from compiler.knowledge.config import Config
from compiler.knowledge.load import Knowledge
from compiler.model.document import Article, Document
from compiler.present.options import RenderOptions
from compiler.present.view import build_view

_LEVELS = {"province", "city", "county"}


def preview(doc: Document, article: Article, k: Knowledge, config: Config) -> dict[str, Any]:
    """The article alone through the same aggregation and view as `build`: the units whose
    briefings carry it, and the section and lines of the most local one."""
    single = doc.model_copy(update={"articles": [article]})
    briefings = build_briefings([single], k.schemas, k.gazetteer, config, PeriodSpec.parse("all"),
                                _LEVELS)
    if not briefings:
        return {"units": [], "section": "", "lines": []}
    b = briefings[-1]  # province first, then city, then county: the last is the most local
    view = build_view(b, RenderOptions())
    section = view["sections"][0]
    entry = section["entries"][0]
    lines = [f"{entry['number']}{entry['title']}", entry["meta"], entry["summary"],
             entry["figures_line"], entry["source_line"]]
    return {"units": [x.unit.name if x.unit.level != "county" else f"{x.unit.city}{x.unit.name}"
                      for x in briefings],
            "unit": b.unit.name, "section": section["label"],
            "lines": [line for line in lines if line]}
