"""Reading order of a Word page's placed pieces (table cells on their grid, floating text boxes): XY-cut."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Piece:
    """A rectangle of the page and the text blocks in it; `headed` when it opens with a headline."""

    x0: float
    y0: float
    x1: float
    y1: float
    blocks: list[str] = field(default_factory=list)
    headed: bool = False
    wordy: bool = False  # holds a paragraph of running text, not only short labels


def _cuts(pieces: list[Piece], lo, hi, slack: float) -> list[float]:
    """Lines across the region that no piece crosses (pieces may overlap by `slack`)."""
    edges = sorted({lo(p) for p in pieces} | {hi(p) for p in pieces})
    start, end = edges[0], edges[-1]
    cuts = []
    for v in edges:
        if start < v < end and not any(lo(p) < v - slack and hi(p) > v + slack for p in pieces):
            cuts.append(v)
    # Neighbouring edges with no piece between them make one cut (a gap between two pieces).
    merged: list[float] = []
    for v in cuts:
        if merged and not any(merged[-1] <= (lo(p) + hi(p)) / 2 <= v for p in pieces):
            merged[-1] = v
        else:
            merged.append(v)
    return merged


def _split(pieces: list[Piece], cuts: list[float], mid) -> list[list[Piece]]:
    parts: list[list[Piece]] = [[] for _ in range(len(cuts) + 1)]
    for p in pieces:
        parts[sum(1 for c in cuts if mid(p) > c)].append(p)
    return [part for part in parts if part]


def _ymid(p: Piece) -> float:
    return (p.y0 + p.y1) / 2


def _xmid(p: Piece) -> float:
    return (p.x0 + p.x1) / 2


def _side_by_side(pieces: list[Piece], slack: float) -> bool:
    """Stories beside each other: the region parts into columns, every piece of its top row
    opens with a headline and every column holds running text (a story's headline over its
    two columns, the next story beside it), so each column is read down before the next."""
    cols = _cuts(pieces, lambda p: p.x0, lambda p: p.x1, slack)
    if not cols:
        return False
    rows = _cuts(pieces, lambda p: p.y0, lambda p: p.y1, slack)
    top = _split(pieces, rows, _ymid)[0]
    return (len(top) > 1 and all(p.headed for p in top)
            and all(any(p.wordy for p in strip) for strip in _split(pieces, cols, _xmid)))


def order(pieces: list[Piece], slack: float = 0.0, depth: int = 0) -> list[Piece]:
    """The pieces in reading order: bands top to bottom, columns left to right, recursively.

    A grid (rows and columns both part) is read by rows, except where stories stand side by
    side (_side_by_side): their rows are taken together as one band, read column by column."""
    if len(pieces) <= 1 or depth > 50:
        return sorted(pieces, key=lambda p: (p.y0, p.x0))
    rows = _cuts(pieces, lambda p: p.y0, lambda p: p.y1, slack)
    cols = _cuts(pieces, lambda p: p.x0, lambda p: p.x1, slack)
    if cols and (not rows or _side_by_side(pieces, slack)):
        parts = _split(pieces, cols, _xmid)
    elif rows:
        parts = []
        for row in _split(pieces, rows, _ymid):
            # a band grows by the rows below it until its stories are whole
            if parts and not _side_by_side(parts[-1], slack) \
                    and _side_by_side(parts[-1] + row, slack):
                parts[-1] = parts[-1] + row
            else:
                parts.append(row)
        if len(parts) == 1:
            parts = _split(pieces, rows, _ymid)
    else:
        return sorted(pieces, key=lambda p: (p.y0, p.x0))  # overlapping: top-left first
    return [p for part in parts for p in order(part, slack, depth + 1)]
