"""reportlab internals the PDF digest relies on (reportlab 5.1.0).

The digest draws its own text objects and fills in page numbers after the last page, which
platypus offers no public hook for: it needs the canvas's document and page streams, its
pending drawing code and the frame's current height.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Table

PINNED = "5.1.0"

# The tolerance platypus uses when it asks whether something fits (rl_config._FUZZ).
FUZZ: float = rl_config._FUZZ


def pdf_document(canv: Canvas) -> Any:
    """The PDFDocument a canvas writes into (one per digest; font subsets are kept per document)."""
    return canv._doc


def doc_template(canv: Canvas) -> Any:
    """The document template drawing on this canvas, for a flowable to call back."""
    return canv._doctemplate


def append_code(canv: Canvas, line: str) -> None:
    """A raw line in the current page's content stream (a placeholder, filled in later)."""
    canv._code.append(line)


@contextlib.contextmanager
def captured_code(canv: Canvas) -> Iterator[list[str]]:
    """What is drawn inside the block, as content-stream lines, instead of onto the page."""
    saved = canv._code
    captured: list[str] = []
    canv._code = captured
    try:
        yield captured
    finally:
        canv._code = saved


def page_objects(canv: Canvas) -> list[Any]:
    """The document's finished pages, whose `stream` is their content text."""
    pages: list[Any] = canv._doc.Pages.pages
    return pages


def defer_save(template: Any) -> None:
    """build() leaves the canvas unsaved, so that placeholders can be filled in first."""
    template._doSave = 0


def frame_y(frame: Any) -> float:
    """How far down the frame the next flowable starts (its current y)."""
    y: float = frame._y
    return y


def table_cells(table: Table) -> list[list[Any]]:
    cells: list[list[Any]] = table._cellvalues
    return cells


def kept_together(flowable: Any) -> list[Any] | None:
    """The flowables a KeepTogether holds; None for any other flowable."""
    if isinstance(flowable, KeepTogether):
        content: list[Any] = flowable._content
        return content
    return None
