"""E-paper page furniture: header, page line and footer, found by the patterns of epaper.yaml."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from compiler.ingest.dates import find_date
from compiler.knowledge.datafile import load_yaml
from compiler.knowledge.resources import schemas_dir
from compiler.model.document import Span

SCHEMA_FILE = "epaper.yaml"


def _expand(pattern: str, papers: list[str], date_pattern: str) -> str:
    # Longest names first so 浙江工人日报 is not read as 工人日报 plus junk.
    alternatives = "|".join(re.escape(p) for p in sorted(papers, key=len, reverse=True))
    pattern = pattern.replace("{paper}", f"(?:{alternatives})")
    return pattern.replace("{date}", f"(?:{date_pattern})")


class EpaperSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    papers: list[str] = Field(min_length=1)
    date: str
    header: list[str] = Field(default_factory=list)
    page_line: list[str] = Field(default_factory=list)
    date_line: list[str] = Field(default_factory=list)
    # Lines of the page's header that only count once a header or page line was found
    staff_line: list[str] = Field(default_factory=list)
    footer: list[str] = Field(default_factory=list)
    # Searched in a file's name (without its suffix): 浙江工人日报_20250612_第2版.txt
    file_name: list[str] = Field(default_factory=list)
    # Words an e-paper puts after its name (数字报): a name ending in 报 before them is a paper's
    edition_words: list[str] = Field(default_factory=list)
    scan_lines: int = Field(12, ge=1, le=50)

    @field_validator("date")
    @classmethod
    def _date_regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"正则表达式无效 {value!r}：{exc}") from None
        return value

    @field_validator("header", "page_line", "date_line", "staff_line", "footer", "file_name")
    @classmethod
    def _regexes(cls, value: list[str], info: ValidationInfo) -> list[str]:
        papers = info.data.get("papers") or ["x"]
        date_pattern = info.data.get("date") or r"\d"
        for pattern in value:
            try:
                re.compile(_expand(pattern, papers, date_pattern))
            except re.error as exc:
                raise ValueError(f"正则表达式无效 {pattern!r}：{exc}") from None
        return value


@dataclass(frozen=True)
class Rules:
    papers: re.Pattern[str]
    head: tuple[re.Pattern[str], ...]
    date_line: tuple[re.Pattern[str], ...]
    foot: tuple[re.Pattern[str], ...]
    scan_lines: int
    file_name: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Furniture:
    spans: tuple[Span, ...] = ()
    page_name: str | None = None
    issue_date: date | None = None
    paper: str | None = None
    page_no: int | None = None


@dataclass(frozen=True)
class _Cues:
    """What one matched line (or file name) tells: each part None when it does not say."""

    page_name: str | None = None
    issue_date: date | None = None
    paper: str | None = None
    page_no: int | None = None


@functools.lru_cache(maxsize=4)
def load_rules(directory: str | None = None) -> Rules:
    """Load and compile epaper.yaml (built-in schemas/ unless `directory` is given)."""
    path = Path(directory or schemas_dir()) / SCHEMA_FILE
    schema = load_yaml(path, EpaperSchema)

    def compile_all(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(_expand(p, schema.papers, schema.date)) for p in patterns)

    names = "|".join(re.escape(p) for p in sorted(schema.papers, key=len, reverse=True))
    editions = "|".join(re.escape(w) for w in sorted(schema.edition_words, key=len, reverse=True))
    return Rules(
        # a listed paper, or any name ending in 报 before the words of an e-paper
        papers=re.compile(rf"{names}|\S{{2,12}}?报(?=\s*(?:{editions}))" if editions else names),
        head=compile_all(schema.header + schema.page_line),
        date_line=compile_all(schema.date_line + schema.staff_line),
        foot=compile_all(schema.footer),
        scan_lines=schema.scan_lines,
        file_name=compile_all(schema.file_name),
    )


def _edge_lines(text: str, count: int, from_end: bool) -> Iterator[Span]:
    """Spans of the first (or last) `count` non-blank lines, surrounding whitespace excluded."""
    found = 0
    pos, end = 0, len(text)
    while found < count:
        if from_end:
            newline = text.rfind("\n", 0, end)
            line_start, line_end = newline + 1, end
        else:
            newline = text.find("\n", pos)
            line_start, line_end = pos, (len(text) if newline < 0 else newline)
        line = text[line_start:line_end]
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield (line_start + lead, line_start + lead + len(stripped))
            found += 1
        if newline < 0:
            return
        if from_end:
            end = newline
        else:
            pos = newline + 1


# A printed page's reader marks its headline lines as Markdown headings (ingest.layout): a paper's
# name set large in its masthead comes as "# 浙江工人日报".
_HEADING_MARK = re.compile(r"^#{1,2}\s+")


def _match(patterns: tuple[re.Pattern[str], ...], line: str) -> re.Match[str] | None:
    line = _HEADING_MARK.sub("", line)
    for pattern in patterns:
        m = pattern.match(line)
        if m:
            return m
    return None


def _read_match(m: re.Match[str]) -> _Cues:
    groups = m.groupdict()
    page_no = groups.get("page_no")
    return _Cues(
        page_name=groups.get("page_name") or None,
        issue_date=find_date(groups["date"]) if groups.get("date") else None,
        paper=groups.get("paper") or None,
        # 00002版 is page 2; a page 0 is no page
        page_no=int(page_no) or None if page_no and page_no.isdigit() else None,
    )


def _first(*values):
    return next((v for v in values if v is not None), None)


def file_name_cues(stem: str, rules: Rules | None = None) -> Furniture:
    """Paper, page and date named in a file's name; every pattern adds what it finds."""
    rules = rules or load_rules()
    cues = _Cues()
    for pattern in rules.file_name:
        m = pattern.search(stem)
        if m:
            got = _read_match(m)
            cues = _Cues(*(_first(a, b) for a, b in zip(
                (cues.page_name, cues.issue_date, cues.paper, cues.page_no),
                (got.page_name, got.issue_date, got.paper, got.page_no))))
    return Furniture((), cues.page_name, cues.issue_date, cues.paper, cues.page_no)


