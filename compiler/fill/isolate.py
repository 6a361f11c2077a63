"""A template's fill or check run in a limited child (guard.isolate), its problems a FillError."""
from __future__ import annotations

from typing import Callable

from compiler.fill.engine import FillError
from compiler.guard import isolate
from compiler.guard.isolate import Problems, at

__all__ = ["at", "run_limited"]


def _problems(exc: BaseException) -> Problems | None:
    return exc.problems if isinstance(exc, FillError) else None


def run_limited(fn: Callable[[], bytes], template: str, *,
                seconds: float = isolate.SECONDS) -> bytes:
    """fn() (a template's fill) in a child under the limits; its FillError raised here."""
    try:
        return isolate.run_limited(fn, _problems, seconds=seconds)
    except isolate.Refused as exc:
        raise FillError(template, exc.problems) from None
