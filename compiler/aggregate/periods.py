"""Report periods: a month (default), a quarter, a year or everything; undated kept apart."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Protocol

from compiler.model.briefing import Period
from compiler.errors import UserError
from compiler.ingest.dates import out_of_range
from compiler.model.document import Document

_QUARTERS = "一二三四"
_MONTH = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
UNDATED = Period(key="undated", label="日期不详")
ALL = Period(key="all", label="全部")


class _Dated(Protocol):
    period_key: str | None


@dataclass(frozen=True)
class PeriodInfo:
    key: str
    end: date | None


def article_periods(doc: Document) -> tuple[str | None, date | None]:
    """(month "2025-06" or year "2025" or None, day) for the articles of a document."""
    if doc.issue_date:
        return doc.issue_date.strftime("%Y-%m"), doc.issue_date
    return doc.issue_period, None


def make_period(key: str) -> Period:
    if key in ("all", "undated"):
        return ALL if key == "all" else UNDATED
    if (m := re.match(r"^(\d{4})", key)) and (problem := out_of_range(int(m[1]))):
        raise UserError(f"统计周期“{key}”：{problem}")
    if m := _MONTH.match(key):
        return Period(key=f"{m[1]}-{int(m[2]):02d}", label=f"{m[1]}年{int(m[2])}月")
    if m := _QUARTER.match(key):
        return Period(key=f"{m[1]}-Q{m[2]}", label=f"{m[1]}年第{_QUARTERS[int(m[2]) - 1]}季度")
    if m := _YEAR.match(key):
        return Period(key=m[1], label=f"{m[1]}年")
    raise UserError(f"无法识别的统计周期“{key}”：应为 2025-06、2025-Q2、2025、all，"
                    "或 month / quarter / year（按月、季、年分别生成）")


def period_info(key: str) -> PeriodInfo:
    if m := _MONTH.match(key):
        y, mo = int(m[1]), int(m[2])
        return PeriodInfo(key, date(y, mo, calendar.monthrange(y, mo)[1]))
    if m := _QUARTER.match(key):
        y, q = int(m[1]), int(m[2])
        return PeriodInfo(key, date(y, q * 3, calendar.monthrange(y, q * 3)[1]))
    if m := _YEAR.match(key):
        return PeriodInfo(key, date(int(m[1]), 12, 31))
    return PeriodInfo(key, None)


def _bucket(article_key: str | None, granularity: str) -> str | None:
    """The period of the given granularity an article falls in; None when not known that finely."""
    if article_key is None:
        return None
    if granularity == "year":
        return article_key[:4]
    if len(article_key) < 7:
        return None  # only the year is known
    if granularity == "quarter":
        return f"{article_key[:4]}-Q{(int(article_key[5:7]) - 1) // 3 + 1}"
    return article_key


@dataclass(frozen=True)
class PeriodSpec:
    """What the user asked for: one period, or every period of a granularity."""

    granularity: str  # month | quarter | year | all
    only: str | None = None  # a single period key, or None for every period present

    @classmethod
    def parse(cls, text: str | None) -> "PeriodSpec":
        text = (text or "month").strip()
        if text in ("month", "quarter", "year", "all"):
            return cls(text)
        p = make_period(text)
        gran = "month" if _MONTH.match(p.key) else "quarter" if "Q" in p.key else "year"
        return cls(gran, p.key)

    def group(self, entries: Iterable[_Dated]) -> list[tuple[Period, list]]:
        """Entries per period, in time order; undated ones as their own 日期不详 period."""
        if self.granularity == "all":
            items = list(entries)
            return [(ALL, items)] if items else []
        buckets: dict[str, list] = {}
        undated: list = []
        for e in entries:
            key = _bucket(e.period_key, self.granularity)
            if key is None:
                undated.append(e)
            elif self.only is None or key == self.only:
                buckets.setdefault(key, []).append(e)
        out = [(make_period(k), v) for k, v in sorted(buckets.items())]
        if undated:
            out.append((UNDATED, undated))
        return out
