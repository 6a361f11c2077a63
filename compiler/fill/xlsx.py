"""Fill an .xlsx template: expressions in cells, {%row for %} rows repeated, the rest kept as is."""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from jinja2 import Template, TemplateSyntaxError, Undefined, meta
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from compiler.fill.engine import (
    MAX_REPEAT,
    FillError,
    explain,
    fill_env,
    is_markup,
    known_names,
    loop_record,
    safety_problems,
)
from compiler.fill.evaluate import Evaluator
from compiler.fill.isolate import at
from compiler.fill.package import read_package
from compiler.fill.records import Record
from compiler.fill.rows import repeat_row
from compiler.guard.names import shown
from compiler.libs.openpyxl_private import cells, sync_hyperlinks
from compiler.render.deterministic_zip import rezip

MAX_CELL = 32767  # Excel's limit on characters in a cell
MAX_ROWS = 1_048_576
MAX_EXPRESSIONS = 5_000  # expression cells in one template (each is compiled; a real one has few)
_MARKER = re.compile(r"^\s*\{%-?\s*(?:row|tr)\s+for\s+(?P<target>.+?)\s+in\s+(?P<expr>.+?)\s*-?%\}",
                     re.S)
_ROW_TAG = re.compile(r"\{%-?\s*(?:row|tr)\b")
_PURE = re.compile(r"^\s*\{\{[-+]?(?P<expr>.*?)[-+]?\}\}\s*$", re.S)
_TARGET = re.compile(r"^[^\W\d]\w*(?:\s*,\s*[^\W\d]\w*)*$")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_DRAWINGS = ("xl/drawings/", "xl/charts/", "xl/media/", "xl/pivotTables/")


@dataclass
class _Repeat:
    sheet: str
    row: int
    place: str
    names: list[str]
    source: str
    expr: Callable[..., Any]


@dataclass
class _Cell:
    sheet: str
    row: int
    col: int
    place: str
    source: str
    expr: Callable[..., Any] | None = None  # a cell that is one {{ expression }}: native value
    template: Template | None = None
    names: set[str] = field(default_factory=set)


CN_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# What a cell has before (General) or what openpyxl gives a date on assignment: the template
# set no date format of its own, so the Chinese one is used.
_DEFAULT_DATE_FORMATS = {"General", "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss", "mm-dd-yy"}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def as_date(text: str) -> Any:
    """2025-06-12 or 2025年6月12日 as a date; any other text unchanged."""
    m = _ISO_DATE.fullmatch(text.strip()) or _CN_DATE.fullmatch(text.strip())
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return text
    return text


def _value(v: Any) -> Any:
    """What goes into the cell: numbers as numbers, text as text (never a formula)."""
    if isinstance(v, Undefined):
        str(v)  # StrictUndefined raises here, with the name in the message
    if v is None or isinstance(v, (bool, int, datetime, date)):
        return v
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) else str(v)
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        v = "、".join(str(x) for x in v)
    text = _ILLEGAL.sub("", str(v))[:MAX_CELL]
    return text or None


