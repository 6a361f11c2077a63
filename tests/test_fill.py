"""`unionbrief fill`: the shipped templates filled from the samples, layout kept, errors placed."""
from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from copy import copy
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.worksheet.datavalidation import DataValidation

from compiler.cli import main as cli_module
from compiler.knowledge.config import Config
from compiler.fill import FillError, check_template, fill_template
from compiler.cli.fill import fill as fill_command
from compiler.fill.evaluate import Evaluator
from compiler.fill.refs import Insertion, adjust_formula, adjust_range
from compiler.fill.select import select_briefing
from compiler.ingest import iter_input_files
from compiler.model.document import Article, Document, Figure, UnionRef
from compiler.render import RenderOptions
from compiler.render.xlsx.workbook import render as render_xlsx
from compiler.batch.parse_run import parse_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXAMPLES = ROOT / "report_templates" / "fill"
XLSX = EXAMPLES / "产改工作统计表.xlsx"
DOCX = EXAMPLES / "简报模板.docx"
UNITS = [None, "杭州市总工会", "余杭区总工会"]
MARKUP = re.compile(r"\{\{|\{%|\{#|\}\}|%\}")

if "fill" not in cli_module.cli.commands:  # until the lead registers it in compiler/cli.py
    cli_module.cli.add_command(fill_command)


@pytest.fixture(scope="module")
def docs(knowledge):
    """The samples parsed as the CLI parses them (with the manifest's issue periods)."""
    return parse_files(iter_input_files([SAMPLES]), knowledge).documents


def _fill(path, docs, knowledge, unit=None, period=None):
    return fill_template(path, docs, knowledge, Config(), unit, period)


def _book(data: bytes, data_only: bool = False):
    return load_workbook(io.BytesIO(data), data_only=data_only)


def _strings(wb) -> list[str]:
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def _docx_texts(data: bytes) -> list[str]:
    d = WordDocument(io.BytesIO(data))
    out = [p.text for p in d.paragraphs]
    out += [c.text for t in d.tables for r in t.rows for c in r.cells]
    out += [p.text for s in d.sections for p in s.header.paragraphs + s.footer.paragraphs]
    return out


def _stats_workbook(b, tmp_path) -> dict[str, dict[str, object]]:
    """The statistics workbook `build` writes for the same Briefing: row name -> header -> value."""
    path = tmp_path / f"{b.unit.slug}.xlsx"
    render_xlsx(b, path, RenderOptions())
    wb = load_workbook(path, data_only=True)
    ws = wb["类别统计"]  # header on row 4, under the title and the 填报单位… lines
    headers = [c.value for c in ws[4]]
    out = {r[0].value: {h: c.value for h, c in zip(headers, r)} for r in ws.iter_rows(min_row=5)
           if r[0].value and not str(r[0].value).startswith("注")}
    # 数据统计: one or more tables (续表), each with its metric labels on the 单位 row and their
    # units on the 计量单位 row under it
    headers: list[str] = []
    rows = list(load_workbook(path, data_only=True)["数据统计"].iter_rows())
    for r, cells in enumerate(rows):
        first = cells[0].value
        if first == "单位" and r + 1 < len(rows) and rows[r + 1][0].value == "计量单位":
            headers = [f"{a.value}{b.value or ''}" for a, b in zip(cells, rows[r + 1])]
        elif first in out and headers:
            out[first].update({h: c.value for h, c in zip(headers[1:], cells[1:]) if h})
        elif first == "主要数据汇总":
            break
    return out


def _workbook_metric(row: dict, metric, b) -> float | int:
    """A metric of a workbook row, whichever header the workbook uses for it."""
    for t in b.metric_totals:
        if t.metric == metric.id and t.unit == metric.units[0]:
            for header in (f"{metric.id}:{t.unit}", f"{t.label}（{t.unit}）"):
                if row.get(header) is not None:
                    return row[header]
    return 0


