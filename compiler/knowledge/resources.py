"""Locate the built-in schemas/ and report_templates/ folders, in a checkout or installed."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE.parent


def _find(top_level: str, installed: str) -> Path:
    # In a checkout (or an editable install) the top-level folder sits next to the package;
    # a wheel installs it inside the package as `installed` (see pyproject.toml).
    local = _CHECKOUT / top_level
    if local.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return local
    return _PACKAGE / installed


def schemas_dir() -> Path:
    return _find("schemas", "_schemas")


def templates_dir() -> Path:
    return _find("report_templates", "_templates")
