"""Output paths: names safe as one path component on any system, and the report folder."""
from __future__ import annotations

import os
import re
from pathlib import Path

from compiler.errors import UserError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_name(name: str, limit: int = 60) -> str:
    """One path component on any system: no separator, reserved or control character, no
    leading dot (a hidden file, or ".."), short enough (60 CJK characters are 180 bytes)."""
    safe = _UNSAFE.sub("_", name).strip().lstrip(".")[:limit].rstrip(" .")
    return safe or "_"


def prepare_out(out: Path) -> None:
    """Make the report folder before any work, so that an unusable one is one clear error."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{out}：无法创建报告目录（{exc.strerror or exc}）") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UserError(f"{out}：报告目录不可写入")
