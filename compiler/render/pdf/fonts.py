"""Find and register a CJK TrueType font for the PDF, with Chinese errors when there is none."""
from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from compiler.guard.files import describe, kind_of
from compiler.present.options import RenderError

PROBE = "工会简报统计"  # a font without these glyphs would print empty boxes
FONT_MAX_BYTES = 256 * 2**20  # CJK TrueType faces are 10-60 MB; reportlab reads all of it
_HINT = ("请安装文泉驿微米黑（Debian/Ubuntu：apt-get install fonts-wqy-microhei），"
         "或用 --font 指定一个 TrueType 轮廓的中文字体（如 Windows 的 simhei.ttf、simsun.ttc）。")


def _cff_message(path: Path) -> str:
    return (f"字体 {path} 使用 PostScript（CFF）轮廓，reportlab 无法嵌入此类字体"
            f"（例如 Noto Sans CJK、思源黑体的 .otf/.ttc）。" + _HINT)


def load_font(path: Path, subfont: int = 0) -> str:
    """Register `path` (a .ttf, or one face of a .ttc) and return its reportlab font name."""
    path = Path(path).expanduser()
    _check_file(path)
    name = "UB-" + hashlib.sha1(f"{path.resolve()}#{subfont}".encode()).hexdigest()[:10]
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        # Not asciiReadable: the first subset keeping codes 32-126 for ASCII left room for only
        # ~160 Chinese characters, so a short digest needed a second subset (its own font
        # program, widths and ToUnicode map). Text is extracted through ToUnicode all the same.
        font = TTFont(name, str(path), subfontIndex=subfont, asciiReadable=False)
    except TTFError as exc:
        if "postscript outlines" in str(exc).lower():
            raise RenderError(_cff_message(path), source=str(path)) from exc
        raise RenderError(f"字体文件 {path} 无法使用：{exc}。" + _HINT, source=str(path)) from exc
    except (OSError, ValueError, IndexError) as exc:
        raise RenderError(f"字体文件 {path} 无法读取：{exc}。" + _HINT, source=str(path)) from exc
    missing = [c for c in PROBE if ord(c) not in font.face.charToGlyph]
    if missing:
        raise RenderError(f"字体 {path} 不含中文字形（缺少“{''.join(missing)}”）。" + _HINT,
                          source=str(path))
    _keep_tables(font.face)
    pdfmetrics.registerFont(font)
    return name


def _check_file(path: Path) -> None:
    """A regular file of a font's size: reportlab would block on a FIFO and read a device or
    a huge file whole."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise RenderError(f"字体文件不存在：{path}", source=str(path)) from None
    except OSError as exc:
        raise RenderError(f"字体文件 {path} 无法读取：{exc.strerror or exc}",
                          source=str(path)) from None
    kind = "文件夹" if stat.S_ISDIR(st.st_mode) else kind_of(st.st_mode)
    if kind is not None:
        raise RenderError(f"字体文件 {path} 是{kind}，不是普通文件", source=str(path))
    if st.st_size > FONT_MAX_BYTES:
        raise RenderError(f"字体文件 {path} 过大（{describe(st.st_size)}，上限 "
                          f"{describe(FONT_MAX_BYTES)}），不像是字体", source=str(path))


def _keep_tables(face) -> None:
    """reportlab copies each table it embeds out of the font file for every subset it writes;
    AR PL UMing's glyph table is 17 MB, so every digest copied it two or three times, a seventh
    of the time of a digest. The tables never change: each is copied once per process (before
    the build's workers fork, which share it)."""
    read = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        data = tables.get(tag)
        if data is None:
            data = tables[tag] = read(tag)
        return data

    face.get_table = get_table


def find_font(explicit: Path | None, candidates: list[tuple[str, int]]) -> str:
    """The user's font if given (no fallback: they asked for it), else the first usable one."""
    if explicit is not None:
        return load_font(explicit)
    problems: list[str] = []
    for raw, subfont in candidates:
        path = Path(raw).expanduser()
        if not path.is_file():
            continue
        try:
            return load_font(path, subfont)
        except RenderError as exc:
            problems.append(exc.message)
    tried = "、".join(raw for raw, _ in candidates) or "（无）"
    detail = ("其中：" + "；".join(problems)) if problems else ""
    raise RenderError(f"找不到可用于 PDF 的中文字体。已查找：{tried}。{detail}" + _HINT)


def find_fonts(explicit: Path | None, body: list[tuple[str, int]],
               heading: list[tuple[str, int]]) -> tuple[str, str]:
    """(body font, heading font). The body wants a Song/Ming serif, headings a sans; without a
    usable heading font, headings are set in the body font. The user's --font sets both."""
    body_font = find_font(explicit, body)
    if explicit is not None:
        return body_font, body_font
    for raw, subfont in heading:
        path = Path(raw).expanduser()
        if path.is_file():
            try:
                return body_font, load_font(path, subfont)
            except RenderError:
                continue  # an unusable heading font is no reason to refuse the digest
    return body_font, body_font
