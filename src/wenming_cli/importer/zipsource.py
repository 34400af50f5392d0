"""The little zip reading `import` needs: member names (GBK names from Windows included) and bytes.

Kept behind three functions so that the shared `evidence/archive.py`, once on main, can replace it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_UTF8_FLAG = 0x800
# A member that inflates more than this many times its compressed size, and to more than
# MAX_MEMBER bytes, is treated as a zip bomb: photos and documents barely compress.
MAX_RATIO = 200
MAX_MEMBER = 200 * 10**6


class ZipProblem(Exception):
    """A zip that cannot be opened at all."""


@dataclass(frozen=True)
class Member:
    name: str  # decoded, "/" separators
    raw_name: str  # as zipfile knows it, to read it back
    size: int
    problem: str | None = None


def is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def decode_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Windows store names in the local code page (GBK) without the UTF-8 flag."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def list_members(path: Path) -> list[Member]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ZipProblem(str(exc)) from None
    members = []
    for info in infos:
        if info.is_dir():
            continue
        name = decode_name(info).replace("\\", "/")
        members.append(Member(name, info.filename, info.file_size, _problem(info, name)))
    return sorted(members, key=lambda m: m.name)


def _problem(info: zipfile.ZipInfo, name: str) -> str | None:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]:
        return "压缩包中的路径不安全（绝对路径或“..”），已跳过"
    if info.flag_bits & 0x1:
        return "压缩包中的文件有密码，请先解压"
    if info.file_size > MAX_MEMBER and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return "压缩比异常（疑似压缩炸弹），已跳过"
    if name.lower().endswith((".zip", ".rar", ".7z")):
        return "压缩包中的压缩包，请先解压后再导入"
    return None


def read_member(path: Path, name: str) -> bytes:
    """The bytes of one member, by its decoded name; reads at most MAX_MEMBER bytes."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if decode_name(info).replace("\\", "/") == name:
                with archive.open(info) as stream:
                    data = stream.read(MAX_MEMBER + 1)
                if len(data) > MAX_MEMBER:
                    raise ZipProblem("文件过大")
                return data
    raise ZipProblem(f"压缩包中没有“{name}”")
