"""A worksheet's cells as plain values, written out as its <sheetData> XML in one pass."""
from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, Callable, Iterator, NamedTuple

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"


class CellStyle(NamedTuple):
    """How a cell looks; fonts and fills are named, the workbook turns names into its styles."""

    bold: bool = False
    fmt: str | None = None
    wrap: bool = False
    align: str | None = None
    font: str | None = None  # a named font instead of the body font
    fill: str | None = None
    boxed: bool = True  # grid border and vertical centring, as table cells have


class _Formula(NamedTuple):
    text: str  # without the leading "="
    cached: Any  # stored as the cell's value, for readers that do not recalculate


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(value: float | int) -> str:
    # openpyxl's own formatting of numbers (compat.safe_string); NaN and infinity have no value.
    return f"{value:.16g}" if math.isfinite(value) else ""


class CellGrid:
    """Cells by row and column. Openpyxl's Cell objects and its per-cell writer cost more than
    everything else in a workbook; the sheet's other parts still come from openpyxl."""

    def __init__(self, epoch: datetime):
        self.rows: dict[int, dict[int, tuple[Any, CellStyle]]] = {}
        self.heights: dict[int, float] = {}
        self.epoch = epoch

    def set(self, row: int, col: int, value: Any, style: CellStyle) -> None:
        if isinstance(value, date) and not style.fmt:
            # As openpyxl does: a date without a number format would show as a serial number.
            style = style._replace(fmt=_DATETIME_FORMAT if isinstance(value, datetime)
                                   else DATE_FORMAT)
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = {}
        cells[col] = (value, style)

    def make_formula(self, row: int, col: int, formula: str) -> None:
        """The cell already set becomes `formula`, its value kept as the formula's stored value
        (for readers that do not recalculate)."""
        value, style = self.rows[row][col]
        self.rows[row][col] = (_Formula(formula.removeprefix("="), value), style)

    def value(self, row: int, col: int) -> Any:
        """What a reader sees in the cell: a formula's stored value, not the formula."""
        value = self.rows.get(row, {}).get(col, (None,))[0]
        return value.cached if isinstance(value, _Formula) else value

    def formula(self, row: int, col: int) -> str | None:
        value = self.rows.get(row, {}).get(col, (None,))[0]
        return f"={value.text}" if isinstance(value, _Formula) else None

    def dimension(self) -> str:
        """The used range, as openpyxl's calculate_dimension gives it."""
        if not self.rows:
            return "A1:A1"
        cols = [col for cells in self.rows.values() for col in cells]
        return (f"{get_column_letter(min(cols))}{min(self.rows)}:"
                f"{get_column_letter(max(cols))}{max(self.rows)}")

    def styles_in_order(self) -> Iterator[CellStyle]:
        """Each cell's style, in the order sheet_data writes the cells."""
        for row in sorted(self.rows):
            cells = self.rows[row]
            for col in sorted(cells):
                yield cells[col][1]

    def sheet_data(self, style_id: Callable[[CellStyle], int]) -> str:
        """The <sheetData> element, rows and cells in order."""
        out = ["<sheetData>"]
        for row in sorted(self.rows.keys() | self.heights.keys()):
            height = self.heights.get(row)
            attrs = f' ht="{_number(height)}" customHeight="1"' if height is not None else ""
            cells = self.rows.get(row)
            if not cells:
                out.append(f'<row r="{row}"{attrs}/>')
                continue
            out.append(f'<row r="{row}"{attrs}>')
            for col in sorted(cells):
                value, style = cells[col]
                out.append(self._cell(f"{get_column_letter(col)}{row}", style_id(style), value))
            out.append("</row>")
        out.append("</sheetData>")
        return "".join(out)

    def _cell(self, ref: str, style: int, value: Any) -> str:
        head = f'<c r="{ref}" s="{style}"'
        # Text is always an inline string: never read as a formula or an error value.
        if isinstance(value, str):
            if not value:
                return f'{head} t="inlineStr"/>'
            space = ' xml:space="preserve"' if value != value.strip() else ""
            return f'{head} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
        if value is None:
            return f'{head} t="n"/>'
        if isinstance(value, bool):
            return f'{head} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return f'{head} t="n"><v>{_number(value)}</v></c>'
        if isinstance(value, _Formula):
            cached = "" if value.cached is None else _number(value.cached)
            return f"{head}><f>{_escape(value.text)}</f><v>{cached}</v></c>"
        if isinstance(value, date):
            return f'{head} t="n"><v>{_number(to_excel(value, self.epoch))}</v></c>'
        return self._cell(ref, style, str(value))
