"""Web article chrome (breadcrumbs, menus, tool bars, 来源/编辑 lines, pager, footer) found by web.yaml."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from compiler.ingest.dates import find_date
from compiler.knowledge.datafile import load_yaml
from compiler.knowledge.patterns import alternation
from compiler.knowledge.resources import schemas_dir
from compiler.knowledge.schemas import WebSchema
from compiler.model.document import Span

SCHEMA_FILE = "web.yaml"
_HEADING = re.compile(r"^#{1,6}\s+")
_SENTENCE_END = ("。", "！", "？", "。”", "！”", "？”")
_PAGE_NAME_CHARS = 8
_WORDS = re.compile(r"[\u4e00-\u9fff·・]+")


@dataclass(frozen=True)
class Rules:
    chrome: tuple[re.Pattern[str], ...]
    tail_starts: tuple[re.Pattern[str], ...]
    page_number: tuple[re.Pattern[str], ...]
    notices: tuple[re.Pattern[str], ...]
    posted: tuple[re.Pattern[str], ...]
    source: re.Pattern[str] | None
    when: re.Pattern[str] | None
    max_line: int
    tail_line: int
    source_ignore: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Chrome:
    spans: tuple[Span, ...] = ()
    source: str | None = None  # the paper or site named by 来源：
    issue_date: date | None = None


@functools.lru_cache(maxsize=4)
def load_rules(directory: str | None = None) -> Rules:
    schema = load_yaml(Path(directory or schemas_dir()) / SCHEMA_FILE, WebSchema)
    compiled = lambda ps: tuple(re.compile(p) for p in ps)  # noqa: E731
    label = lambda ws: re.compile(rf"(?:{alternation(ws)})\s*[:：]\s*") if ws else None  # noqa: E731
    return Rules(
        chrome=compiled(schema.breadcrumbs + schema.menus + schema.tools + schema.info
                        + schema.pager + schema.footer + schema.related + schema.posted),
        tail_starts=compiled(schema.pager + schema.related),
        page_number=compiled(schema.page_number),
        notices=compiled(schema.notices),
        posted=compiled(schema.posted),
        source=label(schema.source_labels),
        when=label(schema.date_labels),
        max_line=schema.max_line_chars,
        tail_line=schema.tail_line_chars,
        source_ignore=frozenset(schema.source_ignore),
    )


def _lines(text: str):
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            # the span takes the indent too: a furniture line is known by where it begins
            yield (pos, pos + lead + len(stripped)), _HEADING.sub("", stripped)
        pos += len(raw) + 1


_NEXT_LABEL = re.compile(r"[\u4e00-\u9fff]{2,4}\s*[:：]")


def _source_after(m: re.Match[str], line: str, ignore: frozenset[str]) -> str | None:
    rest = line[m.end():]
    name = re.split(r"[\s　|｜,，;；]", rest, maxsplit=1)[0].strip()
    glued = _NEXT_LABEL.search(name, 1)  # 文章来源:某某县总工会发布时间:… with no space between
    if glued:
        name = name[: glued.start()]
    return name if name and name not in ignore else None


def detect(text: str, rules: Rules | None = None) -> Chrome:
    """Spans of the chrome lines of a web page's text; an ordinary page gives few or none."""
    rules = rules or load_rules()
    spans: list[Span] = []
    source: str | None = None
    when: date | None = None
    posted: date | None = None  # the first date posted with its clock time
    in_tail = False
    above: tuple[Span, str] | None = None  # the line before this one
    for span, line in _lines(text):
        prev, above = above, (span, line)
        if len(line) <= 2 * rules.max_line and any(p.search(line) for p in rules.notices):
            spans.append(span)
            continue
        if len(line) > rules.max_line or line.endswith(_SENTENCE_END):
            in_tail = False  # a sentence is text, whatever words it holds
            continue
        if any(p.search(line) for p in rules.page_number):
            spans.append(span)
            if prev and len(prev[1]) <= _PAGE_NAME_CHARS and _WORDS.fullmatch(prev[1]) \
                    and prev[0] not in spans:
                spans.append(prev[0])  # the page's name printed above its number
                spans.sort()
            continue
        chrome = any(p.search(line) for p in rules.chrome)
        if not chrome and in_tail and len(line) <= rules.tail_line and not line.endswith("。"):
            chrome = True  # a link in the list of other articles after the text
        if not chrome:
            continue
        spans.append(span)
        if any(p.search(line) for p in rules.tail_starts):
            in_tail = True
        if rules.source and source is None:
            m = rules.source.search(line)
            if m:
                source = _source_after(m, line, rules.source_ignore)
        if rules.when and when is None:
            m = rules.when.search(line)
            if m:
                when = find_date(line[m.end():])
        if posted is None:
            m = next((m for p in rules.posted if (m := p.search(line))), None)
            posted = find_date(m.group()) if m else None
    return Chrome(tuple(spans), source, when or posted)
