"""Open a zip archive of evidence (or of a raw department dump) safely.

Evidence arrives zipped by chat apps and USB sticks. `opened_archive` extracts a zip into a private
temporary folder, streamed and bounded, and hands that folder to the ordinary folder pipeline; paths
inside it are the paths inside the archive. What it guarantees:

- names are decoded right whether the zip was made on Windows (GBK/CP936 bytes without the UTF-8 flag),
  by Info-ZIP (its Unicode path field) or elsewhere (UTF-8);
- an entry that would land outside the folder (`../`, an absolute path, a drive letter) refuses the
  whole archive, naming the entry;
- archives whose declared total uncompressed size exceeds `ArchiveLimits.max_total` (20 GB) or whose
  compression ratio exceeds `max_ratio` (100:1) are refused before anything is written, and no entry
  may write more than it declared;
- system clutter (`__MACOSX/`, `Thumbs.db`, `.DS_Store`, `desktop.ini`), links, encrypted entries and
  names that cannot be created are skipped, each with a note.

Nothing here prints or exits: refusals raise `ArchiveRefused` (a WenmingError, exit 2).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from wenming_cli.errors import InvalidInput
from wenming_cli.fsio import describe_os_error, shown_name

_CLUTTER_FILES = {"thumbs.db", ".ds_store", "desktop.ini"}
_CLUTTER_DIRS = {"__macosx"}
_DRIVE = re.compile(r"^[A-Za-z]:")
_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP Unicode Path Extra Field
_UTF8_FLAG = 0x800
_CHUNK = 1 << 20


class ArchiveRefused(InvalidInput):
    """An archive that cannot be used safely; the message says which entry or which limit."""


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on what one archive may cost."""

    max_total: int = 20_000_000_000  # bytes, uncompressed
    max_ratio: int = 100  # uncompressed : compressed, over the whole archive
    ratio_floor: int = 1 << 20  # below 1 MiB uncompressed the ratio cannot hurt: not checked
    max_entries: int = 200_000


@dataclass(frozen=True)
class ArchiveEntry:
    """One member of an archive, its name decoded and made a relative POSIX path."""

    info: zipfile.ZipInfo
    name: str  # e.g. "22 学雷锋/2021-03-05 活动/1.jpg"
    is_dir: bool


@dataclass(frozen=True)
class ArchiveNote:
    """An entry that was skipped, and why (Chinese, for a clerk)."""

    entry: str
    message: str


@dataclass
class Extraction:
    """An extracted archive: `folder` is what the pipeline should read.

    `folder` is the archive's single top-level folder when it has one (the usual "zip of a folder"),
    else the extraction root; `inner` is that folder's name inside the archive ("" for the root).
    """

    source: Path
    root: Path
    folder: Path
    inner: str = ""
    notes: list[ArchiveNote] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """How to name the evidence to a clerk: the archive, plus its inner folder."""
        return shown_name(f"{self.source}/{self.inner}" if self.inner else str(self.source))

    def inside(self, path: Path | str) -> str:
        """A path under `root` as the path inside the archive (POSIX separators)."""
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def is_zip(path: Path) -> bool:
    """A regular file that is a zip archive (by content, not by name)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def decode_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it, whichever system wrote the archive."""
    if info.flag_bits & _UTF8_FLAG:
        return info.orig_filename
    unicode_path = _unicode_path_extra(info)
    if unicode_path is not None:
        return unicode_path
    # Without the flag, zipfile decoded the bytes as CP437; that mapping is one-to-one, so undo it.
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:
        return info.orig_filename
    readings = []
    for encoding in ("utf-8", "gb18030"):
        try:
            readings.append(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not readings:
        return raw.decode("utf-8", errors="backslashreplace")
    # Many short GBK names are valid UTF-8 too (一 is D2 BB, which UTF-8 reads as Cyrillic һ): keep the
    # reading a Chinese clerk would have typed, UTF-8 on a tie.
    return max(readings, key=_plausibility)


def _plausibility(name: str) -> float:
    """The share of characters a Chinese file name is made of: ASCII, CJK ideographs and punctuation."""
    plausible = sum(
        1
        for ch in name
        if ch < "\x80"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "·—“”‘’…"
    )
    return plausible / max(len(name), 1)


def _unicode_path_extra(info: zipfile.ZipInfo) -> str | None:
    extra = info.extra
    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[i : i + 4])
        body = extra[i + 4 : i + 4 + size]
        if kind == _UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


