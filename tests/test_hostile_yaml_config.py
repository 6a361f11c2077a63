"""Hostile YAML and TOML: alias bombs, huge lines, invalid UTF-8, placeholders that reach inside."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compiler.knowledge.config import load_config
from compiler.errors import ManifestError, UserError
from compiler.guard import yaml_bounds
from compiler.ingest.manifest import load_manifest

ROOT = Path(__file__).resolve().parent.parent
PAGE = "工会简讯\n\n本市工会举办职工技能比赛\n\n本报讯 某市总工会日前举办职工技能比赛。\n"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compiler", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120)


def _bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\npages: *a{levels - 1}\n"


def test_alias_bomb_manifest_is_refused_quickly_with_a_short_message(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_text(_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 1000
    start = time.monotonic()
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert time.monotonic() - start < 2
    assert "别名炸弹" in str(info.value) and len(str(info.value)) < 400


def test_a_few_aliases_are_still_fine():
    assert yaml_bounds.load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def test_recursive_alias_is_refused():
    with pytest.raises(yaml_bounds.YamlBomb):
        yaml_bounds.load("a: &a [1, *a]\n")


def test_errors_quote_only_an_excerpt(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_text("pages:\n  a.txt:\n    issue_period: [" + ", ".join(["x" * 50] * 2000) + "]\n",
                    encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert len(str(info.value)) < 600
    path.write_text("pages: {a: b: " + "c" * 100_000 + "}\n", encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert len(str(info.value)) < 600 and "第 1 行" in str(info.value)


def test_manifest_with_alias_bomb_fails_its_folder_only(tmp_path):
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir(), good.mkdir()
    (bad / "manifest.yaml").write_text(_bomb(), encoding="utf-8")
    (bad / "p.txt").write_text(PAGE, encoding="utf-8")
    (good / "p.txt").write_text(PAGE, encoding="utf-8")
    r = run("parse", str(tmp_path), "-o", str(tmp_path / "p.json"), "--no-cache")
    assert r.returncode == 1 and "内部错误" not in r.stderr
    assert "manifest.yaml" in r.stderr and "别名炸弹" in r.stderr
    assert len(json.loads((tmp_path / "p.json").read_text())["documents"]) == 1


def test_schemas_with_invalid_utf8_or_bomb_is_a_clear_error(tmp_path):
    schemas = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", schemas)
    (schemas / "categories.yaml").write_bytes(b"categories:\n  - id: \xff\xfe\n")
    (schemas / "levels.yaml").write_text(_bomb(), encoding="utf-8")
    r = run("check-schemas", "--schemas", str(schemas))
    assert r.returncode == 2, r.stderr
    assert "内部错误" not in r.stderr
    assert "categories.yaml" in r.stderr and "UTF-8" in r.stderr
    assert "levels.yaml" in r.stderr and "别名炸弹" in r.stderr


def test_gazetteer_bomb_is_a_clear_error(tmp_path):
    from compiler.knowledge.gazetteer import GazetteerError, load_gazetteer

    path = tmp_path / "gazetteer.yaml"
    path.write_text(_bomb().replace("pages:", "provinces:"), encoding="utf-8")
    with pytest.raises(GazetteerError, match="别名炸弹"):
        load_gazetteer(path)


@pytest.mark.parametrize("text", ['issue_no = "{unit.x}"', 'issue_no = "{unit[0]}"',
                                  'editor = "{seq:>1000000000}"', 'bao = ["{nobody}"]',
                                  'bulletin_name = "{unit"'])
def test_config_placeholder_errors_name_file_and_key(tmp_path, text):
    path = tmp_path / "unionbrief.toml"
    path.write_text(f"[defaults]\n{text}\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_config(path)
    assert "unionbrief.toml defaults." in str(info.value)


def test_config_placeholder_error_is_rc2_not_internal(tmp_path):
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "unionbrief.toml").write_text('[units."杭州市总工会"]\nissue_no = "{unit.x}"\n',
                                              encoding="utf-8")
    r = run("build", str(tmp_path / "p.txt"), "-o", str(tmp_path / "out"), "--no-cache",
            "--config", str(tmp_path / "unionbrief.toml"))
    assert r.returncode == 2 and "内部错误" not in r.stderr
    assert "issue_no" in r.stderr and "{unit.x}" in r.stderr


def test_config_valid_placeholders_still_work(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('province_union = "{province}总工会"\n[defaults]\n'
                    'issue_no = "{year}年第{seq:02d}期"\n', encoding="utf-8")
    assert load_config(path).defaults.issue_no == "{year}年第{seq:02d}期"


def test_config_invalid_utf8_and_fifo(tmp_path):
    import os

    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'home_province = "\xff"\n')
    with pytest.raises(UserError, match="UTF-8"):
        load_config(bad)
    os.mkfifo(tmp_path / "fifo.toml")
    with pytest.raises(UserError, match="不是普通文件"):
        load_config(tmp_path / "fifo.toml")
