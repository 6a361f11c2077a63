"""How a reader cites an item's page: 《浙江工人日报》2025年6月12日第2版, unknown parts left out."""
from __future__ import annotations

import re

from compiler.model.briefing import BriefingItem
from compiler.present.text import clean, cn_date

# The labels aggregation gives a page known by year or month only (2025年, 2023年6月).
_PERIOD_LABEL = re.compile(r"^\d{4}年(?:\d{1,2}月)?$")


def citation(item: BriefingItem) -> str:
    """Paper, date and page as far as they are known; never the file's name, which is a
    storage detail (often a hash) that no reader recognises."""
    parts = []
    paper = clean(item.paper or "").strip("《》")
    if paper:
        parts.append(f"《{paper}》")
    if item.issue_date:
        parts.append(cn_date(item.issue_date))
    elif _PERIOD_LABEL.match(item.issue_label or ""):
        parts.append(item.issue_label)
    if item.page_no:
        parts.append(f"第{item.page_no}版")
    elif item.page_name:
        name = clean(item.page_name)
        parts.append(name if name.endswith("版") else f"{name}版")
    return "".join(parts)
