"""The fill context: one unit's Briefing as plain read-only records plus count/sum functions.

Everything here is plain data (render.plain: text, numbers, dates, tuples, Records) or a plain
function closing over plain data (fill.helpers): a template reaches no model and no method.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from compiler.aggregate.briefings import OTHER, sub_unit
from compiler.aggregate.numbers import metric_display
from compiler.fill.helpers import Fact, Tables, counters, fmt, item_filter, labeller, num, plain
from compiler.fill.records import Record
from compiler.knowledge.schemas import Schemas
from compiler.model.briefing import Briefing, BriefingItem, ItemFigure, StatRow
from compiler.model.document import Article, Document
from compiler.present import labels
from compiler.present.citation import citation
from compiler.present.plain import freeze_context
from compiler.present.snippets import overview_text
from compiler.present.text import clean, cn_date

Text = Callable[[Any], str]


def _figure(fig: ItemFigure, text: Text) -> Record:
    return Record(text=text(fig.text), value=fig.value, unit=text(fig.unit), metric=fig.metric,
                  metric_label=text(fig.metric_label or ""), qualifier=fig.qualifier,
                  qualifier_label=labels.QUALIFIERS.get(fig.qualifier, fig.qualifier),
                  status=fig.status, status_label=labels.STATUSES.get(fig.status, fig.status),
                  role=fig.role, role_label=labels.ROLES.get(fig.role, fig.role),
                  summed=fig.summed, sentence=text(fig.sentence),
                  display=text(metric_display(fig.value, fig.unit, fig.qualifier)))


def _unit_names(article: Article | None, row: str) -> frozenset[str]:
    names = {row}
    lead = article.unions[0] if article and article.unions else None
    # an article naming no union is its place's (文成县), as in the statistics table
    where = lead or (article.place if article else None)
    if lead:
        names.add(lead.name)
    if where:
        for place in (where.city, where.county, f"{where.city or ''}{where.county or ''}"):
            if place:
                names.update({place, f"{place}总工会"})
    return frozenset(names)


def _item(n: int, it: BriefingItem, row: str, cat_labels: dict[str, str], text: Text) -> Record:
    return Record(
        number=n, id=it.article_id, title=text(it.title), main_title=text(it.main_title),
        kind=it.kind, kind_label=labels.KINDS.get(it.kind, it.kind), union=text(it.union or ""),
        level=it.union_level, level_label=labels.level_label(it.union_level),
        region=text(it.region or ""), row=text(row), categories=tuple(it.categories),
        category_labels=tuple(cat_labels.get(c, c) for c in it.categories),
        primary_category=it.primary_category or OTHER.id,
        primary_label=cat_labels.get(it.primary_category or OTHER.id, ""),
        summary=text(it.summary), figures=tuple(_figure(f, text) for f in it.figures),
        source=text(it.source), page_name=text(it.page_name or ""), citation=text(citation(it)),
        paper=text(it.paper or ""), page_no=it.page_no,
        date=it.issue_date.isoformat() if it.issue_date else text(it.issue_label),
        date_label=cn_date(it.issue_date) or text(it.issue_label), issue_date=it.issue_date)


def _row(r: StatRow, b: Briefing, schemas: Schemas, facts: tuple, tables: Tables,
         text: Text) -> Record:
    count, total = counters(facts, tables, b.unit.name, None if r.is_total else r.name)
    metrics = {m.id: num(r.metrics.get(f"{m.id}:{m.units[0]}", 0)) for m in schemas.figures.metrics
               if m.units[0] != "%"}
    return Record(
        name=text(r.name), level=r.level, level_label=labels.level_label(r.level),
        articles=r.articles, counts={c.id: r.by_category.get(c.id, 0) for c in b.categories},
        metrics=metrics, is_total=r.is_total, count=count, sum=total)


def build_context(b: Briefing, documents: list[Document], schemas: Schemas,
                  known_units: Iterable[str] = (), *, text: Text = clean) -> dict[str, Any]:
    """Everything a fill template may use (documented in the README, section 填写本单位的模板)."""
    articles = {a.id: a for d in documents for a in d.articles}
    cat_labels = {c.id: c.label for c in b.categories}
    units = {b.unit.name, *(r.name for r in b.stat_rows if not r.is_total), *known_units}
    facts: list[Fact] = []
    for n, it in enumerate(b.items, start=1):
        article = articles.get(it.article_id)
        row, _ = sub_unit(b.unit, article) if article else ("", None)
        names = _unit_names(article, row)
        units.update(names)
        figures = tuple((f.metric, f.unit, f.status, f.value, f.role) for f in it.figures)
        facts.append(Fact(row=row, names=names, level=it.union_level, kind=it.kind,
                          primary=it.primary_category or OTHER.id,
                          categories=tuple(it.categories), figures=figures,
                          record=_item(n, it, row, cat_labels, text)))
    plain_facts = tuple(facts)
    tables = Tables(categories=dict(cat_labels),
                    metrics={m.id: (m.label, tuple(m.units)) for m in schemas.figures.metrics},
                    units=frozenset(units),
                    rows=(b.unit.name, *(r.name for r in b.stat_rows if not r.is_total)))
    count, total_of = counters(plain_facts, tables, b.unit.name)
    items = tuple(f.record for f in facts)
    by_id = {f.record.id: f.record for f in facts}
    stat = [_row(r, b, schemas, plain_facts, tables, text) for r in b.stat_rows]
    total = next((r for r in stat if r.is_total), None)
    metric_totals = [Record(metric=t.metric, label=text(t.label), unit=text(t.unit), value=t.value,
                            qualifier=t.qualifier,
                            qualifier_label=labels.QUALIFIERS.get(t.qualifier, t.qualifier),
                            display=text(t.display), figures=t.figures) for t in b.metric_totals]
    metrics = [Record(id=m.id, label=text(m.label), unit=m.units[0], units=tuple(m.units),
                      total=total_of(m.id) if m.units[0] != "%" else None)
               for m in schemas.figures.metrics]
    u = b.unit
    return freeze_context({
        "unit": Record(name=text(u.name), level=u.level, level_label=labels.level_label(u.level),
                       region=text(u.region), province=u.province or "", city=u.city or "",
                       county=u.county or ""),
        "period": Record(key=b.period.key, label=text(b.period.label)),
        "bulletin_name": text(b.bulletin_name),
        "issue_no": text(b.issue_no),
        "editor": text(b.editor),
        "print_date": cn_date(b.print_date),
        "overview": text(overview_text(b)),
        "article_count": len(items),
        "union_count": len({it.union for it in b.items if it.union}),
        "items": items,
        "articles": items,
        "sections": [Record(category=s.category, label=text(s.label), count=len(s.items),
                            items=[by_id[i.article_id] for i in s.items]) for s in b.sections],
        "categories": [Record(id=c.id, label=text(c.label), count=total.counts.get(c.id, 0)
                              if total else 0) for c in b.categories],
        "metrics": metrics,
        "metric_totals": metric_totals,
        "units": [r for r in stat if not r.is_total],
        "total": total,
        "distribution": Record(bao=[text(x) for x in b.distribution.bao],
                               song=[text(x) for x in b.distribution.song],
                               fa=[text(x) for x in b.distribution.fa]),
        "count": count,
        "sum": total_of,
        "filter_items": item_filter(plain_facts, tables, b.unit.name),
        "fmt": fmt,
        "plain": plain,
        "label": labeller(tables),
    })


NAMES = ("unit", "period", "bulletin_name", "issue_no", "editor", "print_date", "overview",
         "article_count", "union_count", "items", "articles", "sections", "categories", "metrics",
         "metric_totals", "units", "total", "distribution", "count", "sum", "filter_items", "fmt",
         "plain", "label")
