"""The statistics workbook written three ways from the same cells: our grid writer, XlsxWriter, openpyxl."""
from __future__ import annotations

import io
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl import Workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet
from timing import Clock, best, samples

from compiler.render.xlsx.grid import CellGrid, CellStyle
from compiler.render.xlsx.package import xlsx_bytes
from compiler.render.xlsx.styles import BODY_FONTS, FILLS, FONTS, GRID, apply_style


def ours(wb: Workbook, grids: dict[str, CellGrid], stamp: str) -> bytes:
    """What production does: openpyxl for the non-cell parts, the grid for <sheetData>."""
    return xlsx_bytes(wb, grids, stamp)


def plain_openpyxl(wb: Workbook, grids: dict[str, CellGrid], stamp: str) -> bytes:
    """The same cells as openpyxl Cell objects, styled by openpyxl, saved by Workbook.save."""
    for ws in wb.worksheets:
        grid = grids[ws.title]
        for row, cells in grid.rows.items():
            for col, (value, style) in cells.items():
                formula = grid.formula(row, col)
                cell = ws.cell(row=row, column=col, value=formula or value)
                if formula is None and isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # article text stays text, as in ours
                apply_style(cell, style)
        for row, height in grid.heights.items():
            ws.row_dimensions[row].height = height
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class SheetSpec:
    """What XlsxWriter needs of one worksheet besides its cells, read from openpyxl's sheet
    before the clock starts (the other two writers get the workbook as it is)."""

    title: str
    grid: CellGrid
    widths: dict[int, float]
    freeze: str | None
    autofilter: str | None
    title_rows: tuple[int, int] | None
    chart_rows: int  # categories charted on this sheet, 0 for none
    chart_anchor: str = "D2"


@dataclass
class BookSpec:
    sheets: list[SheetSpec]
    properties: dict[str, Any] = field(default_factory=dict)


def _title_rows(ws: Worksheet) -> tuple[int, int] | None:
    if not ws.print_title_rows:
        return None
    first, _, last = ws.print_title_rows.replace("$", "").partition(":")
    return int(first), int(last or first)


def book_spec(wb: Workbook, grids: dict[str, CellGrid]) -> BookSpec:
    sheets = []
    for ws in wb.worksheets:
        grid = grids[ws.title]
        widths = {column_index_from_string(letter): dim.width
                  for letter, dim in ws.column_dimensions.items() if dim.width}
        # openpyxl has no public list of a sheet's charts; the workbook charts the categories
        # listed below the header of the sheet it adds its one chart to.
        charted = max(grid.rows) - 1 if ws._charts and grid.rows else 0
        sheets.append(SheetSpec(ws.title, grid, widths, ws.freeze_panes, ws.auto_filter.ref,
                                _title_rows(ws), charted))
    p = wb.properties
    return BookSpec(sheets, {"title": p.title, "subject": p.subject, "author": p.creator,
                             "keywords": p.keywords, "created": p.created})


def _colour(rgb: str | None) -> str | None:
    return f"#{rgb[-6:]}" if isinstance(rgb, str) else None


def _format_props(style: CellStyle) -> dict[str, Any]:
    """One CellStyle as XlsxWriter format properties: the same font, border, fill, alignment
    and number format that styles.apply_style gives an openpyxl cell."""
    font = FONTS[style.font] if style.font else BODY_FONTS[style.bold]
    props: dict[str, Any] = {"font_name": font.name, "font_size": font.sz, "bold": bool(font.b)}
    colour = _colour(font.color.rgb) if font.color is not None else None
    if colour:
        props["font_color"] = colour
    if style.boxed:
        props.update(border=1, border_color=_colour(GRID.left.color.rgb), valign="vcenter")
        if style.wrap:
            props["text_wrap"] = True
        if style.align:
            props["align"] = style.align
    if style.fill:
        props.update(pattern=1, bg_color=_colour(FILLS[style.fill].fgColor.rgb))
    if style.fmt:
        props["num_format"] = style.fmt
    return props


def with_xlsxwriter(spec: BookSpec) -> bytes:
    """The same workbook by XlsxWriter: cells, one Format per CellStyle, formulas with their
    stored values, widths, heights, panes, filters, print setup, properties and the chart."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties(spec.properties)
    formats: dict[CellStyle, Any] = {}
    for sheet in spec.sheets:
        ws = book.add_worksheet(sheet.title)
        grid = sheet.grid
        for row, cells in grid.rows.items():
            for col, (value, style) in cells.items():
                fmt = formats.get(style)
                if fmt is None:
                    fmt = formats[style] = book.add_format(_format_props(style))
                r, c = row - 1, col - 1
                formula = grid.formula(row, col)
                if formula is not None:
                    ws.write_formula(r, c, formula, fmt, grid.value(row, col))
                elif isinstance(value, str) and value:
                    ws.write_string(r, c, value, fmt)
                elif value is None or value == "":
                    ws.write_blank(r, c, None, fmt)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value, fmt)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value, fmt)
                elif isinstance(value, (date, datetime)):
                    ws.write_datetime(r, c, value, fmt)
                else:
                    ws.write_string(r, c, str(value), fmt)
        for row, height in grid.heights.items():
            ws.set_row(row - 1, height)
        for col, width in sheet.widths.items():
            ws.set_column(col - 1, col - 1, width)
        if sheet.freeze:
            ws.freeze_panes(sheet.freeze)
        if sheet.autofilter:
            ws.autofilter(sheet.autofilter)
        # workbook._print_setup: A4 landscape, one page wide, centred, title rows repeated
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5)
        if sheet.title_rows:
            ws.repeat_rows(sheet.title_rows[0] - 1, sheet.title_rows[1] - 1)
        if sheet.chart_rows:
            ws.insert_chart(sheet.chart_anchor, _chart(book, sheet.title, sheet.chart_rows))
    book.close()
    return out.getvalue()


def _chart(book: Any, sheet: str, rows: int) -> Any:
    """workbook._bar_chart's column chart: red bars, values only as labels, no legend."""
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": [sheet, 0, 1], "categories": [sheet, 1, 0, rows, 0],
                      "values": [sheet, 1, 1, rows, 1], "fill": {"color": "#C00000"},
                      "data_labels": {"value": True}})
    chart.set_title({"name": "各类别稿件数"})
    chart.set_x_axis({"name": "工作类别"})
    chart.set_y_axis({"name": "稿件数（篇）", "num_format": "0", "major_gridlines": {"visible": False}})
    chart.set_legend({"none": True})
    chart.set_style(10)
    chart.set_size({"width": 16 / 2.54 * 96, "height": 9 / 2.54 * 96})  # 16 x 9 cm as openpyxl's
    return chart


