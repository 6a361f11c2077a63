"""Review: a person's corrections, kept in a YAML file and applied by parse, build and fill."""
from __future__ import annotations

from compiler.review.apply import Applied, apply_corrections
from compiler.review.corrections import Corrections, article_key, discover, load

__all__ = ["Applied", "Corrections", "apply_corrections", "article_key", "discover", "load"]
