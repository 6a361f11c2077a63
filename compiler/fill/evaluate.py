"""Cached values for a filled workbook's simple formulas, for readers that do not recalculate."""
from __future__ import annotations

import math
import re
from typing import Any, Callable

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from compiler.libs.openpyxl_private import cell_at, cells

_SHEET = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!]+)!)?(?P<ref>[^!]+)$")


class Unsupported(Exception):
    """A formula this small evaluator does not handle: Excel computes it on opening."""


def _numbers(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


def _flat(args: list[Any]) -> list[Any]:
    out: list[Any] = []
    for a in args:
        out.extend(a if isinstance(a, list) else [a])
    return out


def _num(v: Any) -> float:
    if v is None or v == "":
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, list):
        if len(v) == 1:
            return _num(v[0])
        raise Unsupported("range as a number")
    try:
        return float(v)
    except (TypeError, ValueError):
        raise Unsupported("text as a number") from None


def _round(x: Any, digits: Any = 0) -> float:
    q = 10 ** int(_num(digits))
    v = _num(x) * q
    return math.floor(abs(v) + 0.5) * (1 if v >= 0 else -1) / q


def _average(*args: Any) -> float:
    nums = _numbers(_flat(list(args)))
    if not nums:
        raise Unsupported("average of nothing")
    return sum(nums) / len(nums)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "SUM": lambda *a: sum(_numbers(_flat(list(a)))),
    "AVERAGE": _average,
    "MIN": lambda *a: min(_numbers(_flat(list(a))), default=0),
    "MAX": lambda *a: max(_numbers(_flat(list(a))), default=0),
    "COUNT": lambda *a: len(_numbers(_flat(list(a)))),
    "COUNTA": lambda *a: len([v for v in _flat(list(a)) if v not in (None, "")]),
    "ROUND": _round,
    "ABS": lambda x: abs(_num(x)),
}


