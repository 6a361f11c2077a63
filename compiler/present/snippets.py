"""Text snippets the Briefing itself carries (the 总体情况 paragraph), from report_templates/."""
from __future__ import annotations

from pathlib import Path

from compiler.render.base import RenderOptions
from compiler.present.templates import Snippets

_SNIPPETS: dict[tuple[Path, ...], Snippets] = {}


def render_overview(template_dirs: tuple[Path, ...] = (), **context) -> str:
    snippets = _SNIPPETS.get(template_dirs)
    if snippets is None:
        snippets = _SNIPPETS[template_dirs] = Snippets(RenderOptions(template_dirs=template_dirs))
    return snippets("overview.j2", **context)