def _safe_name(raw_name: str) -> tuple[str, bool] | None:
    """(relative POSIX name, is a folder), or None for an entry that names nothing; raises on escapes."""
    name = raw_name.replace("\\", "/")  # decoded first: a GBK trail byte may be 0x5C
    is_dir = name.endswith("/")
    if "\x00" in name:
        raise ArchiveRefused(f"压缩包中的条目“{_shown(raw_name)}”的名称含有空字符，拒绝打开。")
    if name.startswith("/") or _DRIVE.match(name):
        raise ArchiveRefused(
            f"压缩包中的条目“{_shown(raw_name)}”使用了绝对路径，解压会写到压缩包之外，拒绝打开。",
            hint="请在电脑上解压后检查文件夹，或重新打包。",
        )
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveRefused(
            f"压缩包中的条目“{_shown(raw_name)}”含有“..”，解压会写到压缩包之外，拒绝打开。",
            hint="请在电脑上解压后检查文件夹，或重新打包。",
        )
    if not parts:
        return None
    return "/".join(parts), is_dir


def _shown(name: str) -> str:
    return name.encode("utf-8", errors="backslashreplace").decode("utf-8")


def list_entries(
    archive: zipfile.ZipFile, limits: ArchiveLimits = ArchiveLimits()
) -> tuple[list[ArchiveEntry], list[ArchiveNote]]:
    """The archive's usable entries and notes on the skipped ones; raises ArchiveRefused when unsafe."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise ArchiveRefused(f"压缩包中有 {len(infos)} 个条目，超过上限 {limits.max_entries}，拒绝打开。")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limits.max_total:
        raise ArchiveRefused(
            f"压缩包解压后共 {total / 1e9:.1f} GB，超过上限 {limits.max_total / 1e9:.0f} GB，拒绝打开。",
            hint="请分成几个较小的压缩包，或解压后检查文件夹。",
        )
    if total >= limits.ratio_floor and total > limits.max_ratio * max(packed, 1):
        raise ArchiveRefused(
            f"压缩包的压缩比为 {total // max(packed, 1)}:1，超过上限 {limits.max_ratio}:1（疑似解压炸弹），拒绝打开。",
            hint="请确认压缩包的来源；正常的照片和文档压缩后大小变化不大。",
        )
    entries: list[ArchiveEntry] = []
    notes: list[ArchiveNote] = []
    for info in infos:
        decoded = decode_name(info)
        safe = _safe_name(decoded)
        if safe is None:
            continue
        name, is_dir = safe
        parts = name.split("/")
        if any(p.casefold() in _CLUTTER_DIRS for p in parts) or parts[-1].casefold() in _CLUTTER_FILES:
            notes.append(ArchiveNote(name, "系统自动生成的文件，已跳过。"))
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            notes.append(ArchiveNote(name, "压缩包中的符号链接不会被解压，已跳过。"))
            continue
        if info.flag_bits & 0x1:
            notes.append(ArchiveNote(name, "该文件在压缩包中加了密码，无法读取，已跳过。"))
            continue
        entries.append(ArchiveEntry(info=info, name=name, is_dir=is_dir or info.is_dir()))
    return entries, notes


def extract(path: Path, dest: Path, limits: ArchiveLimits = ArchiveLimits()) -> Extraction:
    """Extract the zip at `path` into the existing empty folder `dest`, safely and within `limits`."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise ArchiveRefused(f"{path} 不是有效的 zip 压缩包（{exc}）。") from None
    except OSError as exc:
        raise ArchiveRefused(f"无法读取压缩包 {path}（{describe_os_error(exc)}）。") from None
    with archive:
        entries, notes = list_entries(archive, limits)
        total = sum(e.info.file_size for e in entries if not e.is_dir)
        free = shutil.disk_usage(dest).free
        if total > free:
            raise ArchiveRefused(
                f"临时文件夹 {dest.parent} 的剩余空间（{free / 1e9:.1f} GB）不足以解压该压缩包（{total / 1e9:.1f} GB）。",
                hint="请先清理磁盘，或把压缩包解压到有足够空间的地方后检查文件夹。",
            )
        budget = [total]
        for entry in entries:
            note = _extract_one(archive, entry, dest, budget)
            if note is not None:
                notes.append(ArchiveNote(entry.name, note))
    folder, inner = _single_top(dest)
    return Extraction(source=path, root=dest, folder=folder, inner=inner, notes=notes)


