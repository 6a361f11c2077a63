"""Scans and photos of pages (.png, .jpg, .jpeg, .tif, .tiff): OCR, then the newspaper layout."""
from __future__ import annotations

from compiler.errors import IngestError
from compiler.guard import limits
from compiler.ingest import layout, ocr, progress
from compiler.ingest.text import Extracted

MAX_BYTES = limits.IMAGE_MAX_BYTES
MAX_FRAMES = 50  # a multi-page TIFF: one page per frame


def read(data: bytes, source: str) -> Extracted:
    ocr.require(source)
    image = ocr.open_image(data, source)
    frames = max(1, min(getattr(image, "n_frames", 1), MAX_FRAMES))
    texts: list[str] = []
    warnings: list[str] = []
    for k in range(frames):
        if frames > 1:
            image.seek(k)
        progress.page_done(k, frames)  # OCR takes seconds a page: say which one is read
        segs, rules, warned = ocr.read_image(image, source)
        warnings.extend(f"第 {k + 1} 页：{w}" if frames > 1 else w for w in warned)
        text = layout.page_text(segs, rules=rules, ratios=ocr.RATIOS)
        if text.strip():
            texts.append(text)
        progress.page_done(k + 1, frames)
    if not texts:
        raise IngestError(f"{source}：图片中没有识别出文字", source)
    return Extracted("\n\n".join(texts), tuple(warnings))
