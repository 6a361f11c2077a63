"""Find report templates user-dir first, render .j2 text snippets, load YAML style files."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

from jinja2 import ChoiceLoader, PrefixLoader, StrictUndefined, TemplateError, TemplateNotFound
from pydantic import BaseModel

from compiler.knowledge.datafile import DataFileProblem, read_data, validated
from compiler.knowledge.resources import templates_dir
from compiler.present.options import RenderError, RenderOptions
from compiler.present.plain import freeze_context
from compiler.present.sandbox import TemplateFolderLoader, TemplateSandbox

M = TypeVar("M", bound=BaseModel)


def find_template(name: str, options: RenderOptions) -> Path:
    """The first `name` found in the user dirs, then in the built-in folder."""
    for d in options.search_dirs():
        candidate = d / name
        if candidate.is_file():
            return candidate
    searched = "、".join(str(d) for d in options.search_dirs())
    raise RenderError(f"找不到模板文件 {name}（已查找：{searched}）", source=name)


def sandbox(options: RenderOptions, *, autoescape: bool = False) -> TemplateSandbox:
    """The one kind of Jinja environment templates run in (render.sandbox), strict about
    undefined names.

    `builtin/NAME` always reaches the built-in template, so a user's NAME can extend it.
    """
    return TemplateSandbox(**_settings(options.search_dirs(), autoescape))


def _settings(dirs: tuple[Path, ...], autoescape: bool,
              finalize: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    loader = ChoiceLoader([
        TemplateFolderLoader([str(d) for d in dirs]),
        PrefixLoader({"builtin": TemplateFolderLoader(str(templates_dir()))}),
    ])
    return dict(loader=loader, undefined=StrictUndefined, autoescape=autoescape, trim_blocks=True,
                lstrip_blocks=True, keep_trailing_newline=False, finalize=finalize)


class _SharedSandbox(TemplateSandbox):
    """A sandbox kept for the whole process, which also keeps what from_string compiles.

    docxtpl compiles the same document XML (and each core property) for every report; compiling
    is most of the cost of a small one. Loaded templates are Jinja's own cache, reloaded when the
    file changes (auto_reload).
    """

    _MAX_STRINGS = 64

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self._strings: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._strings.get(source)
        if template is None:
            if len(self._strings) >= self._MAX_STRINGS:
                self._strings.clear()
            template = self._strings[source] = super().from_string(source)
        return template


_SHARED: dict[tuple, _SharedSandbox] = {}


def shared_sandbox(options: RenderOptions, *, autoescape: bool = False,
                   finalize: Callable[[Any], Any] | None = None) -> TemplateSandbox:
    """sandbox(), one per template folders, escaping and `finalize` (Jinja's hook on every
    printed value) for the process; not to be changed (whoever needs other settings takes a
    sandbox() of their own)."""
    dirs = options.search_dirs()
    key = (dirs, autoescape, finalize)
    env = _SHARED.get(key)
    if env is None:
        env = _SHARED[key] = _SharedSandbox(**_settings(dirs, autoescape, finalize))
    return env


class Snippets:
    """Renders the small .j2 text snippets (plain text; each format escapes for itself)."""

    def __init__(self, options: RenderOptions):
        self._env = shared_sandbox(options)
        self._cache: dict[str, Any] = {}

    def __call__(self, name: str, **context: Any) -> str:
        try:
            if name not in self._cache:
                self._cache[name] = self._env.get_template(name)
            # Templates see plain data only (render.plain): no model, method or internal object.
            out = self._cache[name].render(freeze_context(context))
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


_STYLES: dict[tuple, Any] = {}


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def load_style(name: str, model: type[M], options: RenderOptions) -> M:
    """The built-in YAML style, overlaid key by key with the same file from user dirs.

    Kept for the process while none of the files changes (every report of a build reads it).
    """
    files = [d / name for d in reversed(options.search_dirs()) if (d / name).is_file()]
    if not files:
        raise RenderError(f"找不到样式文件 {name}", source=name)
    try:
        key = (name, model, tuple((f, *_stamp(f)) for f in files))
    except OSError:
        key = None
    if key is not None and key in _STYLES:
        return _STYLES[key]
    style = _load_style(files, model)
    if key is not None:
        _STYLES[key] = style
    return style


def _load_style(files: list[Path], model: type[M]) -> M:
    """The style files read like every data file from outside (knowledge.datafile), merged."""
    data: Any = {}
    for path in files:
        try:
            loaded = read_data(path, what="样式文件") or {}
        except DataFileProblem as exc:
            raise RenderError(str(exc), source=str(path)) from None
        if not isinstance(loaded, dict):
            raise RenderError(f"样式文件 {path} 的顶层应为键值表", source=str(path))
        data = _merge(data, loaded)
    style, problems = validated(files[-1], model, data)
    if style is None:
        where = "、".join(str(f) for f in files)
        raise RenderError(f"样式文件 {where} 有误：" + "；".join(problems), source=str(files[-1]))
    return style
