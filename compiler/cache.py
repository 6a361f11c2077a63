"""Cache of parse results keyed by file content, manifest, options and schema version."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pydantic import ValidationError

from . import __version__
from .atomic import write_text_atomic
from .models import SCHEMA_VERSION, Document

_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|.*)", re.M)


def fingerprint(schemas_dir: Path, home_province: str) -> str:
    """Changes whenever anything that shapes a parse changes: code, schemas, configuration."""
    h = hashlib.sha256(f"{__version__}\x00{SCHEMA_VERSION}\x00{home_province}".encode())
    for f in sorted(schemas_dir.glob("*.yaml")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    for f in parse_sources():
        h.update(f.read_bytes())
    return h.hexdigest()


def parse_sources() -> list[Path]:
    """The package's modules a parse can run: ingest/, pipeline.py and all they import.

    Found by following imports, so that editing a renderer or a template does not throw the
    parse cache away, while any module that shapes a parse (even one added later) is hashed.
    A regex rather than ast: 20x faster, and a false match only hashes one file more.
    """
    package = Path(__file__).resolve().parent
    todo = [*(package / "ingest").glob("*.py"), package / "pipeline.py"]
    seen: set[Path] = set()
    while todo:
        f = todo.pop()
        if f in seen or not f.is_file():
            continue
        seen.add(f)
        for dots, module, names in _FROM_IMPORT.findall(f.read_text(encoding="utf-8")):
            if dots:  # from .x import y, from .. import x
                base = f.parents[len(dots) - 1]
            elif module.split(".")[0] == package.name:  # from compiler.x import y
                base = package.parent
            else:
                continue
            target = base.joinpath(*module.split(".")) if module else base
            todo += [target.with_suffix(".py"), target / "__init__.py"]
            todo += [target / f"{name}.py" for name in re.findall(r"\w+", names)]
    return sorted(seen)


class ParseCache:
    def __init__(self, directory: Path | None, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint

    def key(self, path: Path, extra: str) -> str | None:
        if self.directory is None:
            return None
        h = hashlib.sha256(self.fingerprint.encode())
        h.update(extra.encode())
        h.update(str(path).encode())  # the source path is part of the result
        for name in ("manifest.yaml", "manifest.yml"):
            manifest = path.parent / name
            if manifest.is_file():
                h.update(manifest.read_bytes())
        try:
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            return None
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str | None) -> Document | None:
        if key is None:
            return None
        f = self._file(key)
        try:
            return Document.model_validate_json(f.read_bytes())
        except (OSError, ValidationError, ValueError):
            return None  # missing or damaged entries are simply parsed again

    def put(self, key: str | None, doc: Document) -> None:
        if key is None:
            return
        try:
            write_text_atomic(self._file(key), doc.model_dump_json())
        except OSError:
            pass  # a cache that cannot be written only costs time
