"""YAML from anyone: alias expansion and nesting bounded before loading, short error excerpts."""
from __future__ import annotations

import reprlib
from typing import Any, cast

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Aliases let 700 bytes stand for billions of nodes ("billion laughs"): loading shares them,
# but validating, copying or printing the result walks every one. A file of people's cues may
# repeat a list or two; anything past this many nodes beyond those written is refused.
MAX_ALIAS_NODES = 100_000
# Nesting deeper than this is no hand-written file, and the loaders recurse on it.
MAX_DEPTH = 100
EXCERPT_CHARS = 160


class YamlBomb(yaml.YAMLError):
    """A YAML document refused before loading; the message is Chinese."""


def check(text: str) -> None:
    """Raise YamlBomb when `text` nests too deep or its aliases expand too far.

    One pass over the parser's events (no recursion, nothing built): each node's size is
    counted as it closes, an anchor remembers its node's size and an alias adds it again.
    An alias to a node still open is a recursive structure, refused too.
    """
    sizes: list[int] = []  # size so far of each open collection
    anchors_open: list[str | None] = []
    anchors: dict[str, int] = {}
    written = expanded = 0
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(sizes) >= MAX_DEPTH:
                    raise YamlBomb(f"嵌套层级超过 {MAX_DEPTH} 层（第 {_line(event)} 行），已拒绝读取")
                sizes.append(1)
                anchors_open.append(event.anchor)
                written += 1
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                size = sizes.pop()
                anchor = anchors_open.pop()
                if anchor is not None:
                    anchors[anchor] = size
                if sizes:
                    sizes[-1] += size
                continue
            if isinstance(event, yaml.ScalarEvent):
                written += 1
                size = 1
                if event.anchor is not None:
                    anchors[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                # an alias event always carries the name after its "*" (the parser requires one)
                alias = cast(str, event.anchor)
                if alias in anchors_open:
                    raise YamlBomb(f"别名 *{_short(alias)} 指向包含它自身的内容"
                                   f"（第 {_line(event)} 行），已拒绝读取")
                size = anchors.get(alias, 1)  # undefined: the loader says so later
                expanded += size
                if expanded > MAX_ALIAS_NODES:
                    raise YamlBomb(f"别名（*anchor）展开后内容过多（超过 {MAX_ALIAS_NODES} 项，"
                                   f"第 {_line(event)} 行附近），疑似“别名炸弹”，已拒绝读取")
            else:
                continue
            if sizes:
                sizes[-1] += size
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """check(text), then yaml.safe_load (libyaml when available)."""
    check(text)
    return yaml.load(text, Loader=_Loader)


def _line(event) -> int:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else 0


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def error_text(exc: yaml.YAMLError) -> str:
    """A YAML error for a message: its own words and where, never a whole line of the file
    (a line may be megabytes long, or a chain of aliases)."""
    if isinstance(exc, YamlBomb):
        return str(exc)
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if problem and mark is not None:
        text = f"{problem}（第 {mark.line + 1} 行第 {mark.column + 1} 列）"
    else:
        text = str(exc).split("\n", 1)[0]
    return excerpt(text)


_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4


def excerpt(text: str) -> str:
    """At most EXCERPT_CHARS characters of a message."""
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…"


def value_repr(value: Any) -> str:
    """repr() of a value loaded from a file, short whatever its size: reprlib walks only the
    first few items of the first few levels (a full repr of an alias bomb is gigabytes)."""
    return excerpt(_REPR.repr(value))
