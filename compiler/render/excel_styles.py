"""The statistics workbook's look: fonts, fills and borders, and each CellStyle as a workbook style."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from .excel_grid import CellStyle

BODY_FONT = "宋体"
HEAD_FONT = "黑体"
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONTS = {bold: Font(name=BODY_FONT, size=11, bold=bold) for bold in (False, True)}
FONTS = {
    "title": Font(name=HEAD_FONT, size=16, bold=True, color="C00000"),
    "subtitle": Font(name=BODY_FONT, size=10, color="595959"),
    "note": Font(name=BODY_FONT, size=10, color="595959"),
    "section": Font(name=HEAD_FONT, size=12, bold=True),
    "header": Font(name=HEAD_FONT, size=11, bold=True, color="FFFFFF"),
}
FILLS = {
    "header": PatternFill("solid", fgColor="C00000"),
    "total": PatternFill("solid", fgColor="F2F2F2"),
}


class WorkbookStyles:
    """Style ids of one workbook, each CellStyle registered with openpyxl the first time a cell
    of it is written (so ids come in the order openpyxl itself would give them)."""

    def __init__(self, wb: Workbook):
        self._sheet = wb.active  # a scratch cell needs a sheet of the workbook; it is not added
        self._ids: dict[CellStyle, int] = {}

    def id(self, style: CellStyle) -> int:
        known = self._ids.get(style)
        if known is None:
            known = self._ids[style] = apply_style(Cell(self._sheet), style).style_id
        return known


def apply_style(cell: Cell, style: CellStyle) -> Cell:
    """The cell with the look `style` names, set the way openpyxl styles any cell."""
    cell.font = FONTS[style.font] if style.font else BODY_FONTS[style.bold]
    if style.boxed:
        cell.border = GRID
        cell.alignment = Alignment(vertical="center", wrap_text=style.wrap, horizontal=style.align)
    if style.fill:
        cell.fill = FILLS[style.fill]
    if style.fmt:
        cell.number_format = style.fmt
    return cell
