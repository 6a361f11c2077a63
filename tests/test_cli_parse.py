"""`unionbrief parse`, `schema` and `check-schemas` end to end, as a user runs them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compiler", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT)


def test_parse_samples_writes_the_contract(tmp_path):
    out = tmp_path / "parsed.json"
    r = run("parse", "samples", "--out", str(out), "--no-cache", "-j", "1")
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert len(data["documents"]) == 5
    a = data["documents"][0]["articles"][0]
    for key in ("id", "kind", "kicker", "title", "subtitle", "column", "byline", "text", "span",
                "unions", "categories", "figures"):
        assert key in a
    assert a["unions"][0]["role"] == "lead"
    assert "完成：读取文件 5 个" in r.stderr
    periods = {d["source"].rsplit("/", 1)[-1][:3]: d["issue_period"] for d in data["documents"]}
    assert periods["004"] == "2023-06"


def test_parse_with_jobs_and_cache_gives_the_same_result(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    cache = tmp_path / "cache"
    assert run("parse", "samples", "-o", str(a), "-j", "2", "--cache-dir", str(cache)).returncode == 0
    r = run("parse", "samples", "-o", str(b), "-j", "1", "--cache-dir", str(cache))
    assert r.returncode == 0 and "其中 5 个取自缓存" in r.stderr
    assert a.read_bytes() == b.read_bytes()


def test_a_bad_file_is_named_and_the_rest_is_parsed(tmp_path):
    (tmp_path / "good.txt").write_text((ROOT / "samples/000_3e315015b28abd6d.txt").read_text())
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "p.json"
    r = run("parse", str(tmp_path), "-o", str(out), "--no-cache")
    assert r.returncode == 1
    assert "empty.txt" in r.stderr and "Traceback" not in r.stderr
    assert len(json.loads(out.read_text())["documents"]) == 1


def test_schema_command_prints_json_schema():
    r = run("schema")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert "documents" in schema["properties"]


def test_check_schemas_reports_every_error_with_file_and_key(tmp_path):
    for f in (ROOT / "schemas").glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    cats = tmp_path / "categories.yaml"
    cats.write_text(cats.read_text(encoding="utf-8").replace("headline_weight: 4.0", "headline_weight: x")
                    + "\nunexpected: 1\n", encoding="utf-8")
    fig = tmp_path / "figures.yaml"
    fig.write_text(fig.read_text(encoding="utf-8").replace("target_window: 40", "target_window: []"),
                   encoding="utf-8")
    r = run("check-schemas", "--schemas", str(tmp_path))
    assert r.returncode == 2
    assert "categories.yaml headline_weight" in r.stderr
    assert "categories.yaml unexpected" in r.stderr
    assert "figures.yaml target_window" in r.stderr
    assert run("check-schemas").returncode == 0


def test_usage_errors_exit_2_in_chinese():
    r = run("parse")
    assert r.returncode == 2 and "参数错误" in r.stderr
    r = run("build", "samples", "-o", "/tmp/x", "--period", "June")
    assert r.returncode == 2 and "统计周期" in r.stderr
