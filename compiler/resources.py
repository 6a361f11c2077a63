"""Locate the built-in schemas/ and report_templates/ folders, in a checkout or installed."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _find(top_level: str, package: str) -> Path:
    # In a checkout (or an editable install) the top-level folder sits next to the package;
    # a wheel installs it inside the package under `package` (see pyproject.toml).
    local = _CHECKOUT / top_level
    if local.is_dir():
        return local
    return Path(str(resources.files(package)))


def schemas_dir() -> Path:
    return _find("schemas", "compiler._schemas")


def templates_dir() -> Path:
    return _find("report_templates", "compiler._templates")
