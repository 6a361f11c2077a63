"""Dates outside a sane range are refused; names with control or bidi characters are escaped."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from compiler.errors import ManifestError
from compiler.guard.names import shown, shown_text
from compiler.ingest.manifest import load_manifest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("工会简讯\n\n本市工会举办职工技能比赛\n\n"
        "本报讯 日前，杭州市总工会举办职工技能比赛，共有120名职工参加。\n")


def run(*args):
    return subprocess.run([sys.executable, "-m", "compiler", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("value", ["0999-06-12", "1900-01-01", f"{date.today().year + 2}-01-01"])
def test_issue_date_out_of_range_is_a_usage_error(tmp_path, value):
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    r = run("parse", str(tmp_path), "-o", str(tmp_path / "p.json"), "--no-cache",
            "--issue-date", value)
    assert r.returncode == 2 and "超出合理范围" in r.stderr and "内部错误" not in r.stderr
    assert not (tmp_path / "p.json").exists()


def test_period_out_of_range_is_refused(tmp_path):
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    r = run("build", str(tmp_path), "-o", str(tmp_path / "out"), "--no-cache", "--period", "0999")
    assert r.returncode == 2 and "超出合理范围" in r.stderr


def test_manifest_date_out_of_range_names_file_and_key(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_text("pages:\n  a.txt:\n    issue_date: 0999-06-12\n  b.txt:\n"
                    "    issue_period: '0999'\n", encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    text = str(info.value)
    assert "pages.a.txt.issue_date" in text and "pages.b.txt.issue_period" in text
    assert "超出合理范围" in text


def test_build_with_a_bad_manifest_date_writes_only_sound_workbooks(tmp_path):
    bad, good = tmp_path / "in" / "bad", tmp_path / "in" / "good"
    bad.mkdir(parents=True), good.mkdir()
    (bad / "manifest.yaml").write_text("pages:\n  a.txt:\n    issue_date: 0999-06-12\n",
                                       encoding="utf-8")
    (bad / "a.txt").write_text(PAGE, encoding="utf-8")
    (good / "2025-06-12.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    r = run("build", str(tmp_path / "in"), "-o", str(out), "--no-cache", "--format", "xlsx",
            "--level", "province", "--period", "all")
    assert r.returncode == 1 and "manifest.yaml" in r.stderr and "内部错误" not in r.stderr
    books = list(out.rglob("*.xlsx"))
    assert books
    for book in books:
        load_workbook(book).close()  # openpyxl refused a year-999 core.xml date


def test_shown_escapes_controls_and_bidi():
    assert shown("a\n错误：b\u202ec\x1b[2J") == "a\\x0a错误：b\\u202ec\\x1b[2J"
    assert shown_text("一\n二\u2066") == "一\n二\\u2066"
    assert shown("普通的名字.txt") == "普通的名字.txt"


def test_a_newline_in_a_file_name_forges_no_line(tmp_path):
    (tmp_path / "x\n错误：伪造的一行.txt").write_bytes(b"")
    (tmp_path / "y\u202etxt.exe.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(PAGE, encoding="utf-8")
    r = run("parse", str(tmp_path), "-o", str(tmp_path / "p.json"), "--no-cache")
    assert r.returncode == 1
    assert not any(line.startswith("错误：伪造") for line in r.stderr.splitlines())
    assert "x\\x0a错误：伪造的一行.txt" in r.stderr
    assert "\u202e" not in r.stderr and "y\\u202etxt.exe.txt" in r.stderr


def test_report_shows_escaped_source_names(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "2025-06-12\u202e报道.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    r = run("build", str(inputs), "-o", str(out), "--no-cache", "--format", "xlsx,docx",
            "--level", "province", "--period", "all")
    assert r.returncode == 0, r.stderr
    text = ""
    for report in [*out.rglob("*.xlsx"), *out.rglob("*.docx")]:
        with zipfile.ZipFile(report) as z:
            text += "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                            if n.endswith(".xml"))
    assert "\u202e" not in text and "\\u202e" in text
