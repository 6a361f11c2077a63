"""Fill a template from parsed documents: open it by suffix, build the context, return bytes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from compiler.model.briefing import Briefing
from compiler.knowledge.config import Config
from compiler.model.document import Document
from compiler.knowledge.load import Knowledge
from compiler.present.text import clean, fixed_date, guard_docxtpl
from compiler.fill.context import build_context
from compiler.fill.docx import DocxTemplateFile
from compiler.fill.engine import FillError
from compiler.fill.select import known_units, select_briefing
from compiler.fill.xlsx import XlsxTemplate

TEMPLATES = {".xlsx": XlsxTemplate, ".docx": DocxTemplateFile}


@dataclass
class Filled:
    data: bytes
    briefing: Briefing
    warnings: list[str] = field(default_factory=list)


def open_template(path: Path) -> XlsxTemplate | DocxTemplateFile:
    path = Path(path)
    kind = TEMPLATES.get(path.suffix.lower())
    if kind is None:
        raise FillError(path.name, [("", f"不支持的模板类型“{path.suffix or '（无扩展名）'}”："
                                         "只能填写 .xlsx（Excel）和 .docx（Word）模板")])
    if not path.is_file():
        raise FillError(path.name, [("", f"找不到模板文件 {path}")])
    return kind(path)


def _docx_text(value: object) -> str:
    return guard_docxtpl(clean(value))


def context_for(template, b: Briefing, documents: list[Document], k: Knowledge) -> dict:
    text = _docx_text if isinstance(template, DocxTemplateFile) else clean
    return build_context(b, documents, k.schemas, known_units(k.gazetteer), text=text)


def stamp_for(b: Briefing) -> datetime:
    """The document date of a filled file: depends on the input only, so bytes are stable."""
    return datetime.combine(fixed_date(b.period.key, b.print_date), datetime.min.time())


def fill_template(template: Path | XlsxTemplate | DocxTemplateFile, documents: list[Document],
                  k: Knowledge, config: Config, unit: str | None = None, period: str | None = None) -> Filled:
    """The filled file's bytes for `unit` and `period`, from a template path or opened template."""
    if not isinstance(template, (XlsxTemplate, DocxTemplateFile)):
        template = open_template(template)
    b = select_briefing(documents, k.schemas, k.gazetteer, config, unit, period)
    data = template.fill(context_for(template, b, documents, k), stamp_for(b))
    return Filled(data, b, [*b.warnings, *template.warnings])
