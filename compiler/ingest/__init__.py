"""Ingest stage: read an input file into a `Page` (text kept intact, date and page name known)."""
from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from types import ModuleType

from compiler.errors import IngestError, UserError
from compiler.guard.files import FileProblem, read_regular
from compiler.guard.names import shown
from compiler.guard.walk import identity, walk_files
from compiler.ingest import dates, epaper, web
from compiler.ingest.manifest import MANIFEST_NAMES, Manifest, ManifestEntry, find_manifest, load_manifest
from compiler.ingest.text import Extracted
from compiler.model.document import Page

__all__ = [
    "SUPPORTED_SUFFIXES", "READERS", "Manifest", "ManifestEntry", "IngestError", "UserError",
    "read_page", "reader_for", "iter_input_files", "load_manifest", "find_manifest",
]

# Suffix -> reader module in this package, imported on first use (Sphinx-builder style). A
# reader module has `MAX_BYTES` and `read(data: bytes, source: str) -> Extracted`; adding a
# format is one new module and one line here.
READERS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    # Scans and photos: OCR (the optional extra unionbrief[ocr]); without it a clear message.
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(READERS)

# Formats people try that we cannot read, with what to do instead.
_HINTS = {
    ".doc": "请在 Word 中另存为 .docx",
    ".wps": "请在 WPS 中另存为 .docx",
    ".rtf": "请另存为 .docx 或 .txt",
    ".mht": "请在浏览器中另存为 .html",
    ".mhtml": "请在浏览器中另存为 .html",
    ".gif": "请另存为 .png 或 .jpg 图片",
    ".bmp": "请另存为 .png 或 .jpg 图片",
    ".webp": "请另存为 .png 或 .jpg 图片",
}


def reader_for(path: Path) -> ModuleType:
    suffix = path.suffix.lower()
    name = READERS.get(suffix)
    if name is None:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        hint = f"，{_HINTS[suffix]}" if suffix in _HINTS else ""
        what = f"“{suffix}”" if suffix else "（没有扩展名）"
        raise IngestError(f"{shown(path)}：不支持的文件类型{what}{hint}（支持：{supported}）", str(path))
    return importlib.import_module(f".{name}", __name__)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = shown(path)
    try:
        # A regular file only, read up to its limit: a FIFO or a link to /dev/zero is refused
        # instead of blocking or filling the memory.
        data = read_regular(path, max_bytes)
    except FileProblem as exc:
        raise IngestError(f"{source}：{exc.reason}", str(path)) from None
    if not data:
        raise IngestError(f"{source}：文件为空", str(path))
    return data


def read_page(
    path: Path,
    *,
    issue_date: date | None = None,
    manifest: Manifest | None = None,
    schemas_dir: Path | None = None,
) -> Page:
    """Read one input file. Without `manifest`, a manifest.yaml next to the file is used.

    `schemas_dir` is a user schemas folder; its epaper.yaml is used if it has one.

    Raises IngestError (message in Chinese, naming the file) for anything that cannot be read,
    and UserError for an invalid manifest found next to it.
    """
    path = Path(path)
    reader = reader_for(path)
    source = shown(path)  # the name as messages show it: no control or bidi character
    extracted: Extracted = reader.read(_read_bytes(path, reader.MAX_BYTES), source)
    text = extracted.text
    own_rules = schemas_dir is not None and (Path(schemas_dir) / epaper.SCHEMA_FILE).is_file()
    rules = epaper.load_rules(str(schemas_dir) if own_rules else None)
    furniture = epaper.detect(text, rules)
    own_web = schemas_dir is not None and (Path(schemas_dir) / web.SCHEMA_FILE).is_file()
    chrome = web.detect(text, web.load_rules(str(schemas_dir) if own_web else None))
    if manifest is None:
        manifest = find_manifest(path)
    entry = manifest.entry_for(path) if manifest is not None else None
    when = dates.resolve(
        cli=issue_date, entry=entry, filename=path.name,
        footer=furniture.issue_date or chrome.issue_date or extracted.issue_date,
    )
    warnings = [f"{shown(path.name)}：{w}" for w in (*extracted.warnings, *when.warnings)]
    if when.issue_date is None and when.issue_period is None:
        warnings.append(f"{shown(path.name)}：未能确定出版日期")
    named = epaper.file_name_cues(path.stem, rules)
    # The manifest first (a person wrote it), then the page's own furniture, then the file name.
    paper = _known(entry and entry.paper, furniture.paper, chrome.source, extracted.paper,
                   named.paper)
    page_no = _known(entry and entry.page_no, furniture.page_no, named.page_no)
    page_name = _known(entry and entry.page_name, furniture.page_name, named.page_name)
    return Page(
        source=path.as_posix(),
        text=text,
        issue_date=when.issue_date,
        issue_period=when.issue_period,
        paper=paper,
        page_no=page_no,
        page_name=page_name,
        furniture=_merged(furniture.spans, chrome.spans),
        warnings=tuple(warnings),
    )


def _known(*values):
    """The first value that is known (not None nor empty)."""
    return next((v for v in values if v), None)


def _merged(*groups: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Furniture spans of several detectors, sorted, each line once."""
    return tuple(sorted({span for group in groups for span in group}))


def _skipped(name: str) -> bool:
    # Hidden files, Office lock files (~$页面.docx) and manifests are never pages.
    return name.startswith((".", "~$")) or name.lower() in MANIFEST_NAMES


def _wanted(name: str) -> bool:
    return not _skipped(name) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _hidden(name: str) -> bool:
    return name.startswith(".")


def iter_input_files(paths: list[Path], warnings: list[str] | None = None,
                     others: list[Path] | None = None) -> list[Path]:
    """Expand files and folders into the files to read, in a stable order.

    A folder is searched for supported files (guard.walk: no recursion, bounded depth, each
    symlink followed once, FIFOs and devices skipped; hidden files and folders and manifests
    skipped); what is skipped for a reason worth knowing goes to `warnings`, the other files a
    folder holds to `others` (the same walk: compiler.ingest.skipped names them). A file named
    explicitly is kept whatever its suffix or kind, so that reading it reports the problem.
    """
    warnings = [] if warnings is None else warnings
    result: list[Path] = []
    seen: set[object] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def add(p: Path) -> None:
        key = identity(p) or str(p)  # not resolve(): a symlink loop would raise RuntimeError
        if key not in seen:
            seen.add(key)
            result.append(p)

    for given in paths:
        given = Path(given)
        if given.is_dir():
            found = walk_files(given, _wanted, _hidden, warnings, seen_dirs, others)
            for p in sorted(found, key=lambda f: f.relative_to(given).as_posix()):
                add(p)
        elif given.exists() or given.is_symlink():
            add(given)
        else:
            raise IngestError(f"{shown(given)}：找不到文件或文件夹", str(given))
    return result
