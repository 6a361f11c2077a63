"""Word 工作简报 (.docx): the briefing.docx template filled by docxtpl in a Jinja sandbox."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from jinja2 import TemplateError
from lxml import etree

from compiler.guard.packages import PackageProblem, read_office_package
from compiler.libs.docx_private import (
    HookedDocxTemplate,
    PackageReader,
    package_parts,
    read_package,
    unmarshal,
)
from compiler.model.briefing import Briefing
from compiler.present.options import RenderError, RenderOptions
from compiler.present.plain import freeze_context
from compiler.present.templates import find_template, shared_sandbox
from compiler.present.text import fixed_date, guard_docxtpl
from compiler.present.view import build_view, table_widths
from compiler.render.deterministic_zip import write_zip
from compiler.render.docx.toc import toc

TEMPLATE = "briefing.docx"
STATS_TABLE_CAPTION = "unionbrief:stats"  # set on the statistics table by scripts/make_templates.py


def _package(document) -> bytes:
    """document.save(), compressed once by write_zip rather than zipped, unzipped and zipped."""
    return write_zip(package_parts(document))


# Parts a report never changes, kept as the template's bytes instead of parsed: styles.xml
# alone is 370 KB, and parsing and writing it back was most of the time of a small report.
_UNCHANGED_PARTS = frozenset({CT.WML_STYLES, CT.WML_NUMBERING, CT.WML_SETTINGS})


def _raw_part_class(content_type: str, reltype: str) -> type[Part] | None:
    return Part if content_type in _UNCHANGED_PARTS else None


# Each template's package as read from its zip, while the file is unchanged: unzipping it and
# parsing its relationships again was a tenth of writing a report. Parts are made anew from it.
_READERS: dict[tuple[Path, int, int], PackageReader] = {}


def _template_reader(path: Path) -> PackageReader:
    st = path.stat()
    key = (path, st.st_mtime_ns, st.st_size)
    reader = _READERS.get(key)
    if reader is None:
        if len(_READERS) >= 8:
            _READERS.clear()
        reader = _READERS[key] = read_package(io.BytesIO(_checked_bytes(path)))
    return reader


def _checked_bytes(path: Path) -> bytes:
    """The template as read from outside (a --templates folder may hold anyone's file): its
    package bounded and repacked, its problems a RenderError naming it."""
    try:
        data, _ = read_office_package(path, "Word 文件（.docx）")
    except PackageProblem as exc:
        raise RenderError(f"Word 模板 {path}：{exc.message}", source=str(path)) from None
    return data


def _open_template(path: Path):
    """docx.Document(path) (Package.open), from the package read before."""
    package = unmarshal(_template_reader(path), _raw_part_class)
    part = package.main_document_part
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"file '{path}' is not a Word file, content type is '{part.content_type}'")
    return part.document


_LISTING_CHARS = "\t\a\n\f"  # what DocxTemplate.resolve_listing rewrites


class _Template(HookedDocxTemplate):
    """DocxTemplate that gives docxtpl's results with less work: a given template's XML is
    cleaned up (patch_xml) once per process, and the listing pass skips text it would not change."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml):
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) >= 32:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched

    def resolve_listing(self, xml):
        # docxtpl turns \t \a \n \f in the text into tabs, paragraphs, breaks and pages by
        # running three nested regexes over every paragraph; without those characters (clean()
        # keeps them out of the data) the result is the same text, and that pass was a third of
        # rendering the template.
        if not any(c in xml for c in _LISTING_CHARS):
            return xml
        return super().resolve_listing(xml)


def _literal(value: Any) -> Any:
    """Jinja's finalize for the briefing template: every text it prints comes out literally,
    even where docxtpl post-processes delimiters (guard_docxtpl). Markup that the template
    itself makes (a str subclass) is left as it is."""
    return guard_docxtpl(value) if type(value) is str else value


def _sandbox(options: RenderOptions):
    # autoescape: article text containing <b>, & or {{ x }} is data, never markup or code.
    return shared_sandbox(options, autoescape=True, finalize=_literal)


def _text_width(document) -> int:
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin) // 635  # EMU->twip


_TBLPR_ORDER = [qn(f"w:{t}") for t in (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
    "tblLook", "tblCaption", "tblDescription")]


