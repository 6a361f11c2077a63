"""Read-only records handed to templates, and the error a template's data request can raise."""
from __future__ import annotations

from typing import Any

from compiler.errors import UserError


class TemplateDataError(UserError):
    """A helper was asked for something that does not exist (unknown category, metric, level)."""


class Record:
    """Named fields for templates: `r.name` and `r["name"]`; a missing field is an error.

    Not a dict on purpose: Jinja looks up `x.items` as an attribute first, so a dict-based
    section would hand out dict.items instead of its list of items.
    """

    __slots__ = ("_fields",)

    def __init__(self, **fields: Any) -> None:
        object.__setattr__(self, "_fields", fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __contains__(self, key: object) -> bool:
        return key in self._fields

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("只读")

    def __str__(self) -> str:
        for key in ("name", "label", "title", "text"):
            if key in self._fields:
                return str(self._fields[key])
        return ""

    def __repr__(self) -> str:
        return f"Record({', '.join(sorted(self._fields))})"

