"""Batch runs over bad and hostile input: good pages reported, bad files named, outputs intact."""
from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from compiler.batch import parse_run as runner
from compiler.batch.parse_cache import Parsed
from compiler.guard import limits
from compiler.ingest import iter_input_files
from compiler.model.document import Page
from compiler.parse.pipeline import parse_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
SECRET = "TOP-SECRET-4711-机密"
SCRIPT = "SCRIPT-MARKER-0815"
MONTH = "2025-06"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

MARKUP_PAGE = """产改新征程

余杭区总工会举办<b>职工</b>技能竞赛 & 表彰大会

本报讯 记者张三报道 近日，杭州市余杭区总工会举办职工职业技能竞赛，50余名一线职工参赛。赛场公告写着 <b>粗体</b>、&amp;、{{ 7*7 }} 和 {% for x in y %}循环{% endfor %} 等字样，均按原文照录。

=SUM(A1)职工之家建设推进会召开

本报讯 记者李四报道 日前，宁波市北仑区总工会召开职工之家建设推进会，共有120名职工参加。

+1 新时代劳模工匠宣讲活动启动

本报讯 记者王五报道 近日，温州市鹿城区总工会启动劳模工匠宣讲活动，开展宣讲30场。

-2 职工疗休养工作会议召开

本报讯 记者赵六报道 近日，嘉兴市南湖区总工会召开职工疗休养工作会议，安排疗休养职工200人次。

@x 户外劳动者服务站点亮

本报讯 记者钱七报道 近日，湖州市吴兴区总工会新建户外劳动者服务站10家，服务快递员、外卖骑手等新就业形态劳动者。
"""
FORMULA_TITLES = ("=SUM(A1)", "+1 ", "-2 ", "@x ")

HTML_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面</title>
<script>var marker = "{SCRIPT}";</script></head><body>
<h2>柯城区总工会开展劳模工匠进企业活动</h2><script>document.write("{SCRIPT}")</script>
<p>本报讯 记者周八报道 近日，衢州市柯城区总工会组织劳模工匠走进企业，开展技术交流20场，服务职工500余人次。</p>
<noscript>{SCRIPT}</noscript></body></html>"""

# Bad inputs (file name -> why): each must be named in an error, in Chinese.
BAD = ("empty.txt", "binary.txt", "huge.txt", "truncated.docx", "bomb.docx", "broken.pdf",
       "textless.pdf")


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "compiler", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd or ROOT, env=env, timeout=600)


# --- building the corpus (binary files are made here, not committed) --------------------------

def _docx_bytes(paragraphs: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, content if info.filename == member else zin.read(info.filename))
    return out.getvalue()


def _declare_huge(data: bytes) -> bytes:
    """A zip bomb's signature: every central-directory entry claims 1 GB once inflated."""
    out = bytearray(data)
    i = out.find(b"PK\x01\x02")
    while i != -1:
        out[i + 24:i + 28] = struct.pack("<I", 1 << 30)
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


def _xxe_docx(secret: Path) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret.as_posix()}">]>'
        f'<w:document xmlns:w="{W}"><w:body>'
        "<w:p><w:r><w:t>莲都区总工会举办职工读书会</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>本报讯 记者吴九报道 近日，丽水市莲都区总工会举办职工读书会&xxe;，"
        "80名职工参加。</w:t></w:r></w:p></w:body></w:document>"
    )
    return _replace_member(_docx_bytes(["占位"]), "word/document.xml", xml.encode())


def _pdf_bytes(draw_text: bool) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if draw_text:
        c.drawString(72, 720, "hello")
    c.rect(72, 500, 200, 100, fill=1)  # a picture only: no text layer
    c.showPage()
    c.save()
    return buf.getvalue()


