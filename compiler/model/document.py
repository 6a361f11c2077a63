"""Frozen pydantic models handed from stage to stage (the JSON contract of DESIGN.md)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Span = tuple[int, int]
Level = Literal["national", "province", "city", "county", "town", "park", "industry", "enterprise"]
Kind = Literal["news", "photo", "commentary", "notice"]
Qualifier = Literal["exact", "more_than", "approx", "at_least", "less_than"]
Status = Literal["actual", "target"]
# What a figure counts and how a statistic may use it (GUIDE: figures, metric and role).
Metric = Literal["participants", "beneficiaries", "talents", "workforce", "person_times", "events",
                 "organisations", "facilities", "projects", "courses", "teams", "money",
                 "percentage", "other"]
METRIC_IDS: tuple[str, ...] = get_args(Metric)
Role = Literal["count", "total", "rate", "part"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _unset(value: bool) -> bool:
    return not value


# Review marks (compiler/review) appear in the JSON only when set, so that a run without
# corrections writes the same JSON as before.
Mark = Annotated[bool, Field(exclude_if=_unset)]


class Page(Frozen):
    """One input file as read: the original text plus what is known about it."""

    source: str
    text: str
    issue_date: date | None = None
    # What is known of the date when the day is not: "2023-06" or "2025".
    issue_period: str | None = None
    # The paper (or site) and page the text was printed on (浙江工人日报, 2), when the manifest,
    # the e-paper furniture, the web page or the file name says so; unknown stays None.
    paper: str | None = None
    page_no: int | None = None
    page_name: str | None = None
    # Spans of page furniture (e-paper header and footer) that belong to no article.
    furniture: tuple[Span, ...] = ()
    warnings: tuple[str, ...] = ()


class Byline(Frozen):
    reporters: list[str] = Field(default_factory=list)
    correspondents: list[str] = Field(default_factory=list)
    photographers: list[str] = Field(default_factory=list)


class UnionRef(Frozen):
    name: str  # fullest form: 余杭区总工会 even where the text says 区总工会
    level: Level | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    role: Literal["lead", "partner"] = "lead"
    text: str = ""  # the characters at `span`, as written
    span: Span
    corrected: Mark = False  # set by a person's correction (compiler/review)


class PlaceRef(Frozen):
    """Where an article's story happens, from the first place names of its headline and lede:
    an article that names no union still belongs to the county it is about."""

    province: str | None = None
    city: str | None = None
    county: str | None = None


class Figure(Frozen):
    value: float | int
    unit: str
    qualifier: Qualifier = "exact"
    status: Status = "actual"
    metric: Metric = Field(default="other", description=(
        "what the number counts (GUIDE: figures, metric); other = undecided, never added"))
    # count: adds up in a statistic; total: a running or standing total; rate: per person, per
    # unit or per period, a price, a percentage; part: a subset or restatement of another figure
    role: Role = Field(default="count", description=(
        "count: how many in the activity or period (summable when status is actual); "
        "total: running or standing total (累计, 已建成, 拥有); rate: per person/unit/period, "
        "price, value, ceiling, average, percentage; part: subset or restatement of another "
        "figure of the same article (其中, 分获, 采纳)"))
    text: str
    span: Span
    corrected: Mark = False

    @property
    def summable(self) -> bool:
        """Only these may be added across articles (with the same metric and unit)."""
        return self.role == "count" and self.status == "actual" and self.unit != "%"


class CategoryCue(Frozen):
    """Why an article got a category: the cue word and where it stands."""

    category: str
    cue: str
    span: Span
    in_headline: bool = False


class Article(Frozen):
    id: str
    kind: Kind = "news"
    kicker: str | None = None
    title: str
    subtitle: str | None = None
    column: str | None = None
    byline: Byline = Field(default_factory=Byline)
    caption: str | None = None
    text: str
    span: Span
    # Span of the body alone; figures and cues are searched there and in the headline lines.
    body_span: Span | None = None
    headline_spans: list[Span] = Field(default_factory=list)
    unions: list[UnionRef] = Field(default_factory=list)
    place: PlaceRef | None = None
    categories: list[str] = Field(default_factory=list)
    category_cues: list[CategoryCue] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    summary: str = ""
    # Set by compiler/review: some field was corrected by a person / a person checked it all.
    corrected: Mark = False
    reviewed: Mark = False


class Document(Frozen):
    source: str
    issue_date: date | None = None
    issue_period: str | None = None
    paper: str | None = None
    page_no: int | None = None
    page_name: str | None = None
    warnings: list[str] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)


class ParseResult(Frozen):
    """The file written by `unionbrief parse`: the stable contract other tools read."""

    schema_version: int = SCHEMA_VERSION
    documents: list[Document] = Field(default_factory=list)
