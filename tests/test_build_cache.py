"""Re-running a build reuses unchanged reports from the cache, byte for byte."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(out: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler", "build",
                           "samples/001_248dde7bb1a3b016.txt", "--out", str(out), "--period", "all",
                           "--cache-dir", str(cache), "-q", *extra],
                          capture_output=True, text=True, cwd=ROOT)


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_rebuild_reuses_reports_and_templates_invalidate(tmp_path):
    cache = tmp_path / "cache"
    assert build(tmp_path / "a", cache).returncode == 0
    cached = list((cache / "reports").rglob("*.*"))
    assert len(cached) == len([p for p in (tmp_path / "a").rglob("*") if p.suffix in
                               (".docx", ".xlsx", ".pdf")])
    assert build(tmp_path / "b", cache).returncode == 0
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    # a user template changes the reports: they are drawn again, not taken from the cache
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "overview.j2").write_text('{% extends "builtin/overview.j2" %}', encoding="utf-8")
    (user / "item_source.j2").write_text("{% block text %}出处：{{ source }}{% endblock %}",
                                         encoding="utf-8")
    r = build(tmp_path / "c", cache, "--templates", str(user))
    assert r.returncode == 0, r.stderr
    assert len(list((cache / "reports").rglob("*.*"))) > len(cached)
    from docx import Document
    [docx] = (tmp_path / "c").rglob("*浙江省总工会*.docx")
    assert any(p.text.startswith("出处：") for p in Document(str(docx)).paragraphs)
