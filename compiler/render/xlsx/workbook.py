"""Excel 统计表 (.xlsx): summary with SUM totals, item and figure sheets, a category bar chart."""
from __future__ import annotations

import math
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from compiler.model.briefing import Briefing
from compiler.present import labels
from compiler.present.citation import citation
from compiler.present.options import RenderOptions
from compiler.present.view import build_view
from compiler.render.xlsx.grid import DATE_FORMAT, CellGrid, CellStyle
from compiler.render.xlsx.package import xlsx_bytes
from compiler.present.text import clean, display_width, fixed_date

INT_FORMAT = "#,##0"
DEC_FORMAT = "#,##0.0#"
MAX_CELL = 32767  # Excel's limit on characters in a cell
HEADER = CellStyle(bold=True, wrap=True, align="center", font="header", fill="header")


@lru_cache(maxsize=1 << 15)
def _cell_text(raw: str) -> tuple[str, int]:
    """Cleaned, capped text and its display width; the same article text fills many cells."""
    text = clean(raw)[:MAX_CELL]
    return text, display_width(text)


@lru_cache(maxsize=256)
def _style(bold: bool, fmt: str | None, wrap: bool, align: str | None,
           fill: str | None) -> CellStyle:
    return CellStyle(bold=bold, fmt=fmt, wrap=wrap, align=align, fill=fill)


class Sheet:
    """A worksheet, its cells in a grid, plus the bookkeeping for widths and row heights."""

    def __init__(self, ws: Worksheet, grids: dict[str, CellGrid]):
        self.ws = ws
        self.grid = grids[ws.title] = CellGrid(ws.parent.epoch)
        self.widths: dict[int, int] = {}
        # Display width of each text put, by (row, column): row heights come from these.
        self.text_widths: dict[tuple[int, int], int] = {}

    def put(self, row: int, col: int, value: Any, *, bold: bool = False, fmt: str | None = None,
            wrap: bool = False, align: str | None = None, fill: str | None = None,
            measure: bool = True, style: CellStyle | None = None) -> None:
        width = 0
        if isinstance(value, str):
            value, width = _cell_text(value)
            self.text_widths[(row, col)] = width
        self.grid.set(row, col, value, style or _style(bold, fmt, wrap, align, fill))
        if measure and value is not None:
            if not isinstance(value, str):
                width = display_width(value.strftime("%Y-%m-%d") if isinstance(value, datetime)
                                      else f"{value:,}" if isinstance(value, (int, float))
                                      else str(value))
            self.widths[col] = max(self.widths.get(col, 0), width)

    def formula(self, row: int, col: int, formula: str, value: Any, **kw: Any) -> None:
        """A formula cell; its value is stored too, for readers that do not recalculate."""
        self.put(row, col, value, **kw)  # styled and measured as the value
        self.grid.make_formula(row, col, formula)

    def note(self, row: int, text: str, font: str) -> None:
        """A line of text outside the table, not counted in the column widths."""
        self.put(row, 1, text, measure=False, style=CellStyle(font=font, boxed=False))

    def header(self, row: int, titles: list[str]) -> None:
        for col, title in enumerate(titles, start=1):
            self.put(row, col, title, style=HEADER)
        self.grid.heights[row] = 30

    def title(self, text: str, subtitle: str) -> None:
        # Not merged across the table: left-aligned text runs on over the empty cells to its
        # right all the same, and merging cost a twentieth of a small workbook.
        self.note(1, text, "title")
        self.note(2, subtitle, "subtitle")
        self.grid.heights[1] = 28

    def fit(self, caps: dict[int, int] | None = None, minimum: int = 6) -> None:
        """CJK-aware widths: a Chinese character takes two columns of width."""
        caps = caps or {}
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = max(
                minimum, min(width + 2, caps.get(col, 40)))

    def wrap_heights(self, first_row: int, last_row: int, wrapped: list[int]) -> None:
        """Row heights for the text put in wrapped columns (openpyxl cannot autofit; Excel does
        not on open)."""
        if last_row < first_row:
            return
        dims = self.ws.column_dimensions
        room = [(col, max((dims[get_column_letter(col)].width or 10) - 1, 1)) for col in wrapped]
        for row in range(first_row, last_row + 1):
            lines = 1
            for col, width in room:
                text_width = self.text_widths.get((row, col))
                if text_width:
                    lines = max(lines, math.ceil(text_width / width))
            self.grid.heights[row] = min(409, 15 * lines + 4)


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide, header row repeated: printable as the federation files it."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    if ws.print_title_rows is None and ws.freeze_panes == "A2":
        ws.print_title_rows = "1:1"


def _number_format(value: float | int) -> str:
    return DEC_FORMAT if isinstance(value, float) and not value.is_integer() else INT_FORMAT


