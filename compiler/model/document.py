"""Frozen pydantic models handed from stage to stage (the JSON contract of DESIGN.md)."""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Span = tuple[int, int]
Level = Literal["national", "province", "city", "county", "town", "park", "industry", "enterprise"]
Kind = Literal["news", "photo", "commentary", "notice"]
Qualifier = Literal["exact", "more_than", "approx", "at_least", "less_than"]
Status = Literal["actual", "target"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(Frozen):
    """One input file as read: the original text plus what is known about it."""

    source: str
    text: str
    issue_date: date | None = None
    # What is known of the date when the day is not: "2023-06" or "2025".
    issue_period: str | None = None
    # The paper and page the text was printed on (浙江工人日报, 2), when the manifest, the file
    # name or the e-paper furniture says so; unknown stays None.
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


class Figure(Frozen):
    value: float | int
    unit: str
    qualifier: Qualifier = "exact"
    status: Status = "actual"
    metric: str | None = None
    text: str
    span: Span


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
    categories: list[str] = Field(default_factory=list)
    category_cues: list[CategoryCue] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    summary: str = ""


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
