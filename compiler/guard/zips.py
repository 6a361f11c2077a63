"""Zip packages from anyone (.docx, .xlsx): inflated as a stream under a hard cap, then repacked.

zipfile's read() of a member inflates all its compressed data in one call and only then cuts
it to the size the directory declares, so a directory that lies (a 4 KB member said to be
small) still costs gigabytes. Here each member is read a chunk at a time and the bytes
actually produced are counted; the parsers then get a clean copy whose members are stored,
not compressed, and are exactly what was counted.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Callable

from compiler.guard.files import describe

CHUNK = 64 * 1024
_DECLARATION = re.compile(rb"<!\s*(?:doctype|entity)", re.IGNORECASE)


class ZipProblem(Exception):
    """Why a package was refused, in Chinese, without the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def unpack(data: bytes, *, max_total: int, max_members: int, max_xml: int | None = None,
           keep: Callable[[str], bool] = lambda name: True) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every member's name and bytes; those `keep` refuses are inflated (and counted, and their
    CRC checked) but come back empty. Raises ZipProblem for a damaged package or one that
    inflates past `max_total` bytes (`max_xml` for the XML parts: parsed into trees, they cost
    several times their size) or has more than `max_members` members."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise ZipProblem("文件损坏或不完整，不是有效的压缩包") from None
    with archive:
        infos = archive.infolist()
        declared = sum(i.file_size for i in infos)
        if len(infos) > max_members or declared > max_total:
            raise ZipProblem(_too_big(declared, len(infos), max_total))
        produced = xml = 0
        out: list[tuple[zipfile.ZipInfo, bytes]] = []
        for info in infos:
            if info.is_dir():
                continue
            wanted = keep(info.filename)
            xml_cap = max_xml if is_xml(info.filename) else None  # None: not counted as XML
            chunks: list[bytes] = []
            try:
                with archive.open(info) as member:
                    while True:
                        # read(n) never inflates more than about n bytes at a time
                        chunk = member.read(CHUNK)
                        if not chunk:
                            break
                        produced += len(chunk)
                        if produced > max_total:
                            raise ZipProblem(_too_big(produced, len(infos), max_total))
                        if xml_cap is not None:
                            xml += len(chunk)
                            if xml > xml_cap:
                                raise ZipProblem(_too_big(xml, len(infos), xml_cap, "其中 XML "))
                        if wanted:
                            chunks.append(chunk)
            except ZipProblem:
                raise
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError,
                    NotImplementedError, RuntimeError):
                # a bad CRC, a truncated stream, an encrypted or unknown compression
                raise ZipProblem(f"部件 {info.filename[:80]} 已损坏或无法解压") from None
            out.append((info, b"".join(chunks)))
    return out


def _too_big(size: int, members: int, limit: int, what: str = "") -> str:
    return (f"解压后过大（{what}至少 {describe(size)}，{members} 个部件；上限 {describe(limit)}），"
            "疑似压缩炸弹，已拒绝读取")


def repack(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """A zip of `members`, stored (no compression: they are read once, right away)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for info, payload in members:
            clean = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            out.writestr(clean, payload)
    return buf.getvalue()


def xml_declarations(members: list[tuple[zipfile.ZipInfo, bytes]]) -> list[str]:
    """The XML parts that declare a DOCTYPE or an entity. OOXML never needs one; refusing
    them keeps every parser downstream away from entity expansion and external entities.
    NUL bytes are dropped first, so that a UTF-16 part is searched as well."""
    found = []
    for info, payload in members:
        if is_xml(info.filename) and _DECLARATION.search(
                payload.replace(b"\x00", b"") if b"\x00" in payload[:4] else payload):
            found.append(info.filename)
    return found
