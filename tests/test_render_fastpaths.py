"""The shortcuts that make rendering fast give what the plain ways give."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from compiler.model.briefing import Briefing
from compiler.batch.build_run import _cost, _jobs
from compiler.render import RenderOptions, render
from compiler.present.view import build_view
from compiler.render.deterministic_zip import FIXED_ZIP_TIME, write_zip

FIXTURE = Path(__file__).parent / "fixtures" / "briefing_sample.json"


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return Briefing.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))


def test_write_zip_writes_what_zipfile_writes():
    members = {"word/document.xml": b"<w:document/>" * 500, "[Content_Types].xml": b"<Types/>",
               "_rels/.rels": b"<Relationships/>", "docProps/\u5de5\u4f1a.xml": b"x" * 5000}
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["[Content_Types].xml", "_rels/.rels", "docProps/\u5de5\u4f1a.xml",
                     "word/document.xml"]:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            z.writestr(info, members[name], compresslevel=6)
    assert write_zip(members) == expected.getvalue()
    assert write_zip(members) == expected.getvalue()  # the second time from the kept members
    changed = dict(members, **{"word/document.xml": b"<w:document/>" * 501})
    with zipfile.ZipFile(io.BytesIO(write_zip(changed))) as z:
        assert z.read("word/document.xml") == changed["word/document.xml"]
        assert z.testzip() is None


def test_docx_keeps_the_template_styles_as_they_are(briefing, tmp_path):
    from compiler.knowledge.resources import templates_dir

    out = tmp_path / "b.docx"
    render(briefing, "docx", out, RenderOptions())
    with zipfile.ZipFile(templates_dir() / "briefing.docx") as t, zipfile.ZipFile(out) as d:
        for name in ("word/styles.xml", "word/numbering.xml", "word/settings.xml"):
            assert d.read(name) == t.read(name), name


def test_view_is_shared_by_the_formats_of_one_briefing(briefing):
    options = RenderOptions()
    view = build_view(briefing, options)
    assert build_view(briefing, options) is view
    other = Briefing.model_validate(briefing.model_dump())
    assert build_view(other, options) is not view
    assert build_view(other, options) == view


def test_jobs_are_units_and_start_with_the_biggest(briefing):
    big = briefing.model_copy(update={"items": briefing.items * 100})
    small = [briefing.model_copy() for _ in range(3)]
    options = RenderOptions()
    tasks = [(b, f, Path(f"{i}.{f}"), options)
             for i, b in enumerate([*small[:2], big, small[2]]) for f in ("docx", "xlsx", "pdf")]
    jobs = _jobs(tasks)
    assert sorted(i for job in jobs for i in job) == list(range(len(tasks)))
    assert jobs[0] == [6, 7, 8]  # the big unit first, its three formats together
    assert [0, 1, 2] in jobs and [3, 4, 5] in jobs and [9, 10, 11] in jobs
    costs = [sum(_cost(tasks[i]) for i in job) for job in jobs]
    assert costs == sorted(costs, reverse=True)


def test_docx_listing_pass_is_skipped_only_where_it_changes_nothing():
    from docxtpl import DocxTemplate

    from compiler.render.docx.document import _Template

    plain = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
             '<w:t xml:space="preserve">工会 a&amp;b</w:t></w:r></w:p>')
    tpl = _Template("unused.docx")
    for xml in (plain, plain.replace("a&amp;b", "a\tb\nc\ad\fe")):
        assert tpl.resolve_listing(xml) == DocxTemplate.resolve_listing(tpl, xml)


def test_docx_template_read_once_opens_as_python_docx_opens_it():
    import docx
    from lxml import etree

    from compiler.render.docx.document import TEMPLATE, _open_template
    from compiler.knowledge.resources import templates_dir

    path = templates_dir() / TEMPLATE
    plain = docx.Document(str(path))
    first, second = _open_template(path), _open_template(path)
    assert first.element is not second.element  # every report fills a tree of its own
    for document in (first, second):
        assert etree.tostring(document.element) == etree.tostring(plain.element)
        assert [p.partname for p in document.part.package.parts] == \
            [p.partname for p in plain.part.package.parts]


def test_xlsx_grid_writes_the_cells_openpyxl_writes(tmp_path):
    from datetime import datetime

    from lxml import etree
    from openpyxl import Workbook

    from compiler.render.xlsx.grid import CellGrid, CellStyle
    from compiler.render.xlsx.package import xlsx_bytes
    from compiler.render.xlsx.styles import apply_style

    values = ["工会 a & <b>", " 前后有空格 ", "", None, 0, 12, 3.25, 1e20, -0.5, True,
              datetime(2025, 6, 5), "=SUM(A1:A2) 只是文字"]
    looks = [CellStyle(), CellStyle(bold=True, fmt="#,##0", wrap=True, align="center",
                                    fill="total"), CellStyle(font="title", boxed=False)]

    def sheet_xml(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        ns = {"m": root.nsmap[None]}
        return b"".join(etree.tostring(root.find(f"m:{part}", ns), method="c14n")
                        for part in ("dimension", "sheetData"))

    plain_wb, grid_wb = Workbook(), Workbook()
    ws, grid = plain_wb.active, CellGrid(grid_wb.epoch)
    for row, value in enumerate(values, start=2):
        for col, look in enumerate(looks, start=2):
            cell = ws.cell(row=row, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text
            apply_style(cell, look)
            grid.set(row, col, value, look)
    formula_row = len(values) + 2
    apply_style(ws.cell(row=formula_row, column=3, value="=SUM(C2:C9)"), looks[1])
    grid.set(formula_row, 3, None, looks[1])
    grid.make_formula(formula_row, 3, "=SUM(C2:C9)")
    for row, height in ((3, 30), (formula_row + 3, 19.5)):  # the second row has no cells
        ws.row_dimensions[row].height = grid.heights[row] = height
    plain = tmp_path / "plain.xlsx"
    plain_wb.save(plain)
    ours = xlsx_bytes(grid_wb, {grid_wb.active.title: grid}, "2025-06-30T00:00:00Z")
    assert sheet_xml(ours) == sheet_xml(plain.read_bytes())
    assert grid.value(formula_row, 3) is None and grid.formula(formula_row, 3) == "=SUM(C2:C9)"
    assert grid.value(7, 3) == 12 and grid.formula(7, 3) is None
