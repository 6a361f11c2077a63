"""The Word briefing's 本期要目: one line per item, small enough type for 40 items on a page."""
from __future__ import annotations

from typing import Any

from compiler.present.text import display_width

# Characters of a 要目 line in briefing.docx: the 156 mm line less the indent and the ◆, at
# 14 pt (UBTocItem) and at 10.5 pt (UBTocItemDense); two display columns to a character.
LINE_CHARS = {False: 28, True: 39}
# Up to this many lines (headings and items) the 要目 is set at 14 pt with its section
# headings; a longer one at 10.5 pt, items only, so that 40 items still fit on the first page
# under the masthead.
ROOMY_LINES = 16
_ELLIPSIS = "…"


def fit_line(text: str, chars: int) -> str:
    """`text` cut to one line of `chars` characters, with an ellipsis where it was cut."""
    budget = 2 * chars
    if display_width(text) <= budget:
        return text
    budget -= 2  # the ellipsis is set full width in Chinese fonts
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > budget:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + _ELLIPSIS


def _line(entry: dict[str, Any], chars: int) -> str:
    # The main title alone when title and subtitle together would not fit one line.
    title = entry["title"]
    if display_width(title) > 2 * chars and entry.get("main_title"):
        title = entry["main_title"]
    return fit_line(title, chars)


def toc(view: dict[str, Any]) -> dict[str, Any]:
    """{"dense": bool, "lines": [{"heading": bool, "text": str}]} for the template's 要目."""
    sections = view["sections"]
    items = [e for s in sections for e in s["entries"]]
    has_stats = bool(view["table"]["rows"] or view["table"]["total"])
    dense = 1 + len(sections) + len(items) + has_stats > ROOMY_LINES
    chars = LINE_CHARS[dense]
    lines: list[dict[str, Any]] = []
    if dense:
        lines = [{"heading": False, "text": _line(e, chars)} for e in items]
    else:
        lines.append({"heading": True, "text": view["overview_heading"]})
        for s in sections:
            lines.append({"heading": True, "text": s["heading"]})
            lines += [{"heading": False, "text": _line(e, chars)} for e in s["entries"]]
        if has_stats:
            lines.append({"heading": True, "text": view["stats_heading"]})
    return {"dense": dense, "lines": lines}
