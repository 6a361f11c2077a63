"""Totals a federation can sign: add only summable figures; show standing totals as reported."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Iterable

from compiler.aggregate.numbers import metric_display
from compiler.model.briefing import MetricTotal, NotedFigure
from compiler.model.document import Article, Figure, Qualifier

_SENTENCE_END = "。！？!?；;\n"
_SENTENCE_MAX = 120  # characters of context kept around a figure in a long sentence
_SPACE = re.compile(r"\s+")


def summable(f: Figure) -> bool:
    """GUIDE: only counts (role count, status actual) of a known metric are ever added."""
    return f.role == "count" and f.status == "actual" and f.unit != "%" and f.metric != "other"


def _squashed(text: str) -> tuple[str, list[int]]:
    """The text without white space, and where each of its characters stands in `text`."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


def source_sentences(article: Article) -> list[str]:
    """The sentence each figure of the article stands in (the figures' order), for tracing."""
    flat, _ = _squashed(article.text)
    out: list[str] = []
    pos = 0
    for f in article.figures:
        needle = _SPACE.sub("", f.text)
        at = flat.find(needle, pos)
        if at < 0:
            at = flat.find(needle)
        if at < 0:
            out.append("")
            continue
        pos = at + len(needle)
        start = max((flat.rfind(ch, 0, at) for ch in _SENTENCE_END), default=-1) + 1
        ends = [e for e in (flat.find(ch, pos) for ch in _SENTENCE_END) if e >= 0]
        end = min(ends) + 1 if ends else len(flat)
        lo, hi = max(start, at - _SENTENCE_MAX // 2), min(end, pos + _SENTENCE_MAX // 2)
        # a long sentence is cut around the figure, and says so
        out.append(("…" if lo > start else "") + flat[lo:hi] + ("…" if hi < end else ""))
    return out


def _qualifier(figs: Iterable[Figure]) -> Qualifier:
    quals = {f.qualifier for f in figs}
    if quals <= {"exact"}:
        return "exact"
    if quals <= {"exact", "more_than", "at_least"}:
        return "more_than"
    return "approx"


def metric_totals(articles: Iterable[Article], labels: dict[str, str], order: dict[str, int]
                  ) -> list[MetricTotal]:
    """Sum like with like: summable figures of the same metric and unit; qualifiers honest."""
    sums: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for a in articles:
        for f in a.figures:
            if summable(f):
                sums[(f.metric, f.unit)].append(f)
    out = []
    for (metric, unit), figs in sums.items():
        value = sum(f.value for f in figs)
        q = _qualifier(figs)
        out.append(MetricTotal(metric=metric, label=labels.get(metric, metric), unit=unit,
                               value=value, qualifier=q, display=metric_display(value, unit, q),
                               figures=len(figs)))
    out.sort(key=lambda m: (order.get(m.metric, 99), m.unit))
    # a metric summed in several units says which one each line is: 参与人数（对）
    units: dict[str, int] = defaultdict(int)
    for m in out:
        units[m.metric] += 1
    return [m.model_copy(update={"label": f"{m.label}（{m.unit}）"}) if units[m.metric] > 1 else m
            for m in out]


def noted(f: Figure, article: Article, union: str | None, when: date | None, when_label: str,
          source: str, sentence: str, labels: dict[str, str]) -> NotedFigure:
    return NotedFigure(union=union, metric=f.metric, label=labels.get(f.metric, f.metric),
                       unit=f.unit, value=f.value, qualifier=f.qualifier, status=f.status,
                       role=f.role, display=metric_display(f.value, f.unit, f.qualifier),
                       text=f.text, sentence=sentence, day=when, date_label=when_label,
                       source=source, title=article.title)


def latest_standing(candidates: list[tuple[tuple, int, NotedFigure]], order: dict[str, int]
                    ) -> list[NotedFigure]:
    """Running and standing totals are never added: per reporting union, metric and unit the
    latest report wins (by date, then page order); within it the largest figure, which is the
    whole rather than one of its parts."""
    best: dict[tuple, tuple] = {}
    for key, seq, nf in candidates:
        rank = (nf.day or date.min, seq, nf.value)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, nf)
    out = [nf for _, nf in best.values()]
    out.sort(key=lambda n: (order.get(n.metric, 99), n.unit, n.union or "", -(n.value or 0)))
    return out
