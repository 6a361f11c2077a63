"""PDF pages (.pdf): words with positions and sizes laid out in reading order; pages without text by OCR."""
from __future__ import annotations

from compiler.errors import IngestError
from compiler.guard import limits
from compiler.ingest import layout, ocr
from compiler.ingest import progress as pages
from compiler.ingest.garbled import is_garbled
from compiler.ingest.pdf_words import plain_ideographs as _plain_ideographs
from compiler.ingest.pdf_words import read_page_words
from compiler.ingest.text import Extracted, normalise

MAX_BYTES = limits.PDF_MAX_BYTES
MAX_PAGES = 500
OCR_DPI = 150  # scans are rendered at this resolution for OCR

__all__ = ["MAX_BYTES", "read", "_plain_ideographs"]


def _open(data: bytes, source: str):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise IngestError(f"{source}：PDF 文件已加密，请先解除密码保护后再处理", source) from None
        raise IngestError(f"{source}：无法读取 PDF 文件（文件可能已损坏）", source) from None
    except Exception as exc:  # an untrusted file through a third-party parser: any failure
        raise IngestError(
            f"{source}：无法读取 PDF 文件（文件可能已损坏：{type(exc).__name__}）", source
        ) from None


def _ocr_page(page, source: str) -> tuple[str, list[str]]:
    scale = OCR_DPI / 72
    w, h = page.get_width() * scale, page.get_height() * scale
    if w * h > ocr.MAX_PIXELS:
        scale *= (ocr.MAX_PIXELS / (w * h)) ** 0.5
    image = page.render(scale=scale).to_pil()
    segs, rules, warnings = ocr.read_image(image, source)
    return layout.page_text(segs, rules=rules, ratios=ocr.RATIOS), warnings


def read(data: bytes, source: str, progress=None) -> Extracted:
    """`progress(done, total)` is called after each page (OCR pages take seconds each), and
    so is a batch's listener (compiler.ingest.progress)."""
    doc = _open(data, source)
    try:
        total = len(doc)
        if total == 0:
            raise IngestError(f"{source}：PDF 文件中没有页面", source)
        texts: list[str] = []
        scanned: list[int] = []
        garbled: list[int] = []  # a text layer that is not the page's text
        broken: list[int] = []
        warnings: list[str] = []
        last = min(total, MAX_PAGES)
        for number in range(1, last + 1):
            try:
                page = doc[number - 1]
                words = read_page_words(page)
                text = layout.page_text(words.segs, words.pictures, words.rules) if words.segs else ""
                if text.strip() and is_garbled(text):
                    garbled.append(number)
                    text = ""
                if not text.strip():
                    if number not in garbled:
                        scanned.append(number)
                    if ocr.available():
                        pages.page_done(number - 1, last)  # seconds to come: say which page
                        text, warned = _ocr_page(page, source)
                        warnings.extend(f"第 {number} 页：{w}" for w in warned)
            except IngestError:
                raise
            except Exception:
                broken.append(number)
                continue
            text = normalise(text).strip("\n")
            if text.strip():
                texts.append(text)
            if progress is not None:
                progress(number, total)
            pages.page_done(number, last)
    finally:
        doc.close()
    if not texts and garbled and not ocr.available():
        raise IngestError(
            f"{source}：PDF 的文字层是乱码（字体没有可用的文字编码），需要用 OCR 按页面图像识别；"
            f"{ocr.INSTALL_HINT}", source)
    if not texts and broken and not scanned:
        raise IngestError(f"{source}：无法提取 PDF 的文字（文件可能已损坏）", source)
    if not texts:
        if not ocr.available():
            raise IngestError(
                f"{source}：PDF 没有文字层（可能是扫描件或图片），需要先进行 OCR 文字识别；"
                f"{ocr.INSTALL_HINT}", source)
        raise IngestError(f"{source}：PDF 没有文字层，OCR 文字识别也没有识别出文字", source)
    if scanned and not ocr.available():
        warnings.append(f"第 {_pages(scanned)} 页没有文字层（可能是图片），需要先进行 OCR 文字识别；"
                        f"{ocr.INSTALL_HINT}")
    elif scanned:
        warnings.append(f"第 {_pages(scanned)} 页没有文字层，已用 OCR 识别，请核对文字")
    if garbled and ocr.available():
        warnings.append(f"第 {_pages(garbled)} 页的文字层是乱码（字体没有可用的文字编码），"
                        "已用 OCR 按页面图像识别，请核对文字")
    elif garbled:
        warnings.append(f"第 {_pages(garbled)} 页的文字层是乱码，已跳过；{ocr.INSTALL_HINT}")
    if broken:
        warnings.append(f"第 {_pages(broken)} 页无法提取文字，已跳过")
    if total > MAX_PAGES:
        warnings.append(f"PDF 共 {total} 页，只读取了前 {MAX_PAGES} 页")
    return Extracted("\n\n".join(texts), tuple(warnings))


def _pages(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers)
