"""Text snippets every format shows alike (the 总体情况 paragraph), from report_templates/."""
from __future__ import annotations

from compiler.model.briefing import Briefing
from compiler.present.options import RenderOptions
from compiler.present.templates import Snippets

_SNIPPETS: dict[RenderOptions, Snippets] = {}


def overview_text(b: Briefing, options: RenderOptions = RenderOptions()) -> str:
    """The 总体情况 paragraph of a briefing, from overview.j2 (a user's folder first)."""
    key = RenderOptions(template_dirs=options.template_dirs)  # the font does not matter here
    snippets = _SNIPPETS.get(key)
    if snippets is None:
        snippets = _SNIPPETS[key] = Snippets(key)
    unions = {it.union for it in b.items if it.union}
    return snippets("overview.j2", unit=b.unit, period=b.period, items=b.items, sections=b.sections,
                    totals=b.metric_totals, standing=b.standing_totals, targets=b.targets,
                   union_count=len(unions),
                    cat_labels={c.id: c.label for c in b.categories})
