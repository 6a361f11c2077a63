"""Cache of parse results keyed by file content, manifest, options and schema version."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from . import __version__
from .atomic import write_text_atomic
from .models import SCHEMA_VERSION, Document


def fingerprint(schemas_dir: Path, home_province: str) -> str:
    """Changes whenever anything that shapes a parse changes: code, schemas, configuration."""
    h = hashlib.sha256(f"{__version__}\x00{SCHEMA_VERSION}\x00{home_province}".encode())
    for f in sorted(schemas_dir.glob("*.yaml")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    for f in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()


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