def _summary(wb: Workbook, b: Briefing, grids: dict) -> tuple[str, dict]:
    """汇总: one row per unit, SUM formulas in the total row; returns where the totals are."""
    ws = wb.active
    ws.title = "汇总"
    sh = Sheet(ws, grids)
    # StatRow.metrics is keyed "metric:unit" so that 场 and 次 of one metric stay apart
    metrics = [(f"{t.metric}:{t.unit}", t.label, t.unit) for t in b.metric_totals]
    known = {m for m, _, _ in metrics}
    extra = sorted({k for r in b.stat_rows for k in r.metrics} - known)
    metrics += [(m, m, "") for m in extra]
    titles = (["单位", "层级", "稿件数"] + [c.label for c in b.categories]
              + [f"{label}（{unit}）" if unit else label for _, label, unit in metrics])
    sh.title(f"{b.unit.name}{b.period.label}工会工作统计表",
             f"编印：{b.editor}；期号：{b.issue_no}；本期收录稿件 {len(b.items)} 篇")
    head = 3
    sh.header(head, titles)
    units = [r for r in b.stat_rows if not r.is_total]
    total = next((r for r in b.stat_rows if r.is_total), None)
    row = head
    for r in units:
        row += 1
        values = ([r.articles] + [r.by_category.get(c.id, 0) for c in b.categories]
                  + [r.metrics.get(m) for m, _, _ in metrics])
        sh.put(row, 1, r.name)
        sh.put(row, 2, labels.level_label(r.level), align="center")
        for col, v in enumerate(values, start=3):
            sh.put(row, col, v, fmt=_number_format(v) if v is not None else None)
    first, last = head + 1, row
    total_cells: dict[int, str] = {}
    mismatch = False
    if total is not None:
        row += 1
        sh.put(row, 1, total.name, bold=True, fill="total")
        sh.put(row, 2, "", bold=True, fill="total")
        values = ([total.articles] + [total.by_category.get(c.id, 0) for c in b.categories]
                  + [total.metrics.get(m) for m, _, _ in metrics])
        for col, v in enumerate(values, start=3):
            column_sum = sum(sh.grid.value(i, col) or 0 for i in range(first, last + 1))
            fmt = _number_format(v) if v is not None else INT_FORMAT
            letter = get_column_letter(col)
            # The total row is a formula over the unit rows whenever it equals their sum; a total
            # that also counts units not listed stays a value, and a note says why.
            if units and (v is None or math.isclose(v, column_sum)):
                sh.formula(row, col, f"SUM({letter}{first}:{letter}{last})", column_sum, bold=True,
                           fmt=fmt, fill="total")
            else:
                mismatch = mismatch or bool(units)
                sh.put(row, col, v, bold=True, fmt=fmt, fill="total")
            total_cells[col] = f"{letter}{row}"
    ws.freeze_panes = f"B{head + 1}"
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(titles))}{max(last, head)}"
    note_row = row + 2
    if mismatch:
        sh.note(note_row, "注：合计行含未单列单位的稿件，部分合计数大于各单位之和。", "note")
        note_row += 1
    if b.metric_totals:
        note_row += 1
        sh.note(note_row, "主要数据汇总", "section")
        note_row += 1
        for col, t in enumerate(["指标", "计量单位", "合计数值", "表述", "数据条数"], start=1):
            sh.put(note_row, col, t, bold=True, align="center", fill="total", measure=False)
        for t in b.metric_totals:
            note_row += 1
            sh.put(note_row, 1, t.label)
            sh.put(note_row, 2, t.unit, align="center", measure=False)
            sh.put(note_row, 3, t.value, fmt=_number_format(t.value))
            sh.put(note_row, 4, t.display, measure=False)
            sh.put(note_row, 5, t.figures, fmt=INT_FORMAT, measure=False)
    sh.fit(caps={1: 30}, minimum=8)
    # Category headers wrap over two lines rather than widen twenty columns.
    for col in range(4, 4 + len(b.categories)):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(8, min(ws.column_dimensions[letter].width, 12))
    ws.print_title_rows = f"{head}:{head}"
    return ws.title, {c.id: total_cells.get(4 + i) for i, c in enumerate(b.categories)}


def _items(wb: Workbook, b: Briefing, grids: dict) -> None:
    sh = Sheet(wb.create_sheet("举措明细"), grids)
    cat_labels = {c.id: c.label for c in b.categories}
    titles = ["日期", "单位", "层级", "地区", "标题", "主要类别", "全部类别", "摘要", "来源"]
    sh.header(1, titles)
    for row, it in enumerate(b.items, start=2):
        when: Any = (datetime.combine(it.issue_date, datetime.min.time()) if it.issue_date
                     else it.issue_label)
        sh.put(row, 1, when, fmt=DATE_FORMAT if it.issue_date else None, align="center")
        sh.put(row, 2, it.union or "")
        sh.put(row, 3, labels.level_label(it.union_level), align="center")
        sh.put(row, 4, it.region or "")
        sh.put(row, 5, it.title, wrap=True)
        sh.put(row, 6, cat_labels.get(it.primary_category or "", it.primary_category or ""))
        sh.put(row, 7, "、".join(cat_labels.get(c, c) for c in it.categories), wrap=True)
        sh.put(row, 8, it.summary, wrap=True)
        sh.put(row, 9, citation(it), wrap=True)
    sh.fit(caps={5: 40, 7: 24, 8: 60, 9: 36})
    sh.wrap_heights(2, len(b.items) + 1, [5, 7, 8, 9])
    sh.ws.freeze_panes = "A2"
    sh.ws.auto_filter.ref = f"A1:I{max(1, len(b.items) + 1)}"


