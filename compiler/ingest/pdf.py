"""PDF pages (.pdf): the text layer of every page via pypdf, pages joined by blank lines."""
from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
from typing import Iterator

from compiler.errors import IngestError
from compiler.guard import limits
from compiler.ingest.text import Extracted, normalise

MAX_BYTES = limits.PDF_MAX_BYTES

# Chinese PDFs often map glyphs to Kangxi radicals or compatibility ideographs (⼯ U+2F2F for
# 工); NFKC on those characters alone gives the ordinary ideograph and touches nothing else.
_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def _plain_ideographs(text: str) -> str:
    if not _LOOKALIKE.search(text):
        return text
    return _LOOKALIKE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    # pypdf logs every repaired defect as a warning; the user gets our message instead.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read(data: bytes, source: str) -> Extracted:
    import pypdf  # slow to import, so only when a PDF is read
    from pypdf import PasswordType

    with _quiet():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")  # many PDFs only restrict editing
                except Exception:
                    opened = PasswordType.NOT_DECRYPTED
                if opened == PasswordType.NOT_DECRYPTED:
                    raise IngestError(f"{source}：PDF 文件已加密，请先解除密码保护后再处理", source)
            pages = list(reader.pages)
        except IngestError:
            raise
        except Exception as exc:  # an untrusted file through a third-party parser: any failure
            raise IngestError(
                f"{source}：无法读取 PDF 文件（文件可能已损坏：{type(exc).__name__}）", source
            ) from None
        texts: list[str] = []
        empty: list[int] = []
        broken: list[int] = []
        for number, page in enumerate(pages, 1):
            try:
                text = page.extract_text() or ""
            except Exception:
                broken.append(number)
                continue
            text = normalise(_plain_ideographs(text)).strip("\n")
            if text.strip():
                texts.append(text)
            else:
                empty.append(number)
    if not pages:
        raise IngestError(f"{source}：PDF 文件中没有页面", source)
    if not texts and broken and not empty:
        raise IngestError(f"{source}：无法提取 PDF 的文字（文件可能已损坏）", source)
    if not texts:
        raise IngestError(
            f"{source}：PDF 没有文字层（可能是扫描件或图片），需要先进行 OCR 文字识别", source
        )
    warnings = []
    if empty:
        warnings.append(f"第 {_pages(empty)} 页没有文字层（可能是图片），需要先进行 OCR 文字识别")
    if broken:
        warnings.append(f"第 {_pages(broken)} 页无法提取文字，已跳过")
    return Extracted("\n\n".join(texts), tuple(warnings))


def _pages(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers)
