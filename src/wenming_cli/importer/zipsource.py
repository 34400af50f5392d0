"""Members of a zip in a dump, read in place: names and safety from the shared `evidence/archive.py`.

`import` reads each member's bytes on demand instead of extracting the archive, so the plan can name a
file inside the zip and `--apply` can read it again from the same place.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from wenming_cli.evidence import archive

MAX_MEMBER = 200 * 10**6  # one photo or scanned notice is far below this


class ZipProblem(Exception):
    """A zip that cannot be opened at all."""


@dataclass(frozen=True)
class Member:
    name: str  # decoded, "/" separators
    raw_name: str  # as zipfile knows it, to read it back
    size: int
    problem: str | None = None


def is_zip(path: Path) -> bool:
    return archive.is_zip(path)


def list_members(path: Path) -> list[Member]:
    """Members with decoded names; clutter, links and encrypted entries come back with their note."""
    try:
        with zipfile.ZipFile(path) as opened:
            entries, notes = archive.list_entries(opened)
    except archive.ArchiveRefused as exc:
        raise ZipProblem(exc.message) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ZipProblem(str(exc)) from None
    members = [Member(n.entry, n.entry, 0, n.message.rstrip("。")) for n in notes]
    for entry in entries:
        if entry.is_dir:
            continue
        members.append(Member(entry.name, entry.info.filename, entry.info.file_size, _problem(entry)))
    return sorted(members, key=lambda m: m.name)


def _problem(entry: archive.ArchiveEntry) -> str | None:
    if entry.info.file_size > MAX_MEMBER:
        return "文件过大，请解压后单独处理"
    if entry.name.lower().endswith((".zip", ".rar", ".7z")):
        return "压缩包中的压缩包，请先解压后再导入"
    return None


@contextmanager
def open_member(path: Path, name: str) -> Iterator[IO[bytes]]:
    """A stream over one member, by its decoded name."""
    try:
        with zipfile.ZipFile(path) as opened:
            info = _find(opened, name)
            with opened.open(info) as stream:
                yield stream
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:  # damaged data, bad CRC
        raise ZipProblem(f"压缩包中的文件已损坏（{exc}）") from None


def _find(opened: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    for info in opened.infolist():
        if _normal(archive.decode_name(info)) == name:
            return info
    raise ZipProblem(f"压缩包中没有“{name}”")


def read_member(path: Path, name: str) -> bytes:
    """The bytes of one member, by its decoded name; never more than it declared."""
    try:
        with zipfile.ZipFile(path) as opened:
            info = _find(opened, name)
            limit = min(info.file_size, MAX_MEMBER)
            with opened.open(info) as stream:
                data = stream.read(limit + 1)
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:  # damaged data, bad CRC
        raise ZipProblem(f"压缩包中的文件已损坏（{exc}）") from None
    if len(data) > limit:
        raise ZipProblem("文件比压缩包中声明的更大")
    return data


def _normal(decoded: str) -> str:
    """The name as `archive.list_entries` gives it: `/` separators, no empty or `.` parts."""
    return "/".join(p for p in decoded.replace("\\", "/").split("/") if p not in ("", "."))
