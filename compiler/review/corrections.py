"""The corrections file: a person's review of each article, kept in YAML beside the inputs."""
from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path
from typing import Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from compiler.atomic import atomic_path
from compiler.errors import UserError
from compiler.model.document import Article, Kind, Level, Qualifier, Role, Status

DEFAULT_NAME = "corrections.yaml"
FILE_VERSION: Final = 1

_HEADER = """\
# unionbrief 人工核对记录（由 `unionbrief review` 写入，parse / build / fill 每次运行都会应用）。
# 每篇稿件一条，键是稿件编号（由稿件标题和正文算出，其他文件改动时不变）。
# changes 中每项修改都保留 original（程序提取的原值）和 corrected（核对后的值），以及 by（核对人）
# 和 at（时间）。corrected 为 null 的数字表示“不是统计数字”，将被删除。
# status：open 未核对，reviewed 已核对，dropped 不是稿件（不进入报告）。
"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UnionValue(_Strict):
    """A lead union as a person set it."""

    name: str = Field(min_length=2, max_length=60)
    level: Level | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None


class FigureValue(_Strict):
    value: float | int
    unit: str = Field(min_length=1, max_length=10)
    qualifier: Qualifier = "exact"
    status: Status = "actual"
    metric: str | None = None
    role: Role | None = None


class _Change(_Strict):
    by: str = ""
    at: str = ""


class KindChange(_Change):
    original: Kind
    corrected: Kind


class TextChange(_Change):
    original: str
    corrected: str = Field(min_length=1, max_length=2000)


class UnionChange(_Change):
    original: UnionValue | None
    corrected: UnionValue | None  # None: no union leads it (a government office's contest)


class CategoriesChange(_Change):
    original: list[str]
    corrected: list[str]


class FigureChange(_Change):
    text: str  # the figure as written in the source, so that a reader of the file knows it
    original: FigureValue
    corrected: FigureValue | None  # None: not a statistic at all, dropped


class Changes(_Strict):
    kind: KindChange | None = None
    title: TextChange | None = None
    lead_union: UnionChange | None = None
    categories: CategoriesChange | None = None
    summary: TextChange | None = None
    # keyed by the figure's span in the page ("120-124"): a figure's identity within its article
    figures: dict[str, FigureChange] = Field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.kind or self.title or self.lead_union or self.categories or self.summary
                    or self.figures)


class Entry(_Strict):
    file: str  # the page, relative to the corrections file; for people and for warnings
    title: str
    status: Literal["open", "reviewed", "dropped"] = "open"
    by: str = ""
    at: str = ""
    changes: Changes = Field(default_factory=Changes)


class Corrections(_Strict):
    version: Literal[1] = FILE_VERSION
    articles: dict[str, Entry] = Field(default_factory=dict)


def article_key(a: Article) -> str:
    """A stable id for an article: its headline and text, nothing else.

    The JSON's `id` hashes the source path as given on the command line and the article's
    position, so `samples` and `./samples/` (or another article cut differently earlier in the
    page) give other ids; this key changes only when the article itself does.
    """
    h = hashlib.sha1("\x00".join([a.kicker or "", a.title, a.subtitle or "", a.text]).encode())
    return h.hexdigest()[:12]


def figure_key(span: tuple[int, int]) -> str:
    return f"{span[0]}-{span[1]}"


def discover(paths: list[Path], option: Path | None) -> Path:
    """The corrections file of a run: --corrections, else corrections.yaml beside the first
    input (inside it when it is a folder)."""
    if option is not None:
        return Path(option)
    first = Path(paths[0]) if paths else Path(".")
    return (first if first.is_dir() else first.parent) / DEFAULT_NAME


def relative_file(source: str, corrections: Path) -> str:
    """How an entry names its page: relative to the corrections file, so the folder can move."""
    try:
        rel = os.path.relpath(Path(source).resolve(), corrections.resolve().parent)
        return Path(rel).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(source).resolve().as_posix()


def now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def load(path: Path, *, required: bool = False) -> Corrections:
    """Read and validate a corrections file; a missing one is empty unless `required`."""
    path = Path(path)
    if not path.is_file():
        if required or path.exists():
            raise UserError(f"{path}：找不到核对记录文件")
        return Corrections()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{path}：核对记录文件不是 UTF-8 文本") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark is not None else ""
        raise UserError(f"{path}：{where}核对记录文件不是有效的 YAML（{getattr(exc, 'problem', exc)}）"
                        ) from None
    if raw is None:
        return Corrections()
    try:
        return Corrections.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{'.'.join(str(x) for x in e['loc']) or '（顶层）'}：{_reason(e)}"
                    for e in exc.errors()]
        raise UserError(f"{path}：核对记录文件有误\n  " + "\n  ".join(problems)) from None


def _reason(err: ErrorDetails) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "未知的键"
    if kind == "missing":
        return "缺少此项"
    if kind == "literal_error":
        return f"取值应为 {err.get('ctx', {}).get('expected', '')}"
    return f"取值无效（{err.get('msg', '')}）"


def dump(c: Corrections) -> str:
    data = c.model_dump(mode="json", exclude_defaults=False)
    for entry in data["articles"].values():  # only what was changed, so the file stays readable
        entry["changes"] = {k: v for k, v in entry["changes"].items() if v}
        changes = [*(c for k, c in entry["changes"].items() if k != "figures"),
                   *entry["changes"].get("figures", {}).values()]
        for change in changes:  # the values first, who and when after them
            for key in ("by", "at"):
                change[key] = change.pop(key)
    return _HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save(path: Path, c: Corrections) -> None:
    """Atomically: a reader (another run, an editor) never sees half a file."""
    with atomic_path(Path(path)) as tmp:
        tmp.write_text(dump(c), encoding="utf-8", newline="\n")
