"""Re-zip an OOXML package with fixed timestamps and order so equal input gives equal bytes."""
from __future__ import annotations

import io
import zipfile
import zlib
from typing import Callable

from compiler.libs.zipfile_private import central_entry, end_record, local_header, member_info

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
        info = member_info(name, FIXED_ZIP_TIME, crc, len(packed), len(payload))
        central.write(central_entry(info, out.tell()))
        out.write(local_header(info))
        out.write(packed)
        count += 1
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(end_record(count, len(directory), start))
    return out.getvalue()
