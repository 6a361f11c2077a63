"""Names made safe to use as one path component on any system."""
from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_name(name: str, limit: int = 60) -> str:
    """One path component on any system: no separator, reserved or control character, no
    leading dot (a hidden file, or ".."), short enough (60 CJK characters are 180 bytes)."""
    safe = _UNSAFE.sub("_", name).strip().lstrip(".")[:limit].rstrip(" .")
    return safe or "_"
