"""Chinese labels for the fixed enums of the model (union levels, figure qualifiers, statuses)."""
from __future__ import annotations

from compiler.knowledge.schemas import load_schemas

# Union levels are named where they are defined, in schemas/levels.yaml (the built-in file: a
# user's --schemas folder changes how levels are found, not what reports call them).
LEVELS: dict[str, str] = {level: rule.label for level, rule in load_schemas().levels.levels.items()}

QUALIFIERS = {
    "exact": "",
    "more_than": "以上",
    "approx": "约",
    "at_least": "不少于",
    "less_than": "不足",
}

STATUSES = {"actual": "已完成", "target": "目标"}

# How a figure may be used in a statistic (GUIDE: role); only 当期数 enter totals.
ROLES = {"count": "当期数", "total": "累计/存量", "rate": "人均/单价/比例", "part": "其中/重述"}

KINDS = {"news": "消息", "photo": "图片新闻", "commentary": "评论", "notice": "预告"}


def level_label(level: str | None) -> str:
    return LEVELS.get(level or "", level or "")
