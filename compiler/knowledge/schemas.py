"""Load and validate the declarative files in schemas/ (pydantic, every error reported at once)."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from compiler.errors import UserError
from compiler.knowledge.resources import schemas_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regexes(patterns: list[str]) -> list[str]:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"正则表达式无效 {p!r}：{exc}") from exc
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
    levels: dict[str, LevelRule]
    named_unions: dict[str, str] = Field(default_factory=dict)  # exact names -> level
    short_forms: list[ShortForm] = Field(default_factory=list)
    not_union_prefixes: list[str] = Field(default_factory=list)
    # short endings standing for 总工会 right after a place -> characters that may follow them
    abbreviations: dict[str, str] = Field(default_factory=dict)
    name_max_chars: int = 30


# --- categories.yaml ----------------------------------------------------------------------------
class Category(Strict):
    id: str
    label: str
    cues: list[str]
    strong_cues: list[str] = Field(default_factory=list)


class CategoriesSchema(Strict):
    headline_weight: float
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
    cues: list[str] = Field(default_factory=list)


class FiguresSchema(Strict):
    units: dict[str, UnitSpec]
    magnitudes: dict[str, float]
    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    target_cues: list[str]
    actual_cues: list[str]
    target_window: int
    not_figure_after: list[str]
    not_figure_before: list[str]
    not_figures: list[str] = Field(default_factory=list)
    metrics: list[Metric]
    default_metric_by_unit: dict[str, str] = Field(default_factory=dict)


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


def _format_error(file: str, err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err["loc"]) or "(根)"
    return f"{file} {loc}：{err['msg']}"


def load_schemas(directory: Path | None = None) -> Schemas:
    return _load_cached(str(directory or schemas_dir()))


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str) -> Schemas:
    problems: list[str] = []
    loaded: dict[str, Strict] = {}
    for name, model in _FILES.items():
        path = Path(directory) / f"{name}.yaml"
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        except FileNotFoundError:
            problems.append(f"{path.name}：文件不存在")
            continue
        except yaml.YAMLError as exc:
            problems.append(f"{path.name}：YAML 语法错误：{exc}")
            continue
        try:
            loaded[name] = model.model_validate(data)
        except ValidationError as exc:
            problems.extend(_format_error(path.name, e) for e in exc.errors())
    if problems:
        raise SchemaError("schemas 校验失败：\n" + "\n".join(f"  - {p}" for p in problems))
    return Schemas(**loaded)
