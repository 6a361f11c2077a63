"""Report periods: a month (default), a quarter, a year or a span; undated kept apart."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Protocol

from compiler.errors import UserError
from compiler.ingest.dates import out_of_range
from compiler.model.briefing import Period
from compiler.model.document import Document

_QUARTERS = "一二三四"
_MONTH = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
UNDATED = Period(key="undated", label="日期不详", kind="undated")


class _Dated(Protocol):
    @property  # read only, so that frozen dataclasses and models match
    def period_key(self) -> str | None: ...


def article_periods(doc: Document) -> tuple[str | None, date | None]:
    """(month "2025-06" or year "2025" or None, day) for the articles of a document."""
    if doc.issue_date:
        return doc.issue_date.strftime("%Y-%m"), doc.issue_date
    return doc.issue_period, None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def make_period(key: str) -> Period:
    """The period a key names, with its first and last day."""
    if key == "undated":
        return UNDATED
    if (m := re.match(r"^(\d{4})", key)) and (problem := out_of_range(int(m[1]))):
        raise UserError(f"统计周期“{key}”：{problem}")
    if m := _MONTH.match(key):
        y, mo = int(m[1]), int(m[2])
        return Period(key=f"{y}-{mo:02d}", label=f"{y}年{mo}月", kind="month",
                      start=date(y, mo, 1), end=_month_end(y, mo))
    if m := _QUARTER.match(key):
        y, q = int(m[1]), int(m[2])
        return Period(key=f"{y}-Q{q}", label=f"{y}年第{_QUARTERS[q - 1]}季度", kind="quarter",
                      start=date(y, q * 3 - 2, 1), end=_month_end(y, q * 3))
    if m := _YEAR.match(key):
        y = int(m[1])
        return Period(key=m[1], label=f"{y}年", kind="year", start=date(y, 1, 1),
                      end=date(y, 12, 31))
    raise UserError(f"无法识别的统计周期“{key}”：应为 2025-06、2025-Q2、2025、all，"
                    "或 month / quarter / year（按月、季、年分别生成）")


def _month_unknown(year: str) -> Period:
    """Articles of a known year but unknown month, in a run by month or quarter: an issue of
    their own whose title says so, never put into some month."""
    y = int(year)
    return Period(key=year, label=f"{y}年（月份不详）", kind="partial", start=date(y, 1, 1),
                  end=date(y, 12, 31))


def _key_label(key: str) -> str:
    y, _, m = key.partition("-")
    return f"{int(y)}年{int(m)}月" if m else f"{int(y)}年"


def span_period(keys: Iterable[str]) -> Period:
    """The whole run as one issue (--period all), titled by the dates it covers:
    2023年6月—2025年6月, at the precision the articles are dated to."""
    periods = {k: make_period(k) for k in set(keys)}
    # by days, not by text: "2025" (a year) starts before and ends after "2025-06"
    first = min(periods, key=lambda k: (periods[k].start, periods[k].end))
    last = max(periods, key=lambda k: (periods[k].end, periods[k].start))
    start, end = periods[first].start, periods[last].end
    label = _key_label(first) if first == last else f"{_key_label(first)}—{_key_label(last)}"
    return Period(key="all", label=label, kind="span", start=start, end=end)


def _bucket(article_key: str, granularity: str) -> str:
    """The period of the given granularity a dated article falls in; the bare year when only
    the year is known."""
    if granularity == "year" or len(article_key) < 7:
        return article_key[:4]
    if granularity == "quarter":
        return f"{article_key[:4]}-Q{(int(article_key[5:7]) - 1) // 3 + 1}"
    return article_key


@dataclass(frozen=True)
class PeriodSpec:
    """What the user asked for: one period, or every period of a granularity."""

    granularity: str  # month | quarter | year | all
    only: str | None = None  # a single period key, or None for every period present
    # A briefing keeps undated articles in an issue of their own; a statistic template filled
    # for "all" counts every article, dated or not.
    undated_apart: bool = True

    @classmethod
    def parse(cls, text: str | None) -> PeriodSpec:
        text = (text or "month").strip()
        if text in ("month", "quarter", "year", "all"):
            return cls(text)
        p = make_period(text)
        return cls(p.kind, p.key)

    def _period(self, key: str) -> Period:
        if self.granularity not in ("year", "all") and len(key) == 4:
            return _month_unknown(key)
        return make_period(key)

    def group(self, entries: Iterable[_Dated]) -> list[tuple[Period, list]]:
        """Entries per period, in time order; undated ones as their own 日期不详 period."""
        dated: list = []
        undated: list = []
        for e in entries:
            (dated if e.period_key else undated).append(e)
        out: list[tuple[Period, list]] = []
        if self.granularity == "all" and not self.undated_apart:
            if dated:
                p = span_period(e.period_key for e in dated)
                if undated:
                    p = p.model_copy(update={"label": f"{p.label}（含日期不详稿件）"})
                return [(p, dated + undated)]
            return [(UNDATED, undated)] if undated else []
        if self.granularity == "all":
            if dated:
                out.append((span_period(e.period_key for e in dated), dated))
        else:
            buckets: dict[str, list] = {}
            for e in dated:
                key = _bucket(e.period_key, self.granularity)
                wanted = self.only is None or key == self.only or (
                    len(key) == 4 and self.only.startswith(key))
                if wanted:
                    buckets.setdefault(key, []).append(e)
            # a year known only as a year sorts after its months: "2025" < "2025-01" otherwise
            order = sorted(buckets, key=lambda k: (k[:4], len(k) == 4, k))
            out += [(self._period(k), buckets[k]) for k in order]
        if undated:
            out.append((UNDATED, undated))
        return out

    def present(self, entries: Iterable[_Dated]) -> list[Period]:
        """Every period of this granularity that has articles (for a message naming them)."""
        return [p for p, _ in PeriodSpec(self.granularity).group(entries)]


@dataclass(frozen=True)
class _Key:
    period_key: str | None


def periods_present(documents: Iterable[Document], granularity: str) -> list[Period]:
    """The periods of a granularity that hold articles, for "there is nothing in 2025-06;
    there is in …" (a period asked for that has none is said, never an empty run)."""
    keys = [_Key(article_periods(d)[0]) for d in documents for _ in d.articles]
    return [p for p, _ in PeriodSpec(granularity).group(keys) if p.kind != "undated"]


def dating_notes(documents: Iterable[Document], granularity: str) -> list[str]:
    """One line per file whose articles are not dated to the period's precision, saying which
    issue they went to: the run's summary lists them instead of leaving them unsaid."""
    notes = []
    for d in documents:
        if not d.articles:
            continue
        name = d.source.rsplit("/", 1)[-1]
        key, _ = article_periods(d)
        if key is None:
            notes.append(f"{name}：{len(d.articles)} 篇稿件没有出版日期，编入“日期不详”一期"
                         "（可用 --issue-date 或 manifest.yaml 指明日期）")
        elif len(key) == 4 and granularity in ("month", "quarter"):
            notes.append(f"{name}：{len(d.articles)} 篇稿件只知年份，编入“{_month_unknown(key).label}”"
                         "一期（可用 --issue-date 或 manifest.yaml 指明日期）")
    return notes