def _with_controls(text: str) -> str:
    return text.replace("本报讯", "本报讯\x01\x07\x1b[31m\x7f\x0b", 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("robust")
    src = root / "in"
    src.mkdir()
    secret = root / "secret.txt"  # outside the input folder: only the XXE could reach it
    secret.write_text(SECRET, encoding="utf-8")
    texts = [f.read_text(encoding="utf-8") for f in SAMPLES]
    good = {
        f"{MONTH}-02_utf8.txt": texts[0].encode("utf-8"),
        f"{MONTH}-05_markup.txt": MARKUP_PAGE.encode("utf-8"),
        f"{MONTH}-09_gb18030.txt": texts[1].encode("gb18030"),
        f"{MONTH}-12_utf16.txt": texts[2].encode("utf-16"),
        f"{MONTH}-16_controls.txt": _with_controls(texts[3]).encode("utf-8"),
        f"{MONTH}-20_page.html": HTML_PAGE.encode("utf-8"),
        f"{MONTH}-24_xxe.docx": _xxe_docx(secret),
    }
    docx = _docx_bytes(["余杭区总工会举办职工技能竞赛", "本报讯 近日，杭州市余杭区总工会举办竞赛。"])
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 64,
        "truncated.docx": docx[: len(docx) // 2],
        "bomb.docx": _declare_huge(docx),
        "broken.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage\x00\xff",
        "textless.pdf": _pdf_bytes(draw_text=False),
    }
    for name, data in {**good, **bad}.items():
        (src / name).write_bytes(data)
    with open(src / "huge.txt", "wb") as fh:  # sparse: over the limit without writing it
        fh.truncate(limits.TEXT_MAX_BYTES + 1)
    assert sorted([*bad, "huge.txt"]) == sorted(BAD)
    return {"root": root, "src": src, "good": sorted(good), "texts": texts}


@pytest.fixture(scope="module")
def parsed(corpus) -> dict:
    out = corpus["root"] / "parsed.json"
    r = run("parse", corpus["src"], "--out", out, "--no-cache", "-j", "2")
    return {"run": r, "data": json.loads(out.read_text(encoding="utf-8")), "out": out}


@pytest.fixture(scope="module")
def built(corpus) -> dict:
    out = corpus["root"] / "reports"
    r = run("build", corpus["src"], "--out", out, "--period", MONTH, "--level", "all", "--no-cache")
    return {"run": r, "out": out, "index": json.loads((out / "index.json").read_text(encoding="utf-8"))}


def _by_name(data: dict) -> dict[str, dict]:
    return {Path(d["source"]).name: d for d in data["documents"]}


def _titles(text: str, knowledge) -> list[str]:
    return [a.title for a in parse_page(Page(source="x.txt", text=text), knowledge).articles]


def _output_text(path: Path) -> str:
    """Everything a report holds as text: every part of a docx/xlsx, the text layer of a pdf."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


# --- parse --------------------------------------------------------------------------------------

def test_parse_reports_every_bad_file_in_chinese_without_traceback(parsed):
    r = parsed["run"]
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr
    lines = r.stderr.splitlines()
    for name in BAD:
        hits = [line for line in lines if name in line]
        assert hits, f"{name} not named in:\n{r.stderr}"
        assert all(line.startswith("错误：") and re.search(r"[\u4e00-\u9fff]", line) for line in hits)
    assert "失败 7 个" in r.stderr
    assert "huge.txt：文件过大" in r.stderr
    assert re.search(r"bomb\.docx：.*压缩炸弹", r.stderr)
    assert re.search(r"textless\.pdf：.*OCR", r.stderr)


def test_parse_keeps_every_good_page(parsed, corpus, knowledge):
    docs = _by_name(parsed["data"])
    assert sorted(docs) == corpus["good"]
    assert all(d["articles"] for d in docs.values())
    texts = corpus["texts"]
    # other encodings and control characters give the same articles as the clean UTF-8 page
    for name, text in [(f"{MONTH}-02_utf8.txt", texts[0]), (f"{MONTH}-09_gb18030.txt", texts[1]),
                       (f"{MONTH}-12_utf16.txt", texts[2]), (f"{MONTH}-16_controls.txt", texts[3])]:
        assert [a["title"] for a in docs[name]["articles"]] == _titles(text, knowledge), name
        assert docs[name]["issue_date"].startswith(MONTH)
    html = docs[f"{MONTH}-20_page.html"]
    assert any("柯城区总工会" in u["name"] for a in html["articles"] for u in a["unions"])


def test_markup_and_template_syntax_are_kept_as_text(parsed):
    titles = [a["title"] for a in _by_name(parsed["data"])[f"{MONTH}-05_markup.txt"]["articles"]]
    assert titles[0] == "余杭区总工会举办<b>职工</b>技能竞赛 & 表彰大会"
    for start in FORMULA_TITLES:
        assert any(t.startswith(start) for t in titles), (start, titles)
    raw = parsed["out"].read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in raw and "{% for x in y %}" in raw and "&amp;" in raw


def test_secret_and_script_never_reach_the_parse_output(parsed):
    raw = parsed["out"].read_text(encoding="utf-8")
    assert SECRET not in raw and SCRIPT not in raw
    xxe = _by_name(parsed["data"])[f"{MONTH}-24_xxe.docx"]
    assert any("莲都区总工会" in u["name"] for a in xxe["articles"] for u in a["unions"])


def test_control_characters_never_reach_the_terminal(parsed):
    assert "\x1b" not in parsed["run"].stderr and "\x07" not in parsed["run"].stderr
    assert "\x1b" not in parsed["out"].read_text(encoding="utf-8")


# --- build --------------------------------------------------------------------------------------

def test_build_reports_the_good_pages_and_names_the_bad_ones(built, corpus):
    r = built["run"]
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    for name in BAD:
        assert name in r.stderr
    files = built["index"]["files"]
    assert {f["format"] for f in files} == {"docx", "xlsx", "pdf"}
    assert {f["level"] for f in files} == {"province", "city", "county"}
    assert built["index"]["failures"] == []
    assert all(f["articles"] > 0 for f in files if f["level"] == "province")
    for f in files:  # every report listed is there and whole
        path = built["out"] / f["path"]
        assert path.resolve().is_relative_to(built["out"].resolve())
        if f["format"] == "pdf":
            assert path.read_bytes().startswith(b"%PDF") and b"%%EOF" in path.read_bytes()[-1024:]
        else:
            with zipfile.ZipFile(path) as z:
                assert z.testzip() is None
    assert not [p for p in built["out"].rglob("*") if p.name.endswith(".tmp")]


def _province(built, fmt: str) -> Path:
    (entry,) = [f for f in built["index"]["files"] if f["level"] == "province" and f["format"] == fmt]
    return built["out"] / entry["path"]


def test_secret_and_script_never_reach_any_report(built):
    for f in built["index"]["files"]:
        text = _output_text(built["out"] / f["path"])
        assert SECRET not in text and SCRIPT not in text, f["path"]


def test_xlsx_cells_with_formula_like_text_are_strings(built):
    from openpyxl import load_workbook

    wb = load_workbook(_province(built, "xlsx"))
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TITLES):
                    found.append(cell)
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                if cell.data_type == "f":  # the renderer's own totals only, never article text
                    assert "A1)" not in cell.value and "职工" not in cell.value
    assert {c.value[:4] for c in found} >= {"=SUM", "+1 新", "-2 职", "@x 户"}


def test_docx_and_pdf_keep_markup_and_template_text_literally(built):
    for text in (_docx_text(_province(built, "docx")), _output_text(_province(built, "pdf"))):
        squashed = re.sub(r"\s+", "", text)
        assert "<b>职工</b>" in squashed
        assert "{{7*7}}" in squashed and "、49和" not in squashed  # kept, never evaluated
        assert "=SUM(A1)" in squashed and "@x" in squashed


# --- failed runs and usage errors ---------------------------------------------------------------

def test_a_failed_run_leaves_earlier_outputs_intact(corpus, tmp_path):
    out = tmp_path / "reports"
    good = tmp_path / "good"
    good.mkdir()
    (good / f"{MONTH}-05_markup.txt").write_text(MARKUP_PAGE, encoding="utf-8")
    assert run("build", good, "--out", out, "--period", MONTH, "--no-cache").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert out / "index.json" in before

    r = run("build", good, "--out", out, "--period", MONTH, "--format", "docx,odt")
    assert r.returncode == 2 and "不支持的格式" in r.stderr
    # a template that cannot be read and a font that is not a font: those reports fail
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.docx").write_bytes(b"PK\x03\x04 not a template")
    bad_font = tmp_path / "font.ttf"
    bad_font.write_bytes(b"\x00\x01\x00\x00 not a font")
    r = run("build", good, "--out", out, "--period", MONTH, "--no-cache", "-t", templates,
            "--font", bad_font)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "错误：" in r.stderr
    for path, data in before.items():
        if path.suffix in (".docx", ".pdf"):
            assert path.read_bytes() == data, f"{path} changed by a failed render"
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["failures"] and {f["format"] for f in index["files"]} == {"xlsx"}


@pytest.mark.parametrize("args, message", [
    (["parse", "samples", "--out", "{tmp}/p.json", "--bogus"], "参数错误"),
    (["build", "samples", "--out", "{tmp}/r", "--period", "June"], "统计周期"),
    (["build", "samples", "--out", "{tmp}/r", "--period", "2025-13"], "统计周期"),
    (["build", "samples", "--out", "{tmp}/r", "--format", "html"], "不支持的格式"),
    (["build", "samples", "--out", "{tmp}/r", "--level", "town"], "参数错误"),
    (["parse", "samples", "--out", "{tmp}/p.json", "--config", "{tmp}/missing.toml"], "错误"),
    (["parse", "{tmp}/nowhere", "--out", "{tmp}/p.json"], "找不到"),
    (["parse", "samples"], "参数错误"),
])
def test_usage_errors_exit_2_in_chinese(tmp_path, args, message):
    r = run(*[a.format(tmp=tmp_path) for a in args])
    assert r.returncode == 2, r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "p.json").exists() and not (tmp_path / "r").exists()


def test_an_unusable_out_folder_is_one_clear_error(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = run("build", "samples", "--out", tmp_path / "file" / "reports", "--no-cache")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("错误：") == 1 and "无法创建报告目录" in r.stderr
    r = run("parse", "samples", "--out", tmp_path / "file" / "p.json", "--no-cache")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "无法读写文件" in r.stderr


def test_file_names_are_shown_as_they_are_and_never_obeyed(tmp_path):
    for name in ["a:thumbs_up:b.txt", "[bold]x[.txt", "evil\x1b[2J\x07.txt"]:
        (tmp_path / name).write_bytes(b"")
    r = run("parse", tmp_path, "--out", tmp_path / "p.json", "--no-cache")
    assert r.returncode == 1
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    for shown in ["a:thumbs_up:b.txt：文件为空", "[bold]x[.txt：文件为空", "evil\\x1b[2J\\x07.txt：文件为空"]:
        assert shown in r.stderr, r.stderr


def test_output_names_cannot_escape_the_out_folder(tmp_path):
    from compiler.model.briefing import Briefing
    from compiler.batch.build_run import report_path

    data = json.loads((ROOT / "tests/fixtures/briefing_sample.json").read_text(encoding="utf-8"))
    b = Briefing.model_validate(data)
    out = tmp_path / "out"
    for name in ["../../逃逸", "a/../../b", "..", "/etc/passwd", "C:\\x", "名\x00字\n", "." * 300]:
        for level in ("province", "city", "county"):
            unit = b.unit.model_copy(update={"name": name, "city": name, "level": level})
            path = report_path(out, b.model_copy(update={"unit": unit}), "pdf")
            assert path.resolve().parent.parent.parent == out.resolve(), path
            assert "/" not in path.name and "\x00" not in path.name and "\n" not in path.name
            assert len(path.name.encode()) <= 255


# --- speed: the cache, parallel workers, a worker that dies --------------------------------------

def test_second_parse_is_served_from_the_cache(tmp_path, knowledge, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for i, f in enumerate(SAMPLES):
        (src / f"{MONTH}-0{i + 1}_{f.name}").write_bytes(f.read_bytes())
    files = iter_input_files([src])
    cache = tmp_path / "cache"
    first = runner.parse_files(files, knowledge, cache_dir=cache)
    assert first.cached == 0 and len(first.parsed) == len(files)

    def forbidden(*_):
        raise AssertionError("parsed again although cached")

    monkeypatch.setattr(runner, "parse_page", forbidden)
    second = runner.parse_files(files, lambda: pytest.fail("knowledge loaded"), cache_dir=cache)
    assert second.cached == len(files)
    assert [p.json for p in second.parsed] == [p.json for p in first.parsed]
    monkeypatch.undo()

    files[2].write_text(files[2].read_text(encoding="utf-8") + "\n补记一段。\n", encoding="utf-8")
    third = runner.parse_files(files, knowledge, cache_dir=cache)
    assert third.cached == len(files) - 1
    assert [d.source for d in third.documents] == [f.as_posix() for f in files]


def test_work_meanwhile_runs_while_workers_parse_and_cannot_break_the_batch(knowledge):
    import threading

    ran = []

    def meanwhile():
        ran.append(threading.current_thread() is not threading.main_thread())
        raise ImportError("a failure here shows itself later, where the work is done for real")

    result = runner.parse_files(list(SAMPLES), knowledge, jobs=2, meanwhile=meanwhile)
    assert ran == [True] and len(result.parsed) == len(SAMPLES)
    alone = runner.parse_files(list(SAMPLES)[:1], knowledge, jobs=1, meanwhile=meanwhile)
    assert ran == [True] and len(alone.parsed) == 1  # no workers to wait for: not run


def test_cli_says_how_many_files_came_from_the_cache(tmp_path):
    out, cache = tmp_path / "p.json", tmp_path / "cache"
    assert run("parse", "samples", "-o", out, "--cache-dir", cache).returncode == 0
    first = out.read_bytes()
    r = run("parse", "samples", "-o", out, "--cache-dir", cache)
    assert "（其中 5 个取自缓存）" in r.stderr and out.read_bytes() == first


def test_damaged_cache_entries_are_parsed_again(tmp_path, knowledge):
    files = [SAMPLES[0]]
    cache = tmp_path / "cache"
    good = runner.parse_files(files, knowledge, cache_dir=cache)
    (entry,) = list(cache.rglob("*.json"))
    entry.write_bytes(entry.read_bytes()[:-100])  # cut short
    again = runner.parse_files(files, knowledge, cache_dir=cache)
    assert again.cached == 0 and again.parsed[0].json == good.parsed[0].json


def _die_on_crash_file(path, issue_date, *rest):
    if path.name.startswith("crash"):
        os._exit(9)  # what the kernel's OOM killer or a crash in a C library looks like
    return _real_parse_one(path, issue_date, *rest)


_real_parse_one = runner._parse_one


def test_a_worker_that_dies_takes_only_its_own_file(tmp_path, knowledge, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for i, f in enumerate(SAMPLES):
        (src / f"p{i}.txt").write_bytes(f.read_bytes())
    (src / "crash.txt").write_text("本报讯 近日", encoding="utf-8")
    monkeypatch.setattr(runner, "_parse_one", _die_on_crash_file)  # forked workers inherit it
    result = runner.parse_files(iter_input_files([src]), knowledge, jobs=2)
    assert len(result.parsed) == len(SAMPLES)
    ((name, message),) = result.failures
    assert name.endswith("crash.txt") and "进程意外退出" in message


def test_parsed_json_round_trips_to_the_document(knowledge):
    doc = parse_page(Page(source="a.txt", text=SAMPLES[0].read_text(encoding="utf-8")), knowledge)
    p = Parsed.of(doc)
    assert p.document == doc and p.articles == len(doc.articles)
    import pickle

    q = pickle.loads(pickle.dumps(p))
    assert q.json == p.json and q.document == doc


# --- what the user sees -------------------------------------------------------------------------

def test_plain_output_when_not_a_terminal(parsed):
    err = parsed["run"].stderr
    assert "\x1b[" not in err and "━" not in err and "\r" not in err
    assert re.search(r"^完成：读取文件 14 个，稿件 \d+ 篇，写出文件 1 个，警告 \d+ 条，失败 7 个。$", err, re.M)


def test_quiet_prints_only_errors(corpus, tmp_path):
    r = run("parse", corpus["src"], "--out", tmp_path / "p.json", "--no-cache", "-q")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines and all(line.startswith(("错误：", "完成：")) for line in lines), r.stderr
    assert sum(line.startswith("错误：") for line in lines) == len(BAD)
    r = run("parse", "samples", "--out", tmp_path / "q.json", "--no-cache", "-q")
    assert r.returncode == 0 and r.stderr == ""


from compiler.batch import build_run as _build  # noqa: E402

_real_render_one = _build._render_one


def _die_on_pdf(args):
    if args[1] == "pdf":
        os._exit(9)
    return _real_render_one(args)


def test_a_render_worker_that_dies_fails_its_reports_only(tmp_path, knowledge, monkeypatch):
    from compiler.batch import build_run as build
    from compiler.knowledge.config import Config
    from compiler.batch.console import Console
    from compiler.aggregate.periods import PeriodSpec

    docs = [parse_page(Page(source="p.txt", text=MARKUP_PAGE, issue_date="2025-06-05"), knowledge)]
    monkeypatch.setattr(build, "_render_one", _die_on_pdf)  # forked workers inherit it
    report = build.build_reports(docs, knowledge, Config(), PeriodSpec.parse(MONTH),
                                 {"province", "city"}, ["docx", "pdf"], tmp_path, (), None, 2,
                                 Console(quiet=True))
    assert report.files and {f["format"] for f in report.files} == {"docx"}
    assert report.failures and all("进程意外退出" in e for _, e in report.failures)
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_file_that_parses_too_slowly_is_skipped_with_a_message(tmp_path, knowledge,
                                                                  monkeypatch):
    import time

    (tmp_path / "slow.txt").write_text("本报讯 近日", encoding="utf-8")
    (tmp_path / "good.txt").write_bytes(SAMPLES[0].read_bytes())
    real = runner.parse_page

    def slow_on_slow_txt(page, k):
        if page.source.endswith("slow.txt"):
            time.sleep(5)
        return real(page, k)

    monkeypatch.setattr(runner, "parse_page", slow_on_slow_txt)
    monkeypatch.setattr(runner, "PARSE_TIMEOUT_S", 0.2)
    t = time.perf_counter()
    result = runner.parse_files(iter_input_files([tmp_path]), knowledge)
    assert time.perf_counter() - t < 4
    assert [Path(p.document.source).name for p in result.parsed] == ["good.txt"]
    ((name, message),) = result.failures
    assert name.endswith("slow.txt") and "解析超时" in message
