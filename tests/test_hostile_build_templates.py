"""`build --templates` with a hostile folder: its reports are made in a limited child process,
its briefing.docx read as an untrusted package, the batch goes on with a Chinese error."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

import compiler.render as render_stage
from compiler.knowledge.config import Config
from compiler.present.options import RenderError
from compiler.render import RenderOptions, render

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def briefing(knowledge):
    from compiler.batch.parse_run import parse_files
    from compiler.fill.select import select_briefing
    from compiler.ingest import iter_input_files

    docs = parse_files(iter_input_files([SAMPLES]), knowledge).documents
    return select_briefing(docs, knowledge.schemas, knowledge.gazetteer, Config(), None, "all")


def _fake_format(monkeypatch, renderer) -> None:
    fmt = SimpleNamespace(renderer=lambda: renderer, label="测试")
    monkeypatch.setattr(render_stage, "output_format", lambda name: fmt)


def test_a_report_with_user_templates_is_made_in_a_limited_child(briefing, tmp_path, monkeypatch):
    parent = os.getpid()

    def hog(b, out_path, options):
        if os.getpid() == parent:
            Path(out_path).write_bytes(b"made in the parent")
            return
        Path(out_path).write_bytes(b"partial")
        _ = b"x" * (4 * 2**30)  # past the child's memory limit

    _fake_format(monkeypatch, hog)
    out = tmp_path / "report.docx"
    out.write_bytes(b"an earlier report")
    with pytest.raises(RenderError, match="使用模板文件夹 .*出于安全考虑.*内存"):
        render(briefing, "docx", out, RenderOptions(template_dirs=(tmp_path,)))
    assert out.read_bytes() == b"an earlier report"  # kept; no partial file beside it
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
    render(briefing, "docx", out, RenderOptions())  # built-in templates: in this process
    assert out.read_bytes() == b"made in the parent"


def test_a_renderer_error_in_the_child_keeps_its_message(briefing, tmp_path, monkeypatch):
    def refuses(b, out_path, options):
        raise RenderError("Word 模板 某.docx 出错：未知变量 x")

    _fake_format(monkeypatch, refuses)
    with pytest.raises(RenderError) as caught:
        render(briefing, "docx", tmp_path / "r.docx", RenderOptions(template_dirs=(tmp_path,)))
    assert caught.value.message == "Word 模板 某.docx 出错：未知变量 x"


def _docx_bytes() -> bytes:
    from docx import Document

    d = Document()
    d.add_paragraph("{{ bulletin_name }}")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _with_member(base: bytes, name: str, payload: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(buf, "w",
                                                                  zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, payload if info.filename == name else src.read(info))
        if name not in src.namelist():
            out.writestr(name, payload)
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["doctype", "bomb", "not-a-zip"])
def test_a_hostile_briefing_docx_is_refused_by_name(kind, briefing, tmp_path):
    folder = tmp_path / "模板"
    folder.mkdir()
    base = _docx_bytes()
    if kind == "doctype":
        with zipfile.ZipFile(io.BytesIO(base)) as z:
            xml = z.read("word/document.xml")
        dtd = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        data = _with_member(base, "word/document.xml", xml.replace(b"?>", b"?>" + dtd, 1))
    elif kind == "bomb":  # 300 MB of zeros in a file of a few hundred KB
        data = _with_member(base, "word/media/image1.png", b"\0" * (300 << 20))
    else:
        data = "这不是 Word 文件".encode()
    (folder / "briefing.docx").write_bytes(data)
    with pytest.raises(RenderError) as caught:
        render(briefing, "docx", tmp_path / "out.docx", RenderOptions(template_dirs=(folder,)))
    assert "briefing.docx" in caught.value.message
    assert {"doctype": "DOCTYPE", "bomb": "压缩炸弹", "not-a-zip": "不是有效的"}[kind] \
        in caught.value.message
    assert not (tmp_path / "out.docx").exists()


def test_cli_build_with_a_dos_snippet_names_it_and_goes_on(tmp_path):
    """Every report (all use the snippet) fails with a Chinese error naming the report and the
    snippet; the run ends with rc 1, no traceback, no report file."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "item_meta.j2").write_text("{{ 'a'|center(10**9) }}", encoding="utf-8")
    page = next(p for p in sorted(SAMPLES.iterdir()) if p.suffix == ".txt")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "compiler", "build", str(page), "--out", str(out),
                        "--level", "省级", "--templates", str(folder), "--no-cache"],
                       capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, r.stderr
    refused = [line for line in r.stderr.splitlines() if "item_meta.j2" in line]
    assert len(refused) == 3 and all("出于安全考虑" in line for line in refused), r.stderr
    assert {Path(line.split("：")[1]).suffix for line in refused} == \
        {".docx", ".xlsx", ".pdf"}, refused
    assert r.returncode == 1
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix != ".json"]


def test_a_font_that_is_no_regular_file_or_far_too_big_is_refused(tmp_path):
    from compiler.render.pdf.fonts import FONT_MAX_BYTES, load_font

    fifo = tmp_path / "管道.ttf"
    os.mkfifo(fifo)
    with pytest.raises(RenderError, match="管道.ttf 是命名管道（FIFO），不是普通文件"):
        load_font(fifo)  # reportlab would wait on it for ever
    huge = tmp_path / "huge.ttf"
    with open(huge, "wb") as f:
        f.truncate(FONT_MAX_BYTES + 1)  # sparse: no disk used
    with pytest.raises(RenderError, match="huge.ttf 过大"):
        load_font(huge)
    with pytest.raises(RenderError, match="字体文件不存在"):
        load_font(tmp_path / "无.ttf")