def _insert_ordered(tblpr, child) -> None:
    """Insert into w:tblPr where the schema's sequence wants it (Word rejects other orders)."""
    rank = _TBLPR_ORDER.index(child.tag)
    for sibling in tblpr:
        if sibling.tag in _TBLPR_ORDER and _TBLPR_ORDER.index(sibling.tag) > rank:
            sibling.addprevious(child)
            return
    tblpr.append(child)


def _fit_stats_table(document, table: dict[str, Any]) -> None:
    """Give the unit column room and share the rest evenly among the category columns.

    docxtpl's column loops leave the grid of the template behind; Word would squeeze the names.
    """
    total = _text_width(document)
    for tbl in document.element.body.iter(qn("w:tbl")):
        caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if caption is None or caption.get(qn("w:val")) != STATS_TABLE_CAPTION:
            continue
        rows = tbl.findall(qn("w:tr"))
        if not rows:
            continue
        # 10.5 pt table text (210 twips a character) and Word's default 108-twip cell margins.
        widths = [int(w) for w in table_widths(table, total, char=210, pad=108)]
        tblpr = tbl.find(qn("w:tblPr"))
        for tag in ("w:tblW", "w:tblLayout"):
            old = tblpr.find(qn(tag))
            if old is not None:
                tblpr.remove(old)
        tblw = OxmlElement("w:tblW")
        tblw.set(qn("w:w"), str(sum(widths)))
        tblw.set(qn("w:type"), "dxa")
        _insert_ordered(tblpr, tblw)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        _insert_ordered(tblpr, layout)
        grid = tbl.find(qn("w:tblGrid"))
        for col in list(grid):
            grid.remove(col)
        for w in widths:
            col = etree.SubElement(grid, qn("w:gridCol"))
            col.set(qn("w:w"), str(w))
        for row in rows:
            for tc, w in zip(row.findall(qn("w:tc")), widths):
                tcpr = tc.find(qn("w:tcPr"))
                if tcpr is None:
                    tcpr = OxmlElement("w:tcPr")
                    tc.insert(0, tcpr)
                tcw = tcpr.find(qn("w:tcW"))
                if tcw is None:
                    tcw = OxmlElement("w:tcW")
                    tcpr.insert(0, tcw)
                tcw.set(qn("w:w"), str(w))
                tcw.set(qn("w:type"), "dxa")


def _set_properties(document, b: Briefing, view: dict[str, Any]) -> None:
    stamp = datetime.combine(fixed_date(b.period.key, b.print_date), datetime.min.time())
    core = document.core_properties
    core.title = f"{view['bulletin_name']} {view['issue_no']}"
    core.subject = f"{view['unit']['name']} {view['period']['label']}工作简报"
    core.author = view["editor"]
    core.last_modified_by = "unionbrief"
    core.keywords = "工作简报"
    core.category = "工作简报"
    core.comments = f"由 unionbrief 根据 {view['item_count']} 篇稿件生成"
    core.language = "zh-CN"
    core.revision = 1
    core.created = core.modified = core.last_printed = stamp


def prepare(options: RenderOptions) -> None:
    """Read the template package and set up its sandbox once for all briefings."""
    _template_reader(find_template(TEMPLATE, options))
    _sandbox(options)


def render(briefing: Briefing, out_path: Path, options: RenderOptions) -> None:
    template_path = find_template(TEMPLATE, options)
    # The view is shared with the other formats: the 要目 lines are added to a copy.
    view = build_view(briefing, options)
    view = {**view, "toc": toc(view)}
    try:
        tpl = _Template(str(template_path))
        tpl.docx = _open_template(template_path)
        # The template sees the view as plain read-only data (render.plain), nothing else.
        tpl.render(freeze_context(view), jinja_env=_sandbox(options), autoescape=True)
    except TemplateError as exc:
        raise RenderError(f"Word 模板 {template_path} 出错：{exc}", source=str(template_path)) from exc
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise RenderError(f"Word 模板 {template_path} 无法使用：{exc}",
                          source=str(template_path)) from exc
    document = tpl.docx
    _fit_stats_table(document, view["table"])
    _set_properties(document, briefing, view)
    Path(out_path).write_bytes(_package(document))
