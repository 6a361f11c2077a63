"""Locate the built-in schemas/ and report_templates/ folders, installed or in a checkout."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def schemas_dir() -> Path:
    return _package_dir("compiler._schemas")


def templates_dir() -> Path:
    return _package_dir("compiler._templates")
