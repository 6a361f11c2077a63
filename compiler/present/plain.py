"""Plain, immutable template data: read-only records, frozen values, and their printed size."""
from __future__ import annotations

import types
from datetime import date
from typing import Any, Iterator

from jinja2.utils import Namespace
from markupsafe import Markup

LEAVES = (type(None), bool, int, float, date)


class Record:
    """Named fields for templates: `r.name` and `r["name"]`; a missing field is an error.

    A read-only mapping in Python (keys/items/…), but a template reaches its fields only: the
    sandbox looks `r.items` up as the field `items` (a section's list), never as a method.
    Hashed by identity, like the records of the old fill context.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Any = None, /, **more: Any) -> None:
        data = dict(fields or {}, **more)
        for key in data:
            if not isinstance(key, str):
                raise TypeError(f"record keys are text, not {type(key).__name__}")
        object.__setattr__(self, "_fields", {k: freeze(v) for k, v in data.items()})

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __contains__(self, key: object) -> bool:
        return key in self._fields

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def get(self, key: str, default: Any = None) -> Any:
        return self._fields.get(key, default)

    def keys(self):
        return self._fields.keys()

    def values(self):
        return self._fields.values()

    def items(self):
        return self._fields.items()

    def field(self, name: str) -> tuple[bool, Any]:
        """(found, value): the one way the sandbox reads a record."""
        if name in self._fields:
            return True, self._fields[name]
        return False, None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("只读")

    def __str__(self) -> str:
        for key in ("name", "label", "title", "text"):
            if key in self._fields:
                return str(self._fields[key])
        return ""

    def __repr__(self) -> str:
        return f"Record({', '.join(sorted(self._fields))})"


def freeze(value: Any) -> Any:
    """`value` as plain immutable template data; anything else is a programming error.

    Mappings become Records, lists and tuples tuples; text, numbers, dates and None stay; plain
    functions (never bound methods nor partials) stay, the sandbox lets a template only call them.
    """
    if isinstance(value, LEAVES) or type(value) is str or type(value) is Markup:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Record):
        return value
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if type(value) is types.FunctionType:
        return value
    raise TypeError(f"not plain template data: {type(value).__module__}.{type(value).__name__}")


def freeze_context(context: dict[str, Any]) -> dict[str, Any]:
    """A template's top-level names, each frozen."""
    return {str(k): freeze(v) for k, v in context.items()}


_NUMBER = 8  # what a number costs when printed, roughly (ints are capped in size elsewhere)


def weight(value: Any, limit: int) -> int:
    """About how many characters `str(value)` prints, counted without printing it.

    Stops as soon as the count passes `limit` (a value built of shared parts, [[x]*n]*n, is
    counted as often as it would be printed, so the walk is bounded by `limit`, not by its size).
    Records print their field names only (their repr), namespaces their attributes.
    """
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            total += len(v)
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(v)
            if total > limit:
                return total
            stack.extend(v)
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            if total > limit:
                return total
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, Record):
            total += 10 + sum(len(k) + 2 for k in v.keys())
        elif isinstance(v, Namespace):
            total += 14
            stack.append(object.__getattribute__(v, "_Namespace__attrs"))
        elif isinstance(v, int) and not isinstance(v, bool):
            total += v.bit_length() // 3 + 2
        else:
            total += _NUMBER
        if total > limit:
            return total
    return total
