"""Excel 统计表 (.xlsx): category and figure statistics with SUM totals, item and figure sheets,
a category bar chart."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import get_column_letter, quote_sheetname

from compiler.model.briefing import Briefing
from compiler.present import labels
from compiler.present.citation import citation
from compiler.present.options import RenderOptions
from compiler.present.text import clean, fixed_date
from compiler.present.view import build_view
from compiler.render.xlsx.grid import DATE_FORMAT, CellGrid
from compiler.render.xlsx.package import xlsx_bytes
from compiler.render.xlsx.sheet import INT_FORMAT, Sheet, print_setup
from compiler.render.xlsx.sheet import number_format as _number_format
from compiler.render.xlsx.summary import category_sheet, figure_sheet


def _items(wb: Workbook, b: Briefing, grids: dict) -> None:
    sh = Sheet(wb.create_sheet("举措明细"), grids)
    cat_labels = {c.id: c.label for c in b.categories}
    titles = ["日期", "单位", "层级", "地区", "标题", "主要类别", "全部类别", "摘要", "来源"]
    sh.header(1, titles)
    for row, it in enumerate(b.items, start=2):
        when: Any = (datetime.combine(it.issue_date, datetime.min.time()) if it.issue_date
                     else it.issue_label)
        sh.put(row, 1, when, fmt=DATE_FORMAT if it.issue_date else None, align="center")
        sh.put(row, 2, it.union or "", wrap=True)
        sh.put(row, 3, labels.level_label(it.union_level), align="center")
        sh.put(row, 4, it.region or "", wrap=True)
        sh.put(row, 5, it.title, wrap=True)
        sh.put(row, 6, cat_labels.get(it.primary_category or "", it.primary_category or ""),
               wrap=True)
        sh.put(row, 7, "、".join(cat_labels.get(c, c) for c in it.categories), wrap=True)
        sh.put(row, 8, it.summary, wrap=True)
        sh.put(row, 9, citation(it), wrap=True)
    # Narrow enough for A4 landscape at about 80%: long text wraps in its column.
    sh.fit(caps={2: 16, 4: 12, 5: 28, 6: 12, 7: 14, 8: 44, 9: 18})
    sh.wrap_heights(2, len(b.items) + 1, [2, 4, 5, 6, 7, 8, 9])
    sh.ws.freeze_panes = "A2"
    sh.ws.auto_filter.ref = f"A1:I{max(1, len(b.items) + 1)}"


FIGURE_TITLES = ["标题", "单位", "指标", "数值", "计量单位", "限定词", "状态", "作用", "计入合计",
                 "原文", "出处句子"]


def _figures(wb: Workbook, b: Briefing, grids: dict) -> None:
    """数据指标: every figure with what it counts, how it may be used, whether it entered a
    total and the sentence it comes from, so that every total can be traced."""
    sh = Sheet(wb.create_sheet("数据指标"), grids)
    sh.header(1, FIGURE_TITLES)
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
            sh.put(row, 8, labels.ROLES.get(f.role, f.role), align="center")
            sh.put(row, 9, "是" if f.summed else "否", align="center")
            sh.put(row, 10, f.text)
            sh.put(row, 11, f.sentence, wrap=True)
    sh.fit(caps={1: 40, 3: 24, 11: 60})
    sh.wrap_heights(2, row, [1, 11])
    sh.ws.freeze_panes = "A2"
    sh.ws.auto_filter.ref = f"A1:{get_column_letter(len(FIGURE_TITLES))}{max(row, 1)}"


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


def render(briefing: Briefing, out_path: Path, options: RenderOptions) -> None:
    b = briefing
    view = build_view(b, options)
    grids: dict[str, CellGrid] = {}
    wb = Workbook()
    summary, total_cells = category_sheet(wb, b, grids)
    figure_sheet(wb, b, grids)
    _items(wb, b, grids)
    _figures(wb, b, grids)
    _chart(wb, view, summary, total_cells, grids)
    for ws in wb.worksheets:
        print_setup(ws)
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
