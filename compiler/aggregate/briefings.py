"""Group parsed articles into Briefings per union unit (province, city, county) and period."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from compiler.aggregate.periods import PeriodSpec, article_periods
from compiler.aggregate.totals import latest_standing, metric_totals, noted, source_sentences, summable
from compiler.aggregate.units import in_home, make_unit, own_row, proper_name, subordinate_rows, where
from compiler.errors import UserError
from compiler.guard.names import shown
from compiler.knowledge.config import Config, settings_for
from compiler.knowledge.gazetteer import Gazetteer
from compiler.knowledge.schemas import Schemas
from compiler.model.briefing import (
    Briefing,
    BriefingItem,
    CategoryInfo,
    Distribution,
    ItemFigure,
    Period,
    Section,
    StatRow,
    Unit,
)
from compiler.model.document import Article, Document

LEVELS = ("province", "city", "county")
OTHER = CategoryInfo(id="other", label="其他工作")


@dataclass(frozen=True)
class _Entry:
    """One article with where and when it belongs."""

    doc: Document
    article: Article
    order: int
    period_key: str | None  # month "2025-06", year "2025", or None when undated
    day: date | None


def _units(entries: list[_Entry], config: Config, gaz: Gazetteer, levels: set[str]) -> list[Unit]:
    province = gaz.home_province
    out: list[Unit] = []
    if "province" in levels:
        out.append(make_unit(province, province_union=config.province_union))
    cities: set[str] = set()
    counties: set[tuple[str, str]] = set()
    for e in entries:
        if not in_home(e.article, province):
            continue
        city, county = where(e.article, province)
        if city:
            cities.add(city)
            if county:
                counties.add((city, county))
    if "city" in levels:
        out += [make_unit(province, c) for c in sorted(cities)]
    if "county" in levels:
        out += [make_unit(province, c, k) for c, k in sorted(counties)]
    return out


def sub_unit(unit: Unit, article: Article) -> tuple[str, str | None]:
    """Which row of the unit's statistics table an article counts in: a subordinate unit, or
    the unit's own 本级 row (named after it) when the article is about no subordinate."""
    lead = article.unions[0] if article.unions else None
    city, county = where(article, unit.province or unit.region)
    if unit.level == "province" and city:
        return f"{city}总工会", "city"
    if unit.level == "city" and county:
        return f"{county}总工会", "county"
    if unit.level == "county" and lead and lead.level not in ("county", "city", "province"):
        return proper_name(lead), lead.level
    return own_row(unit), unit.level


def _issue_label(e: _Entry) -> str:
    if e.day:
        return e.day.isoformat()
    if e.period_key:
        y, _, m = e.period_key.partition("-")
        return f"{y}年{int(m)}月" if m else f"{y}年"
    return "日期不详"


def _headline(a: Article) -> str:
    return f"{a.title}——{a.subtitle}" if a.subtitle else a.title


def _item(e: _Entry, labels: dict[str, str], config: Config) -> BriefingItem:
    a = e.article
    lead = a.unions[0] if a.unions else None
    region = None
    if lead:
        region = "".join(x for x in (lead.city, lead.county) if x) or lead.province
    elif a.place:
        region = "".join(x for x in (a.place.city, a.place.county) if x) or a.place.province
    sentences = source_sentences(a)
    figures = [ItemFigure(text=f.text, value=f.value, unit=f.unit, qualifier=f.qualifier,
                          status=f.status, metric=f.metric, metric_label=labels.get(f.metric or ""),
                          role=f.role, summed=summable(f), sentence=sentence)
               for f, sentence in zip(a.figures, sentences)]
    return BriefingItem(
        article_id=a.id, title=_headline(a), main_title=a.title, kind=a.kind,
        union=proper_name(lead, config.province_union) if lead else None,
        union_level=lead.level if lead else None,
        region=region, categories=list(a.categories),
        primary_category=a.categories[0] if a.categories else None, summary=a.summary,
        figures=figures, source=shown(e.doc.source.rsplit("/", 1)[-1]), paper=e.doc.paper,
        page_no=e.doc.page_no,
        page_name=shown(e.doc.page_name) if e.doc.page_name else e.doc.page_name,
        issue_date=e.day, issue_label=_issue_label(e))


