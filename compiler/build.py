"""`unionbrief build`: briefings for every unit and period, rendered in each format, plus index.json."""
from __future__ import annotations

import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .aggregate import build_briefings
from .atomic import write_text_atomic
from .briefing import Briefing
from .config import Config
from .console import Console
from .errors import UserError
from .models import Document
from .periods import PeriodSpec
from .pipeline import Knowledge
from .render import RenderOptions, render

SUFFIX_NAME = {"docx": "工作简报", "xlsx": "统计表", "pdf": "摘要"}
LEVEL_DIR = {"province": "省级", "city": "市级", "county": "县级"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass
class BuildReport:
    files: list[dict] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return len(self.files)


def safe_name(name: str, limit: int = 60) -> str:
    """One path component on any system: no separator, reserved or control character, no
    leading dot (a hidden file, or ".."), short enough (60 CJK characters are 180 bytes)."""
    safe = _UNSAFE.sub("_", name).strip().lstrip(".")[:limit].rstrip(" .")
    return safe or "_"


def report_path(out: Path, b: Briefing, fmt: str) -> Path:
    # A county name can repeat across cities, so county files carry the city: 杭州市余杭区总工会
    name = b.unit.name if b.unit.level != "county" else f"{b.unit.city}{b.unit.name}"
    period = safe_name(b.period.key)
    return out / period / LEVEL_DIR[b.unit.level] / f"{safe_name(name)}_{period}_{SUFFIX_NAME[fmt]}.{fmt}"


def prepare_out(out: Path) -> None:
    """Make the report folder before any work, so that an unusable one is one clear error."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{out}：无法创建报告目录（{exc.strerror or exc}）") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UserError(f"{out}：报告目录不可写入")


def _render_one(args: tuple[Briefing, str, Path, RenderOptions]) -> tuple[str, str | None]:
    b, fmt, path, options = args
    try:
        render(b, fmt, path, options)
        return str(path), None
    except UserError as exc:
        return str(path), str(exc)
    except Exception as exc:  # noqa: BLE001 - one failed report must not stop the others
        return str(path), f"{path.name}：生成失败（内部错误：{type(exc).__name__}: {exc}）"


def build_reports(documents: list[Document], k: Knowledge, config: Config, spec: PeriodSpec,
                  levels: set[str], fmts: list[str], out: Path, template_dirs: tuple[Path, ...],
                  font: Path | None, jobs: int, console: Console) -> BuildReport:
    briefings = build_briefings(documents, k.schemas, k.gazetteer, config, spec, levels,
                                template_dirs)
    options = RenderOptions(template_dirs=template_dirs, font_path=font)
    tasks = [(b, f, report_path(out, b, f), options) for b in briefings for f in fmts]
    report = BuildReport()
    meta = {str(t[2]): (t[0], t[1]) for t in tasks}
    with console.progress("生成报告", len(tasks)) as advance:
        if jobs > 1 and len(tasks) > 2:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                results = list(_collect(pool.map(_render_one, tasks, chunksize=1), advance))
        else:
            results = list(_collect(map(_render_one, tasks), advance))
    for path, error in results:
        b, fmt = meta[path]
        if error:
            report.failures.append((path, error))
            console.error(error)
            continue
        report.files.append({
            "path": str(Path(path).relative_to(out)), "format": fmt, "level": b.unit.level,
            "unit": b.unit.name, "region": b.unit.region, "period": b.period.key,
            "period_label": b.period.label, "articles": len(b.items)})
    report.files.sort(key=lambda f: f["path"])
    index = {"schema_version": 1, "files": report.files,
             "failures": [{"path": str(Path(p).relative_to(out)), "error": e}
                          for p, e in report.failures]}
    write_text_atomic(out / "index.json", json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    return report


def _collect(results, advance):
    for r in results:
        advance()
        yield r
