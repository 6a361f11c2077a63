"""Move A1 references when rows are inserted below a repeated row: shift below, grow across."""
from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string

_CELL = r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)"
_CELL_RANGE = re.compile(rf"^{_CELL}(?::{_CELL})?$")
_ROW_RANGE = re.compile(r"^(\$?)(\d+):(\$?)(\d+)$")
_SHEET = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!]+)!)?(?P<ref>[^!]+)$")


@dataclass(frozen=True)
class Insertion:
    """`count` new rows right after row `after` of sheet `sheet`."""

    sheet: str
    after: int
    count: int

    def row(self, r: int) -> int:
        return r + self.count if r > self.after else r


def _unquote(sheet: str) -> str:
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet


def _is_valid_column(col: str) -> bool:
    try:
        return column_index_from_string(col.upper()) <= 16384
    except ValueError:
        return False


def adjust_ref(ref: str, ins: Insertion, host_sheet: str | None, grow: bool = True) -> str:
    """One reference (maybe sheet-qualified) after the insertion; others come back unchanged.

    A range that spans the repeated row grows with it — `SUM(C5:C5)` under a row 5 repeated
    eleven times becomes `SUM(C5:C15)` — unless the reference sits in that row itself (grow=False).
    """
    m = _SHEET.match(ref)
    if not m:
        return ref
    sheet = _unquote(m.group("sheet")) if m.group("sheet") else host_sheet
    if sheet != ins.sheet:
        return ref
    prefix = ref[: len(ref) - len(m.group("ref"))]
    body = m.group("ref")
    if c := _CELL_RANGE.match(body):
        d1, col1, d2, r1, d3, col2, d4, r2 = c.groups()
        if not _is_valid_column(col1) or (col2 and not _is_valid_column(col2)):
            return ref
        top = int(r1)
        if col2 is None:
            return f"{prefix}{d1}{col1}{d2}{ins.row(top)}"
        bottom = int(r2)
        lo, hi = min(top, bottom), max(top, bottom)
        new_lo, new_hi = _grown(ins, lo, hi, grow)
        nt, nb = (new_lo, new_hi) if top <= bottom else (new_hi, new_lo)
        return f"{prefix}{d1}{col1}{d2}{nt}:{d3}{col2}{d4}{nb}"
    if r := _ROW_RANGE.match(body):
        d1, r1, d2, r2 = r.groups()
        lo, hi = sorted((int(r1), int(r2)))
        new_lo, new_hi = _grown(ins, lo, hi, grow)
        return f"{prefix}{d1}{new_lo}:{d2}{new_hi}"
    return ref


def _grown(ins: Insertion, lo: int, hi: int, grow: bool) -> tuple[int, int]:
    if lo > ins.after:
        return lo + ins.count, hi + ins.count
    if grow and hi >= ins.after:
        return lo, hi + ins.count
    return lo, hi


def adjust_formula(formula: str, ins: Insertion, host_sheet: str | None, grow: bool = True) -> str:
    """Every reference in a formula ("=…", or the bare text of a rule or defined name)."""
    bare = not formula.startswith("=")
    tok = Tokenizer(f"={formula}" if bare else formula)
    changed = False
    for t in tok.items:
        if t.type == Token.OPERAND and t.subtype == Token.RANGE:
            new = adjust_ref(t.value, ins, host_sheet, grow)
            if new != t.value:
                t.value = new
                changed = True
    if not changed:
        return formula
    out = tok.render()
    return out[1:] if bare else out


def adjust_range(coord: str, ins: Insertion, host_sheet: str | None = None) -> str:
    """A range string (merged cells, sqref piece, print area) after the insertion; grows across."""
    host = host_sheet or ins.sheet
    c = _CELL_RANGE.match(coord)
    if c and c.group(6) is None and int(c.group(4)) == ins.after and host == ins.sheet:
        coord = f"{coord}:{coord}"  # a single cell of the repeated row becomes a column range
    return adjust_ref(coord, ins, host, grow=True)
