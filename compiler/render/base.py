"""What an output format is: its name and file word, its cost, and how it prepares and renders."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from compiler.model.briefing import Briefing
from compiler.present.options import RenderOptions


class RenderFunction(Protocol):
    def __call__(self, briefing: Briefing, out_path: Path, options: RenderOptions) -> None: ...


@dataclass(frozen=True)
class OutputFormat:
    """One output format, declared in its own subpackage's __init__ as `FORMAT`.

    The declaration is cheap to import; the module that renders (and its libraries) is
    imported only when a report of this format is prepared or written.
    """

    name: str  # the file suffix and the --format word: docx
    label: str  # the word a report's file name ends in: 工作简报
    module: str  # the module holding `render(briefing, out_path, options)` and maybe `prepare(options)`
    # Rough CPU milliseconds of one report, fixed + per article: the build pool takes the
    # biggest units first, so that its workers end together.
    cost: tuple[float, float] = (60, 4.0)

    def renderer(self) -> RenderFunction:
        render: RenderFunction = importlib.import_module(self.module).render
        return render

    def preparer(self) -> Callable[[RenderOptions], None] | None:
        """What all of this format's reports need (fonts, templates), loaded once per process."""
        prepare: Callable[[RenderOptions], None] | None = getattr(
            importlib.import_module(self.module), "prepare", None)
        return prepare
