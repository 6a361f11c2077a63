"""Load and validate the declarative files in schemas/ (pydantic, every error reported at once)."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from compiler.errors import UserError
from compiler.guard import yaml_bounds
from compiler.knowledge.datafile import DataFileProblem, read_data, validated
from compiler.knowledge.resources import schemas_dir
from compiler.model.document import METRIC_IDS, Level


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regexes(patterns: list[str]) -> list[str]:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"正则表达式无效 {yaml_bounds.value_repr(p)}：{exc}") from exc
    return patterns


# A list of regular expressions, each checked to compile when the schema loads.
RegexList = Annotated[list[str], AfterValidator(_check_regexes)]


# --- segment.yaml -------------------------------------------------------------------------------
class BylineCues(Strict):
    lede_prefixes: list[str]
    roles: dict[str, list[str]]
    end_words: list[str]
    max_chars: int = 60


class PhotoCreditCues(Strict):
    roles: list[str]
    end_words: list[str]


class NoticeCues(Strict):
    title_cues: list[str]
    field_labels: list[str]
    min_fields: int = 2


class SegmentLimits(Strict):
    headline_max_chars: int
    headline_line_max_chars: int
    headline_max_blocks: int
    caption_max_chars: int
    photo_item_max_chars: int
    layout_gap_lines: int


class SummaryCues(Strict):
    """What a lede looks like and what it is not (summary.py). Absent from an older user
    schemas folder: no cues, the summary then only avoids quotations."""

    when: RegexList = Field(default_factory=list)  # the lede says when: 近日, 6月10日
    background_starts: list[str] = Field(default_factory=list)  # 据了解…: never in a summary
    scene_starts: list[str] = Field(default_factory=list)  # 活动现场…: never its lede
    # "label：value" lines of a programme or a notice (时间：…, 地点：…)
    schedule_line: RegexList = Field(default_factory=list)


class SignoffCues(Strict):
    """A byline that closes an article (…的呵护。（周敏加）): the article ends there."""

    block: RegexList = Field(default_factory=list)  # a block that is only the signoff
    tail: RegexList = Field(default_factory=list)  # a signoff ending a paragraph
    name_block: str = ""  # a personal name alone on its line (黄宝琦)
    name_tail: str = ""  # a personal name right after the last full stop (…的温暖。汪诚)
    surnames: str = ""  # a bare name counts only when it begins with one of these


class HeadlineStartCues(Strict):
    """A headline with no byline under it starts an article when the one before has ended and
    it reads like a story's headline (compiler/parse/segment/starts.py)."""

    lede_when: RegexList = Field(default_factory=list)  # the paragraph under it says when
    lede_chars: int = 50  # …within its first characters
    min_lede_chars: int = 16  # the paragraph under it is text, not another short line
    subject: str = ""  # an organisation named in the headline (某某区总工会)…
    subject_chars: int = 5  # …whose last characters the lede repeats: a story of its own
    lede_openers: RegexList = Field(default_factory=list)  # 本报杭州讯: the lede of a story


class BriefCues(Strict):
    """Items of a brief column or digest (compiler/segment_briefs.py); empty lists turn it off."""

    bullets: list[str] = Field(default_factory=list)
    again_prefixes: list[str] = Field(default_factory=list)
    openers: RegexList = Field(default_factory=list)
    bracket_title: str = "^【([^】]{4,40})】"
    teaser_date: RegexList = Field(default_factory=list)
    trailing_byline: str = r"[（(][^（()）]{2,30}[）)]$"
    # a column's or digest's heading (简讯, 新闻速递): every paragraph under it is an item
    digest_headings: RegexList = Field(default_factory=list)
    # numbers before a digest's items (1. / 2、 / ① / （一）), kept out of their text
    item_numbers: RegexList = Field(default_factory=list)
    min_items: int = 2
    min_item_chars: int = 30
    min_bulleted_chars: int = 10  # a bulleted sentence this long is a brief, however short
    title_max_chars: int = 40

    @field_validator("bracket_title", "trailing_byline")
    @classmethod
    def _regex(cls, v: str) -> str:
        _check_regexes([v])
        return v


