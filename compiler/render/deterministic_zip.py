"""Re-zip an OOXML package with fixed timestamps and order so equal input gives equal bytes."""
from __future__ import annotations

import io
import zipfile
from typing import Callable

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
# OPC readers look for the content types first; the rest follows in name order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


def rezip(data: bytes, transform: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Copy every member of the zip `data`, optionally rewritten by transform(name, bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {name: src.read(name) for name in src.namelist()}
    return write_zip(members, transform)


def write_zip(members: dict[str, bytes],
              transform: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The members as a zip with fixed order, dates and attributes, each compressed once."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(members, key=_order):
            payload = members[name]
            if transform is not None:
                payload = transform(name, payload)
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            dst.writestr(info, payload, compresslevel=6)
    return out.getvalue()
