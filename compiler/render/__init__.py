"""Render stage: a Briefing laid out as Word, Excel or PDF; one module per format, listed here."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable

from compiler.atomic import atomic_path
from compiler.model.briefing import Briefing
from compiler.present.options import RenderError, RenderOptions
from compiler.render.base import Renderer
from compiler.render.xlsx.workbook import render_xlsx
from compiler.render.pdf.digest import prepare_pdf, render_pdf
from compiler.render.docx import prepare_docx, render_docx

__all__ = ["RENDERERS", "RenderError", "RenderOptions", "prepare", "render"]

RENDERERS: dict[str, Renderer] = {}
RENDERERS["docx"] = render_docx
RENDERERS["xlsx"] = render_xlsx
RENDERERS["pdf"] = render_pdf
# What a format's reports all need (fonts, templates), loaded once per process: before a build
# forks its workers, so that they inherit it instead of each loading it again.
PREPARERS: dict[str, Callable[[RenderOptions], None]] = {"docx": prepare_docx, "pdf": prepare_pdf}


def prepare(fmts: list[str], options: RenderOptions) -> None:
    """Load ahead what the reports of these formats need. A failure here is not reported: the
    same failure comes again, with its message, for each report that needs what failed."""
    for fmt in fmts:
        if fmt in PREPARERS:
            with contextlib.suppress(Exception):
                PREPARERS[fmt](options)


def render(briefing: Briefing, fmt: str, out_path: Path, options: RenderOptions) -> None:
    """Write one report file; a failure leaves no partial file and keeps an earlier one."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        known = "、".join(sorted(RENDERERS))
        raise RenderError(f"不支持的输出格式：{fmt}（可用：{known}）") from None
    with atomic_path(Path(out_path)) as tmp:
        renderer(briefing, tmp, options)