def _extract_one(archive: zipfile.ZipFile, entry: ArchiveEntry, dest: Path, budget: list[int]) -> str | None:
    target = dest.joinpath(*entry.name.split("/"))
    try:
        if entry.is_dir:
            target.mkdir(parents=True, exist_ok=True)
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        # "xb": a second entry with the same name (or the same name in another case) never replaces the first.
        with archive.open(entry.info) as source, open(target, "xb") as out:
            left = entry.info.file_size
            while chunk := source.read(min(_CHUNK, left + 1)):
                left -= len(chunk)
                budget[0] -= len(chunk)
                if left < 0 or budget[0] < 0:
                    raise ArchiveRefused(
                        f"压缩包中的条目“{entry.name}”解压后比它声明的大小更大，拒绝打开（疑似解压炸弹）。"
                    )
                out.write(chunk)
    except FileExistsError:
        return "压缩包中有同名文件（可能仅大小写不同），只解压了第一个。"
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        target.unlink(missing_ok=True)
        return f"该文件在压缩包中已损坏或使用了不支持的压缩方式，无法解压（{exc}）。"
    except OSError as exc:
        if getattr(exc, "errno", None) == 28:  # ENOSPC: nothing after it will fit either
            raise ArchiveRefused("解压时磁盘已满。", hint="请先清理磁盘后重试。") from None
        return f"无法在本机创建该文件（{describe_os_error(exc)}），已跳过。"
    return None


def _single_top(root: Path) -> tuple[Path, str]:
    children = list(root.iterdir())
    if len(children) == 1 and children[0].is_dir() and not children[0].is_symlink():
        return children[0], children[0].name
    return root, ""


@contextmanager
def opened_archive(path: Path, limits: ArchiveLimits = ArchiveLimits()) -> Iterator[Extraction]:
    """Extract `path` into a private temporary folder for the duration of the `with` block.

    The folder (and everything in it) is removed on exit, also after an error or Ctrl-C. Any
    WenmingError raised inside the block has the temporary folder in its text replaced by the archive.
    """
    from wenming_cli.errors import WenmingError

    root = Path(tempfile.mkdtemp(prefix="wenming-zip-"))
    try:
        # Extract under the archive's own name so that a command mirroring its sources by folder name
        # (photo fit: OUT/<SRC name>/) names the output after the zip, not after a random temp folder.
        dest = root / (path.stem or "zip")
        dest.mkdir()
        extraction = extract(path, dest, limits)
        try:
            yield extraction
        except WenmingError as exc:
            _rename_in(exc, str(extraction.folder), extraction.shown)
            raise
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _rename_in(exc: object, temp: str, shown: str) -> None:
    from dataclasses import replace

    exc.message = exc.message.replace(temp, shown)  # type: ignore[attr-defined]
    exc.args = (exc.message,)  # type: ignore[attr-defined]
    exc.problems = [  # type: ignore[attr-defined]
        replace(p, file=Path(str(p.file).replace(temp, shown)))
        for p in exc.problems  # type: ignore[attr-defined]
    ]
