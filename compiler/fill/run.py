"""Fill a template from parsed documents: open it by suffix, build the context, return bytes."""
from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from compiler.fill.context import NAMES, build_context
from compiler.fill.docx import DocxTemplateFile
from compiler.fill.engine import FillError
from compiler.fill.isolate import run_limited
from compiler.fill.select import known_units, select_briefing
from compiler.fill.xlsx import XlsxTemplate
from compiler.knowledge.config import Config
from compiler.knowledge.load import Knowledge
from compiler.model.briefing import Briefing
from compiler.model.document import Document
from compiler.present.text import clean, fixed_date, guard_docxtpl

TEMPLATES: dict[str, type[XlsxTemplate | DocxTemplateFile]] = {
    ".xlsx": XlsxTemplate, ".docx": DocxTemplateFile}


@dataclass
class Filled:
    data: bytes
    briefing: Briefing
    warnings: list[str] = field(default_factory=list)


def template_kind(path: Path) -> type[XlsxTemplate] | type[DocxTemplateFile]:
    """The template class for `path` (by suffix); a missing file or other type is an error."""
    path = Path(path)
    kind = TEMPLATES.get(path.suffix.lower())
    if kind is None:
        raise FillError(path.name, [("", f"不支持的模板类型“{path.suffix or '（无扩展名）'}”："
                                         "只能填写 .xlsx（Excel）和 .docx（Word）模板")])
    if not path.is_file():
        raise FillError(path.name, [("", f"找不到模板文件 {path}")])
    return kind


def open_template(path: Path) -> XlsxTemplate | DocxTemplateFile:
    """The parsed template, in this process: callers that evaluate it use run_limited."""
    return template_kind(path)(Path(path))


def probe_template(path: Path) -> list[str]:
    """Open and check the template in a limited child (fill.isolate); its warnings.

    A template that does not open, or takes too long or too much memory to parse, is a
    FillError here, before any article is read.
    """
    template_kind(path)

    def probe() -> bytes:
        t = open_template(path)
        problems = list(t.problems) + t.unknown(NAMES)
        if problems:
            raise FillError(t.name, problems)
        return json.dumps(t.warnings, ensure_ascii=False).encode("utf-8")

    return json.loads(run_limited(probe, Path(path).name))


def _docx_text(value: object) -> str:
    return guard_docxtpl(clean(value))


def context_for(template, b: Briefing, documents: list[Document], k: Knowledge) -> dict:
    word = template is DocxTemplateFile or isinstance(template, DocxTemplateFile)
    return build_context(b, documents, k.schemas, known_units(k.gazetteer),
                         text=_docx_text if word else clean)


def fill_limited(template: XlsxTemplate | DocxTemplateFile, context: dict, stamp: datetime, *,
                 trial: bool = False) -> bytes:
    """template.fill() under the sandbox's clock for the whole fill (a session)."""
    with template.env.budget.session():
        return template.fill(context, stamp, trial=trial)


def stamp_for(b: Briefing) -> datetime:
    """The document date of a filled file: depends on the input only, so bytes are stable."""
    return datetime.combine(fixed_date(b.period.key, b.print_date), datetime.min.time())


def fill_template(template: Path | XlsxTemplate | DocxTemplateFile, documents: list[Document],
                  k: Knowledge, config: Config, unit: str | None = None, period: str | None = None) -> Filled:
    """The filled file's bytes for `unit` and `period`, from a template path or opened template.

    The template is opened (from a path) and filled in a child process with a hard memory and
    time limit (fill.isolate): a hostile template is refused, never runs away.
    """
    if isinstance(template, (XlsxTemplate, DocxTemplateFile)):
        opened: XlsxTemplate | DocxTemplateFile | None = template
        path, kind, name = template.path, type(template), template.name
    else:
        opened, path = None, Path(template)
        kind, name = template_kind(path), path.name
    b = select_briefing(documents, k.schemas, k.gazetteer, config, unit, period)
    context = context_for(kind, b, documents, k)

    def fill() -> bytes:
        t = opened if opened is not None else open_template(path)
        data = fill_limited(t, context, stamp_for(b))
        head = json.dumps(t.warnings, ensure_ascii=False).encode("utf-8")
        return struct.pack("<Q", len(head)) + head + data

    out = run_limited(fill, name)
    (n,) = struct.unpack("<Q", out[:8])
    return Filled(out[8 + n:], b, [*b.warnings, *json.loads(out[8: 8 + n])])
