"""Load a YAML file into a strict pydantic model; every problem reported at once, in Chinese."""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from compiler.errors import UserError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
        text += f"（现为 {err['input']!r}）"
    return text


def format_errors(label: str, exc: ValidationError) -> list[str]:
    problems = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "（根）"
        problems.append(f"{label} {key}：{_message(err)}")
    return problems


def load_yaml(
    path: Path, model: type[M], error: type[UserError] = UserError, empty: Any = None
) -> M:
    """Read and validate `path`; `empty` is the data used for an empty file (None: an error)."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{label}：文件不存在", label) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{label}：无法读取（{exc}）", label) from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise error(f"{label}：YAML 语法错误：{exc}", label) from None
    if data is None and empty is not None:
        data = empty
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = "\n".join(f"  - {p}" for p in format_errors(label, exc))
        raise error(f"{label} 校验失败：\n{lines}", label) from None