class SegmentSchema(Strict):
    banners: RegexList
    column_max_chars: int
    subtitle_min_chars: int
    subtitle_cues: RegexList
    byline: BylineCues
    photo_credit: PhotoCreditCues
    commentary_marks: list[str]
    caption_prefixes: list[str]
    notice: NoticeCues
    limits: SegmentLimits
    sentence_end: str
    closers: str
    summary: SummaryCues = Field(default_factory=SummaryCues)
    signoff: SignoffCues = Field(default_factory=SignoffCues)
    headline_start: HeadlineStartCues = Field(default_factory=HeadlineStartCues)
    briefs: BriefCues = Field(default_factory=BriefCues)



# --- web.yaml -----------------------------------------------------------------------------------
class WebSchema(Strict):
    """Site chrome of web articles (compiler/ingest/web.py)."""

    breadcrumbs: RegexList = Field(default_factory=list)
    menus: RegexList = Field(default_factory=list)
    tools: RegexList = Field(default_factory=list)
    info: RegexList = Field(default_factory=list)
    pager: RegexList = Field(default_factory=list)
    footer: RegexList = Field(default_factory=list)
    related: RegexList = Field(default_factory=list)
    # a date with its clock time: when the page was posted (its date when no label names one)
    posted: RegexList = Field(default_factory=list)
    # the site's notices, chrome even when they read as a sentence (浏览器版本过低…。)
    notices: RegexList = Field(default_factory=list)
    # an e-paper page's number alone on its line; the short line right above it is the page's name
    page_number: RegexList = Field(default_factory=list)
    source_labels: list[str] = Field(default_factory=list)
    source_ignore: list[str] = Field(default_factory=list)  # 来源：本站原创 names no paper
    date_labels: list[str] = Field(default_factory=list)
    max_line_chars: int = Field(120, ge=10)
    tail_line_chars: int = Field(50, ge=0)


# --- levels.yaml --------------------------------------------------------------------------------
class LevelRule(Strict):
    label: str
    patterns: RegexList = Field(default_factory=list)



class ShortForm(Strict):
    """A short union name (区总工会, 市总) resolved from the article's place context."""

    surface: str
    level: str
    full_suffix: str  # what to append to the place name: 总工会


class LevelsSchema(Strict):
    union_suffixes: list[str]
    levels: dict[Level, LevelRule]  # only the model's levels (model.document.Level)
    named_unions: dict[str, Level] = Field(default_factory=dict)  # exact names -> level
    short_forms: list[ShortForm] = Field(default_factory=list)
    not_union_prefixes: list[str] = Field(default_factory=list)
    # short endings standing for 总工会 right after a place -> characters that may follow them
    abbreviations: dict[str, str] = Field(default_factory=dict)
    name_max_chars: int = 30
    # a name found by its pattern alone, no place before it, is at most this long: a longer run
    # is a sentence ending in the word (深入基层…察看乡镇工会联合会)
    loose_name_max_chars: int = 30
    # words of an honour a union is given (“省级示范乡镇工会”): such a name in quotes is no union
    honour_words: list[str] = Field(default_factory=list)


# --- categories.yaml ----------------------------------------------------------------------------
class Category(Strict):
    id: str
    label: str
    cues: list[str]
    strong_cues: list[str] = Field(default_factory=list)
    # how much a headline cue of this category counts towards the primary category: below 1
    # for a category naming who is served (快递小哥) rather than what is done (体检, 竞赛)
    headline_factor: float = 1.0


class CategoriesSchema(Strict):
    headline_weight: float
    # extra weight of a cue in the body's first sentence when choosing the primary category
    lede_weight: float = 0.0
    strong_weight: float
    min_score: float
    max_categories: int
    categories: list[Category]

    @field_validator("categories")
    @classmethod
    def _unique(cls, v: list[Category]) -> list[Category]:
        ids = [c.id for c in v]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"类别 id 重复：{', '.join(sorted(dup))}")
        return v


# --- figures.yaml -------------------------------------------------------------------------------
class UnitSpec(Strict):
    unit: str  # normalised unit
    scale: float = 1.0


class Metric(Strict):
    id: str
    label: str
    units: list[str]
    # words naming what is counted, read right next to the figure (50名选手, 创新工作室14家)
    nouns: list[str] = Field(default_factory=list)
    # verbs and context words anywhere in the figure's clause (参加, 报名)
    cues: list[str] = Field(default_factory=list)
    # words that decide the metric wherever they stand in the clause (分获…奖, 受益)
    strong_cues: list[str] = Field(default_factory=list)


class CueSides(Strict):
    """Cue words read just before the figure (in its clause) and just after it."""

    before: list[str] = Field(default_factory=list)
    after: RegexList = Field(default_factory=list)


