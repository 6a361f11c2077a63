"""`unionbrief build`: briefings for every unit and period, rendered in each format, plus index.json."""
from __future__ import annotations

import json
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


@dataclass
class BuildReport:
    files: list[dict] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return len(self.files)


def report_path(out: Path, b: Briefing, fmt: str) -> Path:
    # A county name can repeat across cities, so county files carry the city: 杭州市余杭区总工会
    name = b.unit.name if b.unit.level != "county" else f"{b.unit.city}{b.unit.name}"
    safe = "".join(ch if ch not in '\\/:*?"<>|' else "_" for ch in name)
    return out / b.period.key / LEVEL_DIR[b.unit.level] / f"{safe}_{b.period.key}_{SUFFIX_NAME[fmt]}.{fmt}"


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
