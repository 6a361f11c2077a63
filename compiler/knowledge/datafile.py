"""Read a YAML or TOML data file into a strict pydantic model: one loader, one Chinese error format.

Every problem is reported at once as "FILE KEY：problem", for schemas/, manifests, the
configuration and style files alike."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from compiler.errors import UserError
from compiler.guard import yaml_bounds
from compiler.guard.files import FileProblem, read_text
from compiler.guard.limits import YAML_MAX_BYTES
from compiler.guard.names import shown

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


def _message(err: ErrorDetails) -> str:
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


class DataFileProblem(Exception):
    """A data file that cannot be read or parsed; the message names the file."""


def read_data(path: Path, max_bytes: int = YAML_MAX_BYTES, what: str = "YAML 文件") -> Any:
    """The data of a .yaml or .toml file: a regular file within `max_bytes`, YAML aliases
    bounded (guard.yaml_bounds), syntax errors quoted in short."""
    label = shown(path)
    try:
        text = read_text(path, max_bytes, what=what, encoding="utf-8-sig")
    except FileProblem as exc:
        raise DataFileProblem(f"{label}：文件不存在" if exc.missing
                              else f"{label}：无法读取（{exc.reason}）") from None
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise DataFileProblem(f"{label}：TOML 格式错误：{exc}") from None
    try:
        return yaml_bounds.load(text)
    except yaml.YAMLError as exc:
        raise DataFileProblem(f"{label}：YAML 语法错误：{yaml_bounds.error_text(exc)}") from None


def validated(path: Path, model: type[M], data: Any) -> tuple[M | None, list[str]]:
    """The model made from `data`, or None and every problem with its key."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, format_errors(shown(path), exc)


def load_data(
    path: Path, model: type[M], error: type[UserError] = UserError, empty: Any = None,
    max_bytes: int = YAML_MAX_BYTES, what: str = "YAML 文件",
) -> M:
    """Read and validate `path`; `empty` is the data used for an empty file (None: an error)."""
    label = shown(path)
    try:
        data = read_data(path, max_bytes, what)
    except DataFileProblem as exc:
        raise error(str(exc), str(path)) from None
    if data is None and empty is not None:
        data = empty
    loaded, problems = validated(path, model, data)
    if loaded is None:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise error(f"{label} 校验失败：\n{lines}", label)
    return loaded


load_yaml = load_data  # the name the YAML readers (manifest, e-paper rules, styles) use
