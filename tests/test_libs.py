"""The library adapters: each pinned version is the one installed, and each private use still works.

When a pinned library is upgraded, these tests say what to check in compiler/libs/.
"""
from __future__ import annotations

import io
import zipfile
from importlib.metadata import version

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, Paragraph, Table
from reportlab.lib.styles import getSampleStyleSheet

from compiler.libs import docx_private, jinja_private, openpyxl_private, reportlab_private, zipfile_private


@pytest.mark.parametrize(("distribution", "pinned"), [
    ("openpyxl", openpyxl_private.PINNED),
    ("reportlab", reportlab_private.PINNED),
    ("python-docx", docx_private.PINNED_DOCX),
    ("docxtpl", docx_private.PINNED_DOCXTPL),
    ("Jinja2", jinja_private.PINNED),
])
def test_the_installed_version_is_the_pinned_one(distribution, pinned):
    assert version(distribution) == pinned, (
        f"{distribution} {version(distribution)} is installed, compiler/libs is checked against "
        f"{pinned}: check every use there, then change the pin and pyproject.toml")


def test_pyproject_pins_the_adapted_libraries():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    for requirement in (f'"openpyxl=={openpyxl_private.PINNED}"',
                        f'"reportlab=={reportlab_private.PINNED}"',
                        f'"python-docx=={docx_private.PINNED_DOCX}"',
                        f'"docxtpl=={docx_private.PINNED_DOCXTPL}"',
                        f'"Jinja2=={jinja_private.PINNED}"'):
        assert requirement in text


def test_openpyxl_cells_without_creating_any():
    wb = Workbook()
    ws = wb.active
    ws["B2"] = "=1+1"
    ws["C3"] = "text"
    ws["C3"].font = Font(bold=True)
    assert [k for k, _ in openpyxl_private.cells(ws)] == [(2, 2), (3, 3)]
    assert openpyxl_private.cell_at(ws, 1, 1) is None and len(list(openpyxl_private.cells(ws))) == 2
    target = ws.cell(row=5, column=3)
    openpyxl_private.copy_cell(ws["C3"], target)
    assert target.value == "text" and target.font.bold
    openpyxl_private.set_raw_value(target, "=not a formula")
    assert target.data_type == "s"  # the public setter would have made it a formula
    moved = ws.cell(row=9, column=9)
    openpyxl_private.put_cell(ws, 9, 9, moved)
    assert openpyxl_private.cell_at(ws, 9, 9) is moved
    ws.cell(row=1, column=1).hyperlink = "https://example.org"
    openpyxl_private.sync_hyperlinks(ws)
    assert ws["A1"].hyperlink.ref == "A1"
    assert not openpyxl_private.has_print_area(ws)
    ws.print_area = "A1:C3"
    assert openpyxl_private.has_print_area(ws)
    rules = ConditionalFormattingList()
    rule = CellIsRule(operator="greaterThan", formula=["1"])
    rule.priority = 7
    openpyxl_private.add_rules(rules, ConditionalFormatting(sqref="A1:A3"), [rule])
    assert [r.priority for cf in rules for r in cf.rules] == [7]


def test_openpyxl_writer_parts():
    wb = Workbook()
    ws = wb.active
    for i in range(3):
        ws.append([i])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=3))
    ws.add_chart(chart, "C1")
    assert openpyxl_private.chart_xml(chart).startswith(b"<")
    openpyxl_private.attach_drawing(ws)
    writer = openpyxl_private.WorksheetWriter(ws, out=io.BytesIO())
    writer.write()
    openpyxl_private.keep_rels(ws, writer)
    assert openpyxl_private.WorkbookWriter(wb).write()


def test_reportlab_canvas_internals():
    out = io.BytesIO()
    canv = Canvas(out, pagesize=A4)
    assert reportlab_private.pdf_document(canv) is not None
    assert isinstance(reportlab_private.FUZZ, float)
    with reportlab_private.captured_code(canv) as lines:
        canv.drawString(10, 10, "x")
    assert any("Tj" in line for line in lines)
    reportlab_private.append_code(canv, "% placeholder")
    canv.showPage()
    canv.save()
    pages = reportlab_private.page_objects(canv)
    assert len(pages) == 1 and "% placeholder" in pages[0].stream
    style = getSampleStyleSheet()["Normal"]
    kept = KeepTogether([Paragraph("a", style)])
    assert reportlab_private.kept_together(kept) and reportlab_private.kept_together(Paragraph("b", style)) is None
    assert reportlab_private.table_cells(Table([["a", "b"]])) == [["a", "b"]]
    frame = Frame(0, 0, 100, 100)
    assert reportlab_private.frame_y(frame) == pytest.approx(100 - frame._topPadding)


def test_docx_package_read_and_written_again():
    from compiler.knowledge.resources import templates_dir

    path = str(templates_dir() / "briefing.docx")
    package = docx_private.unmarshal(docx_private.read_package(path), lambda ct, rt: None)
    parts = docx_private.package_parts(package.main_document_part.document)
    assert "[Content_Types].xml" in parts and "word/document.xml" in parts
    assert docx_private.HookedDocxTemplate(path).patch_xml("<w:t>{{ x }}</w:t>")


def test_zip_records_are_those_of_zipfile():
    payload = "内容 content".encode() * 50
    import zlib

    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = packer.compress(payload) + packer.flush()
    info = zipfile_private.member_info("word/文档.xml", (2000, 1, 1, 0, 0, 0), zlib.crc32(payload),
                                       len(packed), len(payload))
    data = zipfile_private.local_header(info) + packed
    directory = zipfile_private.central_entry(info, 0)
    data += directory + zipfile_private.end_record(1, len(directory), len(data))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("word/文档.xml") == payload


def test_jinja_internals():
    from jinja2 import Environment, StrictUndefined, UndefinedError
    from jinja2.utils import Namespace

    ns = Namespace(a=1)
    ns["b"] = 2
    assert jinja_private.namespace_names(ns) == {"a", "b"}
    with pytest.raises(UndefinedError, match="nothing"):
        jinja_private.fail_undefined(StrictUndefined(name="nothing"))

    class Env(Environment):
        code_generator_class = jinja_private.GuardedCodeGenerator
        seen: list[str] = []

        def guard_loop(self, it):
            self.seen.append("loop")
            return it

        def guard_value(self, value):
            self.seen.append("value")
            return value

        def join_parts(self, autoescape, parts):
            self.seen.append("join")
            return "".join(map(str, parts))

        def const_text(self, text):
            self.seen.append("const")
            return text

    env = Env()
    out = env.from_string("x{% for i in [a, 2] %}{{ i ~ '.' }}{% endfor %}").render(a=1)
    assert out == "x1.2." and {"loop", "value", "join", "const"} <= set(env.seen)
