"""Limits a template runs under: text and list sizes, widths, integer size, loops, output, time."""
from __future__ import annotations

import contextlib
import math
import re
import time
from dataclasses import dataclass
from typing import Any, Iterator

from jinja2.sandbox import SecurityError

from compiler.present.plain import weight

# The template's own work, not the machine's load: CPU time of this process. A hard wall clock
# stands behind it where templates come from outside (fill.isolate).
_clock = time.process_time


@dataclass(frozen=True)
class Limits:
    max_text: int = 500_000  # longest string a template may build (an Excel cell holds 32,767)
    max_items: int = 100_000  # longest list (Jinja's range() stops there too)
    max_weight: int = 2_000_000  # longest text a value may print as (lists of lists included)
    max_width: int = 1_000  # widths and precisions: center(), ljust(), '{:>N}', '%Nd', indent()
    max_int_bits: int = 256  # integers beyond ~10**77 come from repeated squaring, not from data
    max_loops: int = 1_000_000  # loop iterations in one evaluation
    max_output: int = 100_000_000  # characters one evaluation outputs (a whole Word document)
    seconds: float = 6.0  # CPU time of one evaluation, or of a whole fill (a session)


class TemplateLimitError(SecurityError):
    """A template went past a limit; the message is Chinese and says which."""

    def __init__(self, what: str) -> None:
        super().__init__(f"出于安全考虑，拒绝执行：{what}")  # TemplateError.message reads it


class Budget:
    """Counters of one evaluation (a render, an expression) and the deadline it runs against.

    An evaluation inside another (an include, a macro's caller) shares the outer one's counters.
    A session (a whole fill) fixes one deadline for all the evaluations it makes.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.depth = 0
        self.loops = 0
        self.output = 0
        self.deadline: float | None = None
        self.session_deadline: float | None = None

    @contextlib.contextmanager
    def evaluation(self) -> Iterator[None]:
        if self.depth == 0:
            self.loops = self.output = 0
            self.deadline = self.session_deadline or _clock() + self.limits.seconds
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if self.depth == 0:
                self.deadline = None

    @contextlib.contextmanager
    def session(self, seconds: float | None = None) -> Iterator[None]:
        saved = self.session_deadline
        self.session_deadline = _clock() + (seconds or self.limits.seconds)
        try:
            yield
        finally:
            self.session_deadline = saved

    def tick(self) -> None:
        deadline = self.deadline or self.session_deadline
        if deadline is not None and _clock() > deadline:
            raise TemplateLimitError(f"模板运行超过 {self.limits.seconds:g} 秒")

    def loop(self) -> None:
        self.loops += 1
        if self.loops > self.limits.max_loops:
            raise TemplateLimitError(f"循环次数超过 {self.limits.max_loops} 次")
        self.tick()

    def out(self, n: int) -> None:
        self.output += n
        if self.output > self.limits.max_output:
            raise TemplateLimitError(f"输出超过 {self.limits.max_output} 个字符")

    # --- sizes of values -----------------------------------------------------------------------
    def text(self, n: int) -> None:
        if n > self.limits.max_text:
            raise TemplateLimitError(f"文字过长（{n} 个字符，最多 {self.limits.max_text} 个）")

    def items(self, n: int) -> None:
        if n > self.limits.max_items:
            raise TemplateLimitError(f"列表过长（{n} 项，最多 {self.limits.max_items} 项）")

    def width(self, n: Any) -> None:
        if isinstance(n, int) and abs(n) > self.limits.max_width:
            raise TemplateLimitError(f"宽度或精度 {n} 过大（最多 {self.limits.max_width}）")

    def printable(self, *values: Any) -> None:
        """Refuse values whose printed form would be too long (before printing them)."""
        limit = self.limits.max_weight
        total = 0
        for v in values:
            total += weight(v, limit - total)
            if total > limit:
                raise TemplateLimitError(f"内容过长（超过 {limit} 个字符）")

    def bits(self, n: int) -> None:
        if n > self.limits.max_int_bits:
            raise TemplateLimitError(f"整数过大（超过 {self.limits.max_int_bits} 位二进制）")

    def checked(self, value: Any) -> Any:
        """A value a template built: its size within the limits."""
        if isinstance(value, str):
            self.text(len(value))
        elif isinstance(value, (list, tuple, dict)):
            self.items(len(value))
            self.printable(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            self.bits(value.bit_length())
        return value


# --- operators -------------------------------------------------------------------------------
def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def bounded_add(budget: Budget, left: Any, right: Any) -> Any:
    if isinstance(left, str) and isinstance(right, str):
        budget.text(len(left) + len(right))
    elif isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        budget.items(len(left) + len(right))
        budget.printable(left, right)
    return budget.checked(left + right)


def bounded_mul(budget: Budget, left: Any, right: Any) -> Any:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and _is_int(n):
            if isinstance(seq, str):
                budget.text(len(seq) * max(n, 0))
            else:
                budget.items(len(seq) * max(n, 0))
                if n > 0:
                    budget.printable(*([seq] * min(n, 2)))  # cheap first look
                    if weight(seq, budget.limits.max_weight) * n > budget.limits.max_weight:
                        raise TemplateLimitError("内容过长")
            return left * right
    if _is_int(left) and _is_int(right):
        budget.bits(left.bit_length() + right.bit_length())
    return left * right


def bounded_pow(budget: Budget, left: Any, right: Any) -> Any:
    if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
        budget.bits(math.ceil(math.log2(abs(left)) * min(right, budget.limits.max_int_bits + 1)))
    elif isinstance(right, (int, float)) and isinstance(left, (int, float)) and abs(right) > 1024 \
            and abs(left) > 1:
        raise TemplateLimitError("乘方过大")
    return left**right


_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)


def check_percent(budget: Budget, fmt: str, args: Any) -> None:
    """'%10d' % x: no width or precision beyond the limit, no `*` widths, arguments printable."""
    for m in _PERCENT.finditer(fmt):
        for part in (m.group(1), m.group(2)):
            if part == "*":
                raise TemplateLimitError("% 格式中不能用 * 指定宽度")
            if part:
                budget.width(int(part))
    budget.printable(args)


def bounded_mod(budget: Budget, left: Any, right: Any) -> Any:
    if isinstance(left, str):
        check_percent(budget, left, right)
        return budget.checked(left % right)
    return left % right


_DIGITS = re.compile(r"\d+")


def check_format_spec(budget: Budget, spec: str) -> None:
    """'{:>N}' / '{:.Nf}': every number in a format spec is a width or a precision."""
    budget.text(len(spec))
    for run in _DIGITS.findall(spec):
        if len(run) > 6:
            raise TemplateLimitError(f"宽度或精度 {run[:12]}… 过大（最多 {budget.limits.max_width}）")
        budget.width(int(run))
