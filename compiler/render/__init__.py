"""Render stage: a Briefing laid out in each output format; one subpackage per format.

Adding a format is adding a subpackage here whose __init__ declares `FORMAT = OutputFormat(...)`
and a module with `render(briefing, out_path, options)`: nothing else names the formats.
"""
from __future__ import annotations

import contextlib
import importlib
import pkgutil
from functools import cache
from pathlib import Path

from compiler.atomic import atomic_path
from compiler.errors import UserError
from compiler.guard.isolate import Problems, Refused, run_limited
from compiler.model.briefing import Briefing
from compiler.present.options import RenderError, RenderOptions
from compiler.render.base import OutputFormat

__all__ = ["OutputFormat", "RenderError", "RenderOptions", "formats", "prepare", "render"]

# The order formats are listed in (help, default --format); a new format comes after these.
_ORDER = ("docx", "xlsx", "pdf")


@cache
def formats() -> dict[str, OutputFormat]:
    """Every output format, by name, found among this package's subpackages."""
    found: list[OutputFormat] = []
    for info in pkgutil.iter_modules(__path__, f"{__name__}."):
        if info.ispkg:
            declared = getattr(importlib.import_module(info.name), "FORMAT", None)
            if isinstance(declared, OutputFormat):
                found.append(declared)
    found.sort(key=lambda f: (_ORDER.index(f.name) if f.name in _ORDER else len(_ORDER), f.name))
    return {f.name: f for f in found}


def output_format(name: str) -> OutputFormat:
    try:
        return formats()[name]
    except KeyError:
        known = "、".join(formats())
        raise RenderError(f"不支持的输出格式：{name}（可用：{known}）") from None


def prepare(fmts: list[str], options: RenderOptions) -> None:
    """Load ahead what the reports of these formats need, before a build forks its workers, so
    that they inherit it. A failure here is not reported: the same failure comes again, with
    its message, for each report that needs what failed."""
    for name in fmts:
        with contextlib.suppress(Exception):
            preparer = output_format(name).preparer()
            if preparer is not None:
                preparer(options)


def render(briefing: Briefing, fmt: str, out_path: Path, options: RenderOptions) -> None:
    """Write one report file; a failure leaves no partial file and keeps an earlier one.

    With the user's own template folders, the report is made in a child process under a hard
    memory, CPU and time limit (guard.isolate), as `fill` does: a template from outside may be
    hostile, and the sandbox's own limits cannot interrupt everything."""
    renderer = output_format(fmt).renderer()
    with atomic_path(Path(out_path)) as tmp:
        if not options.overrides:
            renderer(briefing, tmp, options)
            return

        def limited() -> bytes:
            renderer(briefing, tmp, options)
            return b""

        try:
            run_limited(limited, _user_problems)
        except Refused as exc:
            message = "；".join(m for _, m in exc.problems)
            if any(place != _RAISED for place, _ in exc.problems):  # stopped at a limit
                folders = "、".join(str(d) for d in options.template_dirs)
                message = f"使用模板文件夹 {folders} 生成时：{message}"
            raise RenderError(message, source=str(out_path)) from None


_RAISED = "\x00raised"  # the place of a problem the renderer raised (a limit's place is "")


def _user_problems(exc: BaseException) -> Problems | None:
    if isinstance(exc, UserError):
        return [(_RAISED, exc.message)]
    if isinstance(exc, OSError):
        return [(_RAISED, f"无法写入（{exc.strerror or exc}），未写出")]
    return None
