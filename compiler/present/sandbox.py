"""The one Jinja environment every template runs in: plain data, an allow-list, and limits.

Word templates (the briefing and `fill`), Excel cells and the .j2 snippets all use
TemplateSandbox. A template reaches only:
- the fields of Records (read-only mappings built by plain.freeze) and the items of tuples;
- a short allow-list of attributes of text, lists, dicts, dates and Jinja's own loop objects;
- plain functions handed to it, Jinja's macros and range/dict/namespace/cycler/joiner.
Everything it builds is bounded (bounds.Limits): text and list sizes, widths, integer size,
loop iterations, output and time; a limit raises bounds.TemplateLimitError.
"""
from __future__ import annotations

import inspect
import os
import stat
import types
from datetime import date
from typing import Any, Callable, Iterator

from jinja2 import FileSystemLoader, Template, TemplateNotFound, Undefined
from jinja2.environment import TemplateModule
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
    SecurityError,
)
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

from compiler.libs.jinja_private import GuardedCodeGenerator, fail_undefined, namespace_names
from compiler.present.bounds import (
    Budget,
    Limits,
    TemplateLimitError,
    bounded_add,
    bounded_mod,
    bounded_mul,
    bounded_pow,
    check_format_spec,
)
from compiler.present.plain import Record
from compiler.present.sandbox_filters import MARKUP_METHODS, STR_METHODS, check_str_method, guard_filters

_SEQ_ATTRS = frozenset({"count", "index"})
_DICT_ATTRS = frozenset({"get", "items", "keys", "values"})
_DATE_ATTRS = frozenset({"year", "month", "day", "isoformat", "weekday", "isoweekday"})
_LOOP_ATTRS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                         "depth", "depth0", "previtem", "nextitem", "cycle", "changed"})
_CYCLER_ATTRS = frozenset({"current", "next", "reset"})
_BLOCK_ATTRS = frozenset({"super"})
_NOTHING: frozenset[str] = frozenset()
_MISSING = object()
# Classes a template may call: Jinja's globals dict(), namespace(), cycler(), joiner().
SAFE_CLASSES = (dict, Namespace, Cycler, Joiner)
GLOBALS = ("range", "dict", "namespace", "cycler", "joiner")
# Objects whose items a template may read with x[i] (self["block"] is a template's own block).
SUBSCRIPTABLE = (dict, tuple, list, str, range, TemplateReference)


def _plain_item(obj: Any, key: Any) -> Any:
    """`obj[key]` for a plain container; _MISSING for anything else, or a key it refuses (a
    str key on a list raises TypeError: caught, as a missing key is)."""
    if isinstance(obj, SUBSCRIPTABLE):
        try:
            return obj[key]
        except (TypeError, LookupError):
            pass
    return _MISSING


def allowed_attributes(obj: Any) -> frozenset[str]:
    """The attribute names a template may read on `obj` (Records: see TemplateSandbox.getattr)."""
    if isinstance(obj, type):
        return _NOTHING
    if isinstance(obj, Markup):
        return MARKUP_METHODS
    if isinstance(obj, str):
        return STR_METHODS
    if isinstance(obj, tuple):  # a named tuple's fields too: groupby's (grouper, list)
        return _SEQ_ATTRS | frozenset(getattr(type(obj), "_fields", ()))
    if isinstance(obj, list):
        return _SEQ_ATTRS
    if isinstance(obj, dict):
        return _DICT_ATTRS
    if isinstance(obj, date):
        return _DATE_ATTRS
    if isinstance(obj, LoopContext):
        return _LOOP_ATTRS
    if isinstance(obj, Cycler):
        return _CYCLER_ATTRS
    if isinstance(obj, BlockReference):
        return _BLOCK_ATTRS
    if isinstance(obj, Namespace):
        return namespace_names(obj)
    if isinstance(obj, TemplateModule):  # {% import "x.j2" as m %}: its macros and variables
        return frozenset(k for k in vars(obj) if not k.startswith("_"))
    return _NOTHING


