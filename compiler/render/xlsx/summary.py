"""The statistics sheets that are printed and filed: 类别统计 (articles by unit and category) and
数据统计 (figures by unit and metric), each on A4 landscape at a readable size."""
from __future__ import annotations

import math
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from compiler.model.briefing import Briefing, StatRow
from compiler.present.text import cn_date, display_width
from compiler.render.xlsx.grid import CellStyle
from compiler.render.xlsx.sheet import INT_FORMAT, Sheet, number_format

CATEGORY_SHEET = "类别统计"
FIGURE_SHEET = "数据统计"
# Column widths in Excel's character units (a Chinese character takes two). A header wraps
# over up to three lines instead of widening its column: all 16 categories print on A4
# landscape at 80% (about 9 pt), a usual month's few at full size.
NAME_WIDTH = (10, 24)
COUNT_WIDTH = 8
CATEGORY_WIDTH = 7
METRIC_WIDTH = 11
HEADER_LINE = 15  # points per line of a wrapped header
ROW = 15  # points of a row of the table, as LibreOffice and Excel draw it with 11 pt text
# Column width units that A4 landscape holds at 100% with 0.5" margins: measured, LibreOffice
# puts 9 columns of 24 + 8 x 11 on a page.
PAGE_UNITS = 115
TITLE = CellStyle(font="title", boxed=False, align="center")
INFO = CellStyle(font="subtitle", boxed=False)
INFO_RIGHT = CellStyle(font="subtitle", boxed=False, align="right")


def _head(sh: Sheet, b: Briefing, title: str, unit_of_measure: str, ncols: int) -> int:
    """Title, 填报单位 / 统计周期 / 填报日期 / 计量单位 over the table's `ncols` columns;
    returns the header row."""
    sh.put(1, 1, f"{b.unit.name}{b.period.label}{title}", measure=False, style=TITLE)
    if ncols > 1:
        sh.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    sh.grid.heights[1] = 30
    sh.put(2, 1, f"填报单位：{b.unit.name}", measure=False, style=INFO)
    sh.put(2, ncols, f"统计周期：{b.period.label}", measure=False,
           style=INFO_RIGHT if ncols > 1 else INFO)
    filed = cn_date(b.print_date)
    sh.put(3, 1, f"填报日期：{filed}" if filed else "填报日期：", measure=False, style=INFO)
    sh.put(3, ncols, f"计量单位：{unit_of_measure}", measure=False,
           style=INFO_RIGHT if ncols > 1 else INFO)
    return 4


def _header_row(sh: Sheet, row: int, titles: list[str], widths: list[int]) -> None:
    sh.header(row, titles)
    # a column of width w holds (w - 1) // 2 Chinese characters a line
    lines = max(math.ceil(display_width(t) / max(w - 1, 1)) for t, w in zip(titles, widths))
    sh.grid.heights[row] = HEADER_LINE * max(lines, 1) + 6


def _set_widths(sh: Sheet, widths: list[int]) -> None:
    for col, width in enumerate(widths, start=1):
        sh.ws.column_dimensions[get_column_letter(col)].width = width


def _name_width(b: Briefing) -> int:
    names = [r.name for r in b.stat_rows] + ["单位"]
    widest = max(display_width(n) for n in names)
    return max(NAME_WIDTH[0], min(widest + 2, NAME_WIDTH[1]))


def _table(sh: Sheet, head: int, rows: list[StatRow], total: StatRow | None,
           values_of) -> tuple[dict[int, str], bool]:
    """Unit rows, then a total row of SUM formulas; returns the total cells by column and
    whether some total counts more than the rows listed."""
    row = head
    for r in rows:
        row += 1
        sh.put(row, 1, r.name)
        for col, v in enumerate(values_of(r), start=2):
            sh.put(row, col, v, fmt=number_format(v) if v is not None else None)
    first, last = head + 1, row
    cells: dict[int, str] = {}
    mismatch = False
    if total is not None:
        row += 1
        sh.put(row, 1, total.name, bold=True, fill="total")
        for col, v in enumerate(values_of(total), start=2):
            column_sum = sum(sh.grid.value(i, col) or 0 for i in range(first, last + 1))
            fmt = number_format(v) if v is not None else INT_FORMAT
            letter = get_column_letter(col)
            # A formula over the unit rows whenever the total equals their sum; a total that also
            # counts units not listed stays a value, and a note says why.
            if rows and (v is None or math.isclose(v, column_sum)):
                sh.formula(row, col, f"SUM({letter}{first}:{letter}{last})", column_sum,
                           bold=True, fmt=fmt, fill="total")
            else:
                mismatch = mismatch or bool(rows)
                sh.put(row, col, v, bold=True, fmt=fmt, fill="total")
            cells[col] = f"{letter}{row}"
    return cells, mismatch


