"""Cache of parse results keyed by file content, manifest, options and schema version."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from compiler import __version__
from compiler.atomic import write_bytes_atomic
from compiler.guard.files import FileProblem, read_regular
from compiler.guard.limits import MANIFEST_MAX_BYTES, YAML_MAX_BYTES, max_bytes_for
from compiler.knowledge.resources import schemas_dir as builtin_schemas
from compiler.model.document import SCHEMA_VERSION, Document

ENTRY_MAX_BYTES = 512 * 1024 * 1024  # far above the JSON of the largest input allowed
_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|.*)", re.M)


def fingerprint(schemas_dir: Path, home_province: str) -> str:
    """Changes whenever anything that shapes a parse changes: code, schemas, configuration."""
    h = hashlib.sha256(f"{__version__}\x00{SCHEMA_VERSION}\x00{home_province}".encode())
    # A user's --schemas folder and the built-in one: what the first lacks (the gazetteer, an
    # epaper.yaml) comes from the second.
    for folder in dict.fromkeys([schemas_dir.resolve(), builtin_schemas().resolve()]):
        for f in sorted(folder.glob("*.yaml")):
            h.update(f.name.encode())
            h.update(_content(f, YAML_MAX_BYTES))
    for f in [*parse_sources(), Path(__file__).resolve()]:  # this file: the entries' format
        h.update(f.read_bytes())
    return h.hexdigest()


def parse_sources() -> list[Path]:
    """The package's modules a parse can run: ingest/, parse/pipeline.py and all they import.

    Found by following imports, so that editing a renderer or a template does not throw the
    parse cache away, while any module that shapes a parse (even one added later) is hashed.
    A regex rather than ast: cheaper, and a false match only hashes one file more.
    """
    package = Path(__file__).resolve().parent.parent
    todo = [*(package / "ingest").glob("*.py"), package / "parse" / "pipeline.py"]
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


def _content(path: Path, max_bytes: int) -> bytes:
    """A file's bytes for a key, or a marker of why there are none (missing, too big, a FIFO)."""
    try:
        return b"\x01" + read_regular(path, max_bytes)
    except FileProblem as exc:
        return b"\x00" + exc.reason.encode()


class Parsed:
    """One parsed file as the JSON text `parse` writes for it; the Document is made on demand.

    Workers send this text, the cache stores it and `parse` copies it out, so a run served from
    the cache neither validates nor serialises anything: only `build` and `fill` need models.
    """

    __slots__ = ("json", "articles", "warnings", "_doc")

    def __init__(self, json_text: str, articles: int, warnings: tuple[str, ...]) -> None:
        self.json = json_text  # Document.model_dump_json(indent=1)
        self.articles = articles
        self.warnings = warnings
        self._doc: Document | None = None

    @classmethod
    def of(cls, doc: Document, keep: bool = False) -> Parsed:
        # The Document is not kept unless asked: text is a third of its memory, and `parse`
        # needs no more; a corrected document is kept, already a model for build and fill.
        parsed = cls(doc.model_dump_json(indent=1), len(doc.articles), tuple(doc.warnings))
        if keep:
            parsed._doc = doc
        return parsed

    @property
    def document(self) -> Document:
        if self._doc is None:
            self._doc = Document.model_validate_json(self.json)
        return self._doc

    def __reduce__(self):  # to and from workers: the text only
        return Parsed, (self.json, self.articles, self.warnings)


class ParseCache:
    """One file per entry: the SHA-256 of the rest, a one-line header (counts, warnings,
    length), then the JSON text. An entry is checked on every read, never trusted: the cache
    folder may have been damaged by a crash, a full disk or anyone who can write to it."""

    def __init__(self, directory: Path | None, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self.damaged: list[Path] = []  # entries found damaged (and deleted) by get()

    def key(self, path: Path, extra: str) -> str | None:
        if self.directory is None:
            return None
        h = hashlib.sha256(self.fingerprint.encode())
        h.update(extra.encode())
        h.update(str(path).encode())  # the source path is part of the result
        for name in ("manifest.yaml", "manifest.yml"):
            h.update(_content(path.parent / name, MANIFEST_MAX_BYTES))
        try:
            # Never more than the reader would read, and never a FIFO or a device: this read
            # runs in the main process, where nothing would stop it.
            h.update(read_regular(path, max_bytes_for(path.suffix)))
        except FileProblem:
            return None  # not cached: the reader reports the problem
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str | None) -> Parsed | None:
        """The entry for `key`, or None when there is none or it is damaged: a damaged entry
        (its checksum does not match, it was cut short, it is not a regular file) is deleted
        and listed in `damaged`, and the file is parsed again."""
        if key is None:
            return None
        path = self._file(key)
        try:
            raw = read_regular(path, ENTRY_MAX_BYTES)
        except FileProblem as exc:
            if not exc.missing:
                self._discard(path)
            return None
        try:
            digest, rest = raw.split(b"\n", 1)
            if hashlib.sha256(rest).hexdigest().encode() != digest:
                raise ValueError("checksum")
            header, text = rest.decode("utf-8").split("\n", 1)
            meta = json.loads(header)
            warnings = meta["warnings"]
            if meta["length"] != len(text) or not isinstance(meta["articles"], int) or \
                    not all(isinstance(w, str) for w in warnings):
                raise ValueError("header")
            return Parsed(text, meta["articles"], tuple(warnings))
        except (ValueError, KeyError, TypeError):
            self._discard(path)
            return None

    def discard(self, key: str | None) -> None:
        """Delete an entry found unusable after reading it (key None: no cache, as in get)."""
        if key is None:
            return
        self._discard(self._file(key))

    def _discard(self, path: Path) -> None:
        self.damaged.append(path)
        try:
            path.unlink()
        except OSError:
            pass  # put() replaces it

    def put(self, key: str | None, parsed: Parsed) -> None:
        if key is None:
            return
        header = json.dumps({"articles": parsed.articles, "warnings": parsed.warnings,
                             "length": len(parsed.json)}, ensure_ascii=False)
        rest = f"{header}\n{parsed.json}".encode()
        try:
            write_bytes_atomic(self._file(key),
                               hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest)
        except OSError:
            pass  # a cache that cannot be written only costs time
