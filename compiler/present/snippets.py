"""Text snippets every format shows alike (the 总体情况 paragraph), from report_templates/."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from compiler.model.briefing import Briefing
from compiler.present.options import RenderOptions
from compiler.present.templates import Snippets

_SNIPPETS: dict[RenderOptions, Snippets] = {}


def _plain(value: Any) -> Any:
    """Models as their fields: a template sees data, never a model and its methods."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def overview_context(b: Briefing) -> dict[str, Any]:
    """What overview.j2 sees: the briefing's parts as plain data."""
    unions = {it.union for it in b.items if it.union}
    context = dict(unit=b.unit, period=b.period, items=b.items, sections=b.sections,
                   totals=b.metric_totals, standing=b.standing_totals, targets=b.targets,
                   union_count=len(unions), cat_labels={c.id: c.label for c in b.categories})
    return {k: _plain(v) for k, v in context.items()}


def render_overview(template_dirs: tuple[Path, ...] = (), **context: Any) -> str:
    """overview.j2 (a user's folder first) with this context."""
    key = RenderOptions(template_dirs=tuple(template_dirs))
    snippets = _SNIPPETS.get(key)
    if snippets is None:
        snippets = _SNIPPETS[key] = Snippets(key)
    return snippets("overview.j2", **context)


_BUILT_IN = RenderOptions()


def overview_text(b: Briefing, options: RenderOptions = _BUILT_IN) -> str:
    """The 总体情况 paragraph of a briefing (the font of `options` does not matter here)."""
    return render_overview(options.template_dirs, **overview_context(b))