def is_safe_callable_object(obj: Any) -> bool:
    if isinstance(obj, (Macro, LoopContext, BlockReference, Joiner)):
        return True
    if isinstance(obj, type):
        return obj in SAFE_CLASSES
    if type(obj) is types.FunctionType:
        return True
    if isinstance(obj, (types.MethodType, types.BuiltinMethodType)):
        owner = getattr(obj, "__self__", None)
        if owner is None or isinstance(owner, (type, types.ModuleType)):
            return False
        return obj.__name__ in allowed_attributes(owner)
    return False


class _BoundedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        with self.environment.budget.evaluation():  # type: ignore[attr-defined]
            return super().render(*args, **kwargs)


class _BoundedExpression:
    """compile_expression()'s callable, evaluated under the limits; its value checked too."""

    def __init__(self, env: TemplateSandbox, expr: Callable[..., Any]) -> None:
        self._env = env
        self._expr = expr

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        budget = self._env.budget
        with budget.evaluation():
            value = self._expr(*args, **kwargs)
            if isinstance(value, (list, tuple, dict, Namespace)):
                budget.printable(value)
            return value


class _FormatBounds:
    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = self._env.budget  # type: ignore[attr-defined]
        check_format_spec(budget, format_spec)
        budget.printable(value)
        return super().format_field(value, format_spec)  # type: ignore[misc]

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        self._env.budget.printable(value)  # type: ignore[attr-defined]
        return super().convert_field(value, conversion)  # type: ignore[misc]


class _BoundedFormatter(_FormatBounds, SandboxedFormatter):
    pass


