"""The fill context: one unit's Briefing as template records plus count/sum helper functions."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterable

from compiler.aggregate.briefings import OTHER, sub_unit
from compiler.model.briefing import Briefing, BriefingItem, ItemFigure, StatRow
from compiler.model.document import Article, Document
from compiler.aggregate.numbers import metric_display, plain_number
from compiler.present.citation import citation
from compiler.present import labels
from compiler.present.snippets import overview_text
from compiler.present.text import clean, cn_date
from compiler.knowledge.schemas import Schemas
from compiler.fill.records import Record, TemplateDataError

Text = Callable[[Any], str]
STATUSES = {"actual": {"actual"}, "target": {"target"}, "all": {"actual", "target"},
            "已完成": {"actual"}, "实际": {"actual"}, "目标": {"target"}, "全部": {"actual", "target"}}


def _num(v: float) -> float | int:
    """As the statistics workbook stores a sum: an int when whole, else rounded to 4 places."""
    return int(v) if float(v).is_integer() else round(v, 4)


class Vocabulary:
    """Ids or Chinese labels -> ids, for categories, metrics, levels and kinds; unknown = error."""

    def __init__(self, b: Briefing, schemas: Schemas, known_units: Iterable[str]) -> None:
        self.categories = {c.id: c.label for c in b.categories}
        self.metrics = {m.id: m for m in schemas.figures.metrics}
        self.units = set(known_units)

    @staticmethod
    def _find(kind: str, name: Any, table: dict[str, str]) -> str:
        key = str(name).strip()
        if key in table:
            return key
        for k, label in table.items():
            if label == key:
                return k
        raise TemplateDataError(f"未知{kind} {name}（可用：{'、'.join(table)}）")

    def category(self, name: Any) -> str:
        return self._find("类别", name, self.categories)

    def metric(self, name: Any):
        return self.metrics[self._find("指标", name, {k: m.label for k, m in self.metrics.items()})]

    def level(self, name: Any) -> str:
        return self._find("层级", name, labels.LEVELS)

    def kind(self, name: Any) -> str:
        return self._find("稿件类型", name, labels.KINDS)

    def status(self, name: Any) -> set[str]:
        if name is None:
            return STATUSES["all"]
        if str(name) not in STATUSES:
            raise TemplateDataError(f"未知状态 {name}（可用：actual、target、all，或 已完成、目标、全部）")
        return STATUSES[str(name)]

    def unit(self, name: Any) -> str:
        key = str(name).strip()
        if key not in self.units:
            raise TemplateDataError(f"未知单位 {name}（应为工会全称，如 余杭区总工会、杭州市总工会，"
                                    "或统计表中的行名，如 市本级）")
        return key


@dataclass(frozen=True)
class _Fact:
    """What the helpers filter on, for one item."""

    row: str  # the statistics-table row the item counts in
    names: frozenset[str]  # unit names that select it: row, lead union, its city and county
    level: str | None
    kind: str
    primary: str
    categories: tuple[str, ...]
    figures: tuple[ItemFigure, ...]
    record: Record


class Helpers:
    """count / sum / filter_items over the items, with the statistics table's rules."""

    def __init__(self, facts: list[_Fact], vocab: Vocabulary, own_unit: str) -> None:
        self.facts = facts
        self.vocab = vocab
        self.own_unit = own_unit

    def _select(self, category=None, unit=None, level=None, kind=None, primary=True,
                row=None) -> list[_Fact]:
        out = self.facts
        if row is not None:
            out = [f for f in out if f.row == row]
        if unit is not None and str(unit).strip() != self.own_unit:
            name = self.vocab.unit(unit)
            out = [f for f in out if name in f.names]
        if category is not None:
            cid = self.vocab.category(category)
            out = [f for f in out if (f.primary == cid if primary else cid in f.categories)]
        if level is not None:
            lid = self.vocab.level(level)
            out = [f for f in out if f.level == lid]
        if kind is not None:
            kid = self.vocab.kind(kind)
            out = [f for f in out if f.kind == kid]
        return out

    def count(self, category=None, unit=None, level=None, kind=None, primary=True, *,
              _row=None) -> int:
        return len(self._select(category, unit, level, kind, primary, _row))

    def sum(self, metric, measure=None, unit=None, category=None, level=None, kind=None,
            status="actual", primary=True, *, _row=None) -> float | int:
        m = self.vocab.metric(metric)
        if measure is None:
            measure = m.units[0]
        measure = str(measure).strip()
        if measure not in m.units:
            raise TemplateDataError(f"指标 {m.label} 的计量单位只能是 {'、'.join(m.units)}，不是 {measure}")
        if measure == "%":
            raise TemplateDataError(f"指标 {m.label} 是比例（%），不能相加")
        statuses = self.vocab.status(status)
        total = 0.0
        for f in self._select(category, unit, level, kind, primary, _row):
            for fig in f.figures:
                if fig.metric == m.id and fig.unit == measure and fig.status in statuses:
                    total += fig.value
        return _num(total)

    def filter_items(self, category=None, unit=None, level=None, kind=None, primary=True
                     ) -> list[Record]:
        return [f.record for f in self._select(category, unit, level, kind, primary)]


def _figure(fig: ItemFigure, text: Text) -> Record:
    return Record(text=text(fig.text), value=fig.value, unit=text(fig.unit), metric=fig.metric,
                  metric_label=text(fig.metric_label or ""), qualifier=fig.qualifier,
                  qualifier_label=labels.QUALIFIERS.get(fig.qualifier, fig.qualifier),
                  status=fig.status, status_label=labels.STATUSES.get(fig.status, fig.status),
                  display=text(metric_display(fig.value, fig.unit, fig.qualifier)))


