"""The review stage in a batch run: find the corrections file, apply it, report what it did."""
from __future__ import annotations

from pathlib import Path

from compiler.batch.parse_cache import Parsed
from compiler.batch.parse_run import RunResult
from compiler.review.apply import Applied, apply_corrections
from compiler.review.corrections import discover, load


def review_result(result: RunResult, paths: list[Path], option: Path | None) -> Applied | None:
    """Apply the run's corrections file to its parsed documents, in place; None when there is
    no corrections file (nothing reviewed yet). An explicit --corrections must exist."""
    path = discover(paths, option)
    corrections = load(path, required=option is not None)
    if not corrections.articles:
        return None
    applied = apply_corrections(result.documents, corrections, path)
    for i, doc in enumerate(applied.documents):
        if doc.source in applied.changed_sources:
            result.parsed[i] = Parsed.of(doc, keep=True)
    return applied
