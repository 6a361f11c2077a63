"""The signature every output format's renderer has."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from compiler.model.briefing import Briefing
from compiler.present.options import RenderOptions

Renderer = Callable[[Briefing, Path, RenderOptions], None]
