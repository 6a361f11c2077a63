"""Extraction: segmented article -> typed summary (unions, categories, figures, summary)."""
from __future__ import annotations

from ..gazetteer import Gazetteer
from ..models import Article
from ..schemas import Schemas
from ..segment import ArticleDraft
from .categories import classify
from .figures import find_figures
from .summary import summarise
from .unions import find_unions


def extract(draft: ArticleDraft, schemas: Schemas, gazetteer: Gazetteer) -> Article:
    unions = find_unions(draft.head, draft.body, schemas.levels, gazetteer)
    categories, cues = classify(draft.head, draft.body, schemas.categories)
    figures = find_figures(draft.body, schemas.figures)
    lead = unions[0].name if unions else None
    return draft.article.model_copy(update={
        "unions": unions,
        "categories": categories,
        "category_cues": cues,
        "figures": figures,
        "summary": summarise(draft.article.text, lead),
    })
