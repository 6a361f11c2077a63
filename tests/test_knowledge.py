"""One Knowledge carries a user's --schemas folder everywhere: rules, gazetteer, e-paper cues."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from compiler.knowledge.load import Knowledge, schema_file
from compiler.knowledge.resources import schemas_dir

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ("categories.yaml", "figures.yaml", "levels.yaml", "segment.yaml")


def _user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my_schemas"
    folder.mkdir()
    for name in REQUIRED:
        shutil.copy(schemas_dir() / name, folder / name)
    return folder


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_missing_files_come_from_the_builtin_folder(tmp_path):
    folder = _user_folder(tmp_path)
    assert schema_file(folder, "gazetteer.yaml") == schemas_dir() / "gazetteer.yaml"
    assert Knowledge.load(folder).folder == folder
    shutil.copy(schemas_dir() / "gazetteer.yaml", folder / "gazetteer.yaml")
    assert schema_file(folder, "gazetteer.yaml") == folder / "gazetteer.yaml"


def test_parse_with_a_broken_gazetteer_in_the_schemas_folder_names_it(tmp_path):
    folder = _user_folder(tmp_path)
    (folder / "gazetteer.yaml").write_text("places: [\n  - {name: 杭州市\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("杭州市总工会举办技能竞赛\n本报讯 记者张三 近日，杭州市总工会举办技能竞赛。\n",
                    encoding="utf-8")
    for command in (["parse", str(page), "--out", str(tmp_path / "p.json")],
                    ["check-schemas"]):
        done = _run(*command, "--schemas", str(folder), cwd=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        assert "gazetteer.yaml" in done.stderr, done.stderr
        assert "内部错误" not in done.stderr
    assert not (tmp_path / "p.json").exists()
