"""Read-only records handed to templates, and the error a template's data request can raise."""
from __future__ import annotations

from compiler.errors import UserError
from compiler.present.plain import Record

__all__ = ["Record", "TemplateDataError"]


class TemplateDataError(UserError):
    """A helper was asked for something that does not exist (unknown category, metric, level)."""