def _figures(wb: Workbook, b: Briefing, grids: dict) -> None:
    sh = Sheet(wb.create_sheet("数据指标"), grids)
    titles = ["标题", "单位", "指标", "数值", "计量单位", "限定词", "状态", "原文"]
    sh.header(1, titles)
    row = 1
    for it in b.items:
        for f in it.figures:
            row += 1
            sh.put(row, 1, it.title, wrap=True)
            sh.put(row, 2, it.union or "")
            sh.put(row, 3, f.metric_label or f.metric or "")
            sh.put(row, 4, f.value, fmt=_number_format(f.value))
            sh.put(row, 5, f.unit, align="center")
            sh.put(row, 6, labels.QUALIFIERS.get(f.qualifier) or "精确", align="center")
            sh.put(row, 7, labels.STATUSES.get(f.status, f.status), align="center")
            sh.put(row, 8, f.text)
    sh.fit(caps={1: 40, 3: 24})
    sh.wrap_heights(2, row, [1])
    sh.ws.freeze_panes = "A2"
    sh.ws.auto_filter.ref = f"A1:H{max(row, 1)}"


def _chart(wb: Workbook, view: dict[str, Any], summary: str,
           total_cells: dict[str, str | None], grids: dict) -> None:
    """类别分布: the category counts (linked to the summary's total row) and a bar chart."""
    sh = Sheet(wb.create_sheet("类别分布"), grids)
    sh.header(1, ["工作类别", "稿件数"])
    ids = {c["label"]: c["id"] for c in view["table"]["columns"]}
    rows = view["chart"]
    for row, entry in enumerate(rows, start=2):
        sh.put(row, 1, entry["label"])
        ref = total_cells.get(ids.get(entry["label"], ""))
        if ref:
            sh.formula(row, 2, f"={quote_sheetname(summary)}!{ref}", entry["count"], fmt=INT_FORMAT)
        else:
            sh.put(row, 2, entry["count"], fmt=INT_FORMAT)
    sh.fit(minimum=10)
    sh.ws.freeze_panes = "A2"
    if rows:
        sh.ws.add_chart(_bar_chart(quote_sheetname(sh.ws.title), len(rows)), "D2")


@lru_cache(maxsize=64)
def _bar_chart(sheet: str, rows: int) -> BarChart:
    """The bar chart over the first `rows` categories of `sheet`: the same for every workbook
    with as many categories, so made (and written, excel_package) once for all of them."""
    chart = BarChart()
    chart.type = "col"
    chart.style = 10
    chart.title = "各类别稿件数"
    chart.y_axis.title = "稿件数（篇）"
    chart.x_axis.title = "工作类别"
    chart.y_axis.majorGridlines = None
    chart.y_axis.numFmt = "0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    data = Reference(range_string=f"{sheet}!$B$1:$B${rows + 1}")
    cats = Reference(range_string=f"{sheet}!$A$2:$A${rows + 1}")
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.series[0].graphicalProperties.solidFill = "C00000"
    # Value only: LibreOffice shows series and category names unless told not to.
    chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                     showLegendKey=False, showPercent=False)
    chart.height, chart.width = 9, 16
    return chart


def render_xlsx(briefing: Briefing, out_path: Path, options: RenderOptions) -> None:
    b = briefing
    view = build_view(b, options)
    grids: dict[str, CellGrid] = {}
    wb = Workbook()
    summary, total_cells = _summary(wb, b, grids)
    _items(wb, b, grids)
    _figures(wb, b, grids)
    _chart(wb, view, summary, total_cells, grids)
    for ws in wb.worksheets:
        _print_setup(ws)
    stamp_dt = datetime.combine(fixed_date(b.period.key, b.print_date), datetime.min.time())
    props = wb.properties
    props.creator = clean(b.editor)
    props.lastModifiedBy = "unionbrief"
    props.title = clean(f"{b.unit.name}{b.period.label}工会工作统计表")
    props.subject = clean(f"{b.bulletin_name} {b.issue_no}")
    props.keywords = "统计表"
    props.created = props.modified = stamp_dt
    stamp = stamp_dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    Path(out_path).write_bytes(xlsx_bytes(wb, grids, stamp))
