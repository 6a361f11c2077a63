"""The package's layout shows the pipeline: stages import only earlier stages, no cycles, small files."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "compiler"

# The pipeline's stages in order; a module may import its own stage and earlier ones only.
# The top-level modules (errors, atomic, paths) are shared by every stage.
STAGES = ("model", "knowledge", "ingest", "parse", "aggregate", "present", "render", "fill",
          "review", "batch", "cli")
TOP_LEVEL_ALLOWED = 6
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for f in PACKAGE.rglob("*.py"):
        parts = list(f.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = f
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str], bool]]:
    """(imported module, names, at module level) for every import of the package's own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    top_level = {id(n) for n in tree.body}
    # Imports for type checkers only are not run: they make no cycle and no dependency.
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(block.test) for n in ast.walk(block)}
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "compiler":
                continue
            names = [a.name for a in node.names]
            # `from compiler.x import y` where y is a module imports that module
            subs = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
            found.append((module, [n for n in names if f"{module}.{n}" not in MODULES],
                          id(node) in top_level))
            found += [(s, [], id(node) in top_level) for s in subs]
        elif isinstance(node, ast.Import):
            found += [(a.name, [], id(node) in top_level) for a in node.names
                      if a.name.split(".")[0] == "compiler"]
    return found


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    return None


def test_top_level_holds_few_modules():
    top = [f.name for f in PACKAGE.glob("*.py")]
    assert len(top) <= TOP_LEVEL_ALLOWED, top


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_long(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


def test_every_subpackage_says_what_it_is():
    for init in PACKAGE.rglob("__init__.py"):
        if "_schemas" in init.parts or "_templates" in init.parts:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init} has no docstring"


def test_stages_import_only_earlier_stages():
    wrong = []
    for name, path in MODULES.items():
        mine = _stage(name)
        for module, _, _ in _imports(name, path):
            theirs = _stage(module)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{name} -> {module}")
            if mine is None and theirs is not None and name != "compiler.__main__":
                wrong.append(f"{name} (shared) -> {module}")
    assert not wrong, "\n".join(wrong)


def test_no_private_name_is_imported_across_modules():
    wrong = [f"{name} imports {module}.{n}"
             for name, path in MODULES.items()
             for module, names, _ in _imports(name, path)
             for n in names if n.startswith("_") and n != "__version__"]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    """Between modules, counting imports inside functions too (a lazy import is a hidden cycle)."""
    graph = {name: {m for m, _, _ in _imports(name, path) if m in MODULES and m != name}
             for name, path in MODULES.items()}
    # A package's __init__ importing its own modules is how it exports them, not a cycle.
    for name in graph:
        graph[name] = {m for m in graph[name] if not (m.startswith(name + ".") and
                                                       MODULES[name].name == "__init__.py")}
    state: dict[str, int] = {}
    cycles = []
    for root in graph:
        if state.get(root):
            continue
        stack = [(root, iter(sorted(graph[root])))]
        path = [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                cycles.append(" -> ".join(path[path.index(child):] + [child]))
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
    assert not cycles, "\n".join(cycles)


def test_every_subpackage_is_installed():
    """pyproject.toml lists packages by name: a subpackage missing there is missing for users."""
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(PACKAGE.parent).parts)
             for init in PACKAGE.rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