# --- the shipped statistics template ---------------------------------------------------------
@pytest.mark.parametrize("unit", UNITS)
def test_xlsx_example_fills_with_the_workbook_numbers(unit, docs, knowledge, tmp_path):
    filled = _fill(XLSX, docs, knowledge, unit)
    b = filled.briefing
    wb = _book(filled.data, data_only=True)
    assert not [s for s in _strings(wb) if MARKUP.search(s)], "something left unfilled"
    ws = wb["统计表"]
    assert ws["A1"].value == f"{b.unit.name}产业工人队伍建设改革工作统计表（{b.period.label}）"
    headers = [c.value for c in ws[4]]
    units = [r for r in b.stat_rows if not r.is_total]
    rows = list(ws.iter_rows(min_row=5, max_row=4 + len(units)))
    stats = _stats_workbook(b, tmp_path)
    metrics = {m.label: m for m in knowledge.schemas.figures.metrics}
    for n, (r, cells) in enumerate(zip(units, rows), start=1):
        values = {headers[i] or "": c.value for i, c in enumerate(cells)}
        values.update({"序号": cells[0].value, "单位": cells[1].value, "稿件数": cells[3].value})
        assert values["序号"] == n and values["单位"] == r.name
        book = stats[r.name]
        assert values["稿件数"] == r.articles == book["稿件数"]
        for c in b.categories:
            if c.label in values:
                # 类别统计 lists only the categories with articles
                assert values[c.label] == r.by_category[c.id] == book.get(c.label, 0)
        for header, value in values.items():
            label = header.split("（")[0]
            if "（" not in header:
                continue  # 序号, 单位, 稿件数: not a metric column
            m = metrics.get(label) or metrics.get(label + "数")
            if m is not None:
                assert isinstance(value, (int, float)), header
                assert value == _workbook_metric(book, m, b), (r.name, header)
    total = next(r for r in b.stat_rows if r.is_total)
    after = 5 + len(units)
    assert ws.cell(row=after, column=1).value == "合计"
    assert ws.cell(row=after, column=4).value == total.articles == stats["合计"]["稿件数"]
    # The check row (helper functions) equals the total row (SUM formulas over the units).
    for col in range(4, ws.max_column + 1):
        assert ws.cell(row=after, column=col).value == ws.cell(row=after + 1, column=col).value
    # The metric block equals the workbook's 主要数据汇总.
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "指标")
    got = [(ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value,
            ws.cell(row=r, column=4).value, ws.cell(row=r, column=6).value)
           for r in range(first + 1, first + 1 + len(b.metric_totals))]
    assert got == [(t.label, t.unit, t.value, t.display) for t in b.metric_totals]


def _row_map(repeats: dict[int, int]):
    """Template row -> first output row, given how many times each repeated row came out."""
    def new(r: int) -> int:
        return r + sum(max(n, 1) - 1 for row, n in repeats.items() if row < r)
    return new


def _style(c):
    """A cell's look, comparable across workbooks (the proxies openpyxl hands out are not)."""
    return (copy(c.font), copy(c.fill), copy(c.border), copy(c.alignment), c.number_format,
            copy(c.protection))


def test_xlsx_example_layout_is_kept(docs, knowledge):
    filled = _fill(XLSX, docs, knowledge, "杭州市总工会")
    b = filled.briefing
    tpl = load_workbook(XLSX)
    out = _book(filled.data)
    assert out.sheetnames == tpl.sheetnames
    t, o = tpl["统计表"], out["统计表"]
    repeats = {5: len([r for r in b.stat_rows if not r.is_total]), 14: len(b.metric_totals)}
    new = _row_map(repeats)
    for (r, c), cell in t._cells.items():
        copies = repeats.get(r, 1)
        for i in range(max(copies, 1)):
            got = o.cell(row=new(r) + i, column=c)
            assert _style(got) == _style(cell), (r, c, i)
            v = cell.value
            if v is None or (isinstance(v, str) and (MARKUP.search(v) or v.startswith("="))):
                continue
            assert got.value == v, (r, c)
    for letter, dim in t.column_dimensions.items():
        assert o.column_dimensions[letter].width == dim.width
    for r, dim in t.row_dimensions.items():
        for i in range(repeats.get(r, 1)):
            assert o.row_dimensions[new(r) + i].height == dim.height
    expected = set()
    for rng in t.merged_cells.ranges:
        left, right = (re.sub(r"[0-9]+", "", part) for part in rng.coord.split(":"))
        if rng.min_row == rng.max_row and rng.min_row in repeats:
            rows = [(new(rng.min_row) + i,) * 2 for i in range(repeats[rng.min_row])]
        else:
            rows = [(new(rng.min_row), new(rng.max_row))]
        expected |= {f"{left}{top}:{right}{bottom}" for top, bottom in rows}
    assert {str(r) for r in o.merged_cells.ranges} == expected
    last_unit = new(5) + repeats[5] - 1
    assert [(str(d.sqref), d.type, d.formula1) for d in o.data_validations.dataValidation] == [
        (f"C5:C{last_unit}", "list", t.data_validations.dataValidation[0].formula1),
        (f"D5:L{last_unit}", "whole", "0")]
    assert [(str(cf.sqref), [r.formula for r in cf.rules]) for cf in o.conditional_formatting] == [
        (f"E5:L{last_unit}", [["0"]]), (f"M5:M{last_unit}", [["M5<0"]])]
    assert o.print_title_rows == t.print_title_rows == "$3:$4"
    assert o.print_area == f"'统计表'!$A$1:$S${new(14) + repeats[14] - 1}"
    assert o.freeze_panes == t.freeze_panes == "E5"
    for attr in ("orientation", "paperSize", "fitToWidth", "fitToHeight"):
        assert getattr(o.page_setup, attr) == getattr(t.page_setup, attr)
    assert o.print_options.horizontalCentered and o.sheet_properties.pageSetUpPr.fitToPage
    assert (o.page_margins.left, o.page_margins.top) == (t.page_margins.left, t.page_margins.top)
    assert o.oddFooter.center.text == t.oddFooter.center.text
    # The other sheet is untouched but for its reference to the moved total cell.
    tn, on = tpl["填报说明"], out["填报说明"]
    for (r, c), cell in tn._cells.items():
        got = on.cell(row=r, column=c)
        assert _style(got) == _style(cell)
        if (r, c) != (10, 2):
            assert got.value == cell.value
    assert on["B10"].value == f"=统计表!D{new(6)}"
    assert out.defined_names["稿件合计"].attr_text == f"统计表!$D${new(6)}"
    assert {k: v.width for k, v in on.column_dimensions.items()} == \
        {k: v.width for k, v in tn.column_dimensions.items()}


