"""openpyxl internals the workbook writer and the template filler rely on (openpyxl 3.1.5).

openpyxl has no public way to list a sheet's existing cells without creating new ones, to copy
a cell's value without re-typing it (text that starts with = must stay text), to copy a style
record, or to write one part of a package; these functions are those ways.
"""
from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.chart._chart import ChartBase
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.formatting.formatting import (
    ConditionalFormatting,
    ConditionalFormattingList,
)
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

PINNED = "3.1.5"

__all__ = ["PINNED", "WorkbookWriter", "WorksheetWriter", "add_rules", "attach_drawing",
           "cell_at", "cells", "chart_xml", "copy_cell", "has_print_area", "keep_rels",
           "put_cell", "set_raw_value", "sync_hyperlinks", "write_manifest"]


def cells(ws: Worksheet) -> Iterator[tuple[tuple[int, int], Any]]:
    """The cells a sheet holds, by (row, column), without creating any (iter_rows would)."""
    return iter(list(ws._cells.items()))


def cell_at(ws: Worksheet, row: int, col: int) -> Any | None:
    return ws._cells.get((row, col))


def put_cell(ws: Worksheet, row: int, col: int, cell: Any) -> None:
    ws._cells[(row, col)] = cell


def set_raw_value(cell: Cell, value: Any) -> None:
    """Set a value keeping the cell's data type (the public setter would guess it again)."""
    cell._value = value


def copy_cell(src: Cell, dst: Cell) -> None:
    """Value, data type and style record of `src` onto `dst`, as they are."""
    dst._value = src._value
    dst.data_type = src.data_type
    dst._style = copy(src._style)


def copy_style(src: Any, dst: Any) -> None:
    dst._style = copy(src._style)


def add_rules(target: ConditionalFormattingList, formatting: ConditionalFormatting,
              rules: list) -> None:
    """Rules under a range as they are, priorities kept (add() would renumber them)."""
    target._cf_rules[formatting] = rules


def has_print_area(ws: Worksheet) -> bool:
    return bool(ws._print_area and str(ws._print_area))


def sync_hyperlinks(ws: Worksheet) -> None:
    """A hyperlink's ref follows its cell after rows were inserted above it."""
    for c in ws._cells.values():
        link = getattr(c, "_hyperlink", None)
        if link is not None:
            link.ref = c.coordinate


def write_manifest(manifest: Any, archive: Any, wb: Any) -> None:
    manifest._write(archive, wb)


def chart_xml(chart: ChartBase) -> bytes:
    return tostring(chart._write())


def attach_drawing(ws: Worksheet) -> None:
    """What ExcelWriter.write_worksheet does before writing a sheet: its charts in a drawing."""
    ws._drawing = SpreadsheetDrawing()
    ws._drawing.charts = ws._charts
    ws._drawing.images = ws._images


def keep_rels(ws: Worksheet, writer: WorksheetWriter) -> None:
    """The relationships a sheet writer found, for the package writer to write."""
    ws._rels = writer._rels
