"""Files a folder holds that no reader takes (.doc, .xls, images): named, never silently left."""
from __future__ import annotations

from pathlib import Path

from compiler.errors import IngestError
from compiler.guard.walk import walk_files
from compiler.ingest import SUPPORTED_SUFFIXES, reader_for
from compiler.ingest.manifest import MANIFEST_NAMES


def _ignored(name: str) -> bool:
    # Hidden files, Office lock files and manifests are no pages: not worth a warning either.
    return name.startswith((".", "~$")) or name.lower() in MANIFEST_NAMES


def unsupported_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """(file, Chinese reason) for each file inside the given folders that is not read: the
    folder walk keeps only readable types, so a user would otherwise never learn that the
    .doc or the scanned .jpg beside the pages was left out. Files named one by one are read
    (and fail with their reason) anyway, so only folders are searched here."""
    out: list[tuple[Path, str]] = []
    for given in paths:
        given = Path(given)
        if not given.is_dir():
            continue
        # the same bounded walk as the pages' (guard.walk); what it skips is reported there
        found = walk_files(given, lambda n: not _ignored(n)
                           and Path(n).suffix.lower() not in SUPPORTED_SUFFIXES,
                           lambda n: n.startswith("."), [])
        for path in sorted(found, key=lambda f: f.relative_to(given).as_posix()):
            try:
                reader_for(path)
            except IngestError as exc:
                out.append((path, f"{exc}，已跳过"))
    return out