def test_xlsx_formulas_grow_with_the_repeated_rows(docs, knowledge):
    filled = _fill(XLSX, docs, knowledge)
    b = filled.briefing
    n = len([r for r in b.stat_rows if not r.is_total])
    ws = _book(filled.data)["统计表"]
    total_row = 5 + n
    assert ws.cell(row=total_row, column=4).value == f"=SUM(D5:D{4 + n})"
    assert ws.cell(row=total_row, column=19).value == f"=SUM(S5:S{4 + n})"
    for i in range(n):  # the row formula moves down with each copy, as Excel's fill-down
        assert ws.cell(row=5 + i, column=13).value == f"=D{5 + i}-SUM(E{5 + i}:L{5 + i})"
    cached = _book(filled.data, data_only=True)
    total = next(r for r in b.stat_rows if r.is_total)
    assert cached["统计表"].cell(row=total_row, column=4).value == total.articles
    assert cached["填报说明"]["B10"].value == cached["填报说明"]["B11"].value == total.articles
    other = total.articles - sum(total.by_category[c] for c in (
        "competition", "training", "academy", "innovation", "education", "mentorship",
        "incentives", "new_forms"))
    assert cached["统计表"].cell(row=total_row, column=13).value == other


def test_xlsx_numbers_are_numbers_and_output_is_deterministic(docs, knowledge):
    a = _fill(XLSX, docs, knowledge, "杭州市总工会")
    again = _fill(XLSX, docs, knowledge, "杭州市总工会")
    assert a.data == again.data
    ws = _book(a.data)["统计表"]
    assert all(isinstance(ws.cell(row=5, column=c).value, int) for c in (1, 4, 5, 14))
    assert ws["N5"].number_format == "#,##0"


# --- the shipped briefing template ------------------------------------------------------------
@pytest.mark.parametrize("unit", UNITS)
def test_docx_example_fills_tables_and_paragraphs(unit, docs, knowledge, tmp_path):
    filled = _fill(DOCX, docs, knowledge, unit)
    b = filled.briefing
    texts = _docx_texts(filled.data)
    assert not [t for t in texts if MARKUP.search(t)], "something left unfilled"
    d = WordDocument(io.BytesIO(filled.data))
    assert d.sections[0].header.paragraphs[0].text == f"{b.unit.name}\u3000信息专报"
    metrics_table, units_table, items_table = d.tables
    assert len(metrics_table.rows) == 1 + len(b.metric_totals)
    units = [r for r in b.stat_rows if not r.is_total]
    assert len(units_table.rows) == 1 + len(units) + 1
    stats = _stats_workbook(b, tmp_path)
    for row, r in zip(units_table.rows[1:], units):
        cells = [c.text for c in row.cells]
        assert cells[1] == r.name
        assert int(cells[2]) == r.articles == stats[r.name]["稿件数"]
        assert int(cells[3]) == r.by_category["competition"] == stats[r.name]["劳动和技能竞赛"]
    assert units_table.rows[-1].cells[1].text == "合计"
    assert [r.cells[1].text for r in items_table.rows[1:]] == [it.title for it in b.items]
    body = [p.text for p in d.paragraphs]
    for it in b.items:
        assert f"◎ {it.title}" in body
    assert sum(1 for p in body if p.startswith("◎ ")) == len(b.items)
    assert f"报：{'，'.join(b.distribution.bao)}" in body
    # an item's source as a reader cites it, never the stored file's name
    assert not [t for t in texts for it in b.items if it.source in t]