class XlsxTemplate:
    """A parsed .xlsx template; `fill(context)` returns the filled workbook's bytes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = shown(self.path.name)  # printed in every message: no control character
        self.env = fill_env()
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.cells: list[_Cell] = []
        self.repeats: dict[tuple[str, int], _Repeat] = {}
        self.used: dict[str, list[str]] = {}
        self._filled = False
        self._load()
        self._scan()

    def _load(self) -> None:
        data, names = read_package(self.path, "Excel 文件（.xlsx）")
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # rich_text: a static cell keeps its mixed fonts; a cell with an expression in
                # it is filled as plain text in the cell's own font.
                self.wb = load_workbook(io.BytesIO(data), keep_vba=False, keep_links=True,
                                        rich_text=True)
        except FileNotFoundError:
            raise FillError(self.name, [("", f"找不到模板文件 {self.path}")]) from None
        except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
            raise FillError(self.name, [("", f"不是有效的 Excel 文件（.xlsx）：{exc}")]) from None
        except Exception as exc:
            raise FillError(self.name, [("", "不是有效的 Excel 文件（.xlsx）："
                                             f"{type(exc).__name__}")]) from None
        for w in caught:
            self.warnings.append(f"模板 {self.name}：读取时提示“{w.message}”（该部分内容可能不会保留）")
        if any(n.startswith(_DRAWINGS) for n in names):
            self.warnings.append(f"模板 {self.name} 含有图表、图片或数据透视表：它们可能无法完整保留，"
                                 "其数据区域也不会随重复行扩展")

    def _use(self, names: set[str], place: str) -> None:
        for n in sorted(names):
            self.used.setdefault(n, []).append(place)

    def _compile(self, src: str, place: str, local: set[str]) -> _Cell | None:
        try:
            return self._compile_cell(src, place, local)
        except RecursionError as exc:  # nesting too deep for the parser or the compiler
            self.problems.append((place, explain(exc)))
            return None

    def _compile_cell(self, src: str, place: str, local: set[str]) -> _Cell | None:
        try:
            ast = self.env.parse(src)
        except TemplateSyntaxError as exc:
            hint = "（要让整行重复，请在该行的单元格开头写 {%row for … in … %}）" \
                if re.search(r"\{%-?\s*for\b", src) and "endfor" not in src else ""
            self.problems.append((place, explain(exc) + hint))
            return None
        self.problems.extend((place, p) for _, p in safety_problems(ast))
        cell = _Cell("", 0, 0, place, src, names=meta.find_undeclared_variables(ast) - local)
        m = _PURE.match(src)
        try:
            if m and "{{" not in m.group("expr") and "}}" not in m.group("expr"):
                cell.expr = self.env.compile_expression(m.group("expr").strip(),
                                                        undefined_to_none=False)
            else:
                cell.template = self.env.from_string(src)
        except TemplateSyntaxError:
            cell.template = self.env.from_string(src)
        return cell

    def _scan(self) -> None:
        found: list[tuple[str, int, int, str, str]] = []
        for ws in self.wb.worksheets:
            for (row, col), c in sorted(cells(ws), key=lambda kv: kv[0]):
                value = str(c.value) if isinstance(c.value, CellRichText) else c.value
                if isinstance(c, MergedCell) or not isinstance(value, str) or not is_markup(value):
                    continue
                place = f"{ws.title}!{get_column_letter(col)}{row}"
                if c.data_type == "f":
                    self.problems.append((place, "公式中不能写模板表达式（请把表达式放在单独的单元格里）"))
                    continue
                m = _MARKER.match(value)
                if m:
                    if not self._repeat(ws.title, row, place, m):
                        continue
                    value = value[m.end():]
                found.append((ws.title, row, col, place, value))
        if len(found) > MAX_EXPRESSIONS:
            self.problems.append(("", f"模板中的表达式单元格过多（{len(found)} 个，最多 "
                                      f"{MAX_EXPRESSIONS} 个）"))
            return
        # Second pass: the loop variables of a row are known wherever its marker stands.
        for sheet, row, col, place, src in found:
            if _ROW_TAG.search(src):
                self.problems.append((place, "{%row … %} 只能写在单元格开头，形如 "
                                      "{%row for u in units %}，且不需要 {%row endfor %}"))
                continue
            if not is_markup(src):
                self.cells.append(_Cell(sheet, row, col, place, src))
                continue
            rep = self.repeats.get((sheet, row))
            local = set(rep.names) | {"loop"} if rep else set()
            cell = self._compile(src, place, local)
            if cell is not None:
                cell.sheet, cell.row, cell.col = sheet, row, col
                self._use(cell.names, place)
                self.cells.append(cell)

    def _repeat(self, sheet: str, row: int, place: str, m: re.Match) -> bool:
        if (sheet, row) in self.repeats:
            self.problems.append((place, f"第 {row} 行已有 {{%row for … %}}，一行只能有一个"))
            return False
        target = m.group("target").strip()
        if not _TARGET.match(target):
            self.problems.append((place, f"{{%row for … %}} 的循环变量写法有误：{target}"))
            return False
        src = m.group("expr")
        try:
            ast = self.env.parse(f"{{{{ {src} }}}}")
            expr = self.env.compile_expression(src, undefined_to_none=False)
        except (TemplateSyntaxError, RecursionError) as exc:
            self.problems.append((place, explain(exc)))
            return False
        self.problems.extend((place, p) for _, p in safety_problems(ast))
        self._use(meta.find_undeclared_variables(ast), place)
        names = [n.strip() for n in target.split(",")]
        self.repeats[(sheet, row)] = _Repeat(sheet, row, place, names, src, expr)
        return True

    def unknown(self, context_names) -> list[tuple[str, str]]:
        known = known_names(context_names)
        return [(places[0], f"未知变量 {name}") for name, places in sorted(
            self.used.items(), key=lambda kv: kv[1][0]) if name not in known]

    def fill(self, context: dict[str, Any], stamp: datetime, *, trial: bool = False) -> bytes:
        """The filled workbook; a trial (--check) goes on past the problems already known."""
        if self._filled:
            raise RuntimeError("an XlsxTemplate fills once: open the template again")
        self._filled = True
        # Every problem of the template is listed at once (as --check does): the fill goes on
        # past each one, skipping the cells already known to be wrong, and fails at the end.
        problems = [] if trial else list(self.problems) + self.unknown(context)
        items = self._evaluate_lists(context, problems)
        bad = {place for place, _ in problems}
        shift = self._expand(items)
        for cell in self.cells:
            if cell.place in bad:
                continue
            rep = self.repeats.get((cell.sheet, cell.row))
            ws = self.wb[cell.sheet]
            base = shift(cell.sheet, cell.row)
            if rep is None:
                self._write(ws, base, cell, context, problems)
                continue
            if (cell.sheet, cell.row) not in items:
                continue  # its list could not be made: reported already
            seq = items[(cell.sheet, cell.row)]
            if not seq:
                ws.cell(row=base, column=cell.col).value = None
            for i, element in enumerate(seq):
                local = dict(context, loop=loop_record(i, len(seq)))
                try:
                    local.update(_bind(rep.names, element))
                except ValueError as exc:
                    problems.append((rep.place, str(exc)))
                    break
                self._write(ws, base + i, cell, local, problems)
        if problems:
            raise FillError(self.name, problems)
        return self._save(stamp)

    def _evaluate_lists(self, context, problems) -> dict[tuple[str, int], list]:
        out: dict[tuple[str, int], list] = {}
        for key, rep in self.repeats.items():
            at(rep.place)
            try:
                value = rep.expr(**context)
                if isinstance(value, Undefined):
                    str(value)
                if isinstance(value, (str, bytes, dict, Record)) or not hasattr(value, "__iter__"):
                    problems.append((rep.place, f"{{%row for %}} 需要一个列表，{rep.source} 不是列表"))
                    continue
                seq = list(value)
            except Exception as exc:
                problems.append((rep.place, explain(exc)))
                continue
            if len(seq) > MAX_REPEAT:
                problems.append((rep.place, f"重复行过多（{len(seq)} 行）"))
                continue
            out[key] = seq
        return out

    def _expand(self, items: dict[tuple[str, int], list]) -> Callable[[str, int], int]:
        """Insert the repeated rows (bottom-up, so earlier rows keep their numbers)."""
        added: dict[str, list[tuple[int, int]]] = {}
        for (sheet, row), seq in sorted(items.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
            extra = max(len(seq), 1) - 1
            ws = self.wb[sheet]
            if ws.max_row + extra > MAX_ROWS:
                place = self.repeats[(sheet, row)].place
                raise FillError(self.name, [(place, "重复后超出 Excel 的最大行数")])
            repeat_row(self.wb, ws, row, extra)
            added.setdefault(sheet, []).append((row, extra))

        def shift(sheet: str, row: int) -> int:
            return row + sum(n for r, n in added.get(sheet, ()) if r < row)

        return shift

    def _write(self, ws, row: int, cell: _Cell, context: dict, problems: list) -> None:
        at(cell.place)
        try:
            if cell.expr is not None:
                value = _value(cell.expr(**context))
            elif cell.template is not None:
                value = _value(cell.template.render(context))
            else:
                value = _value(cell.source)
        except Exception as exc:
            problems.append((cell.place, explain(exc)))
            return
        if cell.expr is not None and isinstance(value, str):
            value = as_date(value)  # a cell holding only a date is a date: sortable, filterable
        target = ws.cell(row=row, column=cell.col)
        target.value = value
        if isinstance(value, (date, datetime)) and target.number_format in _DEFAULT_DATE_FORMATS:
            target.number_format = CN_DATE_FORMAT
        if target.data_type == "f":
            target.data_type = "s"  # text from articles is never a formula, whatever it starts with

    def _save(self, stamp: datetime) -> bytes:
        wb = self.wb
        for ws in wb.worksheets:
            sync_hyperlinks(ws)
        wb.calculation.fullCalcOnLoad = True
        props = wb.properties
        props.created = props.created or stamp
        props.modified = stamp
        props.lastModifiedBy = "unionbrief"
        cached = Evaluator(wb).cached_values()
        buf = io.BytesIO()
        wb.save(buf)
        files = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
        return rezip(buf.getvalue(), package_transform(cached, files, props.created, stamp))


def _bind(names: list[str], element: Any) -> dict[str, Any]:
    if len(names) == 1:
        return {names[0]: element}
    try:
        values = list(element)
    except TypeError:
        values = []
    if len(values) != len(names):
        raise ValueError(f"无法把列表中的一项拆成 {len(names)} 个变量（{'、'.join(names)}）")
    return dict(zip(names, values))


_STAMP = "%Y-%m-%dT%H:%M:%SZ"


def package_transform(cached: dict[tuple[str, str], Any], files: dict[str, str], created: datetime,
               stamp: datetime):
    """Fixed core-property dates (openpyxl stamps 'now') and cached values of formula cells."""
    by_file: dict[str, dict[str, Any]] = {}
    for (sheet, ref), value in cached.items():
        by_file.setdefault(files[sheet], {})[ref] = value
    cell = re.compile(r'(<c r="([A-Z]+[0-9]+)"[^>]*>)(<f>[^<]*</f>)<v\s*/>(?:</v>)?|'
                      r'(<c r="([A-Z]+[0-9]+)"[^>]*>)(<f>[^<]*</f>)<v></v>')

    def transform(name: str, data: bytes) -> bytes:
        if name == "docProps/core.xml":
            text = data.decode("utf-8")
            for tag, when in (("created", created), ("modified", stamp)):
                def stamped(m: re.Match[str], w: datetime = when) -> str:
                    return f"{m.group(1)}{w.strftime(_STAMP)}{m.group(2)}"
                text = re.sub(rf"(<dcterms:{tag}\b[^>]*>)[^<]*(</dcterms:{tag}>)", stamped, text)
            return text.encode("utf-8")
        values = by_file.get(name)
        if values:
            def put(m: re.Match) -> str:
                head, ref, f = (m.group(1), m.group(2), m.group(3)) if m.group(1) else \
                    (m.group(4), m.group(5), m.group(6))
                if ref not in values:
                    return m.group(0)
                return f"{head}{f}<v>{values[ref]}</v>"
            return cell.sub(put, data.decode("utf-8")).encode("utf-8")
        return data

    return transform