def _finish(sh: Sheet, head: int, ncols: int, last_row: int) -> None:
    sh.ws.freeze_panes = f"B{head + 1}"
    sh.ws.auto_filter.ref = f"A{head}:{get_column_letter(ncols)}{max(last_row, head)}"
    sh.ws.print_title_rows = f"1:{head}"  # title, the lines under it and the header on every page


def category_sheet(wb: Workbook, b: Briefing, grids: dict) -> tuple[str, dict[str, str | None]]:
    """类别统计: articles per unit and category (the categories this report has); returns the
    sheet's name and the total cell of each category."""
    ws = wb.active
    ws.title = CATEGORY_SHEET
    sh = Sheet(ws, grids)
    rows = [r for r in b.stat_rows if not r.is_total]
    total = next((r for r in b.stat_rows if r.is_total), None)
    basis = [total] if total else rows
    # Only categories with articles: a county's month is a few columns, not an empty grid.
    cats = [c for c in b.categories if any(r.by_category.get(c.id, 0) for r in basis)]
    titles = ["单位", "稿件数"] + [c.label for c in cats]
    widths = [_name_width(b), COUNT_WIDTH] + [CATEGORY_WIDTH] * len(cats)
    head = _head(sh, b, "工会工作分类统计表", "篇", len(titles))
    _header_row(sh, head, titles, widths)
    cells, mismatch = _table(sh, head, rows, total, lambda r: [r.articles] + [
        r.by_category.get(c.id, 0) for c in cats])
    last = head + len(rows) + (1 if total else 0)
    _set_widths(sh, widths)
    _finish(sh, head, len(titles), last)
    notes = []
    if mismatch:
        notes.append("注：合计行含未单列单位的稿件，部分合计数大于各单位之和。")
    if len(cats) < len(b.categories):
        notes.append("注：表中只列本期有稿件的工作类别，其余类别稿件数为 0。")
    notes.append("注：每篇稿件只计入其主要类别一次。")
    for i, text in enumerate(notes):
        sh.note(last + 2 + i, text, "note")
    return ws.title, {c.id: cells.get(3 + i) for i, c in enumerate(cats)}


def figure_sheet(wb: Workbook, b: Briefing, grids: dict) -> None:
    """数据统计: the summable figures per unit and metric, then the report's metric totals.

    Many metrics do not fit a page's width at a readable size: they are set as tables stacked
    one under another (续表), each as wide as the page, rather than one table shrunk or cut.
    """
    sh = Sheet(wb.create_sheet(FIGURE_SHEET), grids)
    # StatRow.metrics is keyed "metric:unit" so that 场 and 次 of one metric stay apart
    metrics: list[tuple[str, str, str]] = [(f"{t.metric}:{t.unit}", t.label, t.unit)
                                           for t in b.metric_totals]
    known = {m for m, _, _ in metrics}
    metrics += [(m, m, "") for m in sorted({k for r in b.stat_rows for k in r.metrics} - known)]
    name_width = _name_width(b)
    # wide enough for the largest number of the column (the total) with its thousands commas
    width_of = {m: max(METRIC_WIDTH, len(f"{_largest(b, m):,}") + 3) for m, _, _ in metrics}
    blocks = _blocks(metrics, width_of, PAGE_UNITS - name_width)
    widths = [name_width] + [max((width_of[blk[i][0]] for blk in blocks if i < len(blk)),
                                 default=METRIC_WIDTH)
                             for i in range(max((len(blk) for blk in blocks), default=0))]
    widths += [METRIC_WIDTH] * (5 - len(widths))  # the totals block below has five columns
    head = _head(sh, b, "工会工作数据统计表", "见表头", min(len(widths), 1 + max(
        (len(blk) for blk in blocks), default=4)))
    rows = [r for r in b.stat_rows if not r.is_total]
    total = next((r for r in b.stat_rows if r.is_total), None)
    last = head - 1
    mismatch = False
    page = _Page(sh, head - 1)
    for n, block in enumerate(blocks):
        top = last + 1
        # each table whole on a page: header (two lines at most), 计量单位, units, total
        page.keep(top + 1 if n else top,
                  3 * HEADER_LINE + 10 + ROW * (len(rows) + 1 + (1 if n else 0)))
        if n:
            sh.note(top + 1, "（续表）", "note")
            top += 2
        titles = ["单位"] + [label for _, label, _ in block]
        _header_row(sh, top, titles, widths)
        # 计量单位 on a row of its own under the header, as statistical forms have it
        sh.header(top + 1, ["计量单位"] + [f"（{unit}）" if unit else "" for _, _, unit in block])
        sh.grid.heights[top + 1] = HEADER_LINE + 4
        _, wrong = _table(sh, top + 1, rows, total,
                          lambda r, block=block: [r.metrics.get(m) for m, _, _ in block])
        mismatch = mismatch or wrong
        last = top + 1 + len(rows) + (1 if total else 0)
        if len(blocks) == 1:
            _finish(sh, top + 1, len(titles), last)
    if len(blocks) > 1:  # stacked tables: the title lines and the unit column stay in view
        sh.ws.freeze_panes = f"B{head}"
        sh.ws.print_title_rows = f"1:{head - 1}"
    if not blocks:
        sh.note(head, "本期稿件中没有可以相加的数据。", "note")
        last = head
    if mismatch:
        sh.note(last + 2, "注：合计行含未单列单位的数据，部分合计数大于各单位之和。", "note")
        last += 1
    _set_widths(sh, widths)
    if b.metric_totals:
        page.keep(last + 2, ROW * (len(b.metric_totals) + 3))  # the block whole on one page
        last = _totals_block(sh, b, last + 2)
    # shown apart from the sums, never added: standing totals (latest per union) and targets
    last = _noted_block(sh, last, "累计数与现有数（各单位最新报告值，不相加）", b.standing_totals)
    _noted_block(sh, last, "工作目标（单列，不计入合计）", b.targets)


