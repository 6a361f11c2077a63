"""A template's package read as untrusted (guard.packages), its problem a FillError."""
from __future__ import annotations

from pathlib import Path

from compiler.fill.engine import FillError
from compiler.guard.names import shown
from compiler.guard.packages import PackageProblem, read_office_package


def read_package(path: Path, kind: str) -> tuple[bytes, list[str]]:
    """The template's bytes, repacked, and its member names; FillError naming the template."""
    try:
        return read_office_package(path, kind)
    except PackageProblem as exc:
        raise FillError(shown(Path(path).name), [("", exc.message)]) from None
