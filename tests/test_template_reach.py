"""Walk everything a template can reach from its context (fill xlsx/docx, the briefing docx, the
.j2 snippets): only plain data, only allow-listed attributes, only plain functions."""
from __future__ import annotations

import types
from datetime import date
from pathlib import Path

import pytest
from jinja2 import StrictUndefined, Undefined
from jinja2.runtime import LoopContext
from jinja2.utils import Cycler, Joiner, Namespace

from compiler.knowledge.config import Config
from compiler.fill.context import NAMES, build_context
from compiler.fill.engine import fill_env, loop_record
from compiler.fill.run import _docx_text
from compiler.fill.select import known_units, select_briefing
from compiler.ingest import iter_input_files
from compiler.render import RenderOptions
from compiler.present.view import build_view
from compiler.present.plain import Record, freeze_context
from compiler.present.templates import shared_sandbox
from compiler.batch.parse_run import parse_files

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# The allow-list, restated here on purpose (not imported): what a template may read per type.
STR = {"capitalize", "casefold", "center", "count", "endswith", "find", "format", "index",
       "isalnum", "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle",
       "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix",
       "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
       "splitlines", "startswith", "strip", "swapcase", "title", "upper", "zfill"}
ALLOWED = {str: STR, tuple: {"count", "index"}, int: set(), float: set(), bool: set(),
           type(None): set(), date: {"year", "month", "day", "isoformat", "weekday", "isoweekday"}}
LEAVES = (str, int, float, bool, type(None), date)
# What a documented function may close over: plain values and containers of them.
CLOSURE_PLAIN = (str, int, float, bool, type(None), date, tuple, frozenset, dict, Record,
                 types.FunctionType)


def _closure_is_plain(fn: types.FunctionType) -> list[str]:
    bad: list[str] = []
    stack = [c.cell_contents for c in fn.__closure__ or ()] + list(fn.__defaults__ or ())
    seen: set[int] = set()
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if not isinstance(v, CLOSURE_PLAIN):
            bad.append(f"{fn.__qualname__} holds a {type(v).__module__}.{type(v).__name__}")
        elif isinstance(v, types.FunctionType):
            stack += [c.cell_contents for c in v.__closure__ or ()] + list(v.__defaults__ or ())
        elif isinstance(v, dict):
            stack += list(v.keys()) + list(v.values())
        elif isinstance(v, (tuple, frozenset)):
            stack += list(v)
        elif isinstance(v, Record):
            stack += list(v.values())
    return bad


def reach(env, roots: dict) -> tuple[list[str], dict[str, set[str]]]:
    """(violations, attributes read per type) over everything reachable from `roots`."""
    violations: list[str] = []
    read: dict[str, set[str]] = {}
    leaf_types_done: set[type] = set()
    seen: set[int] = set()
    keep: list = []
    stack: list[tuple[str, object, bool]] = [(name, v, True) for name, v in roots.items()]
    while stack:
        path, obj, from_data = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        keep.append(obj)
        if isinstance(obj, LEAVES):
            if type(obj) in leaf_types_done:
                continue  # the same allow-list holds for every value of the type
            leaf_types_done.add(type(obj))
        elif isinstance(obj, Record):
            for key in obj.keys():
                stack.append((f"{path}.{key}", env.getattr(obj, key), True))
        elif isinstance(obj, tuple):
            for i in range(len(obj)):
                stack.append((f"{path}[{i}]", env.getitem(obj, i), True))
        elif type(obj) is types.FunctionType:
            if from_data:
                violations += _closure_is_plain(obj)
        elif isinstance(obj, types.BuiltinMethodType):
            if from_data or type(obj.__self__) not in ALLOWED:  # data holds no bound method
                violations.append(f"{path}: a method of {type(obj.__self__).__name__}")
        else:
            violations.append(f"{path}: {type(obj).__module__}.{type(obj).__name__} is not plain")
            continue
        fields = set(obj.keys()) if isinstance(obj, Record) else set()
        for name in dir(obj):
            for how, value in (("." + name, env.getattr(obj, name)),
                               (f"[{name!r}]", env.getitem(obj, name))):
                if isinstance(value, Undefined) or name in fields:
                    continue
                read.setdefault(type(obj).__name__, set()).add(name)
                if name not in ALLOWED.get(type(obj), set()):
                    violations.append(f"{path}{how}: {type(obj).__name__}.{name} is reachable")
                stack.append((f"{path}{how}", value, False))
    return violations, read


