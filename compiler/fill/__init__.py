"""Fill a federation's own statistic (.xlsx) and briefing (.docx) templates from parsed articles."""
from __future__ import annotations

from compiler.fill.check import CheckReport, check_template
from compiler.fill.engine import FillError
from compiler.fill.run import Filled, fill_template, open_template

__all__ = ["CheckReport", "Filled", "FillError", "check_template", "fill_template", "open_template"]
