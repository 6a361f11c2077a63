"""Zip packages that lie: sizes in the directory, DOCTYPEs in an .xlsx template, bombs."""
from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from compiler.guard import zips

ROOT = Path(__file__).resolve().parent.parent


def _docx_bytes(text: str = "工会简讯：职工技能比赛今日开幕。") -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _lying(base: bytes, name: str, real_size: int, declared: int) -> bytes:
    """`base` plus member `name`: `real_size` zero bytes deflated, whose local header and
    directory entry both claim `declared` bytes (and the CRC of the declared prefix)."""
    buf = io.BytesIO(base)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(real_size >> 20):
                member.write(chunk)
    data = bytearray(buf.getvalue())
    crc = zlib.crc32(b"\0" * declared)
    raw = name.encode()
    local = data.rfind(b"PK\x03\x04" + b"\x14\x00", 0, data.rfind(raw))
    central = data.rfind(b"PK\x01\x02")
    for offset, crc_at, size_at in ((local, 14, 22), (central, 16, 24)):
        struct.pack_into("<I", data, offset + crc_at, crc)
        struct.pack_into("<I", data, offset + size_at, declared)
    return bytes(data)


def test_unpack_counts_real_bytes_not_declared_ones():
    data = _lying(_docx_bytes(), "word/media/big.bin", 64 << 20, 100)
    members = zips.unpack(data, max_total=10 << 20, max_members=100)
    # zipfile stops at the declared size: what comes out is what was counted
    assert dict((i.filename, len(b)) for i, b in members)["word/media/big.bin"] == 100


def test_unpack_refuses_past_the_cap():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(5):
            z.writestr(f"part{i}.xml", b"<a/>" * (1 << 18))
    with pytest.raises(zips.ZipProblem, match="压缩炸弹"):
        zips.unpack(buf.getvalue(), max_total=2 << 20, max_members=100)
    with pytest.raises(zips.ZipProblem, match="压缩炸弹"):
        zips.unpack(buf.getvalue(), max_total=100 << 20, max_members=3)
    with pytest.raises(zips.ZipProblem, match="XML"):
        zips.unpack(buf.getvalue(), max_total=100 << 20, max_members=100, max_xml=2 << 20)


_MEASURE = """
import resource, sys
sys.path.insert(0, {root!r})
from compiler.errors import IngestError
from compiler.ingest import docx
data = open({path!r}, 'rb').read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    docx.read(data, 'bomb.docx')
    print('read')
except IngestError as exc:
    print('refused', exc)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def test_lying_docx_does_not_inflate_in_memory(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_lying(_docx_bytes(), "word/media/image9.png", 400 << 20, 1000))
    assert path.stat().st_size < 2 << 20
    r = subprocess.run([sys.executable, "-c", _MEASURE.format(root=str(ROOT), path=str(path))],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    grown_kb = int(r.stdout.strip().splitlines()[-1])
    assert grown_kb < 100 * 1024, r.stdout  # 400 MB inflated in one call before


def test_docx_input_still_read_after_repacking():
    from compiler.ingest import docx

    assert "职工技能比赛" in docx.read(_docx_bytes(), "ok.docx").text


def _xlsx_with_doctype(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "{{ unit.name }}"
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            payload = src.read(info)
            if info.filename == "xl/sharedStrings.xml" or info.filename.endswith("sheet1.xml"):
                dtd = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                payload = payload.replace(b"?>", b"?>" + dtd, 1) if b"?>" in payload[:100] \
                    else dtd + payload
            out.writestr(info, payload)


def test_xlsx_template_with_doctype_is_a_clear_error(tmp_path):
    tpl = tmp_path / "t.xlsx"
    _xlsx_with_doctype(tpl)
    r = subprocess.run([sys.executable, "-m", "compiler", "fill", "--check", str(tpl)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "内部错误" not in r.stderr and "DOCTYPE" in r.stderr and "t.xlsx" in r.stderr


def test_lying_xlsx_template_is_refused_or_cut(tmp_path):
    from openpyxl import Workbook

    from compiler.fill.engine import FillError
    from compiler.fill.xlsx import XlsxTemplate

    wb = Workbook()
    wb.active["A1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    tpl = tmp_path / "bomb.xlsx"
    tpl.write_bytes(_lying(buf.getvalue(), "xl/media/big.bin", 64 << 20, 10))
    try:
        XlsxTemplate(tpl)  # cut to its declared 10 bytes: harmless
    except FillError as exc:
        assert "bomb.xlsx" in str(exc)
