"""Cache of rendered reports: an unchanged briefing, template, font and renderer is not redrawn."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from compiler import __version__
from compiler.atomic import atomic_path
from compiler.model.briefing import Briefing
from compiler.render import RenderOptions


def _hash_tree(h: "hashlib._Hash", root: Path, pattern: str) -> None:
    for f in sorted(p for p in root.rglob(pattern) if p.is_file()):
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())


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

    def restore(self, key: str | None, fmt: str, target: Path) -> bool:
        """Write the cached report to `target` (atomically); False when there is none."""
        if key is None:
            return False
        cached = self._file(key, fmt)
        if not cached.is_file():
            return False
        try:
            with atomic_path(target) as tmp:
                shutil.copyfile(cached, tmp)
        except OSError:
            return False
        return True

    def store(self, key: str | None, fmt: str, rendered: Path) -> None:
        if key is None:
            return
        try:
            with atomic_path(self._file(key, fmt)) as tmp:
                shutil.copyfile(rendered, tmp)
        except OSError:
            pass  # a cache that cannot be written only costs time
