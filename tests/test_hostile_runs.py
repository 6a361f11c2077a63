"""Runs that are killed or run out of disk: workers die with the parent, leftovers go, errors
name the file."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compiler import atomic
from compiler.guard.leftovers import STALE_AFTER_S, remove_stale

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("工会简讯\n\n本市工会举办职工技能比赛\n\n"
        "本报讯 日前，杭州市总工会举办职工技能比赛，共有120名职工参加。\n")

_POOL_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from compiler.batch.parse_run import forked_pool
pool = forked_pool(2)
futures = [pool.submit(time.sleep, 600) for _ in range(4)]
time.sleep(1)
print(' '.join(str(p) for p in pool._processes), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", _POOL_SCRIPT.format(root=str(ROOT))],
                              stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def test_stale_temp_files_of_ours_are_removed_and_nothing_else(tmp_path):
    level = tmp_path / "2025-06" / "省级"
    level.mkdir(parents=True)
    dead = level / ".浙江省总工会_2025-06_简报.docx.abcd_123.99999999.tmp"  # pid never alive
    running = level / f".x.xlsx.abcdefgh.{os.getppid()}.tmp"  # a live process writing
    old = level / ".y.pdf.k2j4h5g6.tmp"  # an earlier version's, untouched for long
    fresh = level / ".z.pdf.k2j4h5g7.tmp"
    theirs = level / ".notes.tmp"
    for f in (dead, running, old, fresh, theirs):
        f.write_bytes(b"")
    os.utime(old, (time.time() - STALE_AFTER_S - 60,) * 2)
    os.symlink("/etc/hostname", level / ".l.docx.abcdefgh.99999999.tmp")
    removed = remove_stale(tmp_path, depth=3)
    assert sorted(removed) == sorted([dead, old])
    assert running.exists() and fresh.exists() and theirs.exists()
    assert (level / ".l.docx.abcdefgh.99999999.tmp").is_symlink()


def test_build_removes_leftovers_at_start(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "2025-06-12.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    left = out / "2025-06" / "省级" / ".a.docx.abcdefgh.99999999.tmp"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"")
    r = subprocess.run([sys.executable, "-m", "compiler", "build", str(tmp_path / "in"), "-o",
                        str(out), "--no-cache", "--format", "docx", "--level", "province"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert not left.exists() and "临时文件 1 个" in r.stderr
    assert not list(out.rglob("*.tmp"))


def test_parse_removes_a_killed_runs_temp_files_from_the_cache(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "2025-06-12.txt").write_text(PAGE, encoding="utf-8")
    cache = tmp_path / "cache"
    entries = [cache / "ab" / ".abcd.json.k2j4h5g6.99999999.tmp",
               cache / "reports" / "cd" / ".cdef.pdf.k2j4h5g6.99999999.tmp"]
    kept = cache / "ab" / "abcd.json"
    for f in (*entries, kept):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"")
    r = subprocess.run([sys.executable, "-m", "compiler", "parse", str(tmp_path / "in"), "-o",
                        str(tmp_path / "p.json"), "--cache-dir", str(cache), "-q"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert not any(f.exists() for f in entries) and kept.exists()


def test_a_temp_file_error_names_the_output(tmp_path, monkeypatch):
    target = tmp_path / "ro" / "填好的.xlsx"
    target.parent.mkdir()

    def refuse(prefix, suffix, dir):
        raise PermissionError(errno.EACCES, "Permission denied", os.path.join(dir, prefix + "x" + suffix))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError) as info:
        atomic.write_bytes_atomic(target, b"data")
    assert info.value.filename == str(target)


def _cli(args, capsys):
    from compiler.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(args)
    return info.value.code, capsys.readouterr().err


def test_fill_into_a_read_only_folder_names_the_output(tmp_path, monkeypatch, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "{{ unit.name }}"
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "2025-06-12.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "ro" / "out.xlsx"
    out.parent.mkdir()
    real = atomic.tempfile.mkstemp

    def refuse(prefix, suffix, dir):
        if Path(dir) == out.parent:  # what a read-only folder does (tests may run as root)
            raise PermissionError(errno.EACCES, "Permission denied",
                                  os.path.join(dir, prefix + "abcdefgh" + suffix))
        return real(prefix=prefix, suffix=suffix, dir=dir)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    code, err = _cli(["fill", str(tmp_path / "t.xlsx"), str(tmp_path / "2025-06-12.txt"),
                      "-o", str(out), "--no-cache", "-j", "1"], capsys)
    assert code == 2
    assert f"{out}：" in err and ".tmp" not in err and "内部错误" not in err


def test_build_on_a_full_disk_names_each_failing_file_and_exits_1(tmp_path, monkeypatch, capsys):
    from compiler.batch import build_run as build

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "2025-06-12.txt").write_text(PAGE, encoding="utf-8")
    real_render = build.render
    calls = []

    def render(b, fmt, path, options):  # the disk fills up after the first report
        calls.append(path)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_render(b, fmt, path, options)

    monkeypatch.setattr(build, "render", render)
    real_write = build.write_text_atomic

    def write_index(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "write_text_atomic", write_index)
    out = tmp_path / "out"
    code, err = _cli(["build", str(inputs), "-o", str(out), "--no-cache", "-j", "1",
                      "--format", "docx,xlsx", "--level", "province"], capsys)
    assert code == 1, err
    assert len(calls) == 2 and calls[0].exists()
    assert f"{calls[1]}：无法写入（No space left on device）" in err
    assert f"{out / 'index.json'}：无法写入" in err
    assert "内部错误" not in err
    assert real_write  # the real writer stays for the other tests


def test_a_fifo_or_device_target_is_written_in_place_never_replaced(tmp_path):
    import threading

    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic.write_bytes_atomic(fifo, b"{}\n")
    reader.join(10)
    assert got == [b"{}\n"]
    assert stat_is_fifo(fifo)
    assert not list(tmp_path.glob(".*.tmp"))


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(os.lstat(path).st_mode)