def test_docx_output_is_deterministic(docs, knowledge):
    assert _fill(DOCX, docs, knowledge).data == _fill(DOCX, docs, knowledge).data


def test_examples_match_their_generator():
    spec = importlib.util.spec_from_file_location("make_fill_examples",
                                                  ROOT / "scripts" / "make_fill_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.statistics_workbook() == XLSX.read_bytes()
    assert module.briefing_document() == DOCX.read_bytes()


# --- hostile text, errors, sandbox ---------------------------------------------------------------
def _docs_with(title: str, summary: str) -> list[Document]:
    union = UnionRef(name="余杭区总工会", level="county", province="浙江省", city="杭州市",
                     county="余杭区", text="余杭区总工会", span=(0, 6))
    fig = Figure(value=50, unit="人", metric="participants", text="50余名", qualifier="more_than",
                 span=(0, 4))
    a = Article(id="x-1", title=title, text="正文", span=(0, 2), unions=[union],
                categories=["competition"], figures=[fig], summary=summary)
    return [Document(source="x.txt", issue_date=date(2025, 6, 12), articles=[a])]


def _xlsx(path: Path, cells: dict[str, object], sheet: str = "汇总") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def _docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
          header: str | None = None) -> Path:
    d = WordDocument()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.rows[r].cells[c].text = text
    if header:
        d.sections[0].header.paragraphs[0].text = header
    d.save(path)
    return path


