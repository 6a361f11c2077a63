"""The view model every format lays out: numbering, labels and text lines, built once."""
from __future__ import annotations

from typing import Any

from compiler.model.briefing import Briefing, BriefingItem, StatRow
from compiler.present import labels
from compiler.present.citation import citation
from compiler.present.options import RenderOptions
from compiler.present.snippets import overview_text
from compiler.present.templates import Snippets
from compiler.present.text import clean, cn_date, cn_number, display_width

DISTRIBUTION_KEYS = (("bao", "报"), ("song", "送"), ("fa", "发"))
OTHER_LABEL = "其他工作"


def _figure_note(fig: Any) -> str:
    """累计/现有, 其中, 人均/单价, 目标: what keeps a figure out of the totals, said beside it."""
    notes = {"total": ["累计/现有"], "part": ["其中"],
             "rate": [] if fig.metric == "percentage" else ["人均/单价"]}.get(fig.role, [])
    if fig.status == "target":
        notes.append("目标")
    return "，".join(notes)


def _figure_view(fig: Any) -> dict[str, Any]:
    return {
        "text": clean(fig.text),
        "label": clean(fig.metric_label or ""),
        "value": fig.value,
        "unit": clean(fig.unit),
        "qualifier": fig.qualifier,
        "qualifier_label": labels.QUALIFIERS.get(fig.qualifier, fig.qualifier),
        "status": fig.status,
        "status_label": labels.STATUSES.get(fig.status, fig.status),
        "role": fig.role,
        "role_label": labels.ROLES.get(fig.role, fig.role),
        "summed": fig.summed,
        "metric": fig.metric or "",
        "note": _figure_note(fig),
    }


def _noted_view(n: Any) -> dict[str, Any]:
    """A standing total or a target: shown with its union, date and source, never added."""
    return {
        "union": clean(n.union or ""),
        "label": clean(n.label),
        "display": clean(n.display),
        "text": clean(n.text),
        "sentence": clean(n.sentence),
        "date": cn_date(n.day) or clean(n.date_label),
        "source": clean(n.source),
        "title": clean(n.title),
        "status": n.status,
        "role_label": labels.ROLES.get(n.role, n.role),
    }


def _item_view(item: BriefingItem, number: str, cat_labels: dict[str, str],
               snippet: Snippets) -> dict[str, Any]:
    view: dict[str, Any] = {
        "number": number,
        "title": clean(item.title),
        "main_title": clean(item.main_title),
        "kind": item.kind,
        "kind_label": labels.KINDS.get(item.kind, item.kind),
        "union": clean(item.union or ""),
        "level": labels.level_label(item.union_level),
        "region": clean(item.region or ""),
        "summary": clean(item.summary),
        "primary_label": cat_labels.get(item.primary_category or "", item.primary_category or ""),
        "category_labels": [cat_labels.get(c, c) for c in item.categories],
        "figures": [_figure_view(f) for f in item.figures],
        "source": clean(item.source),
        "page_name": clean(item.page_name or ""),
        "date": cn_date(item.issue_date) or clean(item.issue_label),
        "citation": citation(item),
    }
    view["meta"] = snippet("item_meta.j2", **view)
    view["figures_line"] = snippet("item_figures.j2", **view) if view["figures"] else ""
    view["source_line"] = snippet("item_source.j2", **view)
    return view


def _table(b: Briefing) -> dict[str, Any]:
    rows = [r for r in b.stat_rows if not r.is_total]
    total: StatRow | None = next((r for r in b.stat_rows if r.is_total), None)
    basis = [total] if total else rows
    # Only the categories this report has: fifteen empty columns would not fit a page.
    columns = [c for c in b.categories if any(r.by_category.get(c.id, 0) for r in basis)]

    def row(r: StatRow) -> dict[str, Any]:
        return {"name": clean(r.name), "level": labels.level_label(r.level), "articles": r.articles,
                "counts": [r.by_category.get(c.id, 0) for c in columns]}

    return {
        "columns": [{"id": c.id, "label": clean(c.label)} for c in columns],
        "rows": [row(r) for r in rows],
        "total": row(total) if total else None,
    }


