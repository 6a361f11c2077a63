"""Format-neutral report model: what every renderer lays out, so formats never disagree."""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from compiler.model.document import Frozen, Qualifier, Role, Status

UnitLevel = Literal["province", "city", "county"]


class Unit(Frozen):
    """The federation a report is made for (浙江省总工会, 杭州市总工会, 余杭区总工会)."""

    name: str
    level: UnitLevel
    region: str  # 浙江省 / 杭州市 / 杭州市余杭区
    province: str | None = None
    city: str | None = None
    county: str | None = None
    slug: str  # file-system safe, e.g. "浙江省" or "杭州市-余杭区"


PeriodKind = Literal["month", "quarter", "year", "span", "partial", "undated"]


class Period(Frozen):
    """A report's period, typed once (aggregate/periods.py) so no stage re-parses its key."""

    key: str  # "2025-06", "2025-Q2", "2025", "all", "undated"
    # "2025年6月", "2025年第二季度", "2025年", "2023年6月—2025年6月", "2025年（月份不详）", "日期不详"
    label: str
    # span: the whole run (--period all); partial: a year whose articles' month is unknown
    kind: PeriodKind = "month"
    start: date | None = None  # first and last day the period can cover; None when undated
    end: date | None = None

    @property
    def numbered(self) -> bool:
        """Only a month or a quarter is an issue of a series with a 期号."""
        return self.kind in ("month", "quarter")


class ItemFigure(Frozen):
    text: str
    value: float | int
    unit: str
    qualifier: Qualifier = "exact"
    status: Status = "actual"
    metric: str | None = None
    metric_label: str | None = None
    role: Role = "count"
    # whether the figure entered the report's totals (role count, status actual, known metric)
    summed: bool = False
    sentence: str = ""  # the sentence of the article it comes from


class BriefingItem(Frozen):
    article_id: str
    title: str  # the full headline as one line (kicker/title/subtitle joined sensibly)
    main_title: str
    kind: str
    union: str | None = None
    union_level: str | None = None
    region: str | None = None  # where the lead union sits, e.g. 杭州市余杭区
    categories: list[str] = Field(default_factory=list)
    primary_category: str | None = None
    summary: str = ""
    figures: list[ItemFigure] = Field(default_factory=list)
    source: str  # file name of the page
    paper: str | None = None  # the paper it was printed in, when known
    page_no: int | None = None  # 版次
    page_name: str | None = None
    issue_date: date | None = None
    issue_label: str  # "2025-06-12" / "2023年6月" / "日期不详"


class Section(Frozen):
    category: str
    label: str
    items: list[BriefingItem]


class CategoryInfo(Frozen):
    id: str
    label: str


class MetricTotal(Frozen):
    """A sum of like figures: summable only (role count, status actual), same metric and unit."""

    metric: str
    label: str
    unit: str
    value: float | int
    # "exact" when every summand was exact, "more_than" when some were lower bounds, "approx" else.
    qualifier: Qualifier = "exact"
    display: str  # "超13.3万人", "约600元"
    figures: int  # how many figures were added


class NotedFigure(Frozen):
    """A figure a report shows but never adds: a standing or running total, or a target."""

    union: str | None = None
    metric: str
    label: str
    unit: str
    value: float | int
    qualifier: Qualifier = "exact"
    status: Status = "actual"
    role: Role = "total"
    display: str  # "超3万人"
    text: str  # as written: 拥有超过3万名
    sentence: str = ""
    day: date | None = None  # the issue date of the report it comes from
    date_label: str = ""  # "2025-06-12" / "2023年6月" / "日期不详"
    source: str = ""
    title: str = ""


class StatRow(Frozen):
    """One line of the statistics table: a subordinate unit (or the total)."""

    name: str
    level: str | None = None
    articles: int
    # articles per category id, each article counted once under its primary category
    by_category: dict[str, int]
    metrics: dict[str, float | int] = Field(default_factory=dict)
    is_total: bool = False


class Distribution(Frozen):
    bao: list[str] = Field(default_factory=list)  # 报
    song: list[str] = Field(default_factory=list)  # 送
    fa: list[str] = Field(default_factory=list)  # 发


class Briefing(Frozen):
    unit: Unit
    period: Period
    bulletin_name: str  # 简报 name, e.g. 杭州市总工会工作简报
    issue_no: str  # 期号, e.g. 2025年第6期; "" when the period is no issue of a series
    editor: str  # 编印单位
    print_date: date | None = None
    categories: list[CategoryInfo]  # every category id/label in schema order (table columns)
    sections: list[Section]  # non-empty categories in schema order, items by primary category
    items: list[BriefingItem]  # every item once, in page order
    stat_rows: list[StatRow]  # subordinate units, then the total row
    metric_totals: list[MetricTotal]
    # latest reported running/standing totals per union, metric and unit (never added)
    standing_totals: list[NotedFigure] = Field(default_factory=list)
    targets: list[NotedFigure] = Field(default_factory=list)  # shown as targets, never added
    distribution: Distribution = Field(default_factory=Distribution)
    warnings: list[str] = Field(default_factory=list)
