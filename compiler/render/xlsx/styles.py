"""The statistics workbook's look: fonts, fills and borders, and each CellStyle as a workbook style."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.xml.functions import tostring

from compiler.render.xlsx.grid import CellGrid, CellStyle

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
    """Style ids and the stylesheet of one workbook.

    Ids are those openpyxl gives when it writes the cells in order (each new style the next
    id), and the stylesheet is the one it writes for them. Both depend only on the styles in
    order of first use, so workbooks with the same styles (most county workbooks) share them:
    making the styles and writing the stylesheet was a sixth of writing a small workbook.
    """

    def __init__(self, wb: Workbook, grids: list[CellGrid]):
        order = tuple(dict.fromkeys(style for grid in grids for style in grid.styles_in_order()))
        known = _KNOWN.get(order)
        if known is None:
            if len(_KNOWN) >= _KNOWN_MAX:
                _KNOWN.clear()
            sheet = wb.active  # a scratch cell needs a sheet of the workbook; it is not added
            ids = {style: apply_style(Cell(sheet), style).style_id for style in order}
            known = _KNOWN[order] = (ids, tostring(write_stylesheet(wb)))
        self._ids, self._stylesheet = known

    def id(self, style: CellStyle) -> int:
        return self._ids[style]

    def stylesheet(self) -> bytes:
        return self._stylesheet


_KNOWN: dict[tuple[CellStyle, ...], tuple[dict[CellStyle, int], bytes]] = {}
_KNOWN_MAX = 64


def apply_style(cell: Cell, style: CellStyle) -> Cell:
    """The cell with the look `style` names, set the way openpyxl styles any cell."""
    cell.font = FONTS[style.font] if style.font else BODY_FONTS[style.bold]
    if style.boxed:
        cell.border = GRID
        cell.alignment = Alignment(vertical="center", wrap_text=style.wrap, horizontal=style.align)
    elif style.align:  # a line above a table: the title centred over it, 计量单位 to the right
        cell.alignment = Alignment(horizontal=style.align)
    if style.fill:
        cell.fill = FILLS[style.fill]
    if style.fmt:
        cell.number_format = style.fmt
    return cell