def _chart(b: Briefing, table: dict[str, Any]) -> list[dict[str, Any]]:
    """Items per category: the total row of the table when there is one, so both agree."""
    if table["total"]:
        return [{"label": c["label"], "count": n}
                for c, n in zip(table["columns"], table["total"]["counts"])]
    return [{"label": clean(s.label), "count": len(s.items)} for s in b.sections]


def table_widths(table: dict[str, Any], total: float, char: float, pad: float) -> list[float]:
    """Column widths for the statistics table: the unit names fit on one line when they can,
    the count column fits 稿件数, the category columns share the rest evenly."""
    ncols = 2 + len(table["columns"])
    if ncols == 2:
        return [total * 0.6, total * 0.4]
    names = [r["name"] for r in table["rows"]]
    if table["total"]:
        names.append(table["total"]["name"])
    chars = max([display_width(n) / 2 for n in names] + [2])
    first = min(max((chars + 1) * char + 2 * pad, total * 0.14), total * 0.3)  # one char of slack
    second = 3 * char + 2 * pad
    rest = (total - first - second) / (ncols - 2)
    return [first, second] + [rest] * (ncols - 2)


def _issue_line(b: Briefing) -> str:
    """The line under the bulletin's name: its 期号, else the dates the issue covers
    (2023年6月—2025年6月, 日期不详): never an empty line nor a made-up number."""
    return clean(b.issue_no) or clean(b.period.label)


def _date_line(b: Briefing) -> str:
    """The date beside 编印单位: the print date; else nothing (no date without a source)."""
    return cn_date(b.print_date)


# The view last built, with its briefing: the formats of one unit are rendered one after the
# other (build.py) and share it. Renderers only read a view.
_LAST: tuple[Briefing, RenderOptions, dict[str, Any]] | None = None


def build_view(b: Briefing, options: RenderOptions) -> dict[str, Any]:
    global _LAST
    if _LAST is not None and _LAST[0] is b and _LAST[1] == options:
        return _LAST[2]
    view = _build_view(b, options)
    _LAST = (b, options, view)
    return view


def _build_view(b: Briefing, options: RenderOptions) -> dict[str, Any]:
    snippet = Snippets(options)
    cat_labels = {c.id: c.label for c in b.categories}
    groups = [(s.category, s.label, s.items) for s in b.sections]
    placed = {it.article_id for s in b.sections for it in s.items}
    rest = [it for it in b.items if it.article_id not in placed]
    if rest:  # items without a primary category still belong in the briefing
        groups.append(("other", OTHER_LABEL, rest))
    sections = []
    for i, (category, label, items) in enumerate(groups):
        number = cn_number(i + 2)  # 一、 is the overview
        sections.append({
            "number": number,
            "category": category,
            "label": clean(label),
            "heading": f"{number}、{clean(label)}",
            "entries": [_item_view(it, f"（{cn_number(j + 1)}）", cat_labels, snippet)
                      for j, it in enumerate(items)],
        })
    table = _table(b)
    totals = [{"label": clean(t.label), "display": clean(t.display),
               "text": clean(t.label + t.display)} for t in b.metric_totals]
    distribution = [{"key": key, "names": "，".join(clean(n) for n in getattr(b.distribution, attr))}
                    for attr, key in DISTRIBUTION_KEYS if getattr(b.distribution, attr)]
    stats_number = cn_number(len(sections) + 2)
    return {
        "bulletin_name": clean(b.bulletin_name),
        "issue_no": _issue_line(b),
        "issue_number": clean(b.issue_no),
        "editor": clean(b.editor),
        "print_date": cn_date(b.print_date),
        "date_line": _date_line(b),
        "unit": {"name": clean(b.unit.name), "level": labels.level_label(b.unit.level),
                 "region": clean(b.unit.region)},
        "period": {"key": b.period.key, "label": clean(b.period.label)},
        "overview_heading": "一、总体情况",
        "overview": clean(overview_text(b, options)),
        "totals": totals,
        "totals_line": "；".join(t["text"] for t in totals),
        "standing": [_noted_view(n) for n in b.standing_totals],
        "targets": [_noted_view(n) for n in b.targets],
        "sections": sections,
        "items": [it for s in sections for it in s["entries"]],
        "item_count": len(b.items),
        "stats_heading": f"{stats_number}、统计情况",
        "table": table,
        "chart": _chart(b, table),
        "distribution": distribution,
        "warnings": [clean(w) for w in b.warnings],
    }