def _noted(mine: list[_Entry], items: list[BriefingItem], labels: dict[str, str],
           order: dict[str, int]) -> tuple[list, list]:
    """Standing totals (latest per union, metric and unit) and targets: shown, never added."""
    standing, targets = [], []
    for e, it in zip(mine, items):
        for f, itf in zip(e.article.figures, it.figures):
            if f.status == "target":
                targets.append(noted(f, e.article, it.union, e.day, it.issue_label, it.source,
                                     itf.sentence, labels))
            elif f.role == "total" and f.metric != "other":
                nf = noted(f, e.article, it.union, e.day, it.issue_label, it.source,
                           itf.sentence, labels)
                standing.append(((it.union, f.metric, f.unit), e.order, nf))
    return latest_standing(standing, order), targets


def _stat_rows(unit: Unit, entries: list[_Entry], cats: list[CategoryInfo],
               metric_keys: list[tuple[str, str]], gaz: Gazetteer) -> list[StatRow]:
    """Every subordinate unit in administrative order (zeros where no article: a statistician
    files every row), then units the gazetteer does not list, the 本级 row last, then 合计."""
    def blank(level: str | None) -> dict:
        return {"level": level, "articles": 0, "by": {c.id: 0 for c in cats},
                "metrics": defaultdict(float)}

    rows: dict[str, dict] = {name: blank(level) for name, level in subordinate_rows(unit, gaz)}
    listed = len(rows)
    own = own_row(unit)
    for e in entries:
        name, level = sub_unit(unit, e.article)
        row = rows.setdefault(name, blank(level))
        row["articles"] += 1
        primary = e.article.categories[0] if e.article.categories else OTHER.id
        row["by"][primary] = row["by"].get(primary, 0) + 1
        for f in e.article.figures:
            if summable(f) and (f.metric, f.unit) in metric_keys:
                row["metrics"][f"{f.metric}:{f.unit}"] += f.value
    names = list(rows)
    extra = sorted((n for n in names[listed:] if n != own), key=lambda n: (-rows[n]["articles"], n))
    order = names[:listed] + extra + [own]
    rows.setdefault(own, blank(unit.level))
    out = [StatRow(name=n, level=rows[n]["level"], articles=rows[n]["articles"],
                   by_category=rows[n]["by"],
                   metrics={k: _num(v) for k, v in rows[n]["metrics"].items()})
           for n in order]
    total_by = {c.id: sum(r.by_category.get(c.id, 0) for r in out) for c in cats}
    total_metrics: dict[str, float] = defaultdict(float)
    for r in out:
        for k, v in r.metrics.items():
            total_metrics[k] += v
    out.append(StatRow(name="合计", articles=sum(r.articles for r in out), by_category=total_by,
                       metrics={k: _num(v) for k, v in total_metrics.items()}, is_total=True))
    return out


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 4)


def _parent(unit: Unit) -> str:
    if unit.level == "province":
        return "中华全国总工会"
    if unit.level == "city":
        return f"{unit.province}总工会"
    return f"{unit.city}总工会"


def _children(unit: Unit) -> str:
    return {"province": "各市总工会，省级产业工会", "city": "各区、县（市）总工会",
            "county": "各乡镇（街道）总工会、基层工会"}[unit.level]


def _short_region(unit: Unit) -> str:
    r = unit.county or unit.city or unit.province or unit.region
    return r if unit.level != "province" else r.removesuffix("省") + "省"


def _head(unit: Unit, period: Period, config: Config) -> dict:
    s = settings_for(config, unit.name)
    year = str(period.start.year) if period.start else ""
    seq = 1
    month = quarter = ""
    if period.kind == "quarter" and period.start:
        seq = (period.start.month + 2) // 3
        quarter = str(seq)
    elif period.kind == "month" and period.start:
        seq = period.start.month
        month = str(seq)
    seq += s.issue_no_offset or 0
    values = dict(unit=unit.name, region=unit.region, parent=_parent(unit), year=year,
                  month=month, quarter=quarter, seq=seq, children=_children(unit),
                  region_short=_short_region(unit),
                  # a province's party committee, congress, government and CPPCC have 办公厅
                  office="办公厅" if unit.level == "province" else "办公室")

    def fmt(t: str) -> str:
        try:
            return t.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise UserError(f"配置中的文字“{t}”含有未知占位符：{exc}") from None

    # A span, a year or the undated articles are no issue of the monthly series: no 期号
    # rather than a made-up one (the cover names the dates covered instead).
    issue_no = fmt(s.issue_no) if period.numbered else ""
    return dict(bulletin_name=fmt(s.bulletin_name), editor=fmt(s.editor), issue_no=issue_no,
                distribution=Distribution(bao=[fmt(x) for x in s.bao], song=[fmt(x) for x in s.song],
                                          fa=[fmt(x) for x in s.fa]))


