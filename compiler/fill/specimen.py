"""Made-up articles with one of everything, so --check can try a template without any input."""
from __future__ import annotations

from datetime import date
from typing import cast

from compiler.knowledge.gazetteer import Gazetteer
from compiler.knowledge.schemas import Schemas
from compiler.model.document import Article, Document, Figure, Level, Metric, UnionRef


def _union(name: str, level: Level, province: str, city: str | None, county: str | None) -> UnionRef:
    return UnionRef(name=name, level=level, province=province, city=city, county=county,
                    text=name, span=(0, len(name)))


def specimen_documents(schemas: Schemas, gaz: Gazetteer) -> list[Document]:
    """Three articles: a county union's, a city union's and one without a union."""
    province = gaz.home_province
    cities = [c.name for c in gaz.cities_of(province)][:2] or ["示例市", "样例市"]
    counties = [c.name for c in gaz.counties_of(cities[0], province)][:1] or ["示例区"]
    cats = [c.id for c in schemas.categories.categories] or ["other"]
    figures = []
    for m in schemas.figures.metrics:
        for status in ("actual", "target"):
            text = f"10{m.units[0]}"
            # FiguresSchema admits only the ids of Metric (_known_metrics)
            figures.append(Figure(value=10, unit=m.units[0], status=status,
                                  metric=cast(Metric, m.id), text=text, span=(0, len(text))))
    unions = [
        _union(f"{counties[0]}总工会", "county", province, cities[0], counties[0]),
        _union(f"{cities[-1]}总工会", "city", province, cities[-1], None),
    ]
    articles = [
        Article(id="specimen-1", title="示例稿件一", subtitle="副题", text="正文", span=(0, 2),
                unions=[unions[0]], categories=cats[:2], figures=figures, summary="摘要一"),
        Article(id="specimen-2", title="示例稿件二", text="正文", span=(0, 2), unions=[unions[1]],
                categories=cats[1:2] or cats[:1], figures=figures[:2], summary="摘要二"),
        Article(id="specimen-3", kind="photo", title="示例图片新闻", text="正文", span=(0, 2),
                summary="摘要三"),
    ]
    return [Document(source="specimen.txt", issue_date=date(2025, 6, 12), articles=articles)]
