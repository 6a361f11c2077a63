"""Group parsed articles into Briefings per union unit (province, city, county) and period."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from compiler.model.briefing import Briefing, BriefingItem, CategoryInfo, Distribution, ItemFigure, MetricTotal, Period, Section, StatRow, Unit
from compiler.knowledge.config import Config, settings_for
from compiler.errors import UserError
from compiler.knowledge.gazetteer import Gazetteer
from compiler.model.document import Article, Document
from compiler.aggregate.numbers import metric_display
from compiler.paths import safe_name
from compiler.aggregate.periods import PeriodSpec, article_periods, period_info
from compiler.knowledge.schemas import Schemas

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


def _region_of(article: Article) -> tuple[str | None, str | None]:
    lead = article.unions[0] if article.unions else None
    if lead is None:
        return None, None
    return lead.city, lead.county


def _slug(*parts: str) -> str:
    return safe_name("-".join(p for p in parts if p))


def _units(entries: list[_Entry], config: Config, gaz: Gazetteer, levels: set[str]) -> list[Unit]:
    province = gaz.home_province
    out: list[Unit] = []
    if "province" in levels:
        out.append(Unit(name=config.province_union.format(province=province), level="province",
                        region=province, province=province, slug=_slug(province)))
    cities: set[str] = set()
    counties: set[tuple[str, str]] = set()
    for e in entries:
        lead = e.article.unions[0] if e.article.unions else None
        if lead is None or lead.province != province:
            continue
        if lead.city:
            cities.add(lead.city)
            if lead.county:
                counties.add((lead.city, lead.county))
    if "city" in levels:
        for c in sorted(cities):
            out.append(Unit(name=f"{c}总工会", level="city", region=c, province=province, city=c,
                            slug=_slug(c)))
    if "county" in levels:
        for c, k in sorted(counties):
            out.append(Unit(name=f"{k}总工会", level="county", region=f"{c}{k}", province=province,
                            city=c, county=k, slug=_slug(c, k)))
    return out


def sub_unit(unit: Unit, article: Article) -> tuple[str, str | None]:
    """Which row of the unit's statistics table an article counts in."""
    lead = article.unions[0] if article.unions else None
    if unit.level == "province":
        if lead and lead.city:
            return f"{lead.city}总工会", "city"
        return "省本级及其他", None
    if unit.level == "city":
        if lead and lead.county:
            return f"{lead.county}总工会", "county"
        return "市本级", "city"
    if lead and lead.level not in ("county", "city", "province"):
        return lead.name, lead.level
    return "县（市、区）本级", "county"


def _issue_label(e: _Entry) -> str:
    if e.day:
        return e.day.isoformat()
    if e.period_key:
        y, _, m = e.period_key.partition("-")
        return f"{y}年{int(m)}月" if m else f"{y}年"
    return "日期不详"


def _headline(a: Article) -> str:
    return f"{a.title}——{a.subtitle}" if a.subtitle else a.title


def _item(e: _Entry, labels: dict[str, str]) -> BriefingItem:
    a = e.article
    lead = a.unions[0] if a.unions else None
    region = None
    if lead:
        region = "".join(x for x in (lead.city, lead.county) if x) or lead.province
    figures = [ItemFigure(text=f.text, value=f.value, unit=f.unit, qualifier=f.qualifier,
                          status=f.status, metric=f.metric, metric_label=labels.get(f.metric or ""))
               for f in a.figures]
    return BriefingItem(
        article_id=a.id, title=_headline(a), main_title=a.title, kind=a.kind,
        union=lead.name if lead else None, union_level=lead.level if lead else None,
        region=region, categories=list(a.categories),
        primary_category=a.categories[0] if a.categories else None, summary=a.summary,
        figures=figures, source=e.doc.source.rsplit("/", 1)[-1], paper=e.doc.paper,
        page_no=e.doc.page_no, page_name=e.doc.page_name,
        issue_date=e.day, issue_label=_issue_label(e))


