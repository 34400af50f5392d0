"""Where `photo fit` reads and writes: only regular files, never through a link, never onto a source.

Every write goes through `fsio.write_atomic` (replacing only with --force, otherwise failing if the
name appeared meanwhile, e.g. from another run) after `ensure_folder` has checked the way there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from wenming_cli.fsio import CHUNK, open_regular, write_atomic
from wenming_cli.models.common import Frozen


class UnsafePath(OSError):
    """A read or write that would leave its folder, follow a link or touch a source; nothing was done."""


class AlreadyThere(FileExistsError):
    """The target name exists (perhaps written by another run meanwhile) and --force was not given."""


class WriteGuard(Frozen):
    """What every write of one run must respect, handed to worker processes with the work."""

    root: Path  # the real path of OUT (or of the source folder being replaced in place)
    sources: frozenset[tuple[int, int]] = frozenset()  # (device, inode) of every source folder
    force: bool = False


def identity(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def folder_identities(folders: Iterable[Path]) -> frozenset[tuple[int, int]]:
    found = set()
    for folder in folders:
        try:
            found.add(identity(folder))
        except OSError:
            continue
    return frozenset(found)


def regular_file_problem(path: Path, inside: Path | None = None) -> str | None:
    """Why `path` is not a regular file to read (a FIFO, a device, a link leaving `inside`), else None."""
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            real = Path(os.path.realpath(path))
            if inside is not None and not (real == inside or inside in real.parents):
                return "是指向文件夹之外的符号链接，已跳过"
            st = os.stat(path)
    except OSError as exc:
        return f"无法读取：{exc.strerror or exc}"
    if not stat.S_ISREG(st.st_mode):
        return "不是普通文件（如管道、设备或文件夹），已跳过"
    return None


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def ensure_folder(folder: Path, guard: WriteGuard) -> Path:
    """Create `folder` under the guard's root one level at a time, refusing links and source folders."""
    rel = folder.relative_to(guard.root)
    os.makedirs(guard.root, exist_ok=True)  # the root is a real path: no link on its way
    current = guard.root
    for part in rel.parts:
        current = current / part
        try:
            os.mkdir(current)
        except FileExistsError:
            pass
        st = os.lstat(current)
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePath(f"输出位置中的 {current} 是符号链接：wenming 不跟随链接写入。")
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafePath(f"输出位置中的 {current} 不是文件夹。")
        if (st.st_dev, st.st_ino) in guard.sources:
            raise UnsafePath(f"输出位置中的 {current} 就是原片文件夹：wenming 从不覆盖原片。")
    # What the path really names now must be the path itself: no link anywhere on the way.
    if Path(os.path.realpath(current)) != current:
        raise UnsafePath(f"输出位置 {current} 实际指向 {os.path.realpath(current)}：不写入。")
    return current


def place(target: Path, guard: WriteGuard, data: bytes | None = None, copy_of: Path | None = None) -> None:
    """Write `data` (or a copy of `copy_of`) to `target` atomically, under the guard's rules."""
    if not _within(target.parent, guard.root):
        raise UnsafePath(f"{target} 不在输出文件夹 {guard.root} 之内。")
    ensure_folder(target.parent, guard)
    try:
        if data is not None:
            write_atomic(target, data, replace=guard.force)
            return
        assert copy_of is not None
        with open_regular(copy_of) as source:
            write_atomic(target, lambda out: shutil.copyfileobj(source, out, CHUNK), replace=guard.force)
    except FileExistsError:
        raise AlreadyThere(f"{target} 已存在") from None