def build_briefings(documents: list[Document], schemas: Schemas, gaz: Gazetteer, config: Config,
                    spec: PeriodSpec, levels: set[str]) -> list[Briefing]:
    cats = [CategoryInfo(id=c.id, label=c.label) for c in schemas.categories.categories] + [OTHER]
    metric_labels = {m.id: m.label for m in schemas.figures.metrics}
    metric_order = {m.id: i for i, m in enumerate(schemas.figures.metrics)}
    entries: list[_Entry] = []
    n = 0
    for doc in documents:
        key, day = article_periods(doc)
        for a in doc.articles:
            entries.append(_Entry(doc, a, n, key, day))
            n += 1
    briefings: list[Briefing] = []
    items: dict[int, BriefingItem] = {}  # by entry order: one item serves every level's briefing
    for period, members in spec.group(entries):
        members.sort(key=lambda e: (e.day or date.max, e.order))
        by_region = _by_region(members, gaz.home_province)
        for unit in _units(members, config, gaz, levels):
            mine = by_region.get((unit.city, unit.county) if unit.level != "province" else (), [])
            if not mine:
                continue
            for e in mine:
                if e.order not in items:
                    items[e.order] = _item(e, metric_labels, config)
            briefings.append(_briefing(unit, period, mine, [items[e.order] for e in mine], cats,
                                       metric_labels, metric_order, config, gaz))
    return briefings


def _by_region(entries: list[_Entry], province: str) -> dict[tuple, list[_Entry]]:
    """The entries each unit covers, in order, keyed as its unit is: () for the province,
    (city, None) for a city, (city, county) for a county."""
    out: dict[tuple, list[_Entry]] = defaultdict(list)
    for e in entries:
        city, county = where(e.article, province)
        out[()].append(e)
        out[(city, None)].append(e)
        if county is not None:
            out[(city, county)].append(e)
    return out


def print_date(mine: list[_Entry], config: Config) -> date | None:
    """印发 date: the option or configuration, else the latest issue date among the articles;
    None when neither says it (never the end of the period: that would be invented)."""
    if config.print_date:
        return config.print_date
    dates = [e.day for e in mine if e.day]
    return max(dates) if dates else None


def empty_briefing(unit: Unit, period: Period, schemas: Schemas, gaz: Gazetteer, config: Config,
                   warning: str) -> Briefing:
    """A unit's report for a period it has no article in: every row zero, saying so (a quiet
    month is still filed)."""
    cats = [CategoryInfo(id=c.id, label=c.label) for c in schemas.categories.categories] + [OTHER]
    b = _briefing(unit, period, [], [], cats, {}, {}, config, gaz)
    return b.model_copy(update={"warnings": [*b.warnings, warning]})


def _briefing(unit, period, mine, items, cats, metric_labels, metric_order, config, gaz):
    by_primary: dict[str, list[BriefingItem]] = defaultdict(list)
    for it in items:
        by_primary[it.primary_category or OTHER.id].append(it)
    sections = [Section(category=c.id, label=c.label, items=by_primary[c.id])
                for c in cats if by_primary.get(c.id)]
    totals = metric_totals((e.article for e in mine), metric_labels, metric_order)
    standing, targets = _noted(mine, items, metric_labels, metric_order)
    keys = [(m.metric, m.unit) for m in totals]
    rows = _stat_rows(unit, mine, cats, keys, gaz)
    head = _head(unit, period, config)
    return Briefing(unit=unit, period=period, print_date=print_date(mine, config),
                    categories=cats, sections=sections, items=items,
                    stat_rows=rows, metric_totals=totals, standing_totals=standing,
                    targets=targets, **head)
