"""Jinja's filters and the str methods a template may call, each checked against the limits."""
from __future__ import annotations

import functools
from itertools import islice
from typing import Any, Callable

from jinja2 import filters as jf
from jinja2 import pass_environment

from compiler.present.bounds import Budget, TemplateLimitError, check_percent

# Filters that print their input (or its items) into a string: the input must be printable.
_PRINTING = frozenset({
    "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower", "pprint",
    "replace", "safe", "string", "striptags", "title", "tojson", "trim", "truncate", "upper",
    "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr", "filesizeformat",
})
# Filters left out: they make text from nothing (lorem ipsum) or are not plain data.
REMOVED = frozenset({"lipsum"})


def _materialize(budget: Budget, value: Any) -> list[Any]:
    items = list(islice(iter(value), budget.limits.max_items + 1))
    budget.items(len(items))
    return items


def _arg(args: tuple, kwargs: dict, index: int, name: str, default: Any) -> Any:
    if name in kwargs:
        return kwargs[name]
    return args[index] if len(args) > index else default


def _precheck(name: str, budget: Budget, value: Any, args: tuple, kwargs: dict) -> Any:
    """Refuse a call whose result would be too big before making it; may replace `value`."""
    if name in _PRINTING:
        budget.printable(value)
    text = value if isinstance(value, str) else ""
    if name == "center":
        budget.width(_arg(args, kwargs, 0, "width", 80))
    elif name == "indent":
        width = _arg(args, kwargs, 0, "width", 4)
        budget.width(width if isinstance(width, int) else len(str(width)))
        size = width if isinstance(width, int) else len(str(width))
        budget.text(len(text) + (text.count("\n") + 1) * max(size, 0))
    elif name == "wordwrap":
        width = _arg(args, kwargs, 0, "width", 79)
        wrap = _arg(args, kwargs, 2, "wrapstring", None) or "\n"
        lines = len(text) // max(int(width), 1) + 1 if isinstance(width, int) else len(text)
        budget.text(len(text) + lines * len(str(wrap)))
    elif name == "replace":
        old, new = str(_arg(args, kwargs, 0, "old", "")), str(_arg(args, kwargs, 1, "new", ""))
        s = str(value) if not isinstance(value, str) else value
        hits = s.count(old) if old else len(s) + 1
        count = _arg(args, kwargs, 2, "count", None)
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        budget.text(len(s) + hits * max(len(new) - len(old), 0))
    elif name == "format":
        check_percent(budget, str(value), kwargs or args)
    elif name == "tojson":
        budget.width(_arg(args, kwargs, 0, "indent", None))
    elif name in ("batch", "slice"):
        budget.items(_arg(args, kwargs, 0, "linecount" if name == "batch" else "slices", 0))
        value = _materialize(budget, value)
    elif name == "join":
        value = _materialize(budget, value)
    elif name == "sum":
        start = _arg(args, kwargs, 1, "start", 0)
        if not isinstance(start, (int, float)) or isinstance(start, bool):
            raise TemplateLimitError("sum 只能对数值求和")
    return value


def _join(env: Any, budget: Budget, eval_ctx: Any, value: list, d: str = "",
          attribute: Any = None) -> str:
    if attribute is not None:
        getter = jf.make_attrgetter(env, attribute)
        value = [getter(x) for x in value]
    budget.text(len(d) * max(len(value) - 1, 0))
    budget.printable(*value)
    return jf.do_join(eval_ctx, value, d)


def guard_filters(env: Any, budget: Budget, filters: dict[str, Callable]) -> dict[str, Callable]:
    """Every filter wrapped: checked arguments before the call, checked size of the result."""
    out: dict[str, Callable] = {}
    for name, func in filters.items():
        if name in REMOVED:
            continue
        if name == "attr":
            func = _attr  # through the sandbox's own lookup, as `x.name` is
        out[name] = _guard(env, budget, name, func)
    return out


@pass_environment
def _attr(environment: Any, obj: Any, name: Any) -> Any:
    """`x|attr("name")`: exactly what `x.name` reaches, no more."""
    return environment.getattr(obj, str(name))


def _guard(env: Any, budget: Budget, name: str, func: Callable) -> Callable:
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        budget.tick()
        head, value, rest = args[:skip], args[skip] if len(args) > skip else None, args[skip + 1:]
        value = _precheck(name, budget, value, rest, kwargs)
        if name == "join":
            return budget.checked(_join(env, budget, head[0], value, *rest, **kwargs))
        return budget.checked(func(*head, value, *rest, **kwargs))

    return run


# --- str methods -------------------------------------------------------------------------------
STR_METHODS = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "format", "index", "isalnum",
    "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper",
    "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace",
    "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
    "startswith", "strip", "swapcase", "title", "upper", "zfill",
})
MARKUP_METHODS = STR_METHODS | {"striptags", "unescape"}


def check_str_method(budget: Budget, s: str, name: str, args: tuple, kwargs: dict) -> tuple:
    """Bounds for the str methods that can grow a string; may materialize join's argument."""
    if name in ("center", "ljust", "rjust", "zfill"):
        budget.width(_arg(args, kwargs, 0, "width", 0))
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str) and isinstance(new, str):
            hits = s.count(old) if old else len(s) + 1
            if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
                hits = min(hits, args[2])
            budget.text(len(s) + hits * max(len(new) - len(old), 0))
    elif name == "join" and args:
        items = _materialize(budget, args[0])
        budget.printable(*items)
        budget.text(sum(len(x) for x in items if isinstance(x, str)) + len(s) * len(items))
        args = (items,) + args[1:]
    return args

