"""Damaged cache entries are found by their checksum, discarded, rebuilt and reported once."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = sorted((ROOT / "samples").glob("*.txt"))[0]


def run(*args):
    return subprocess.run([sys.executable, "-m", "compiler", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _entries(cache: Path, pattern: str) -> list[Path]:
    return sorted(p for p in cache.rglob(pattern) if p.is_file())


def test_damaged_parse_and_report_cache_entries_give_the_same_outputs(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / SAMPLE.name)
    cache = tmp_path / "cache"
    common = ["--level", "province", "--format", "docx,xlsx", "-j", "1", "--period", "all"]
    fresh = run("build", str(inputs), "-o", str(tmp_path / "fresh"), "--no-cache", *common)
    assert fresh.returncode == 0, fresh.stderr
    first = run("build", str(inputs), "-o", str(tmp_path / "first"), "--cache-dir", str(cache),
                *common)
    assert first.returncode == 0, first.stderr

    # one changed byte in the parse entry (in the JSON text), a truncated report, and a report
    # entry replaced by a FIFO
    (parse_entry,) = _entries(cache, "*.json")
    data = bytearray(parse_entry.read_bytes())
    at = data.index(b'"title"') + 12
    data[at] = ord("#") if data[at] != ord("#") else ord("$")
    parse_entry.write_bytes(bytes(data))
    docx_entry, xlsx_entry = _entries(cache / "reports", "*.docx") + _entries(cache / "reports",
                                                                              "*.xlsx")
    docx_entry.write_bytes(docx_entry.read_bytes()[:1000])
    xlsx_entry.unlink()
    os.mkfifo(xlsx_entry)

    second = run("build", str(inputs), "-o", str(tmp_path / "second"), "--cache-dir", str(cache),
                 *common)
    assert second.returncode == 0, second.stderr
    assert "内部错误" not in second.stderr
    assert second.stderr.count("解析缓存中的条目已损坏") == 1
    assert second.stderr.count("报告缓存中的条目已损坏") == 2
    assert _files(tmp_path / "second") == _files(tmp_path / "fresh")

    third = run("build", str(inputs), "-o", str(tmp_path / "third"), "--cache-dir", str(cache),
                *common)
    assert third.returncode == 0 and "已损坏" not in third.stderr  # rebuilt: reported once
    assert "取自缓存" in third.stderr
    assert _files(tmp_path / "third") == _files(tmp_path / "fresh")


def test_damaged_parse_entry_gives_the_same_parse_json(tmp_path):
    cache = tmp_path / "cache"
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("parse", str(SAMPLE), "-o", str(a), "--cache-dir", str(cache)).returncode == 0
    (entry,) = _entries(cache, "*.json")
    entry.write_bytes(entry.read_bytes()[:-200])  # cut short
    r = run("parse", str(SAMPLE), "-o", str(b), "--cache-dir", str(cache))
    assert r.returncode == 0 and "解析缓存中的条目已损坏" in r.stderr
    assert a.read_bytes() == b.read_bytes()


def test_entry_with_a_valid_checksum_but_an_invalid_document_is_parsed_again(tmp_path):
    import hashlib

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / SAMPLE.name)
    cache = tmp_path / "cache"
    common = ["--level", "province", "--format", "docx", "-j", "1", "--period", "all"]
    assert run("build", str(inputs), "-o", str(tmp_path / "a"), "--cache-dir", str(cache),
               *common).returncode == 0
    (entry,) = _entries(cache, "*.json")
    rest = entry.read_bytes().split(b"\n", 1)[1].replace(b'"kind": "', b'"kind": "x', 1)
    header, text = rest.split(b"\n", 1)
    import json

    meta = json.loads(header)
    meta["length"] = len(text.decode())
    rest = json.dumps(meta, ensure_ascii=False).encode() + b"\n" + text
    entry.write_bytes(hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest)
    r = run("build", str(inputs), "-o", str(tmp_path / "b"), "--cache-dir", str(cache), *common)
    assert r.returncode == 0 and "内部错误" not in r.stderr, r.stderr
    assert "解析缓存中的条目已损坏" in r.stderr
    assert _files(tmp_path / "b") == _files(tmp_path / "a")