def _paper(rules: Rules, text: str, spans: list[Span]) -> str | None:
    for s, e in spans:
        m = rules.papers.search(text, s, e)
        if m:
            return m.group()
    return None


def detect(text: str, rules: Rules | None = None) -> Furniture:
    """Find the e-paper furniture of a page; an ordinary page gives an empty result."""
    rules = rules or load_rules()
    spans: list[Span] = []
    head_cues: list[_Cues] = []
    foot_cues: list[_Cues] = []
    head = list(_edge_lines(text, rules.scan_lines, from_end=False))
    for span in head:
        m = _match(rules.head, text[span[0]:span[1]])
        if m:
            spans.append(span)
            head_cues.append(_read_match(m))
    if spans:
        for span in head:
            m = None if span in spans else _match(rules.date_line, text[span[0]:span[1]])
            if m:
                spans.append(span)
                head_cues.append(_read_match(m))
    for span in _edge_lines(text, rules.scan_lines, from_end=True):
        if span in spans:
            continue  # a short page: this line is already a header line
        m = _match(rules.foot, text[span[0]:span[1]])
        if m:
            spans.append(span)
            foot_cues.append(_read_match(m))
    head_first = head_cues + foot_cues
    return Furniture(
        tuple(sorted(spans)),
        page_name=_first(*(c.page_name for c in head_first)),
        # the footer's date first: it is the issue's, where a header date line may be a banner's
        issue_date=_first(*(c.issue_date for c in foot_cues + head_cues)),
        paper=_first(*(c.paper for c in head_first)) or _paper(rules, text, sorted(spans)),
        page_no=_first(*(c.page_no for c in head_first)),
    )
