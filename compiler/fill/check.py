"""`fill --check`: a template's variables and every problem in it, without reading any article."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from compiler.fill.context import NAMES
from compiler.fill.engine import FillError
from compiler.fill.isolate import run_limited
from compiler.fill.run import context_for, fill_limited, open_template
from compiler.fill.select import select_briefing
from compiler.fill.specimen import specimen_documents
from compiler.fill.xlsx import XlsxTemplate
from compiler.knowledge.config import Config
from compiler.knowledge.load import Knowledge

_STAMP = datetime(2000, 1, 1)


@dataclass
class CheckReport:
    template: str
    variables: dict[str, list[str]] = field(default_factory=dict)  # name -> places used
    repeats: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"模板 {self.template}：" + ("校验通过。" if self.ok else
                                          f"发现 {len(self.problems)} 处问题。")]
        if self.variables:
            out.append("使用的变量：")
            for name, places in sorted(self.variables.items()):
                where = "、".join(dict.fromkeys(p for p in places if p))
                out.append(f"  {name}" + (f"（{where}）" if where else ""))
        else:
            out.append("模板中没有使用任何变量。")
        if self.repeats:
            out.append("重复行：")
            out.extend(f"  {r}" for r in self.repeats)
        return out

    def error_lines(self) -> list[str]:
        return [f"模板 {self.template} {place}：{msg}" if place else f"模板 {self.template}：{msg}"
                for place, msg in self.problems]


def check_template(path: Path, k: Knowledge, config: Config) -> CheckReport:
    """Static checks, then a trial fill with made-up articles (catches unknown attributes).

    All of it runs in a child process with a hard memory and time limit (fill.isolate).
    """
    path = Path(path)
    try:
        data = json.loads(run_limited(lambda: _encode(_check(path, k, config)), path.name))
    except FillError as exc:
        return CheckReport(path.name, problems=exc.problems)
    data["problems"] = [tuple(p) for p in data["problems"]]
    return CheckReport(**data)


def _encode(report: CheckReport) -> bytes:
    return json.dumps(asdict(report), ensure_ascii=False).encode("utf-8")


def _check(path: Path, k: Knowledge, config: Config) -> CheckReport:
    try:
        template = open_template(path)
    except FillError as exc:
        return CheckReport(path.name, problems=exc.problems)
    report = CheckReport(path.name, variables=dict(template.used),
                         warnings=list(template.warnings))
    if isinstance(template, XlsxTemplate):
        report.repeats = [f"{r.place}：每个 {', '.join(r.names)} in {r.source.strip()} 重复一行"
                          for r in template.repeats.values()]
    report.problems = list(template.problems) + template.unknown(NAMES)
    if template.problems and not isinstance(template, XlsxTemplate):
        return report  # a Word template that does not parse cannot be tried
    docs = specimen_documents(k.schemas, k.gazetteer)
    b = select_briefing(docs, k.schemas, k.gazetteer, config, None, "all")
    try:
        trial = open_template(path)
        fill_limited(trial, context_for(trial, b, docs, k), _STAMP, trial=True)
    except FillError as exc:
        known = {p for p, _ in report.problems if p}  # a cell refused already: once is enough
        report.problems += [(p, m) for p, m in exc.problems
                            if not m.startswith("没有这一项") and (p, m) not in report.problems
                            and p not in known]
        report.warnings += [f"模板 {path.name} {p}：{m}（用示例数据试填时出现，实际数据可能没有问题）"
                            for p, m in exc.problems if m.startswith("没有这一项")]
    return report