class _Page:
    """Where a printed page of the sheet ends, as far as row heights tell: a table that would
    run over the foot starts a new page (a manual break) instead."""

    HEIGHT = 480  # points of an A4 landscape page inside default margins, at 100%

    def __init__(self, sh: Sheet, title_rows: int):
        self.sh = sh
        self.repeated = sum(sh.grid.heights.get(r, ROW) for r in range(1, title_rows + 1))
        self.used = self.repeated

    def keep(self, top: int, height: float) -> None:
        """The rows from `top`, `height` points high, are about to be written."""
        if self.used + height > self.HEIGHT and self.used > self.repeated:
            self.sh.ws.row_breaks.append(Break(id=top - 1))
            self.used = self.repeated
        self.used += height


def _largest(b: Briefing, metric: str) -> float | int:
    return max((abs(r.metrics.get(metric) or 0) for r in b.stat_rows), default=0)


def _blocks(metrics: list, width_of: dict[str, int], room: int) -> list[list]:
    """The metrics in as few tables as fit `room` across, of even length (6, 6, 5, not 8, 8, 1)."""
    if not metrics:
        return []
    per = max(1, room // max(width_of.values()))
    count = -(-len(metrics) // per)
    size = -(-len(metrics) // count)
    return [metrics[i:i + size] for i in range(0, len(metrics), size)]


def _totals_block(sh: Sheet, b: Briefing, row: int) -> int:
    sh.note(row, "主要数据汇总", "section")
    row += 1
    for col, t in enumerate(["指标", "计量单位", "合计数值", "表述", "数据条数"], start=1):
        sh.put(row, col, t, bold=True, align="center", fill="total", measure=False)
    for total in b.metric_totals:
        row += 1
        values: list[tuple[Any, dict]] = [
            (total.label, {}), (total.unit, {"align": "center"}),
            (total.value, {"fmt": number_format(total.value)}), (total.display, {}),
            (total.figures, {"fmt": INT_FORMAT})]
        for col, (v, kw) in enumerate(values, start=1):
            sh.put(row, col, v, measure=False, **kw)
    return row


def _noted_block(sh: Sheet, row: int, title: str, figures: list) -> int:
    """Figures shown apart from the sums (standing totals, targets), each with its source."""
    if not figures:
        return row
    row += 2
    sh.note(row, title, "section")
    row += 1
    # the metric first: column A of 汇总 names units only in the table above
    for col, t in enumerate(["指标", "单位", "表述", "报告日期", "原文", "来源", "出处句子"], start=1):
        sh.put(row, col, t, bold=True, align="center", fill="total", measure=False)
    for n in figures:
        row += 1
        sh.put(row, 1, n.label)
        sh.put(row, 2, n.union or "")
        sh.put(row, 3, n.display, measure=False)
        sh.put(row, 4, n.date_label, align="center", measure=False)
        sh.put(row, 5, n.text, measure=False)
        sh.put(row, 6, f"{n.title}（{n.source}）", measure=False)
        sh.put(row, 7, n.sentence, measure=False)
    return row
