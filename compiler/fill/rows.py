"""Repeat a worksheet row: insert copies below it and move everything openpyxl leaves behind."""
from __future__ import annotations

from copy import copy

from openpyxl.cell.cell import MergedCell
from openpyxl.formatting.formatting import (
    ConditionalFormatting,
    ConditionalFormattingList,
)
from openpyxl.formula.translate import Translator
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from compiler.fill.refs import Insertion, adjust_formula, adjust_range
from compiler.libs.openpyxl_private import (
    add_rules,
    cells,
    copy_cell,
    copy_style,
    has_print_area,
    put_cell,
    set_raw_value,
)


def repeat_row(wb: Workbook, ws: Worksheet, row: int, copies: int) -> None:
    """Make row `row` appear `copies` more times right below itself, as Excel's insert + fill.

    openpyxl's insert_rows moves cells only; merged cells, row heights, formulas (on every
    sheet), conditional formats, data validations, print area and titles, filters, tables,
    defined names and page breaks are moved here. Ranges that span the row grow with it.
    """
    if copies <= 0:
        return
    ins = Insertion(ws.title, row, copies)
    in_row = [r for r in ws.merged_cells.ranges if r.min_row == r.max_row == row]
    _move_merged(ws, ins)
    ws.insert_rows(row + 1, copies)
    _move_row_heights(ws, ins)
    for sheet in wb.worksheets:
        _adjust_formulas(sheet, ins)
    _adjust_conditional_formats(ws, ins)
    _adjust_validations(ws, ins)
    _adjust_sheet_ranges(ws, ins)
    _adjust_defined_names(wb, ins)
    in_place = sorted(((k, v) for k, v in cells(ws) if k[0] == row), key=lambda kv: kv[0])
    for i in range(1, copies + 1):
        _copy_row(ws, in_place, row + i, in_row)


def _move_merged(ws: Worksheet, ins: Insertion) -> None:
    ranges = list(ws.merged_cells.ranges)
    ws.merged_cells = MultiCellRange()
    for r in ranges:
        if r.min_row > ins.after:
            r.shift(row_shift=ins.count)
        elif r.min_row < r.max_row and r.max_row >= ins.after:
            r.expand(down=ins.count)  # a vertical merge across the repeated row grows with it
        ws.merged_cells.add(r)


def _move_row_heights(ws: Worksheet, ins: Insertion) -> None:
    dims = ws.row_dimensions
    for idx in sorted((i for i in dims if i > ins.after), reverse=True):
        dim = dims.pop(idx)
        dim.index = idx + ins.count
        dims[idx + ins.count] = dim
    if ins.after in dims:
        for i in range(1, ins.count + 1):
            dim = copy(dims[ins.after])
            dim.index = ins.after + i
            dims[ins.after + i] = dim


def _adjust_formulas(sheet: Worksheet, ins: Insertion) -> None:
    for _, cell in cells(sheet):
        if cell.data_type != "f":
            continue
        # References inside the repeated row are row-local (=D5-SUM(E5:L5)): they never grow.
        grow = not (sheet.title == ins.sheet and cell.row == ins.after)
        value = cell.value
        if isinstance(value, ArrayFormula):
            value.ref = adjust_range(value.ref, ins, sheet.title)
            if value.text:
                value.text = adjust_formula(value.text, ins, sheet.title, grow)
        elif isinstance(value, str):
            set_raw_value(cell, adjust_formula(value, ins, sheet.title, grow))


def _sqref(sqref, ins: Insertion) -> MultiCellRange:
    return MultiCellRange(" ".join(adjust_range(str(r), ins) for r in sqref.ranges))


def _spans(sqref, row: int) -> bool:
    return any(r.min_row <= row <= r.max_row for r in sqref.ranges)


def _adjust_conditional_formats(ws: Worksheet, ins: Insertion) -> None:
    old = ws.conditional_formatting
    new = ConditionalFormattingList()
    for cf in old:
        grow = not _spans(cf.sqref, ins.after)  # rule formulas are relative to the range's row
        for rule in cf.rules:
            rule.formula = [adjust_formula(f, ins, ws.title, grow) for f in rule.formula]
        add_rules(new, ConditionalFormatting(sqref=_sqref(cf.sqref, ins), pivot=cf.pivot),
                  list(cf.rules))
    new.max_priority = old.max_priority
    ws.conditional_formatting = new


def _adjust_validations(ws: Worksheet, ins: Insertion) -> None:
    for dv in ws.data_validations.dataValidation:
        grow = not _spans(dv.sqref, ins.after)
        dv.sqref = _sqref(dv.sqref, ins)
        if dv.formula1:
            dv.formula1 = adjust_formula(dv.formula1, ins, ws.title, grow)
        if dv.formula2:
            dv.formula2 = adjust_formula(dv.formula2, ins, ws.title, grow)


def _adjust_sheet_ranges(ws: Worksheet, ins: Insertion) -> None:
    if has_print_area(ws):
        ws.print_area = [adjust_range(p, ins) for p in ws.print_area.split(",")]
    if ws.print_title_rows:
        ws.print_title_rows = adjust_range(ws.print_title_rows, ins)
    if ws.auto_filter.ref:
        ws.auto_filter.ref = adjust_range(ws.auto_filter.ref, ins)
    for table in ws.tables.values():
        table.ref = adjust_range(table.ref, ins)
        if table.autoFilter is not None and table.autoFilter.ref:
            table.autoFilter.ref = adjust_range(table.autoFilter.ref, ins)
    for brk in ws.row_breaks.brk:
        if brk.id and brk.id > ins.after:
            brk.id += ins.count
    top_left = ws.freeze_panes
    if top_left:
        moved = adjust_range(top_left, ins)
        if moved != top_left and ":" not in moved:
            ws.freeze_panes = moved


def _adjust_defined_names(wb: Workbook, ins: Insertion) -> None:
    scopes = [(wb.defined_names, None)] + [(s.defined_names, s.title) for s in wb.worksheets]
    for names, host in scopes:
        for dn in names.values():
            if dn.attr_text:
                dn.attr_text = adjust_formula(dn.attr_text, ins, host)


def _copy_row(ws: Worksheet, cells: list, dst: int, merged: list[MergedCellRange]) -> None:
    for (_, c), cell in cells:
        if isinstance(cell, MergedCell):
            new = MergedCell(ws, row=dst, column=c)
            put_cell(ws, dst, c, new)
            copy_style(cell, new)
        else:
            new = ws.cell(row=dst, column=c)
            copy_cell(cell, new)
            if cell.data_type == "f" and isinstance(cell.value, str):
                set_raw_value(new, Translator(cell.value, origin=cell.coordinate).translate_formula(
                    new.coordinate))
    for rng in merged:
        coord = CellRange(min_col=rng.min_col, min_row=dst, max_col=rng.max_col, max_row=dst).coord
        ws.merged_cells.add(MergedCellRange(ws, coord))