def metric_totals(entries: list[_Entry], labels: dict[str, str], order: dict[str, int]
                  ) -> list[MetricTotal]:
    """Sum like with like: same metric and unit, actual figures only; keep qualifiers honest."""
    sums: dict[tuple[str, str], list] = defaultdict(list)
    for e in entries:
        for f in e.article.figures:
            if f.status == "actual" and f.metric and f.unit != "%":
                sums[(f.metric, f.unit)].append(f)
    out = []
    for (metric, unit), figs in sums.items():
        value = sum(f.value for f in figs)
        quals = {f.qualifier for f in figs}
        if quals <= {"exact"}:
            q = "exact"
        elif quals <= {"exact", "more_than", "at_least"}:
            q = "more_than"
        else:
            q = "approx"
        out.append(MetricTotal(metric=metric, label=labels.get(metric, metric), unit=unit,
                               value=value, qualifier=q, display=metric_display(value, unit, q),
                               figures=len(figs)))
    out.sort(key=lambda m: (order.get(m.metric, 99), m.unit))
    return out


def _stat_rows(unit: Unit, entries: list[_Entry], cats: list[CategoryInfo],
               metric_keys: list[tuple[str, str]]) -> list[StatRow]:
    rows: dict[str, dict] = {}
    for e in entries:
        name, level = sub_unit(unit, e.article)
        row = rows.setdefault(name, {"level": level, "articles": 0,
                                     "by": {c.id: 0 for c in cats}, "metrics": defaultdict(float)})
        row["articles"] += 1
        primary = e.article.categories[0] if e.article.categories else OTHER.id
        row["by"][primary] = row["by"].get(primary, 0) + 1
        for f in e.article.figures:
            if f.status == "actual" and (f.metric, f.unit) in metric_keys:
                row["metrics"][f"{f.metric}:{f.unit}"] += f.value
    out = [StatRow(name=n, level=r["level"], articles=r["articles"], by_category=r["by"],
                   metrics={k: _num(v) for k, v in r["metrics"].items()})
           for n, r in sorted(rows.items(), key=lambda kv: (-kv[1]["articles"], kv[0]))]
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
    year, _, rest = period.key.partition("-")
    seq = 1
    month = quarter = ""
    if rest.startswith("Q"):
        quarter = rest[1:]
        seq = int(quarter)
    elif rest:
        month = str(int(rest))
        seq = int(rest)
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

    issue_no = fmt(s.issue_no) if year.isdigit() else period.label
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
        by_region = _by_region(members)
        for unit in _units(members, config, gaz, levels):
            mine = by_region.get((unit.city, unit.county) if unit.level != "province" else (), [])
            if not mine:
                continue
            for e in mine:
                if e.order not in items:
                    items[e.order] = _item(e, metric_labels)
            briefings.append(_briefing(unit, period, mine, [items[e.order] for e in mine], cats,
                                       metric_labels, metric_order, config))
    return briefings


def _by_region(entries: list[_Entry]) -> dict[tuple, list[_Entry]]:
    """The entries each unit covers, in order, keyed as its unit is: () for the province,
    (city, None) for a city, (city, county) for a county."""
    out: dict[tuple, list[_Entry]] = defaultdict(list)
    for e in entries:
        city, county = _region_of(e.article)
        out[()].append(e)
        out[(city, None)].append(e)
        if county is not None:
            out[(city, county)].append(e)
    return out


def _briefing(unit, period, mine, items, cats, metric_labels, metric_order, config):
    by_primary: dict[str, list[BriefingItem]] = defaultdict(list)
    for it in items:
        by_primary[it.primary_category or OTHER.id].append(it)
    sections = [Section(category=c.id, label=c.label, items=by_primary[c.id])
                for c in cats if by_primary.get(c.id)]
    totals = metric_totals(mine, metric_labels, metric_order)
    keys = [(m.metric, m.unit) for m in totals]
    rows = _stat_rows(unit, mine, cats, keys)
    dates = [e.day for e in mine if e.day]
    head = _head(unit, period, config)
    return Briefing(unit=unit, period=period, print_date=max(dates) if dates else period_info(period.key).end,
                    categories=cats, sections=sections, items=items,
                    stat_rows=rows, metric_totals=totals, **head)
