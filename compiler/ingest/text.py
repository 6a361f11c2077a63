"""Plain-text and Markdown pages (.txt, .md): decode the bytes, keep the text as it is."""
from __future__ import annotations

import codecs
import re
from datetime import date
from typing import NamedTuple

from compiler.errors import IngestError
from compiler.guard import limits

MAX_BYTES = limits.TEXT_MAX_BYTES


class Extracted(NamedTuple):
    """What a reader returns: the page text and warnings (without the file name), and what the
    file itself says of its date and source (a web page's meta tags)."""

    text: str
    warnings: tuple[str, ...] = ()
    issue_date: date | None = None
    paper: str | None = None


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Encodings whose guess we trust for these pages; any other guess (Korean, Japanese, Western)
# on bytes that are valid GB18030 is charset-normalizer misreading a short Chinese text.
_CHINESE_OR_UNICODE = frozenset({
    "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950",
    "utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
})

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF 文件"),
    (b"PK\x03\x04", "Word (.docx) 或其他压缩文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls）"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
)

# C0 controls other than \t and \n become a space, and the other line breaks become \n: one
# character for one, so the text keeps its length and every span computed later stays valid.
# Lone \r (old Mac files), NEL and U+2028/2029 are line breaks to str.splitlines(); making them
# \n keeps every later stage's idea of a "line" the same.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_TRANSLATE = {c: " " for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]}
_TRANSLATE.update({0x0D: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"})

# A few undecodable bytes in otherwise valid UTF-8 (a file cut mid-character, one bad byte) are
# replaced with U+FFFD and reported, rather than letting a guess garble the whole page.
_LOSSY_UTF8_MAX_RATIO = 1 / 10000
_LOSSY_UTF8_MAX_ALWAYS = 3
_LOSSY_UTF8_MIN_VALID = 20  # valid multi-byte characters per bad byte


def normalise(text: str) -> str:
    """Newlines to \\n and control characters to spaces, one character for one (but \\r\\n)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _CONTROL.search(text):
        text = text.translate(_TRANSLATE)
    return text


def not_text_error(data: bytes, source: str) -> IngestError:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return IngestError(f"{source}：不是文本文件（看起来是{what}，请检查扩展名）", source)
    return IngestError(f"{source}：不是文本文件（含有二进制数据或无法识别的编码）", source)


def decode(data: bytes, source: str, declared: str | None = None) -> Extracted:
    """Decode page bytes: BOM, strict UTF-8, the declared charset, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Extracted(data.decode(encoding))
            except UnicodeDecodeError:
                raise IngestError(
                    f"{source}：文件以 {encoding.upper()} 标记开头，但内容无法按该编码解码", source
                ) from None
    if b"\x00" in data:
        raise not_text_error(data, source)
    # Fast path: nearly every page is UTF-8, and Chinese text in another encoding is almost never
    # valid UTF-8, so a clean decode is trusted even over a declared charset.
    try:
        return Extracted(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return Extracted(data.decode(declared))
        except (UnicodeDecodeError, LookupError):
            pass
    lossy = data.decode("utf-8", "replace")
    bad = lossy.count("\ufffd")
    valid_non_ascii = len(lossy) - len(lossy.encode("ascii", "ignore")) - bad
    if (bad <= max(_LOSSY_UTF8_MAX_ALWAYS, len(lossy) * _LOSSY_UTF8_MAX_RATIO)
            and valid_non_ascii >= _LOSSY_UTF8_MIN_VALID * bad):
        return Extracted(lossy, (f"有 {bad} 处无法解码的字节，已替换为 �",))
    return _guess(data, source)


def _guess(data: bytes, source: str) -> Extracted:
    import charset_normalizer  # slow to import; only needed for non-UTF-8 files

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding not in _CHINESE_OR_UNICODE:
        try:
            return Extracted(data.decode("gb18030"))
        except UnicodeDecodeError:
            pass
    if best is None:
        raise not_text_error(data, source)
    return Extracted(str(best))


def read(data: bytes, source: str) -> Extracted:
    decoded = decode(data, source)
    text = normalise(decoded.text)
    if not text.strip():
        raise IngestError(f"{source}：文件为空（只有空白字符）", source)
    return Extracted(text, decoded.warnings)
