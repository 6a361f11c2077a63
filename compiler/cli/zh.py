"""Chinese wording for click's own help headings and usage errors."""
from __future__ import annotations

import re

import click

_EXACT = {
    "Usage:": "用法：",
    "[OPTIONS]": "[选项]",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error": "错误",
    "Try {command!r} for help.": "运行 {command!r} 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Invalid value": "取值无效",
    "(dynamic)": "（动态）",
    "default": "默认",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}",
    "Invalid value for {param_hint}": "{param_hint} 的取值无效",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "Missing {param_type}": "缺少{param_type}",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "{value!r} is not a valid integer.": "{value!r} 不是有效的整数。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 中。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "Path {name} does not exist.": "路径 {name} 不存在。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，应为目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，应为文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "Choose from:\n\t{choices}": "可选值：\n\t{choices}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "File": "文件",
    "Directory": "目录",
    "Path": "路径",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
}
_NGETTEXT = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        "多余的参数：{args}",
    ("{value!r} is not one of {choices}.", "{value!r} is not {choice}."): "{value!r} 不在可选值中。",
}


def _gettext(message: str) -> str:
    return _EXACT.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _NGETTEXT.get((singular, plural), _gettext(singular if n == 1 else plural))


def install() -> None:
    """click binds gettext per module at import; point those names at our table."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.types

    for mod in (click.core, click.decorators, click.exceptions, click.formatting, click.types):
        if hasattr(mod, "_"):
            setattr(mod, "_", _gettext)  # noqa: B010 - click's own gettext alias
        if hasattr(mod, "ngettext"):
            setattr(mod, "ngettext", _ngettext)  # noqa: B010


def usage_message(exc: click.UsageError) -> str:
    text = exc.format_message()
    return re.sub(r"^Error: ", "", text)
