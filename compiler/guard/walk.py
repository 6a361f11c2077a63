"""Walk an input folder safely: no recursion, bounded depth, symlinks followed once, no loops."""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

from compiler.guard.files import kind_of
from compiler.guard.names import shown

# Deeper folders are not what people keep pages in; the bound also keeps every path well under
# the system's length limit and the walk's memory small.
MAX_DEPTH = 40


def identity(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of what `path` points to, None when it cannot be reached."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def walk_files(root: Path, wanted: Callable[[str], bool], hidden: Callable[[str], bool],
               warnings: list[str], seen_dirs: set[tuple[int, int]] | None = None,
               others: list[Path] | None = None) -> list[Path]:
    """The regular files under `root` whose names are `wanted`, unsorted; the other regular
    files go to `others` when given.

    Folders are walked with an explicit stack (a tree 1,000 deep must not exhaust Python's
    recursion limit), down to MAX_DEPTH. A symlink is followed once: not when it points at
    another symlink, a folder reached through one is walked without following the symlinks
    inside it, and a folder already walked (a loop, or two links to one place) is never
    walked again. Whatever is skipped for a reason
    the user may not expect (a FIFO, a device, an unreadable folder) is named in `warnings`.
    """
    seen_dirs = set() if seen_dirs is None else seen_dirs
    root_id = identity(root)
    if root_id is not None:
        seen_dirs.add(root_id)
    found: list[Path] = []
    # (folder, depth, reached through a symlink)
    stack: list[tuple[Path, int, bool]] = [(root, 0, False)]
    deep_warned = False
    while stack:
        folder, depth, linked = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except PermissionError:
            warnings.append(f"{shown(folder)}：没有读取权限，该文件夹已跳过")
            continue
        except OSError as exc:
            warnings.append(f"{shown(folder)}：无法读取该文件夹（{exc.strerror or exc}），已跳过")
            continue
        subfolders: list[tuple[Path, int, bool]] = []
        for entry in entries:
            name = entry.name
            if hidden(name):
                continue
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                if is_link and _chained(entry.path):
                    warnings.append(f"{shown(path)}：符号链接指向另一个符号链接（只跟随一层），已跳过")
                    continue
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                what = "符号链接无法解析（目标不存在或形成循环）" if is_link_safe(entry) else \
                    f"无法读取（{exc.strerror or exc}）"
                warnings.append(f"{shown(path)}：{what}，已跳过")
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    if is_link:
                        warnings.append(f"{shown(path)}：符号链接指向已读取的文件夹（可能形成循环），已跳过")
                    continue
                if is_link and linked:
                    warnings.append(f"{shown(path)}：符号链接只跟随一层，该链接已跳过")
                    continue
                if depth + 1 > MAX_DEPTH:
                    if not deep_warned:
                        warnings.append(f"{shown(path)}：文件夹层级超过 {MAX_DEPTH} 层，更深的内容已跳过")
                        deep_warned = True
                    continue
                seen_dirs.add(key)
                subfolders.append((path, depth + 1, linked or is_link))
                continue
            kind = kind_of(st.st_mode)
            if kind:
                warnings.append(f"{shown(path)}：不是普通文件（{kind}），已跳过")
                continue
            if wanted(name):
                found.append(path)
            elif others is not None:  # the caller names what was not read
                others.append(path)
        stack.extend(reversed(subfolders))
    return found


def _chained(link: str) -> bool:
    """True when the symlink `link` points at another symlink (or at itself)."""
    target = os.path.join(os.path.dirname(link), os.readlink(link))
    return os.path.islink(target)


def is_link_safe(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False
