"""Jinja internals the template sandbox relies on (Jinja2 3.1.6).

The sandbox bounds what a template may loop over and build; Jinja's public sandbox hooks see
attribute access and calls only, so loops, ~ and literals are routed through the environment by
a code generator (the documented Environment.code_generator_class, whose methods are not
documented), and two private names tell a namespace's keys and an undefined name's error.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.utils import Namespace

PINNED = "3.1.6"


def namespace_names(ns: Namespace) -> frozenset[str]:
    """The names set on a {% set ns = namespace() %} object."""
    return frozenset(object.__getattribute__(ns, "_Namespace__attrs"))


def fail_undefined(value: Undefined) -> NoReturn:
    """Raise the error Jinja gives for this undefined name."""
    value._fail_with_undefined_error()
    raise AssertionError("unreachable")  # the call above always raises


class GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator with the places a template could loop or build without a limit
    routed through the environment: for loops, ~, list/tuple/dict literals, constant output."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        guarded = nodes.Call(nodes.EnvironmentAttribute("guard_loop"), [node.iter], [], None, None,
                             lineno=node.lineno)
        copy = nodes.For(node.target, guarded, node.body, node.else_, node.test, node.recursive,
                         lineno=node.lineno)
        super().visit_For(copy, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            escape = "context.eval_ctx.autoescape"
        else:
            escape = "True" if frame.eval_ctx.autoescape else "False"
        self.write(f"environment.join_parts({escape}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _guarded(self, visit: Callable, node: nodes.Node, frame: Frame) -> None:
        self.write("environment.guard_value(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._guarded(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._guarded(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "load":
            self._guarded(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.const_text({super()._output_const_repr(group)})"