class Evaluator:
    """Evaluates numbers, references, + - * / ^ and SUM/AVERAGE/MIN/MAX/COUNT/ROUND/ABS/IF."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.sheets = {ws.title: ws for ws in wb.worksheets}
        self.memo: dict[tuple[str, str], Any] = {}
        self.busy: set[tuple[str, str]] = set()

    def cached_values(self) -> dict[tuple[str, str], float | int]:
        out: dict[tuple[str, str], float | int] = {}
        for ws in self.wb.worksheets:
            for _, cell in cells(ws):
                if cell.data_type == "f" and isinstance(cell.value, str):
                    try:
                        v = self.cell(ws.title, cell.row, cell.column)
                    except (Unsupported, ArithmeticError, ValueError, TypeError, RecursionError):
                        continue
                    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                        out[(ws.title, cell.coordinate)] = int(v) if float(v).is_integer() else v
        return out

    def cell(self, sheet: str, row: int, col: int) -> Any:
        ws = self.sheets.get(sheet)
        if ws is None:
            raise Unsupported(sheet)
        c = cell_at(ws, row, col)
        if c is None:
            return None
        if c.data_type != "f":
            return c.value
        key = (sheet, c.coordinate)
        if key in self.memo:
            return self.memo[key]
        if key in self.busy or not isinstance(c.value, str):
            raise Unsupported("circular or array formula")
        self.busy.add(key)
        try:
            value = _Parser(self, sheet, c.value).parse()
        finally:
            self.busy.discard(key)
        self.memo[key] = value
        return value

    def ref(self, sheet: str, text: str) -> Any:
        name = self.wb.defined_names.get(text)
        if name is not None and name.attr_text and "!" in name.attr_text:
            return self.ref(sheet, name.attr_text)  # a name for a range: 稿件合计 -> 统计表!$D$6
        m = _SHEET.match(text)
        if not m:
            raise Unsupported(text)
        if m.group("sheet"):
            s = m.group("sheet")
            sheet = s[1:-1].replace("''", "'") if s.startswith("'") else s
        try:
            min_col, min_row, max_col, max_row = range_boundaries(m.group("ref").replace("$", ""))
        except (ValueError, TypeError):
            raise Unsupported(text) from None
        if None in (min_col, min_row, max_col, max_row):
            raise Unsupported("whole row or column")
        if (min_col, min_row) == (max_col, max_row) and ":" not in m.group("ref"):
            return self.cell(sheet, min_row, min_col)
        return [self.cell(sheet, r, c) for r in range(min_row, max_row + 1)
                for c in range(min_col, max_col + 1)]


_COMPARE = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b,
            ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


class _Parser:
    """Recursive descent over openpyxl's tokens, with Excel's operator precedence."""

    def __init__(self, ev: Evaluator, sheet: str, formula: str) -> None:
        self.ev = ev
        self.sheet = sheet
        self.tokens = [t for t in Tokenizer(formula).items if t.type != Token.WSPACE]
        self.i = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        t = self.peek()
        if t is None:
            raise Unsupported("unexpected end")
        self.i += 1
        return t

    def parse(self) -> Any:
        v = self.compare()
        if self.peek() is not None:
            raise Unsupported("trailing tokens")
        return v

    def _infix(self, ops: tuple[str, ...]) -> str | None:
        t = self.peek()
        if t is not None and t.type == Token.OP_IN and t.value in ops:
            self.i += 1
            return t.value
        return None

    def compare(self) -> Any:
        left = self.concat()
        while op := self._infix(tuple(_COMPARE)):
            left = _COMPARE[op](left, self.concat())
        return left

    def concat(self) -> Any:
        left = self.additive()
        while self._infix(("&",)):
            right = self.additive()
            left = f"{'' if left is None else left}{'' if right is None else right}"
        return left

    def additive(self) -> Any:
        left = self.term()
        while op := self._infix(("+", "-")):
            right = self.term()
            left = _num(left) + _num(right) if op == "+" else _num(left) - _num(right)
        return left

    def term(self) -> Any:
        left = self.power()
        while op := self._infix(("*", "/")):
            right = self.power()
            if op == "*":
                left = _num(left) * _num(right)
            else:
                if _num(right) == 0:
                    raise Unsupported("#DIV/0!")
                left = _num(left) / _num(right)
        return left

    def power(self) -> Any:
        left = self.unary()
        while self._infix(("^",)):
            left = _num(left) ** _num(self.unary())
        return left

    def unary(self) -> Any:
        t = self.peek()
        if t is not None and t.type == Token.OP_PRE:
            self.i += 1
            v = self.unary()
            return -_num(v) if t.value == "-" else _num(v)
        v = self.primary()
        t = self.peek()
        if t is not None and t.type == Token.OP_POST and t.value == "%":
            self.i += 1
            v = _num(v) / 100
        return v

    def primary(self) -> Any:
        t = self.take()
        if t.type == Token.OPERAND:
            if t.subtype == Token.NUMBER:
                return float(t.value) if any(ch in t.value for ch in ".eE") else int(t.value)
            if t.subtype == Token.TEXT:
                return t.value[1:-1].replace('""', '"')
            if t.subtype == Token.LOGICAL:
                return t.value.upper() == "TRUE"
            if t.subtype == Token.RANGE:
                return self.ev.ref(self.sheet, t.value)
            raise Unsupported(t.value)
        if t.type == Token.PAREN and t.subtype == Token.OPEN:
            v = self.compare()
            self._close(Token.PAREN)
            return v
        if t.type == Token.FUNC and t.subtype == Token.OPEN:
            return self.call(t.value[:-1].upper())
        raise Unsupported(t.value)

    def _close(self, kind: str) -> None:
        t = self.take()
        if t.type != kind or t.subtype != Token.CLOSE:
            raise Unsupported("expected )")

    def _args(self) -> list[Any]:
        args: list[Any] = []
        t = self.peek()
        if t is not None and t.type == Token.FUNC and t.subtype == Token.CLOSE:
            self.i += 1
            return args
        while True:
            args.append(self.compare())
            t = self.take()
            if t.type == Token.SEP and t.subtype == Token.ARG:
                continue
            if t.type == Token.FUNC and t.subtype == Token.CLOSE:
                return args
            raise Unsupported("bad argument list")

    def call(self, name: str) -> Any:
        if name == "IF":
            args = self._args()
            if len(args) not in (2, 3):
                raise Unsupported("IF")
            cond = args[0]
            truthy = bool(_num(cond)) if not isinstance(cond, str) else bool(cond)
            return args[1] if truthy else (args[2] if len(args) == 3 else False)
        fn = FUNCTIONS.get(name)
        if fn is None:
            raise Unsupported(name)
        try:
            return fn(*self._args())
        except TypeError:
            raise Unsupported(name) from None
