"""How reports are presented: the user's template folders and PDF font, and the error for them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from compiler.errors import UserError
from compiler.knowledge.resources import templates_dir


class RenderError(UserError):
    """A report that cannot be written (missing template, unusable font, bad style file)."""


@dataclass(frozen=True)
class RenderOptions:
    # User template folders, searched in order before the built-in report_templates/.
    template_dirs: tuple[Path, ...] = ()
    # A TrueType font (.ttf, or a .ttc with TrueType outlines) for the PDF;
    # None = the candidates listed in pdf_style.yaml.
    font_path: Path | None = None

    @cached_property
    def overrides(self) -> bool:
        """Whether a user template folder holds any file (a template or style that would be
        used instead of a built-in one); looked at once per options, not once per report."""
        for d in self.template_dirs:
            try:
                if any(entry.is_file() for entry in Path(d).expanduser().iterdir()):
                    return True
            except OSError:
                continue  # a folder that cannot be read lends no template
        return False

    def search_dirs(self) -> tuple[Path, ...]:
        """User dirs first, the built-in folder last, each once."""
        dirs: list[Path] = []
        for d in (*self.template_dirs, templates_dir()):
            d = Path(d).expanduser().resolve()
            if d not in dirs:
                dirs.append(d)
        return tuple(dirs)
