"""The report formats, and the word each one's file names end in."""
from __future__ import annotations

SUFFIX_NAME = {"docx": "工作简报", "xlsx": "统计表", "pdf": "摘要"}
FORMATS = tuple(SUFFIX_NAME)
