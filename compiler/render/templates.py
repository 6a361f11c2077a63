"""Find report templates user-dir first, render .j2 text snippets, load YAML style files."""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from jinja2 import (ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError,
                    TemplateNotFound)
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ValidationError

from ..resources import templates_dir
from .base import RenderError, RenderOptions

M = TypeVar("M", bound=BaseModel)


def find_template(name: str, options: RenderOptions) -> Path:
    """The first `name` found in the user dirs, then in the built-in folder."""
    for d in options.search_dirs():
        candidate = d / name
        if candidate.is_file():
            return candidate
    searched = "、".join(str(d) for d in options.search_dirs())
    raise RenderError(f"找不到模板文件 {name}（已查找：{searched}）", source=name)


def sandbox(options: RenderOptions, *, autoescape: bool = False) -> SandboxedEnvironment:
    """The one kind of Jinja environment templates run in: sandboxed, strict about undefined names.

    `builtin/NAME` always reaches the built-in template, so a user's NAME can extend it.
    """
    loader = ChoiceLoader([
        FileSystemLoader([str(d) for d in options.search_dirs()]),
        PrefixLoader({"builtin": FileSystemLoader(str(templates_dir()))}),
    ])
    return SandboxedEnvironment(loader=loader, undefined=StrictUndefined, autoescape=autoescape,
                                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


class Snippets:
    """Renders the small .j2 text snippets (plain text; each format escapes for itself)."""

    def __init__(self, options: RenderOptions):
        self._env = sandbox(options)
        self._cache: dict[str, Any] = {}

    def __call__(self, name: str, **context: Any) -> str:
        try:
            if name not in self._cache:
                self._cache[name] = self._env.get_template(name)
            out = self._cache[name].render(**context)
        except TemplateNotFound as exc:
            raise RenderError(f"找不到文本模板 {exc.name}", source=name) from exc
        except TemplateError as exc:
            raise RenderError(f"文本模板 {name} 出错：{exc}", source=name) from exc
        # Snippets may be written over several lines for readability; the text is one line.
        return "".join(line.strip() for line in out.splitlines())


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return over


def load_style(name: str, model: type[M], options: RenderOptions) -> M:
    """The built-in YAML style, overlaid key by key with the same file from user dirs."""
    data: Any = {}
    files = [d / name for d in reversed(options.search_dirs()) if (d / name).is_file()]
    if not files:
        raise RenderError(f"找不到样式文件 {name}", source=name)
    for path in files:
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RenderError(f"样式文件 {path} 无法读取：{exc}", source=str(path)) from exc
        if not isinstance(loaded, dict):
            raise RenderError(f"样式文件 {path} 的顶层应为键值表", source=str(path))
        data = _merge(data, loaded)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(
            f"{'.'.join(str(p) for p in e['loc']) or '（顶层）'}：{e['msg']}" for e in exc.errors())
        where = "、".join(str(f) for f in files)
        raise RenderError(f"样式文件 {where} 有误：{problems}", source=str(files[-1])) from exc