class _BoundedEscapeFormatter(_FormatBounds, SandboxedEscapeFormatter):
    pass


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with an allow-list instead of a deny-list, and limits."""

    code_generator_class = GuardedCodeGenerator
    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, *, limits: Limits | None = None,
                 finalize: Callable[[Any], Any] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.budget = Budget(limits or Limits())
        self._user_finalize = finalize
        self.finalize = self._finalize
        for name in list(self.globals):
            if name not in GLOBALS:
                del self.globals[name]
        self.filters = guard_filters(self, self.budget, self.filters)
        b = self.budget
        self.binop_table = {**self.binop_table,
                            "+": lambda x, y: bounded_add(b, x, y),
                            "*": lambda x, y: bounded_mul(b, x, y),
                            "**": lambda x, y: bounded_pow(b, x, y),
                            "%": lambda x, y: bounded_mod(b, x, y)}

    # --- what a template may reach ------------------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not attr.startswith("_") and attr in allowed_attributes(obj)

    def is_safe_callable(self, obj: Any) -> bool:
        return is_safe_callable_object(obj)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`x.name`: a Record's field, an allowed attribute, else an item of a plain container
        (a dict's key); never an item of anything else (dict['x'] would make a type alias)."""
        self.budget.tick()
        if isinstance(obj, Undefined):  # Undefined's own error: the first unknown name
            try:
                return getattr(obj, attribute)
            except AttributeError:
                return obj[attribute]
        if isinstance(obj, Record):
            found, value = obj.field(attribute)
            return value if found else self.undefined(obj=obj, name=attribute)
        if not attribute.startswith("_") and attribute in allowed_attributes(obj):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                return self._item(obj, attribute)
            fmt = self.wrap_str_format(value)
            return value if fmt is None else fmt
        # Not allowed: an existing attribute is refused without being read (no property or
        # descriptor of it runs); a missing one may be a dict's key.
        if inspect.getattr_static(obj, attribute, _MISSING) is _MISSING:
            return self._item(obj, attribute)
        return self.unsafe_undefined(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """`x[key]`: items of plain containers only; `x['name']` otherwise means `x.name`."""
        self.budget.tick()
        if isinstance(obj, Undefined):
            return obj[argument]
        if isinstance(obj, Record):
            found, value = obj.field(argument) if isinstance(argument, str) else (False, None)
            return value if found else self.undefined(obj=obj, name=argument)
        value = _plain_item(obj, argument)
        if value is not _MISSING:
            return value
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def _item(self, obj: Any, key: str) -> Any:
        value = _plain_item(obj, key)
        return self.undefined(obj=obj, name=key) if value is _MISSING else value

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) \
                or value.__name__ != "format" or not isinstance(value.__self__, str):
            return None  # format_map is not on the allow-list: is_safe_attribute refuses it
        text = value.__self__
        formatter = _BoundedEscapeFormatter(self, escape=text.escape) \
            if isinstance(text, Markup) else _BoundedFormatter(self)
        budget = self.budget

        def format(*args: Any, **kwargs: Any) -> str:
            budget.tick()
            return budget.checked(type(text)(formatter.vformat(text, args, kwargs)))

        return format

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = __self.budget
        budget.tick()
        if getattr(__obj, "__func__", None) is TemplateSandbox.guard_loop \
                and __obj.__self__ is __self:  # the for loop's own guard (GuardedCodeGenerator)
            return __obj(*args)
        if isinstance(__obj, Undefined):
            fail_undefined(__obj)  # the unknown or refused name, not "not callable"
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{type(__obj).__name__} 对象不能调用")
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (__self.guard_loop(args[0]),) + args[1:]
        elif type(__obj) is types.FunctionType:
            budget.printable(args, kwargs)
        elif isinstance(getattr(__obj, "__self__", None), str):
            args = check_str_method(budget, __obj.__self__, __obj.__name__, args, kwargs)
        value = __context.call(__obj, *args, **kwargs)
        if isinstance(__obj, (Macro, BlockReference, LoopContext)):
            return value  # rendered output, already counted as output
        return budget.checked(value)

    # --- hooks of the generated code (GuardedCodeGenerator) -------------------------------------------
    def guard_loop(self, iterable: Any) -> Iterator[Any]:
        budget = self.budget
        for item in iterable:
            budget.loop()
            yield item

    def join_parts(self, autoescape: bool, parts: tuple) -> str:
        self.budget.tick()
        self.budget.printable(*parts)
        return self.budget.checked(markup_join(parts) if autoescape else str_join(parts))

    def guard_value(self, value: Any) -> Any:
        return self.budget.checked(value)

    def const_text(self, text: str) -> str:
        self.budget.out(len(text))
        return text

    def _finalize(self, value: Any) -> Any:
        budget = self.budget
        if isinstance(value, str):
            budget.out(len(value))
        elif isinstance(value, (list, tuple, dict, Namespace)):
            budget.printable(value)
            budget.out(len(str(value)))
        if self._user_finalize is not None:
            return self._user_finalize(value)
        return value

    def compile_expression(self, source: str, undefined_to_none: bool = True) -> Any:
        return _BoundedExpression(self, super().compile_expression(source, undefined_to_none))


class TemplateFolderLoader(FileSystemLoader):
    """FileSystemLoader that reads only regular .j2 files inside its folders (no symlink out,
    no FIFO or device, no file over MAX_BYTES)."""

    MAX_BYTES = 1_000_000

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        if not template.endswith(".j2"):
            raise TemplateNotFound(template)
        for searchpath in self.searchpath:
            root = os.path.realpath(searchpath)
            filename = os.path.join(searchpath, *pieces)
            try:
                st = os.lstat(filename)
            except OSError:
                continue
            real = os.path.realpath(filename)
            if not stat.S_ISREG(st.st_mode) or os.path.commonpath([root, real]) != root:
                continue
            if st.st_size > self.MAX_BYTES:
                raise TemplateLimitError(f"模板文件 {template} 过大（超过 {self.MAX_BYTES} 字节）")
            with open(filename, "rb") as f:
                contents = f.read(self.MAX_BYTES + 1)
            if len(contents) > self.MAX_BYTES:
                raise TemplateLimitError(f"模板文件 {template} 过大（超过 {self.MAX_BYTES} 字节）")
            mtime = st.st_mtime

            def uptodate(path: str = filename, when: float = mtime) -> bool:
                try:
                    return os.path.getmtime(path) == when
                except OSError:
                    return False

            return contents.decode(self.encoding), os.path.normpath(filename), uptodate
        raise TemplateNotFound(template)
