"""The .xlsx package: openpyxl's parts with each sheet's cells from its CellGrid, zipped with fixed dates."""
from __future__ import annotations

import io
import re
from functools import cache

from openpyxl import Workbook
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import (
    ARC_APP,
    ARC_CORE,
    ARC_ROOT_RELS,
    ARC_STYLE,
    ARC_THEME,
    ARC_WORKBOOK,
    ARC_WORKBOOK_RELS,
)
from openpyxl.xml.functions import tostring

from compiler.libs.openpyxl_private import (
    WorkbookWriter,
    WorksheetWriter,
    attach_drawing,
    chart_xml,
    keep_rels,
    write_manifest,
)
from compiler.render.deterministic_zip import write_zip
from compiler.render.xlsx.grid import CellGrid
from compiler.render.xlsx.styles import WorkbookStyles

# What the sheet writer leaves where the rows go; the grid's <sheetData> replaces it.
_ROWS_MARK = "unionbrief-rows"
_ROWS_PLACE = f"<sheetData>{_ROWS_MARK}</sheetData>".encode("ascii")
_CORE_DATES = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer for everything but the cells, which the grid writes."""

    def __init__(self, ws, grid: CellGrid, out: io.BytesIO):
        super().__init__(ws, out=out)
        self.grid = grid

    def write_dimensions(self):
        self.xf.send(SheetDimension(self.grid.dimension()).to_tree())

    def write_rows(self):
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.write(_ROWS_MARK)
        self.xf.send(None)


@cache
def _app_xml() -> bytes:
    return tostring(ExtendedProperties().to_tree())


class _Writer(ExcelWriter):
    """openpyxl's workbook writer for the parts these workbooks have, each worksheet written in
    memory with its grid's cells, and the stylesheet and charts written once for many."""

    def __init__(self, wb: Workbook, archive: _Parts, grids: dict[str, CellGrid]):
        super().__init__(wb, archive)
        self.grids = grids
        self.styles = WorkbookStyles(wb, [grids[ws.title] for ws in wb.worksheets])

    def write_data(self):
        # ExcelWriter.write_data, less what these workbooks never have (chartsheets, images,
        # external links, macros, custom properties), with the stylesheet from WorkbookStyles.
        archive = self._archive
        archive.writestr(ARC_APP, _app_xml())
        archive.writestr(ARC_CORE, tostring(self.workbook.properties.to_tree()))
        archive.writestr(ARC_THEME, theme_xml)
        self._write_worksheets()
        self._write_charts()
        archive.writestr(ARC_STYLE, self.styles.stylesheet())
        writer = WorkbookWriter(self.workbook)
        archive.writestr(ARC_ROOT_RELS, writer.write_root_rels())
        archive.writestr(ARC_WORKBOOK, writer.write())
        archive.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
        write_manifest(self.manifest, archive, self.workbook)

    def _write_charts(self):
        for chart in self._charts:
            # A chart shared by many workbooks (excel.py) is serialised once: the XML is kept
            # on the chart, which is not changed after it is made.
            xml = chart.__dict__.get("unionbrief_xml")
            if xml is None:
                xml = chart.unionbrief_xml = chart_xml(chart)
            self._archive.writestr(chart.path[1:], xml)
            self.manifest.append(chart)

    def write_worksheet(self, ws):
        attach_drawing(ws)
        out = io.BytesIO()
        grid = self.grids[ws.title]
        writer = _SheetWriter(ws, grid, out)
        writer.write()
        keep_rels(ws, writer)
        head, place, tail = out.getvalue().partition(_ROWS_PLACE)
        if not place:
            raise RuntimeError(f"openpyxl did not write the rows of sheet {ws.title!r} in place")
        rows = grid.sheet_data(self.styles.id).encode("utf-8")
        self._archive.writestr(ws.path[1:], head + rows + tail)
        self.manifest.append(ws)


class _Parts(dict):
    """What openpyxl's writer uses of a zip archive, keeping the parts by name in memory."""

    def writestr(self, name: str, data: str | bytes) -> None:
        self[name] = data.encode("utf-8") if isinstance(data, str) else data

    def namelist(self) -> list[str]:
        return list(self)


def xlsx_bytes(wb: Workbook, grids: dict[str, CellGrid], stamp: str) -> bytes:
    """The package, its core properties dated `stamp` (ISO 8601), each part compressed once."""
    parts = _Parts()
    _Writer(wb, parts, grids).write_data()

    def fixed_dates(name: str, data: bytes) -> bytes:
        if name != "docProps/core.xml":
            return data
        text = _CORE_DATES.sub(lambda m: f"{m.group(1)}{stamp}{m.group(3)}", data.decode("utf-8"))
        return text.encode("utf-8")

    return write_zip(parts, fixed_dates)
