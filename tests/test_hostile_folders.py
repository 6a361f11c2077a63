"""A hostile input folder: FIFOs, device links, symlink loops, deep trees, unreadable folders."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.guard.files import FileProblem, read_regular
from compiler.guard.walk import MAX_DEPTH
from compiler.ingest import iter_input_files

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("工会简讯\n\n本市工会举办职工技能比赛\n\n"
        "本报讯 日前，某市总工会举办职工技能比赛，共有120名职工参加。\n")


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "compiler", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout)


def _page(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def deep_trees():
    """Removes the deep trees made, bottom-up and without recursion: pytest's own cleanup
    (shutil.rmtree) and os.walk recurse, and would fail on them in any later session."""
    made: list[Path] = []
    yield made
    for top in made:
        stack, order = [str(top)], []
        while stack:
            folder = stack.pop()
            order.append(folder)
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    else:
                        os.unlink(entry.path)
        for folder in reversed(order):
            os.rmdir(folder)


def _hostile(root: Path, deep_trees: list[Path]) -> None:
    _page(root / "good.txt")
    os.mkfifo(root / "pipe.txt")
    os.symlink("/dev/zero", root / "zero.txt")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(root / "sock.txt"))
    listening.close()  # the socket file stays
    os.symlink(".", root / "loop")  # a folder that contains itself
    os.symlink("self.txt", root / "self.txt")  # a link to itself
    os.symlink("nowhere.txt", root / "gone.txt")
    os.symlink("good.txt", root / "link.txt")  # followed: the same file, read once
    os.symlink("link.txt", root / "chain.txt")  # a link to a link: not followed
    deep = root / "deep"
    deep.mkdir()
    deep_trees.append(deep)
    for _ in range(1100):  # os.makedirs would recurse as deep
        deep = deep / "d"
        deep.mkdir()
    _page(deep / "lost.txt")


def test_read_regular_refuses_fifo_device_and_oversize(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(FileProblem, match="命名管道"):
        read_regular(tmp_path / "fifo", 100)
    os.symlink("/dev/zero", tmp_path / "zero")
    with pytest.raises(FileProblem, match="设备"):
        read_regular(tmp_path / "zero", 100)
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(FileProblem, match="过大"):
        read_regular(tmp_path / "big", 100)
    assert read_regular(tmp_path / "big", 101) == b"x" * 101


def test_walk_skips_special_files_and_loops_without_recursion(tmp_path, deep_trees):
    _hostile(tmp_path, deep_trees)
    warnings: list[str] = []
    files = iter_input_files([tmp_path], warnings)
    assert [f.name for f in files] == ["good.txt"]
    text = "\n".join(warnings)
    assert "pipe.txt：不是普通文件（命名管道（FIFO））" in text
    assert "zero.txt：不是普通文件（设备文件）" in text
    assert "sock.txt：不是普通文件（套接字）" in text
    assert "self.txt：符号链接指向另一个符号链接" in text
    assert "gone.txt：符号链接无法解析" in text
    assert "chain.txt：符号链接指向另一个符号链接" in text
    assert f"超过 {MAX_DEPTH} 层" in text


def test_a_symlinked_folder_is_followed_once(tmp_path):
    inputs, elsewhere = tmp_path / "inputs", tmp_path / "elsewhere"
    _page(inputs / "a.txt")
    _page(elsewhere / "b.txt")
    os.symlink(elsewhere, inputs / "link")
    os.symlink(inputs, elsewhere / "back")  # through the link, a link back: not followed
    warnings: list[str] = []
    files = iter_input_files([inputs], warnings)
    assert sorted(f.name for f in files) == ["a.txt", "b.txt"]
    assert any("back" in w for w in warnings)


def test_an_unreadable_folder_is_named(tmp_path, monkeypatch):
    _page(tmp_path / "a.txt")
    locked = tmp_path / "locked"
    _page(locked / "b.txt")
    real_scandir = os.scandir

    def scandir(path):  # as a user without the right sees it (tests may run as root)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    warnings: list[str] = []
    assert [f.name for f in iter_input_files([tmp_path], warnings)] == ["a.txt"]
    assert any("locked：没有读取权限" in w for w in warnings)


def test_parse_of_a_hostile_folder_reads_the_good_page_and_ends(tmp_path, deep_trees):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _hostile(inputs, deep_trees)
    os.mkfifo(inputs / "manifest.yaml")  # never opened: a FIFO blocks the reader
    out = tmp_path / "p.json"
    r = run("parse", str(inputs), "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "-j", "2",
            timeout=120)
    assert "内部错误" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    docs = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert [d["source"].rsplit("/", 1)[-1] for d in docs] == ["good.txt"]
    assert "警告：" in r.stderr and "pipe.txt" in r.stderr and "zero.txt" in r.stderr


def test_a_fifo_named_on_the_command_line_is_an_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    _page(tmp_path / "good.txt")
    out = tmp_path / "p.json"
    r = run("parse", str(tmp_path / "pipe.txt"), str(tmp_path / "good.txt"), "-o", str(out),
            "--cache-dir", str(tmp_path / "cache"), timeout=60)
    assert r.returncode == 1
    assert "pipe.txt：不是普通文件" in r.stderr and "内部错误" not in r.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["documents"]) == 1


def test_a_file_over_the_limit_is_refused_by_the_cache_key_too(tmp_path, monkeypatch):
    from compiler.batch import parse_cache as cache
    from compiler.guard import limits

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    monkeypatch.setattr(limits, "_BY_SUFFIX", {".txt": 1024})
    key_cache = cache.ParseCache(tmp_path / "c", "fp")
    assert key_cache.key(big, "-") is None
    assert key_cache.key(_page(tmp_path / "ok.txt"), "-") is not None