@pytest.fixture(scope="module")
def briefing(knowledge):
    docs = parse_files(iter_input_files([SAMPLES]), knowledge).documents
    return docs, select_briefing(docs, knowledge.schemas, knowledge.gazetteer, Config(), None, "all")


@pytest.mark.parametrize("word", [False, True])
def test_fill_context_reaches_only_plain_data(word, briefing, knowledge):
    docs, b = briefing
    ctx = build_context(b, docs, knowledge.schemas, known_units(knowledge.gazetteer),
                        **({"text": _docx_text} if word else {}))
    assert set(ctx) == set(NAMES)
    ctx["loop"] = loop_record(0, 3)
    violations, read = reach(fill_env(autoescape=word), ctx)
    assert not violations, violations[:20]
    assert read["str"] <= STR and "format" in read["str"]  # the walk did read attributes
    functions = [n for n in NAMES if isinstance(ctx[n], types.FunctionType)]
    assert functions == ["count", "sum", "filter_items", "fmt", "plain", "label"]
    assert all(isinstance(u.count, types.FunctionType) for u in ctx["units"])


def test_briefing_view_reaches_only_plain_data(briefing):
    _, b = briefing
    view = freeze_context(build_view(b, RenderOptions()))
    env = shared_sandbox(RenderOptions(), autoescape=True)
    violations, _ = reach(env, view)
    assert not violations, violations[:20]


def test_snippet_contexts_reach_only_plain_data(briefing, knowledge, monkeypatch):
    import compiler.present.templates as templates

    docs, _ = briefing
    seen: list[dict] = []
    real = templates.freeze_context

    def record(context):
        frozen = real(context)
        seen.append(frozen)
        return frozen

    monkeypatch.setattr(templates, "freeze_context", record)
    b = select_briefing(docs, knowledge.schemas, knowledge.gazetteer, Config(), "杭州市", "all")
    build_view(b, RenderOptions(template_dirs=(Path("/nonexistent-for-a-new-view"),)))
    assert len(seen) > 10  # the overview and three snippets per item
    env = shared_sandbox(RenderOptions())
    for context in seen:
        violations, _ = reach(env, context)
        assert not violations, violations[:20]


def test_jinja_globals_and_what_they_make_reveal_nothing():
    env = fill_env()
    made = {"ns": Namespace(a=1), "cyc": Cycler(1, 2), "join": Joiner(), "d": {"a": 1},
            "r": range(3), "loop": LoopContext(iter([1, 2]), StrictUndefined)}
    for name, obj in {**{k: env.globals[k] for k in env.globals}, **made}.items():
        for attr in dir(obj):
            value = env.getattr(obj, attr)
            ok = {"ns": {"a"}, "cyc": {"current", "next", "reset"},
                  "d": {"get", "items", "keys", "values"},
                  "loop": {"index", "index0", "revindex", "revindex0", "first", "last", "length",
                           "depth", "depth0", "previtem", "nextitem", "cycle", "changed"}
                  }.get(name, set())
            assert isinstance(value, Undefined) or attr in ok, f"{name}.{attr}"
    assert set(env.globals) == {"range", "dict", "namespace", "cycler", "joiner"}
    assert not env.is_safe_callable(env.getattr("x", "encode"))
    assert not env.is_safe_callable(type)


def test_the_walk_finds_what_the_old_context_leaked(briefing):
    """The walk itself: a partial, a bound method, a model and a closure over one are found."""
    import functools

    _, b = briefing

    def over_model():
        return b.unit

    env = fill_env()
    for leak in (functools.partial(len, "x"), "x".encode, b.unit, over_model,
                 Record(inner=over_model)):
        violations, _ = reach(env, {"leak": leak})
        assert violations, leak
