"""Load a YAML file into a strict pydantic model; every problem reported at once, in Chinese."""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from compiler.errors import UserError
from compiler.guard import yaml_bounds
from compiler.guard.files import FileProblem, read_text
from compiler.guard.names import shown
from compiler.guard.limits import YAML_MAX_BYTES
M = TypeVar("M", bound=BaseModel)

# pydantic's English messages for the mistakes people make by hand in a YAML file.
_MESSAGES = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的键（拼写错误？）",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD（不含时间）",
    "too_short": "不能为空",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
}


def _message(err: dict[str, Any]) -> str:
    if err["type"] == "value_error":
        # Our own validators raise Chinese messages; drop pydantic's "Value error, " prefix.
        return str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    text = _MESSAGES.get(err["type"], err["msg"])
    if err["type"] not in ("missing", "extra_forbidden") and "input" in err:
        # A short excerpt: the input may be a huge string, or data expanded from aliases.
        text += f"（现为 {yaml_bounds.value_repr(err['input'])}）"
    return text


def format_errors(label: str, exc: ValidationError) -> list[str]:
    problems = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "（根）"
        problems.append(f"{label} {key}：{_message(err)}")
    return problems


def load_yaml(
    path: Path, model: type[M], error: type[UserError] = UserError, empty: Any = None,
    max_bytes: int = YAML_MAX_BYTES,
) -> M:
    """Read and validate `path`; `empty` is the data used for an empty file (None: an error).

    The file must be a regular file within `max_bytes`; its aliases may not expand past
    guard.yaml_bounds' limits; messages quote at most a short excerpt of it."""
    label = shown(path)
    try:
        text = read_text(path, max_bytes, what="YAML 文件", encoding="utf-8-sig")
    except FileProblem as exc:
        if exc.missing:
            raise error(f"{label}：文件不存在", str(path)) from None
        raise error(f"{label}：无法读取（{exc.reason}）", str(path)) from None
    try:
        data = yaml_bounds.load(text)
    except yaml.YAMLError as exc:
        raise error(f"{label}：YAML 语法错误：{yaml_bounds.error_text(exc)}", str(path)) from None
    if data is None and empty is not None:
        data = empty
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = "\n".join(f"  - {p}" for p in format_errors(label, exc))
        raise error(f"{label} 校验失败：\n{lines}", label) from None
