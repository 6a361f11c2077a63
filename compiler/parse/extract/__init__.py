"""Extraction: segmented article -> typed summary (unions, categories, figures, summary)."""
from __future__ import annotations

from compiler.knowledge.gazetteer import Gazetteer
from compiler.knowledge.schemas import Schemas
from compiler.model.document import Article
from compiler.parse.extract.categories import classify
from compiler.parse.extract.figures import find_figures
from compiler.parse.extract.summary import summarise
from compiler.parse.extract.unions import find_unions_and_place
from compiler.parse.segment import ArticleDraft


def extract(draft: ArticleDraft, schemas: Schemas, gazetteer: Gazetteer) -> Article:
    unions, place = find_unions_and_place(draft.head, draft.body, schemas.levels, gazetteer)
    categories, cues = classify(draft.head, draft.body, schemas.categories)
    figures = find_figures(draft.body, schemas.figures)
    lead = unions[0].name if unions else None
    return draft.article.model_copy(update={
        "unions": unions,
        "place": place,
        "categories": categories,
        "category_cues": cues,
        "figures": figures,
        "summary": summarise(draft.article.text, lead, schemas.segment.summary),
    })
