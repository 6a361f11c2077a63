"""Fill a .docx template with docxtpl in the sandbox; errors name the paragraph or table cell."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta
from lxml import etree

from compiler.fill.engine import (
    FillError,
    explain,
    fill_env,
    known_names,
    safety_problems,
    template_lineno,
    undefined_name,
)
from compiler.fill.package import read_package
from compiler.guard.names import shown
from compiler.render.deterministic_zip import rezip

_TAGS = re.compile(r"<[^>]+>")
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_SPACE = re.compile(r"\s+")
PARTS = {RT.HEADER: "页眉", RT.FOOTER: "页脚"}


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _body_places(body) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    paragraphs = tables = 0
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            tables += 1
            for r, tr in enumerate(child.iterchildren(qn("w:tr")), start=1):
                for c, tc in enumerate(tr.iterchildren(qn("w:tc")), start=1):
                    text = "".join(_text(p) for p in tc.iter(qn("w:p")))
                    out.append((f"表格 {tables} 第 {r} 行第 {c} 列", text))
        elif child.tag == qn("w:p"):
            paragraphs += 1
            out.append((f"段落 {paragraphs}", _text(child)))
        else:
            for p in child.iter(qn("w:p")):
                paragraphs += 1
                out.append((f"段落 {paragraphs}", _text(p)))
    return out


def _norm(text: str) -> str:
    return _SPACE.sub("", text.replace("{%p", "{%").replace("{%tr", "{%").replace("{%tc", "{%")
                      .replace("{%r", "{%"))


class DocxTemplateFile:
    """A parsed .docx template; `fill(context)` returns the filled document's bytes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = shown(self.path.name)  # printed in every message: no control character
        self.env = fill_env(autoescape=True)
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.used: dict[str, list[str]] = {}
        self.places: dict[str, list[tuple[str, str]]] = {}  # part name -> (place, text)
        self.lines: dict[str, list[str]] = {}  # part name -> the Jinja source, line by line
        data, _ = read_package(self.path, "Word 文件（.docx）")
        try:
            self.tpl = DocxTemplate(io.BytesIO(data))
            self.tpl.init_docx()
        except FileNotFoundError:
            raise FillError(self.name, [("", f"找不到模板文件 {self.path}")]) from None
        except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError,
                etree.XMLSyntaxError) as exc:
            raise FillError(self.name, [("", f"不是有效的 Word 文件（.docx）：{exc}")]) from None
        except Exception as exc:
            raise FillError(self.name, [("", "不是有效的 Word 文件（.docx）："
                                             f"{type(exc).__name__}")]) from None
        self.data = data
        self._scan()

    def _parts(self):
        doc = self.tpl.docx
        yield doc.part.partname, "", _body_places(doc.element.body), self.tpl.get_xml()
        for rel in doc.part.rels.values():
            label = PARTS.get(rel.reltype)
            if label is None or rel.is_external:
                continue
            part = rel.target_part
            xml = self.tpl.get_part_xml(part)
            places = [(f"{label} 段落 {i}", _text(p)) for i, p in
                      enumerate(etree.fromstring(xml.encode("utf-8")).iter(qn("w:p")), start=1)]
            yield part.partname, label, places, xml

    def _scan(self) -> None:
        for partname, _, places, xml in self._parts():
            self.places[str(partname)] = places
            src = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.tpl.patch_xml(xml))
            self.lines[str(partname)] = src.splitlines()
            try:
                ast = self.env.parse(src)
                unsafe = safety_problems(ast)
            except TemplateSyntaxError as exc:
                self.problems.append((self._place(str(partname), exc.lineno), explain(exc)))
                continue
            except RecursionError as exc:  # nesting too deep for the parser
                self.problems.append(("", explain(exc)))
                continue
            for lineno, problem in unsafe:
                self.problems.append((self._place(str(partname), lineno), problem))
            for name in sorted(meta.find_undeclared_variables(ast)):
                where = [p for p, t in places if self._mentions(t, name)] or [""]
                self.used.setdefault(name, []).extend(where)

    @staticmethod
    def _mentions(text: str, name: str, attr: bool = False) -> bool:
        pattern = rf"\.{re.escape(name)}\b|\[['\"]{re.escape(name)}['\"]\]" if attr else \
            rf"(?<![\w.]){re.escape(name)}\b"
        return any(re.search(pattern, code) for code in _CODE.findall(text))

    def _find(self, partname: str, name: str, attr: bool = False, line: str = "") -> str:
        places = self.places.get(partname, [])
        found = [p for p, t in places if self._mentions(t, name, attr)]
        if not found and not attr:
            found = [p for p, t in places if self._mentions(t, name, True)]
        if len(found) > 1 and line:
            near = [p for p, t in places if p in found and _norm(t) and _norm(t) in line]
            found = near or found
        return found[0] if found else self._place(partname, None, line)

    def _place(self, partname: str, lineno: int | None, line: str = "") -> str:
        if lineno and not line:
            lines = self.lines.get(partname, [])
            line = _norm(_TAGS.sub("", lines[lineno - 1])) if 0 < lineno <= len(lines) else ""
        if not line:
            return ""
        places = self.places.get(partname, [])
        for p, t in places:
            if _norm(t) and _norm(t) == line:
                return p
        codes = [c for c in (_norm(c) for c in _CODE.findall(line)) if c]
        for p, t in places:
            if any(c in _norm(t) for c in codes):
                return p
        return ""

    def unknown(self, context_names) -> list[tuple[str, str]]:
        known = known_names(context_names)
        return [(places[0], f"未知变量 {name}") for name, places in self.used.items()
                if name not in known]

    def fill(self, context: dict[str, Any], stamp: datetime, *, trial: bool = False) -> bytes:
        """The filled document; a trial (--check) only needs the template to parse."""
        problems = list(self.problems) + ([] if trial else self.unknown(context))
        if problems:
            raise FillError(self.name, problems)
        tpl = DocxTemplate(io.BytesIO(self.data))
        try:
            tpl.render(context, jinja_env=self.env, autoescape=True)
        except Exception as exc:
            raise FillError(self.name, [(self._where(tpl, exc), explain(exc))]) from None
        core = tpl.docx.core_properties
        core.created = core.created or stamp
        core.modified = stamp
        core.last_modified_by = "unionbrief"
        buf = io.BytesIO()
        tpl.save(buf)
        return rezip(buf.getvalue())

    def _where(self, tpl: DocxTemplate, exc: BaseException) -> str:
        part = getattr(tpl, "current_rendering_part", None)
        partname = str(part.partname) if part is not None else str(tpl.docx.part.partname)
        lineno = template_lineno(exc)
        lines = self.lines.get(partname, [])
        line = ""
        if lineno and 0 < lineno <= len(lines):
            line = _norm(_TAGS.sub("", lines[lineno - 1]))
        name = undefined_name(exc)
        if name:
            attr = "has no attribute" in str(exc)
            return self._find(partname, name, attr=attr, line=line)
        return self._place(partname, lineno, line)
