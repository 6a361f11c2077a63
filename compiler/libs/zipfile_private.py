"""The zip records the standard zipfile writes, for members deflated ahead (CPython 3.11's zipfile).

zipfile only writes members it deflates itself; a report package reuses the deflated bytes of
parts that are the same in every report, so the records around them are packed here, exactly
as ZipFile.writestr packs them (tests/test_render_fastpaths.py compares the bytes).
"""
from __future__ import annotations

import struct
import zipfile
from typing import Any

# The record layouts zipfile packs with (module constants it does not document).
_zip: Any = zipfile


def member_info(name: str, date_time: tuple[int, int, int, int, int, int], crc: int,
                packed_size: int, size: int) -> zipfile.ZipInfo:
    """A deflated member's ZipInfo as writestr makes it (no zip64: reports are small)."""
    if max(size, packed_size) >= zipfile.ZIP64_LIMIT:
        raise ValueError(f"{name}: too large for a report package")
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0o600 << 16
    info.flag_bits = 0
    info.CRC, info.compress_size, info.file_size = crc, packed_size, size
    return info


def local_header(info: zipfile.ZipInfo) -> bytes:
    header: bytes = info.FileHeader(False)
    return header


def central_entry(info: zipfile.ZipInfo, offset: int) -> bytes:
    try:
        filename, flags = info.filename.encode("ascii"), info.flag_bits
    except UnicodeEncodeError:
        filename, flags = info.filename.encode("utf-8"), info.flag_bits | 0x800
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    return struct.pack(
        _zip.structCentralDir, _zip.stringCentralDir, info.create_version,
        info.create_system, info.extract_version, info.reserved, flags, info.compress_type,
        dostime, dosdate, info.CRC, info.compress_size, info.file_size, len(filename), 0, 0, 0,
        info.internal_attr, info.external_attr, offset) + filename


def end_record(count: int, directory_size: int, directory_start: int) -> bytes:
    return struct.pack(_zip.structEndArchive, _zip.stringEndArchive, 0, 0, count, count,
                       directory_size, directory_start, 0)
