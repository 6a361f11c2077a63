"""Files a folder holds that no reader takes (.doc, .xls, .ppt): named, never silently left."""
from __future__ import annotations

from pathlib import Path

from compiler.errors import IngestError
from compiler.ingest import reader_for
from compiler.ingest.manifest import MANIFEST_NAMES


def _ignored(name: str) -> bool:
    # Hidden files, Office lock files and manifests are no pages: not worth a warning either.
    return name.startswith((".", "~$")) or name.lower() in MANIFEST_NAMES


def unsupported_files(others: list[Path]) -> list[tuple[Path, str]]:
    """(file, Chinese reason) for each file the folder walk did not keep (iter_input_files'
    `others`): a user would otherwise never learn that the .doc beside the pages was left out.
    Files named one by one are read (and fail with their reason) anyway."""
    out: list[tuple[Path, str]] = []
    for path in sorted(others, key=lambda f: f.as_posix()):
        if _ignored(path.name):
            continue
        try:
            reader_for(path)
        except IngestError as exc:
            out.append((path, f"{exc}，已跳过"))
    return out
