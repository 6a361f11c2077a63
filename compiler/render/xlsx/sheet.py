"""A worksheet written through a CellGrid, with widths, heights and A4 print settings."""
from __future__ import annotations

import math
from datetime import datetime
from functools import lru_cache
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compiler.present.text import clean, display_width
from compiler.render.xlsx.grid import CellGrid, CellStyle

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


def print_setup(ws: Worksheet) -> None:
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


def number_format(value: float | int) -> str:
    return DEC_FORMAT if isinstance(value, float) and not value.is_integer() else INT_FORMAT
