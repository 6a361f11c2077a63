"""The sandboxed Jinja environment fill templates run in, its checks and its Chinese errors."""
from __future__ import annotations

import re
from typing import Any, Iterable

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import SecurityError

from compiler.errors import UserError
from compiler.fill.records import Record, TemplateDataError
from compiler.present.bounds import Limits, TemplateLimitError
from compiler.present.sandbox import GLOBALS, TemplateSandbox

MAX_REPEAT = Limits().max_items  # most rows a {%row for %} may repeat
JINJA_GLOBALS = GLOBALS


class FillError(UserError):
    """A template that cannot be filled; every problem is named by file and place."""

    def __init__(self, template: str, problems: Iterable[tuple[str, str]]):
        seen: list[tuple[str, str]] = []
        for p in problems:
            if p not in seen:
                seen.append(p)
        self.problems = seen
        lines = [f"模板 {template} {place}：{message}" if place else f"模板 {template}：{message}"
                 for place, message in seen]
        # One problem per line; the CLI prints "错误：" before the first, so the others get it too.
        super().__init__("\n错误：".join(lines), source=template)


def fill_env(*, autoescape: bool = False) -> TemplateSandbox:
    """The template sandbox (render.sandbox), without a loader: a fill template includes nothing."""
    return TemplateSandbox(undefined=StrictUndefined, autoescape=autoescape, trim_blocks=True,
                           lstrip_blocks=True, keep_trailing_newline=False)


def unsafe_access(ast: nodes.Node) -> list[tuple[str, int]]:
    """Attribute names (and their lines) a template reaches for that the sandbox forbids."""
    found = []
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        name = None
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value
        elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args \
                and isinstance(node.args[0], nodes.Const):
            name = node.args[0].value
        if isinstance(name, str) and name.startswith("_"):
            found.append((name, node.lineno))
    return found


def safety_problems(ast: nodes.Node) -> list[tuple[int, str]]:
    """(line, message) for each forbidden access, refused before anything is rendered."""
    return [(line, f"出于安全考虑，拒绝访问内部属性 {name}（模板不能访问以下划线开头的属性）")
            for name, line in unsafe_access(ast)]


_UNDEFINED = re.compile(r"^'([^']+)' is undefined$")
_NO_ATTR = re.compile(r"has no attribute '([^']+)'")
_NO_ITEM = re.compile(r"has no element (.+)$")
_UNSAFE = re.compile(r"attribute '([^']+)'")


def explain(exc: BaseException) -> str:
    """The Chinese message for an error raised while parsing or rendering a template."""
    msg = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, TemplateDataError):
        return exc.message
    if isinstance(exc, TemplateLimitError):
        return str(exc)  # its one argument, the Chinese message (jinja's .message may be None)
    if isinstance(exc, MemoryError):
        return "出于安全考虑，拒绝执行：模板占用的内存超过限制"
    if isinstance(exc, RecursionError):
        return "出于安全考虑，拒绝执行：模板嵌套或递归过深"
    if isinstance(exc, SecurityError):
        if m := _UNSAFE.search(msg):
            return f"出于安全考虑，拒绝访问属性 {m.group(1)}（模板只能使用文档列出的变量、字段和函数）"
        return f"出于安全考虑，拒绝执行（{msg}）"
    if isinstance(exc, UndefinedError):
        if m := _UNDEFINED.match(msg):
            return f"未知变量 {m.group(1)}"
        if m := _NO_ATTR.search(msg):
            return f"未知属性 {m.group(1)}"
        if m := _NO_ITEM.search(msg):
            return f"没有这一项：{m.group(1)}"
        return f"未定义的值（{msg}）"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板语法错误：{msg}"
    if isinstance(exc, TemplateError):
        return f"模板出错：{msg}"
    if isinstance(exc, ZeroDivisionError):
        return "表达式出错：除数为零"
    return f"表达式出错：{type(exc).__name__}: {msg}"


def undefined_name(exc: BaseException) -> str | None:
    """The variable or attribute an UndefinedError is about, to find where it is used."""
    msg = str(exc)
    m = _UNDEFINED.match(msg) or _NO_ATTR.search(msg)
    return m.group(1) if m else None


def loop_record(index0: int, length: int) -> Record:
    """What `loop` holds in a repeated row, as in a Jinja for loop."""
    return Record(index=index0 + 1, index0=index0, revindex=length - index0,
                  revindex0=length - index0 - 1, first=index0 == 0, last=index0 == length - 1,
                  length=length)


def template_lineno(exc: BaseException) -> int | None:
    """The template line an exception was raised at (Jinja rewrites tracebacks to templates)."""
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def is_markup(text: Any) -> bool:
    return isinstance(text, str) and ("{{" in text or "{%" in text or "{#" in text)


def known_names(context_names: Iterable[str]) -> set[str]:
    return set(context_names) | set(JINJA_GLOBALS)


__all__ = ["FillError", "fill_env", "explain", "safety_problems", "loop_record", "is_markup",
           "known_names", "template_lineno", "undefined_name", "SecurityError", "TemplateError"]