def test_article_text_is_never_a_formula_nor_markup(knowledge, tmp_path):
    title = '=HYPERLINK("http://evil.example","点我")'
    summary = "<b>加粗</b> & {{ 7*7 }} {% if %} {_{ x }_}"
    docs = _docs_with(title, summary)
    tpl = _xlsx(tmp_path / "t.xlsx", {"A1": "{%row for it in items %}{{ it.title }}",
                                       "B1": "{{ it.summary }}", "C1": "标题：{{ it.title }}"})
    wb = _book(_fill(tpl, docs, knowledge).data)
    ws = wb["汇总"]
    assert ws["A1"].value == title and ws["A1"].data_type == "s"
    assert ws["B1"].value == summary and ws["C1"].value == f"标题：{title}"
    with zipfile.ZipFile(io.BytesIO(_fill(tpl, docs, knowledge).data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    word = _docx(tmp_path / "t.docx", ["{%p for it in items %}", "{{ it.title }}|{{ it.summary }}",
                                        "{%p endfor %}"])
    # docxtpl reads {_{ back as {{ after rendering: a zero-width space keeps the text literal.
    texts = [t.replace("\u200b", "") for t in _docx_texts(_fill(word, docs, knowledge).data)]
    assert f"{title}|{summary}" in texts


def test_unknown_variable_names_sheet_and_cell(docs, knowledge, tmp_path):
    tpl = _xlsx(tmp_path / "统计表.xlsx", {"A1": "{{ unit.name }}", "C5": "{{ xx }}"})
    with pytest.raises(FillError) as err:
        _fill(tpl, docs, knowledge)
    assert str(err.value) == "模板 统计表.xlsx 汇总!C5：未知变量 xx"
    out = tmp_path / "out.xlsx"
    code, _, stderr = _run(["fill", str(tpl), str(SAMPLES), "--out", str(out)])
    assert code == 2 and "模板 统计表.xlsx 汇总!C5：未知变量 xx" in stderr
    assert "Traceback" not in stderr and not out.exists()


def test_unknown_names_in_helpers_and_attributes_are_errors(docs, knowledge, tmp_path):
    tpl = _xlsx(tmp_path / "表.xlsx", {
        "A1": '{{ count(category="竞赛") }}', "A2": '{{ sum("participants", measure="元") }}',
        "A3": "{{ unit.nme }}", "A4": '{{ count(unit="余杭区总公会") }}', "A5": "{{ 1/0 }}",
        "A6": '{{ sum("percentage") }}'})
    with pytest.raises(FillError) as err:
        _fill(tpl, docs, knowledge)
    lines = str(err.value).split("\n")
    assert lines[0].startswith("模板 表.xlsx 汇总!A1：未知类别 竞赛")
    assert any(line.endswith("汇总!A2：指标 参与人数 的计量单位只能是 人、个、对，不是 元") for line in lines)
    assert any(line.endswith("汇总!A3：未知属性 nme") for line in lines)
    assert any("汇总!A4：未知单位 余杭区总公会" in line for line in lines)
    assert any(line.endswith("汇总!A5：表达式出错：除数为零") for line in lines)
    assert any("汇总!A6：指标 比例 是比例" in line for line in lines)


def test_docx_errors_name_the_paragraph_or_cell(docs, knowledge, tmp_path):
    tpl = _docx(tmp_path / "简报.docx", ["{{ unit.name }}", "第二段 {{ xx }}"])
    with pytest.raises(FillError, match=r"^模板 简报\.docx 段落 2：未知变量 xx$"):
        _fill(tpl, docs, knowledge)
    tpl = _docx(tmp_path / "表.docx", ["{{ unit.name }}"],
                [["单位", "稿件"], ["{%tr for u in units %}", ""], ["{{ u.name }}", "{{ u.nmae }}"],
                 ["{%tr endfor %}", ""]])
    with pytest.raises(FillError, match=r"^模板 表\.docx 表格 1 第 3 行第 2 列：未知属性 nmae$"):
        _fill(tpl, docs, knowledge)
    tpl = _docx(tmp_path / "语法.docx", ["{{ unit.name }}", "{{ unit.name }"])
    with pytest.raises(FillError, match=r"^模板 语法\.docx 段落 2：模板语法错误"):
        _fill(tpl, docs, knowledge)


@pytest.mark.parametrize("expr", ["{{ ''.__class__ }}", "{{ cycler.__init__ }}",
                                  "{{ unit|attr('__class__') }}", "{{ count.__globals__ }}",
                                  "{{ ('a' * 1000000) }}"])
def test_sandbox_escapes_are_refused(expr, docs, knowledge, tmp_path):
    tpl = _xlsx(tmp_path / "esc.xlsx", {"B2": expr})
    with pytest.raises(FillError, match=r"^模板 esc\.xlsx 汇总!B2：出于安全考虑"):
        _fill(tpl, docs, knowledge)
    assert not check_template(tpl, knowledge, Config()).ok
    word = _docx(tmp_path / "esc.docx", ["{{ unit.name }}"], header=expr)
    with pytest.raises(FillError, match=r"^模板 esc\.docx 页眉 段落 1：出于安全考虑"):
        _fill(word, docs, knowledge)


def test_check_lists_variables_and_exits_zero():
    code, out, err = _run(["fill", "--check", str(XLSX)])
    assert code == 0, err
    assert "校验通过" in out and "units（统计表!A5）" in out and "count（统计表!E7" in out
    assert "统计表!A5：每个 u in units 重复一行" in out
    code, out, err = _run(["fill", "--check", str(DOCX)])
    assert code == 0, err
    assert "metric_totals（表格 1 第 2 行第 1 列）" in out and "页眉 段落 1" in out


def test_check_reports_every_problem_with_exit_two(tmp_path):
    tpl = _xlsx(tmp_path / "坏.xlsx", {"A1": "{{ xx }}", "A2": "{{ unit.nme }}", "A3": "{{ a }",
                                        "A4": "{% for u in units %}{{ u.name }}",
                                        "A5": "=SUM({{ total.articles }})"})
    code, out, err = _run(["fill", "--check", str(tpl)])
    assert code == 2
    for expected in ("坏.xlsx 汇总!A1：未知变量 xx", "坏.xlsx 汇总!A2：未知属性 nme",
                     "坏.xlsx 汇总!A3：模板语法错误", "汇总!A4：模板语法错误",
                     "{%row for … in … %}", "汇总!A5：公式中不能写模板表达式"):
        assert expected in err
    assert "Traceback" not in err


def test_cli_fill_writes_both_kinds(tmp_path):
    out = tmp_path / "杭州.xlsx"
    code, _, err = _run(["fill", str(XLSX), str(SAMPLES), "--out", str(out), "--unit", "杭州市",
                         "--no-cache"])
    assert code == 0, err
    assert "已填写" in err and "杭州市总工会" in err
    assert load_workbook(out)["统计表"]["A1"].value.startswith("杭州市总工会")
    out = tmp_path / "余杭.docx"
    code, _, err = _run(["fill", str(DOCX), str(SAMPLES), "-o", str(out), "-u", "余杭区总工会",
                         "--period", "2025", "--no-cache"])
    assert code == 0, err
    assert any("余杭区总工会2025年工会工作情况" == t for t in _docx_texts(out.read_bytes()))


@pytest.mark.parametrize("args, message", [
    (["--out", "x.docx"], "扩展名应与模板相同"),
    (["--out", "x.xlsx", "--period", "month"], "一次只填一个统计周期"),
    (["--out", "x.xlsx", "--unit", "火星市总工会"], "不认识单位“火星市总工会”"),
])
def test_cli_usage_errors(args, message, tmp_path):
    code, _, err = _run(["fill", str(XLSX), str(SAMPLES), "--no-cache", *args])
    assert code == 2 and message in err and "Traceback" not in err


def test_cli_refuses_other_template_types(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"x")
    code, _, err = _run(["fill", "--check", str(tmp_path / "a.xls")])
    assert code == 2 and "只能填写 .xlsx（Excel）和 .docx（Word）模板" in err
    (tmp_path / "b.xlsx").write_bytes(b"not a zip")
    code, _, err = _run(["fill", "--check", str(tmp_path / "b.xlsx")])
    assert code == 2 and "不是有效的 Excel 文件" in err


def test_a_quiet_period_or_unit_is_filled_with_zeros_and_a_warning(tmp_path):
    out = tmp_path / "q.xlsx"
    code, _, err = _run(["fill", str(XLSX), str(SAMPLES), "--no-cache", "--out", str(out),
                         "--period", "2019"])
    assert code == 0 and out.is_file() and "统计周期 2019 内没有可用于填报的稿件，各项按零填报" in err
    assert "2023-06" in err  # the periods that have articles are named
    out2 = tmp_path / "q2.xlsx"
    code, _, err = _run(["fill", str(XLSX), str(SAMPLES), "--no-cache", "--out", str(out2),
                         "--unit", "丽水市总工会"])
    assert code == 0 and "没有丽水市总工会的稿件，各项按零填报" in err


def test_fill_lists_every_template_error_at_once(docs, knowledge, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "{{ no_such_name }}"
    ws["A2"] = "{%row for u in 42 %}{{ u }}"
    ws["A3"] = '{{ count(category="没有的类别") }}'
    ws["A4"] = '{{ count(unit="火星市总工会") }}'
    path = tmp_path / "坏.xlsx"
    wb.save(path)
    with pytest.raises(FillError) as info:
        _fill(path, docs, knowledge, "杭州市总工会")
    places = [p for p, _ in info.value.problems]
    assert len(places) == 4 and len(set(places)) == 4
    text = str(info.value)
    # unknown names are listed with the Chinese labels beside the codes
    assert "劳动和技能竞赛（competition）" in text and "上城区总工会" in text


def test_dates_go_into_cells_as_dates_with_a_chinese_format(docs, knowledge, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "{%row for it in items %}{{ it.date }}"
    ws["B1"] = "{{ it.title }}"
    ws["C1"] = "编印于 {{ it.date }}"  # a date inside text stays text
    path = tmp_path / "日期.xlsx"
    wb.save(path)
    dated = [d.model_copy(update={"issue_date": date(2025, 6, 12)}) for d in docs]
    filled = _fill(path, dated, knowledge, "杭州市总工会")
    out = _book(filled.data)["Sheet"]
    assert out["A1"].value.date() == date(2025, 6, 12)
    assert out["A1"].number_format == 'yyyy"年"m"月"d"日"'
    assert out["C1"].value == "编印于 2025-06-12"


# --- a template written from the README section on the template language only ----------------------------------
def test_independent_template_from_the_docs(docs, knowledge, tmp_path):
    """The README's minimal example, plus a few more things the README promises."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws["A1"] = "{{ unit.name }}{{ period.label }}稿件统计"
    for ref, text in zip(("A2", "B2", "C2", "D2"), ("序号", "单位", "稿件数", "竞赛类")):
        ws[ref] = text
    ws["A3"] = "{%row for u in units %}{{ loop.index }}"
    ws["B3"] = "{{ u.name }}"
    ws["C3"] = "{{ u.articles }}"
    ws["D3"] = "{{ u.counts.competition }}"
    ws["E3"] = '{{ u.count("劳动和技能竞赛") }}'
    ws["F3"] = '{{ u.sum("参与人数") }}'
    ws["B4"] = "合计"
    ws["C4"] = "=SUM(C3:C3)"
    ws["D4"] = "=SUM(D3:D3)"
    ws["B5"] = "参与人数"
    ws["C5"] = '{{ sum("participants") }}'
    ws["B6"] = "县级工会稿件"
    ws["C6"] = '{{ count(level="县级") }}'
    ws["B7"] = "说明"
    ws["C7"] = "共{{ article_count }}篇，其中图片新闻{{ count(kind='图片新闻') }}篇"
    ws["C3"].number_format = "0"
    path = tmp_path / "模板.xlsx"
    wb.save(path)
    filled = _fill(path, docs, knowledge, "杭州市总工会")
    b = filled.briefing
    units = [r for r in b.stat_rows if not r.is_total]
    out = _book(filled.data)["汇总"]
    assert out["A1"].value == "杭州市总工会2023年6月—2025年稿件统计"
    # every district and county of 杭州 from the gazetteer, in its order, zeros included,
    # the city's own row last and named after it
    names = [r.name for r in units]
    assert len(names) == 14 and names[0] == "上城区总工会" and names[-1] == "杭州市本级"
    assert "建德市总工会" in names and any(r.articles == 0 for r in units)
    for i, r in enumerate(units):
        row = [c.value for c in out[3 + i]][:6]
        assert row[:4] == [i + 1, r.name, r.articles, r.by_category["competition"]]
        assert row[4] == r.by_category["competition"]
        assert row[5] == r.metrics.get("participants:人", 0)
    total_row = 3 + len(units)
    assert out.cell(row=total_row, column=3).value == f"=SUM(C3:C{2 + len(units)})"
    assert out.cell(row=total_row + 1, column=3).value == \
        next(t.value for t in b.metric_totals if t.metric == "participants")
    assert out.cell(row=total_row + 2, column=3).value == sum(
        1 for it in b.items if it.union_level == "county")
    assert out.cell(row=total_row + 3, column=3).value.startswith(f"共{len(b.items)}篇")
    cached = _book(filled.data, data_only=True)["汇总"]
    assert cached.cell(row=total_row, column=3).value == len(b.items)
    # A Word layout from the same description.
    word = _docx(tmp_path / "简报.docx", [
        "{{ bulletin_name }} {{ issue_no }}",
        "{%p for s in sections %}",
        "{{ s.label }}（{{ s.count }}篇）",
        "{%p for it in s.items %}",
        "{{ it.number }}. {{ it.title }}（{{ it.union }}）",
        "{%p endfor %}",
        "{%p endfor %}",
        "竞赛类：{% for it in filter_items(category='competition') %}{{ it.main_title }}"
        "{% if not loop.last %}；{% endif %}{% endfor %}",
        "金额合计 {{ fmt(sum('money')) }} 元，约 {{ plain(sum('money')) }} 元；{{ label('care') }}",
    ], [["单位", "稿件数"], ["{%tr for u in units %}", ""], ["{{ u.name }}", "{{ u.articles }}"],
        ["{%tr endfor %}", ""]])
    texts = _docx_texts(_fill(word, docs, knowledge, "杭州市总工会").data)
    assert not [t for t in texts if MARKUP.search(t)]
    for s in b.sections:
        assert f"{s.label}（{len(s.items)}篇）" in texts
    assert sum(1 for t in texts if re.match(r"^\d+\. ", t)) == len(b.items)
    assert any(t.endswith("元；职工关爱服务") and t.startswith("金额合计 ") for t in texts)


def test_empty_list_keeps_one_blank_row(knowledge, tmp_path):
    docs = _docs_with("标题", "摘要")
    tpl = _xlsx(tmp_path / "空.xlsx", {
        "A1": "{%row for f in filter_items(kind='photo') %}{{ f.title }}",
        "B1": "{{ f.summary }}", "C1": "不变", "A2": "=COUNTA(A1:A1)"})
    ws = _book(_fill(tpl, docs, knowledge).data)["汇总"]
    assert (ws["A1"].value, ws["B1"].value, ws["C1"].value) == (None, None, "不变")
    assert ws["A2"].value == "=COUNTA(A1:A1)"


def test_repeated_row_keeps_styles_validation_and_formats(knowledge, tmp_path):
    docs = _docs_with("标题", "摘要") * 1
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"] = "{%row for it in items %}{{ it.title }}"
    ws["B1"] = "{{ it.figures | length }}"
    ws["B1"].number_format = "0.00"
    ws["A2"] = "=SUM(B1:B1)"
    dv = DataValidation(type="whole", operator="greaterThan", formula1="0")
    dv.add("B1")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add("B1", CellIsRule(operator="greaterThan", formula=["0"]))
    path = tmp_path / "t.xlsx"
    wb.save(path)
    two = [docs[0].model_copy(update={"articles": docs[0].articles * 2})]
    out = _book(_fill(path, two, knowledge).data)["表"]
    assert [out["B1"].value, out["B2"].value] == [1, 1]
    assert out["B2"].number_format == "0.00"
    assert out["A3"].value == "=SUM(B1:B2)"
    assert str(out.data_validations.dataValidation[0].sqref) == "B1:B2"
    assert [str(cf.sqref) for cf in out.conditional_formatting] == ["B1:B2"]


def test_marker_may_stand_in_any_column(knowledge, tmp_path):
    docs = _docs_with("标题", "摘要")
    two = [docs[0].model_copy(update={"articles": docs[0].articles * 2})]
    tpl = _xlsx(tmp_path / "m.xlsx", {"A2": "{{ loop.index }}",
                                      "B2": "{%tr for it in items %}{{ it.union }}"})
    ws = _book(_fill(tpl, two, knowledge).data)["汇总"]
    assert [[c.value for c in r] for r in ws["A2:B3"]] == [[1, "余杭区总工会"], [2, "余杭区总工会"]]
    marker = "{%row for u in units %}"
    tpl = _xlsx(tmp_path / "two.xlsx", {"A1": marker, "B1": marker})
    with pytest.raises(FillError, match=r"汇总!B1：第 1 行已有"):
        _fill(tpl, two, knowledge)


def test_rich_text_cells(knowledge, tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = Workbook()
    ws = wb.active
    ws["A1"] = CellRichText(["注：", TextBlock(InlineFont(b=True), "加粗"), "说明"])
    ws["A2"] = CellRichText(["单位：", TextBlock(InlineFont(b=True), "{{ unit.name }}")])
    wb.save(tmp_path / "r.xlsx")
    data = _fill(tmp_path / "r.xlsx", _docs_with("标题", "摘要"), knowledge).data
    out = load_workbook(io.BytesIO(data), rich_text=True).active
    assert isinstance(out["A1"].value, CellRichText) and str(out["A1"].value) == "注：加粗说明"
    assert out["A2"].value == "单位：浙江省总工会"


# --- pieces ------------------------------------------------------------------------------------
def test_reference_adjustment():
    ins = Insertion("统计表", 5, 10)
    assert adjust_formula("=SUM(C5:C5)", ins, "统计表") == "=SUM(C5:C15)"
    assert adjust_formula("=SUM(C5:C5)", ins, "统计表", grow=False) == "=SUM(C5:C5)"
    assert adjust_formula("=C6+$D$7-C4", ins, "统计表") == "=C16+$D$17-C4"
    assert adjust_formula("=统计表!D6*2", ins, "说明") == "=统计表!D16*2"
    assert adjust_formula("='统计表'!A1:B9", ins, "说明") == "='统计表'!A1:B19"
    assert adjust_formula("=D6", ins, "说明") == "=D6"  # another sheet's own cell
    assert adjust_formula('=IF(A6>0,"C6",A:A)', ins, "统计表") == '=IF(A16>0,"C6",A:A)'
    assert adjust_formula("=SUM(5:5)", ins, "统计表") == "=SUM(5:15)"
    assert adjust_formula("统计表!$D$6", ins, None) == "统计表!$D$16"
    assert adjust_range("C5", ins) == "C5:C15"
    assert adjust_range("A1:S14", ins) == "A1:S24"
    assert adjust_range("A1:S4", ins) == "A1:S4"


def test_cached_values_of_simple_formulas():
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"], ws["A2"], ws["A3"] = 3, 4.5, "文字"
    ws["B1"] = "=SUM(A1:A3)"
    ws["B2"] = "=ROUND(B1/2,1)+IF(A1>2,1,0)"
    ws["B3"] = "=B1/0"
    ws["B4"] = "=VLOOKUP(A1,A1:A3,1)"
    ws["B5"] = "=-A1^2+10%"
    got = Evaluator(wb).cached_values()
    assert got[("表", "B1")] == 7.5 and got[("表", "B2")] == 4.8
    assert ("表", "B3") not in got and ("表", "B4") not in got
    assert got[("表", "B5")] == pytest.approx(9.1)  # Excel: unary minus before ^


def test_select_by_region_names(docs, knowledge):
    for name in ("杭州市", "杭州市总工会", "杭州市余杭区总工会", "余杭区", "余杭区总工会"):
        b = select_briefing(docs, knowledge.schemas, knowledge.gazetteer, Config(), name, "all")
        assert b.unit.city == "杭州市"
    b = select_briefing(docs, knowledge.schemas, knowledge.gazetteer, Config(), None, None)
    assert b.unit.level == "province"


def _run(argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI as `unionbrief` does (main), capturing exit code, stdout and stderr."""
    import contextlib
    import sys

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        old = sys.stdout, sys.stderr
        try:
            cli_module.main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()

