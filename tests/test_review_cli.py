"""parse, build and fill find the corrections file and apply it; the reports count reviews."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document as DocxDocument

from compiler.model.document import Page
from compiler.parse.pipeline import parse_page
from compiler.review import article_key
from compiler.review.store import Store
from compiler.review.vocab import Vocab

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "review"
FILL_TEMPLATE = ROOT / "report_templates" / "fill" / "产改工作统计表.xlsx"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compiler", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd or ROOT)


@pytest.fixture
def corrected(tmp_path: Path, knowledge) -> Path:
    """Two pages, the first one's lead union and a figure corrected and reviewed."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("dongyang.txt", "deqing.txt"):
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    page = folder / "dongyang.txt"
    doc = parse_page(Page(source=str(page), text=page.read_text(encoding="utf-8")), knowledge)
    a = doc.articles[0]
    store = Store(folder / "corrections.yaml", "王五", Vocab.of(knowledge))
    key = article_key(a)
    store.edit(key, a, doc.source, "lead_union", {"name": "义乌市总工会", "level": "county",
                                                  "province": "浙江省", "city": "金华市",
                                                  "county": "义乌市"})
    store.edit(key, a, doc.source, "figure", {"metric": "talents", "role": "count"},
               figure=f"{a.figures[1].span[0]}-{a.figures[1].span[1]}")
    store.edit(key, a, doc.source, "status", "reviewed")
    return folder


def _xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(" ".join(str(c) for c in row if c is not None)
                     for ws in wb for row in ws.iter_rows(values_only=True))


def _docx_text(path: Path) -> str:
    d = DocxDocument(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_parse_marks_corrections(corrected, tmp_path):
    out = tmp_path / "p.json"
    r = run("parse", corrected, "--out", out, "--no-cache", "-j", "1")
    assert r.returncode == 0, r.stderr
    assert "已核对 1/2 篇" in r.stderr
    docs = json.loads(out.read_text(encoding="utf-8"))["documents"]
    a = next(a for d in docs for a in d["articles"] if "技能比武" in a["title"])
    assert a["corrected"] is True and a["reviewed"] is True
    assert a["unions"][0] == {**a["unions"][0], "name": "义乌市总工会", "county": "义乌市",
                              "corrected": True}
    assert a["figures"][1]["metric"] == "talents" and a["figures"][1]["role"] == "count"
    other = next(a for d in docs for a in d["articles"] if "书屋" in a["title"])
    assert "corrected" not in other and "reviewed" not in other


def test_build_twice_keeps_corrections(corrected, tmp_path):
    out = tmp_path / "reports"
    for _ in range(2):  # the second build comes from the caches: still corrected
        r = run("build", corrected, "--out", out, "--period", "all", "--format", "docx,xlsx",
                "--cache-dir", tmp_path / "cache", "-j", "1")
        assert r.returncode == 0, r.stderr
        assert "已核对 1/2 篇" in r.stderr
        county = out / "undated" / "县级"  # the fixture pages carry no date: the 日期不详 issue
        assert not list(county.glob("*东阳市*"))
        xlsx = _xlsx_text(next(county.glob("金华市义乌市总工会_*.xlsx")))
        assert "义乌市总工会" in xlsx and "人才数 86" in xlsx
        assert "义乌市总工会" in _docx_text(next(county.glob("金华市义乌市总工会_*.docx")))
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        assert index["review"] == {"articles": 2, "reviewed": 1, "dropped": 0}
        yiwu = [f for f in index["files"] if "义乌" in f["path"]]
        assert yiwu and all(f["reviewed"] == 1 for f in yiwu)


def test_fill_applies_corrections(corrected, tmp_path):
    out = tmp_path / "filled.xlsx"
    r = run("fill", FILL_TEMPLATE, corrected, "--out", out, "--unit", "金华市总工会", "--no-cache",
            "-j", "1")
    assert r.returncode == 0, r.stderr
    assert "已核对 1/2 篇" in r.stderr
    assert "义乌市总工会" in _xlsx_text(out)


def test_corrections_option_and_stale_entries(corrected, tmp_path):
    moved = tmp_path / "elsewhere.yaml"
    (corrected / "corrections.yaml").rename(moved)
    r = run("parse", corrected, "--out", tmp_path / "p.json", "--no-cache", "--corrections", moved)
    assert r.returncode == 0 and "已核对 1/2 篇" in r.stderr
    r = run("parse", corrected, "--out", tmp_path / "p.json", "--corrections", tmp_path / "none.yaml")
    assert r.returncode == 2 and "none.yaml" in r.stderr and "Traceback" not in r.stderr
    page = corrected / "dongyang.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("86名", "96名"), encoding="utf-8")
    r = run("parse", corrected, "--out", tmp_path / "p.json", "--no-cache", "--corrections", moved)
    assert r.returncode == 0
    assert "警告：elsewhere.yaml：dongyang.txt" in r.stderr and "已改动" in r.stderr
    docs = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["documents"]
    assert all("corrected" not in a for d in docs for a in d["articles"])


def test_review_command_errors(corrected):
    import socket

    r = run("review", corrected, "--no-browser", "--no-cache", "--unit", "无此单位总工会",
            "--port", "18765")
    assert r.returncode == 2 and "无此单位总工会" in r.stderr and "Traceback" not in r.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = run("review", corrected, "--no-browser", "--port", port)
        assert r.returncode == 2 and f"端口 {port} 已被占用" in r.stderr
