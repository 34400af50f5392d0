"""Read a dump (a folder, zips inside it, or a zip) without changing it; skip junk with a reason.

Every file is named by where it lies: `source` (relative to SRC, `/` separators; for a member of a zip,
the zip's path) and `member` (the path inside the zip, else None).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wenming_cli import fsio
from wenming_cli.importer import zipsource

JUNK_NAMES = {"thumbs.db", ".ds_store", "desktop.ini", "ehthumbs.db", ".localized"}
JUNK_FOLDERS = {"__macosx", ".git", ".svn", "$recycle.bin", ".trash"}
# A single member larger than this is not read into memory (far above any photo or scanned notice).
MAX_FILE_BYTES = 200 * 10**6


@dataclass(frozen=True)
class SourceFile:
    source: str  # relative to SRC (or the zip's own name when SRC is a zip)
    member: str | None  # path inside the zip
    size: int
    absolute: Path  # the file, or the zip holding it

    @property
    def parts(self) -> tuple[str, ...]:
        """Folder names from SRC down to the file (zip name included, as a folder)."""
        path = PurePosixPath(self.source)
        if self.member is None:
            return tuple(path.parts[:-1])
        inner = PurePosixPath(self.member).parts[:-1]
        return (*path.parts[:-1], path.stem, *inner)

    @property
    def name(self) -> str:
        return PurePosixPath(self.member or self.source).name

    @property
    def display(self) -> str:
        return f"{self.source} › {self.member}" if self.member else self.source

    def read(self) -> bytes:
        if self.member is None:
            return fsio.read_regular(self.absolute, MAX_FILE_BYTES)
        return zipsource.read_member(self.absolute, self.member)

    def hash_in_chunks(self) -> tuple[str, bytes]:
        """(SHA-256, first 64 bytes) without holding the file in memory."""
        digest, head = hashlib.sha256(), b""
        with ExitStack() as stack:
            if self.member is None:
                stream = stack.enter_context(fsio.open_regular(self.absolute))
            else:
                stream = stack.enter_context(zipsource.open_member(self.absolute, self.member))
            while chunk := stream.read(fsio.CHUNK):
                head = head or chunk[:64]
                digest.update(chunk)
        return digest.hexdigest(), head


@dataclass(frozen=True)
class Skipped:
    display: str
    reason: str


def junk_reason(parts: tuple[str, ...], name: str, size: int) -> str | None:
    """Why a file is junk, or None: system files, macOS resource forks, empty files."""
    lowered = [p.lower() for p in parts]
    if any(p in JUNK_FOLDERS for p in lowered):
        return "系统文件夹（如 __MACOSX），不是材料"
    if name.lower() in JUNK_NAMES:
        return f"系统生成的文件（{name}），不是材料"
    if name.startswith("._"):
        return "macOS 资源文件，不是材料"
    if name.startswith("~$"):
        return "Office 打开文件时留下的临时文件"
    if size == 0:
        return "空文件（0 字节）"
    if size > MAX_FILE_BYTES:
        return f"文件过大（{size:,} 字节），请单独处理"
    return None


def walk(src: Path) -> tuple[list[SourceFile], list[Skipped]]:
    """Every file of SRC (zips opened, one level deep) in a stable order, and what was skipped."""
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    src = src.resolve()
    if src.is_file():
        _add_zip(src, src.name, files, skipped)
        return files, skipped
    for path in _walk_dir(src, skipped):
        rel = path.relative_to(src).as_posix()
        try:
            size = path.stat().st_size
        except OSError as exc:
            skipped.append(Skipped(rel, f"无法读取：{exc.strerror or exc}"))
            continue
        parts = tuple(PurePosixPath(rel).parts[:-1])
        reason = junk_reason(parts, path.name, size)
        if reason is not None:
            skipped.append(Skipped(rel, reason))
        elif path.suffix.lower() == ".zip" and zipsource.is_zip(path):
            _add_zip(path, rel, files, skipped)
        else:
            files.append(SourceFile(rel, None, size, path))
    return files, skipped


def _walk_dir(folder: Path, skipped: list[Skipped]) -> Iterator[Path]:
    # Only regular files and real folders: links and devices are not a department's material.
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        skipped.append(Skipped(folder.name, f"无法打开文件夹：{exc.strerror or exc}"))
        return
    for entry in entries:
        if entry.is_symlink():
            skipped.append(Skipped(entry.name, "符号链接，未跟随"))
        elif entry.is_dir(follow_symlinks=False):
            if entry.name.lower() in JUNK_FOLDERS:
                skipped.append(Skipped(entry.name + "/", "系统文件夹（如 __MACOSX），不是材料"))
                continue
            yield from _walk_dir(Path(entry.path), skipped)
        elif entry.is_file(follow_symlinks=False):
            yield Path(entry.path)
        else:
            kind = fsio.kind_of(entry.stat(follow_symlinks=False).st_mode)
            skipped.append(Skipped(entry.name, f"不是普通文件（{kind}），未读取"))


def _add_zip(path: Path, rel: str, files: list[SourceFile], skipped: list[Skipped]) -> None:
    try:
        members = zipsource.list_members(path)
    except zipsource.ZipProblem as exc:
        skipped.append(Skipped(rel, f"压缩包无法读取：{exc}"))
        return
    for member in members:
        display = f"{rel} › {member.name}"
        if member.problem is not None:
            skipped.append(Skipped(display, member.problem))
            continue
        pure = PurePosixPath(member.name)
        reason = junk_reason(tuple(pure.parts[:-1]), pure.name, member.size)
        if reason is not None:
            skipped.append(Skipped(display, reason))
        else:
            files.append(SourceFile(rel, member.name, member.size, path))