def _unit_names(article: Article | None, row: str) -> frozenset[str]:
    names = {row}
    lead = article.unions[0] if article and article.unions else None
    if lead:
        names.add(lead.name)
        for place in (lead.city, lead.county, f"{lead.city or ''}{lead.county or ''}"):
            if place:
                names.update({place, f"{place}总工会"})
    return frozenset(names)


def _item(n: int, it: BriefingItem, row: str, cat_labels: dict[str, str], text: Text) -> Record:
    return Record(
        number=n, id=it.article_id, title=text(it.title), main_title=text(it.main_title),
        kind=it.kind, kind_label=labels.KINDS.get(it.kind, it.kind), union=text(it.union or ""),
        level=it.union_level, level_label=labels.level_label(it.union_level),
        region=text(it.region or ""), row=text(row), categories=list(it.categories),
        category_labels=[cat_labels.get(c, c) for c in it.categories],
        primary_category=it.primary_category or OTHER.id,
        primary_label=cat_labels.get(it.primary_category or OTHER.id, ""),
        summary=text(it.summary), figures=[_figure(f, text) for f in it.figures],
        source=text(it.source), page_name=text(it.page_name or ""), citation=text(citation(it)),
        paper=text(it.paper or ""), page_no=it.page_no,
        date=it.issue_date.isoformat() if it.issue_date else text(it.issue_label),
        date_label=cn_date(it.issue_date) or text(it.issue_label), issue_date=it.issue_date)


def _row(r: StatRow, b: Briefing, schemas: Schemas, helpers: Helpers, text: Text) -> Record:
    row = None if r.is_total else r.name
    metrics = {m.id: _num(r.metrics.get(f"{m.id}:{m.units[0]}", 0)) for m in schemas.figures.metrics
               if m.units[0] != "%"}
    return Record(
        name=text(r.name), level=r.level, level_label=labels.level_label(r.level),
        articles=r.articles, counts={c.id: r.by_category.get(c.id, 0) for c in b.categories},
        metrics=metrics, is_total=r.is_total,
        count=partial(helpers.count, _row=row), sum=partial(helpers.sum, _row=row))


def build_context(b: Briefing, documents: list[Document], schemas: Schemas,
                  known_units: Iterable[str] = (), *, text: Text = clean) -> dict[str, Any]:
    """Everything a fill template may use (documented in the README, section 填写本单位的模板)."""
    articles = {a.id: a for d in documents for a in d.articles}
    cat_labels = {c.id: c.label for c in b.categories}
    rows = [r.name for r in b.stat_rows if not r.is_total]
    vocab = Vocabulary(b, schemas, {b.unit.name, *rows, *known_units})
    facts: list[_Fact] = []
    for n, it in enumerate(b.items, start=1):
        article = articles.get(it.article_id)
        row, _ = sub_unit(b.unit, article) if article else ("", None)
        names = _unit_names(article, row)
        vocab.units.update(names)
        facts.append(_Fact(row=row, names=names, level=it.union_level, kind=it.kind,
                           primary=it.primary_category or OTHER.id,
                           categories=tuple(it.categories), figures=tuple(it.figures),
                           record=_item(n, it, row, cat_labels, text)))
    h = Helpers(facts, vocab, b.unit.name)
    items = [f.record for f in facts]
    by_id = {f.record.id: f.record for f in facts}
    stat = [_row(r, b, schemas, h, text) for r in b.stat_rows]
    total = next((r for r in stat if r.is_total), None)
    metric_totals = [Record(metric=t.metric, label=text(t.label), unit=text(t.unit), value=t.value,
                            qualifier=t.qualifier,
                            qualifier_label=labels.QUALIFIERS.get(t.qualifier, t.qualifier),
                            display=text(t.display), figures=t.figures) for t in b.metric_totals]
    metrics = [Record(id=m.id, label=text(m.label), unit=m.units[0], units=list(m.units),
                      total=h.sum(m.id) if m.units[0] != "%" else None)
               for m in schemas.figures.metrics]
    u = b.unit
    return {
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
        "count": h.count,
        "sum": h.sum,
        "filter_items": h.filter_items,
        "fmt": _fmt,
        "plain": _plain,
        "label": partial(_label, vocab),
    }


def _fmt(value: Any, digits: int | None = None) -> str:
    """12000 -> 12,000; 35.714 -> 35.71; with digits, that many decimals; None -> ''."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TemplateDataError(f"fmt() 需要数值，得到的是 {value!r}")
    if digits is not None:
        return f"{value:,.{int(digits)}f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def _plain(value: Any) -> str:
    """133000 -> 13.3万 (the way the briefing writes a total)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TemplateDataError(f"plain() 需要数值，得到的是 {value!r}")
    return plain_number(value)


def _label(vocab: Vocabulary, key: Any) -> str:
    """Chinese label of a category, metric, union level or kind id."""
    k = str(key)
    for table in (vocab.categories, {i: m.label for i, m in vocab.metrics.items()}, labels.LEVELS,
                  labels.KINDS, labels.STATUSES):
        if k in table:
            return table[k]
    raise TemplateDataError(f"未知的代码 {key}（应为类别、指标、层级或稿件类型的代码）")


NAMES = ("unit", "period", "bulletin_name", "issue_no", "editor", "print_date", "overview",
         "article_count", "union_count", "items", "articles", "sections", "categories", "metrics",
         "metric_totals", "units", "total", "distribution", "count", "sum", "filter_items", "fmt",
         "plain", "label")
