"""Cache of rendered reports: an unchanged briefing, template, font and renderer is not redrawn."""
from __future__ import annotations

import fnmatch
import hashlib
from pathlib import Path

from compiler import __version__
from compiler.atomic import atomic_path
from compiler.guard.files import FileProblem, read_regular
from compiler.guard.walk import walk_files
from compiler.model.briefing import Briefing
from compiler.render import RenderOptions

_MAGIC = b"unionbrief-report-v1\n"
ENTRY_MAX_BYTES = 1024 * 1024 * 1024  # a report is far smaller; a bigger entry is not ours
HASHED_MAX_BYTES = 200 * 1024 * 1024  # a template or style file; the renderer refuses bigger


def _hash_tree(h: hashlib._Hash, root: Path, pattern: str) -> None:
    # A --templates folder comes from outside: walked like an input folder (no recursion,
    # no loop, regular files only) and each file read within a limit.
    found = walk_files(root, lambda name: fnmatch.fnmatchcase(name, pattern), lambda _: False, [])
    for f in sorted(found, key=lambda p: p.relative_to(root).as_posix()):
        h.update(str(f.relative_to(root)).encode())
        try:
            h.update(b"\x01" + read_regular(f, HASHED_MAX_BYTES))
        except FileProblem as exc:
            h.update(b"\x00" + exc.reason.encode())


def render_fingerprint(options: RenderOptions) -> str:
    """Everything a report's bytes depend on besides its briefing: code, templates, font."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for stage in ("model", "present", "render"):  # what a report's bytes are made by
        _hash_tree(h, package / stage, "*.py")
    for d in options.search_dirs():
        _hash_tree(h, d, "*")
    if options.font_path:
        font = Path(options.font_path)
        stat = font.stat() if font.is_file() else None
        h.update(f"{font.resolve()}\x00{stat.st_size if stat else 0}\x00"
                 f"{stat.st_mtime_ns if stat else 0}".encode())
    return h.hexdigest()


class ReportCache:
    def __init__(self, directory: Path | None, options: RenderOptions) -> None:
        self.directory = directory / "reports" if directory else None
        self.fingerprint = render_fingerprint(options) if directory else ""
        self._digests: dict[int, tuple[Briefing, bytes]] = {}  # by id: one dump per briefing

    def key(self, briefing: Briefing, fmt: str) -> str | None:
        if self.directory is None:
            return None
        known = self._digests.get(id(briefing))
        if known is None or known[0] is not briefing:
            digest = hashlib.sha256(briefing.model_dump_json().encode()).digest()
            known = self._digests[id(briefing)] = (briefing, digest)
        h = hashlib.sha256(self.fingerprint.encode())
        h.update(fmt.encode())
        h.update(known[1])
        return h.hexdigest()

    def _file(self, key: str, fmt: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.{fmt}"

    def restore(self, key: str | None, fmt: str, target: Path) -> bool | None:
        """Write the cached report to `target` (atomically): True when done, False when there
        is no entry, None when the entry was damaged (deleted then: the report is rendered
        again). An entry is its payload's SHA-256 then the payload, checked on every read."""
        if key is None:
            return False
        cached = self._file(key, fmt)
        try:
            raw = read_regular(cached, ENTRY_MAX_BYTES)
        except FileProblem as exc:
            if exc.missing:
                return False
            return self._discard(cached)
        if len(raw) < len(_MAGIC) + 32 or not raw.startswith(_MAGIC):
            return self._discard(cached)
        digest, payload = raw[len(_MAGIC):len(_MAGIC) + 32], raw[len(_MAGIC) + 32:]
        if hashlib.sha256(payload).digest() != digest:
            return self._discard(cached)
        try:
            with atomic_path(target) as tmp:
                tmp.write_bytes(payload)
        except OSError:
            return False
        return True

    @staticmethod
    def _discard(cached: Path) -> None:
        try:
            cached.unlink()
        except OSError:
            pass  # store() replaces it
        return None

    def store(self, key: str | None, fmt: str, rendered: Path) -> None:
        if key is None:
            return
        try:
            payload = rendered.read_bytes()
            with atomic_path(self._file(key, fmt)) as tmp:
                tmp.write_bytes(_MAGIC + hashlib.sha256(payload).digest() + payload)
        except OSError:
            pass  # a cache that cannot be written only costs time
