"""Read only regular files, never more than a limit, without ever blocking on a FIFO or device."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class FileProblem(Exception):
    """Why a file was not read, in Chinese, without its name (the caller adds it)."""

    def __init__(self, reason: str, missing: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


def kind_of(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is, in Chinese; None for those."""
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "特殊文件"


def describe(size: int) -> str:
    """A size for a Chinese message: 20 MB, 512 KB."""
    mb = 1024 * 1024
    if size >= mb:
        return f"{size / mb:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, size // 1024)} KB"


def os_reason(exc: OSError) -> FileProblem:
    if isinstance(exc, FileNotFoundError):
        return FileProblem("找不到文件", missing=True)
    if isinstance(exc, PermissionError):
        return FileProblem("没有读取权限")
    if exc.errno == errno.ELOOP:
        return FileProblem("符号链接形成循环，无法读取")
    if exc.errno == errno.ENAMETOOLONG:
        return FileProblem("路径过长，无法读取")
    return FileProblem(f"无法读取文件（{exc.strerror or exc}）")


def read_regular(path: Path | str, max_bytes: int, *, what: str = "此类文件") -> bytes:
    """The bytes of `path`, which must be a regular file of at most `max_bytes` bytes.

    A FIFO, device or socket is refused before it is opened (opening a FIFO blocks, reading
    /dev/zero never ends), and again after (the name may have been swapped in between); the
    read itself stops one byte past the limit whatever the size the file claims.
    Raises FileProblem.
    """
    try:
        st = os.stat(path)
        _check(st, max_bytes, what)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise os_reason(exc) from None
    try:
        _check(os.fstat(fd), max_bytes, what)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise os_reason(exc) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise FileProblem(f"文件过大（超过{what}上限 {describe(max_bytes)}），请确认是否选错了文件")
    return data


def _check(st: os.stat_result, max_bytes: int, what: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise FileProblem("这是文件夹，不是文件")
    kind = kind_of(st.st_mode)
    if kind:
        raise FileProblem(f"不是普通文件（{kind}），已跳过")
    if st.st_size > max_bytes:
        raise FileProblem(f"文件过大（{describe(st.st_size)}，{what}上限 {describe(max_bytes)}），"
                          "请确认是否选错了文件")


def read_text(path: Path | str, max_bytes: int, *, what: str = "此类文件",
              encoding: str = "utf-8") -> str:
    """read_regular, decoded; a decoding error is a FileProblem that says where."""
    data = read_regular(path, max_bytes, what=what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FileProblem(f"不是 UTF-8 编码的文本（第 {line} 行附近有无法解码的字节）") from None