def cells_of(data: bytes) -> dict[tuple[str, str], tuple[Any, str, str | None, bool, str | None]]:
    """Every non-empty cell of a package as read back by openpyxl: value (formula text for a
    formula), number format, font name, bold, fill colour; to check the writers agree."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.value == "":
                    continue
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
                value = cell.value
                if isinstance(value, datetime) and value.time() == datetime.min.time():
                    value = value.date()
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                found[(ws.title, cell.coordinate)] = (
                    value, cell.number_format, cell.font.name, bool(cell.font.b),
                    fill[-6:] if isinstance(fill, str) else None)
    return found


XLSX_WRITERS = ("ours", "ours_cold", "xlsxwriter", "openpyxl")


def forget_caches(wb: Any) -> None:
    """What ours keeps from one workbook to the next in a build process: the stylesheet of an
    order of styles, deflated parts, the chart's XML. Emptied, the writer works as it would on
    the first workbook of a process."""
    from compiler.render import deterministic_zip
    from compiler.render.xlsx import styles

    styles._KNOWN.clear()
    deterministic_zip._LAST.clear()
    for ws in wb.worksheets:
        for chart in ws._charts:
            chart.__dict__.pop("unionbrief_xml", None)


def bench_xlsx(briefings: list, options: Any, repeats: int, work: Path) -> dict:
    """Each statistics workbook of the month, rendered by production code up to the point
    where its cells are in CellGrids and its sheets set up in openpyxl; from there to the
    package bytes is timed, by each writer in turn on the same workbook (best of `repeats`).

    ours: as in a build, with what it kept from the workbook before; ours_cold: without.
    openpyxl comes last: it adds its Cell objects to the workbook.
    """
    import compiler.render.xlsx.workbook as production

    runs: dict[str, list[list[Clock]]] = {w: [[] for _ in briefings] for w in XLSX_WRITERS}
    sizes: dict[str, list[int]] = {w: [0] * len(briefings) for w in XLSX_WRITERS}
    kept: dict[tuple[str, int], bytes] = {}
    checked = samples(briefings)
    current: dict[str, Any] = {}

    def write_all(wb, grids, stamp) -> bytes:
        i = current["i"]
        spec = book_spec(wb, grids)  # read from openpyxl before the clocks start
        order = ["ours", "ours_cold", "xlsxwriter"]
        if current["rep"] % 2:
            order = order[2:] + order[:2]  # neither ours nor XlsxWriter always first
        for name in order + ["openpyxl"]:
            if name == "ours_cold":
                forget_caches(wb)
            with Clock() as clock:
                if name == "xlsxwriter":
                    data = with_xlsxwriter(spec)
                elif name == "openpyxl":
                    data = plain_openpyxl(wb, grids, stamp)
                else:
                    data = ours(wb, grids, stamp)
            runs[name][i].append(clock)
            if current["rep"] == 0:  # openpyxl writes a sheet a second time a little otherwise
                sizes[name][i] = len(data)
            if i in checked:
                kept[(name, i)] = data
        return kept.get(("ours", i), b"")

    original = production.xlsx_bytes
    production.xlsx_bytes = write_all  # render() looks the writer up in its module when it runs
    try:
        for rep in range(repeats):
            for i, b in enumerate(briefings):
                current.update(rep=rep, i=i)
                production.render(b, work / f"w{i}.xlsx", options)
    finally:
        production.xlsx_bytes = original
    out: dict[str, Any] = {"workbooks": len(briefings), "writers": {}}
    for name in XLSX_WRITERS:
        per = [best(r) for r in runs[name]]
        out["writers"][name] = {
            "total_cpu_s": round(sum(p["cpu_s"] for p in per), 3),
            "total_wall_s": round(sum(p["wall_s"] for p in per), 3),
            "median_ms": round(1000 * statistics.median(p["cpu_s"] for p in per), 2),
            "largest_ms": round(1000 * per[checked[0]]["cpu_s"], 1),
            "bytes": sum(sizes[name]), "largest_bytes": sizes[name][checked[0]]}
    # Do the three packages hold the same cells? Read back by openpyxl, for a few workbooks.
    rivals = XLSX_WRITERS[1:]
    differ: dict[str, list] = {name: [] for name in rivals}
    cells = 0
    for i in checked:
        mine = cells_of(kept[("ours", i)])
        cells += len(mine)
        for name in rivals:
            theirs = cells_of(kept[(name, i)])
            differ[name] += [(k, mine.get(k), theirs.get(k)) for k in mine.keys() | theirs.keys()
                             if mine.get(k) != theirs.get(k)]
    out["check"] = {"workbooks": len(checked), "cells": cells,
                    "differences": {n: len(d) for n, d in differ.items()},
                    "first_differences": {n: [repr(x) for x in d[:3]] for n, d in differ.items()}}
    return out
