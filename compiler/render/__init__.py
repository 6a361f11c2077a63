"""Render stage: a Briefing laid out as Word, Excel or PDF; one module per format, listed here."""
from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..briefing import Briefing
from .base import RenderError, Renderer, RenderOptions
from .excel import render_xlsx
from .pdf import render_pdf
from .word import render_docx

__all__ = ["RENDERERS", "RenderError", "RenderOptions", "render"]

RENDERERS: dict[str, Renderer] = {}
RENDERERS["docx"] = render_docx
RENDERERS["xlsx"] = render_xlsx
RENDERERS["pdf"] = render_pdf


def render(briefing: Briefing, fmt: str, out_path: Path, options: RenderOptions) -> None:
    """Write one report file; a failure leaves no partial file and keeps an earlier one."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        known = "、".join(sorted(RENDERERS))
        raise RenderError(f"不支持的输出格式：{fmt}（可用：{known}）") from None
    with atomic_path(Path(out_path)) as tmp:
        renderer(briefing, tmp, options)