class RoleCues(Strict):
    """How a figure may be used in a statistic (GUIDE: count, total, rate, part)."""

    # How far (characters, inside the clause) a rate or part cue reaches from the figure.
    window: int = 12
    # per person / per unit, prices, values, ceilings, averages: rate whatever the status
    rate: CueSides
    # per period (每年, 每月): rate when done, the plan's count when a target
    per_period: list[str]
    # running or standing totals; reach back to the start of the sentence
    total: list[str]
    # ... and the same as regular expressions (今年 as year to date, not 今年5月)
    total_patterns: RegexList = Field(default_factory=list)
    # targets that set a standing level by a deadline (regular expressions)
    total_target: RegexList = Field(default_factory=list)
    # a subset of another figure of the same article (其中, 采纳, 分获)
    part: CueSides
    # paragraph frames: a report of one event (count) or a summary of a period (total)
    event_frame: list[str]
    summary_frame: list[str]
    period_frame: list[str] = Field(default_factory=list)
    # a restated figure (same text, value at least this) is a part of the first mention
    restate_min_value: float = 10


class FiguresSchema(Strict):
    units: dict[str, UnitSpec]
    magnitudes: dict[str, float]
    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    target_cues: list[str]
    # target cues that reach only within their own clause (the modal 将 is also 把)
    target_clause_cues: list[str] = Field(default_factory=list)
    actual_cues: list[str]
    target_window: int
    not_figure_after: list[str]
    not_figure_before: list[str]
    not_figures: list[str] = Field(default_factory=list)
    # ... or whose preceding characters match one of these (a ranking: 决出前三名, not 目前三名)
    not_figure_before_patterns: RegexList = Field(default_factory=list)
    metrics: list[Metric]
    default_metric_by_unit: dict[str, str] = Field(default_factory=dict)
    # words that may stand between a noun and its number (技能人才总量将突破…)
    metric_link_words: list[str] = Field(default_factory=list)
    roles: RoleCues

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, v: list[Metric]) -> list[Metric]:
        ids = [m.id for m in v]
        unknown = sorted(set(ids) - set(METRIC_IDS))
        if unknown:
            raise ValueError(f"未知的指标 id：{', '.join(unknown)}（可用：{', '.join(METRIC_IDS)}）")
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"指标 id 重复：{', '.join(sorted(dup))}")
        return v

    @model_validator(mode="after")
    def _defaults_name_metrics(self) -> FiguresSchema:
        ids = {m.id for m in self.metrics}
        bad = sorted(f"{u}: {m}" for u, m in self.default_metric_by_unit.items() if m not in ids)
        if bad:
            raise ValueError(f"default_metric_by_unit 指向未定义的指标：{'；'.join(bad)}")
        # a metric's units are normalised units (人, not 名): anything else would never match
        known = {spec.unit for spec in self.units.values()}
        stray = sorted(f"{m.id}: {u}" for m in self.metrics for u in m.units if u not in known)
        stray += sorted(f"default_metric_by_unit: {u}" for u in self.default_metric_by_unit
                        if u not in known)
        if stray:
            raise ValueError(f"未在 units 中定义的计量单位：{'；'.join(stray)}")
        return self


class Schemas(Strict):
    segment: SegmentSchema
    levels: LevelsSchema
    categories: CategoriesSchema
    figures: FiguresSchema


_FILES: dict[str, type[Strict]] = {
    "segment": SegmentSchema,
    "levels": LevelsSchema,
    "categories": CategoriesSchema,
    "figures": FiguresSchema,
}


class SchemaError(UserError):
    """Every problem in the schema files, each with file and key."""


def load_schemas(directory: Path | None = None) -> Schemas:
    return _load_cached(str(directory or schemas_dir()))


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str) -> Schemas:
    problems: list[str] = []
    loaded: dict[str, Strict] = {}
    for name, model in _FILES.items():
        path = Path(directory) / f"{name}.yaml"
        try:
            data = read_data(path)
        except DataFileProblem as exc:
            problems.append(str(exc))
            continue
        made, found = validated(path, model, data)
        if made is None:
            problems.extend(found)
        else:
            loaded[name] = made
    if problems:
        raise SchemaError("schemas 校验失败：\n" + "\n".join(f"  - {p}" for p in problems))
    return Schemas.model_validate(loaded)
