"""Re-zip an OOXML package with fixed timestamps and order so equal input gives equal bytes."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Callable

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6
# OPC readers look for the content types first; the rest follows in name order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")
# The last member of each name that was worth keeping: a template's styles.xml or theme is
# the same in every report of a build, and deflating it again each time was a good part of
# writing a small one.
_LAST: dict[str, tuple[bytes, int, bytes]] = {}
_KEEP_FROM = 4096


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


def rezip(data: bytes, transform: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Copy every member of the zip `data`, optionally rewritten by transform(name, bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {name: src.read(name) for name in src.namelist()}
    return write_zip(members, transform)


def _deflate(name: str, payload: bytes) -> tuple[int, bytes]:
    last = _LAST.get(name)
    if last is not None and last[0] == payload:
        return last[1], last[2]
    packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    packed = packer.compress(payload) + packer.flush()
    crc = zlib.crc32(payload)
    if len(payload) >= _KEEP_FROM:
        _LAST[name] = (payload, crc, packed)
    return crc, packed


def write_zip(members: dict[str, bytes],
              transform: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The members as a zip with fixed order, dates and attributes, each deflated once.

    The bytes are those zipfile.ZipFile.writestr would write (no zip64: an OOXML part of 4 GB
    is not a report); only the deflating is done here, so that it can be reused.
    """
    out = io.BytesIO()
    central = io.BytesIO()
    count = 0
    for name in sorted(members, key=_order):
        payload = members[name]
        if transform is not None:
            payload = transform(name, payload)
        crc, packed = _deflate(name, payload)
        if max(len(payload), len(packed)) >= zipfile.ZIP64_LIMIT:
            raise ValueError(f"{name}: too large for a report package")
        info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0o600 << 16
        info.flag_bits = 0
        info.CRC, info.compress_size, info.file_size = crc, len(packed), len(payload)
        offset = out.tell()
        out.write(info.FileHeader(False))
        out.write(packed)
        try:
            filename, flags = name.encode("ascii"), info.flag_bits
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), info.flag_bits | 0x800
        dt = info.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        central.write(struct.pack(
            zipfile.structCentralDir, zipfile.stringCentralDir, info.create_version,
            info.create_system, info.extract_version, info.reserved, flags, info.compress_type,
            dostime, dosdate, crc, len(packed), len(payload), len(filename), 0, 0, 0,
            info.internal_attr, info.external_attr, offset))
        central.write(filename)
        count += 1
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, count, count,
                          len(directory), start, 0))
    return out.getvalue()
