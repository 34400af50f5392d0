"""How wenming touches the file system: regular files only, bounded reads, atomic writes, Chinese OS errors.

- `open_regular`/`read_regular`: a FIFO or a device named `3.jpg` is refused before a byte is read
  (opening a FIFO would block forever, reading a device may never end).
- `write_atomic`: the one way wenming writes a file: a temporary file in the target's folder, then a
  rename, so a full disk or Ctrl-C never leaves half a file and never loses the old one; "exists" is
  decided at the rename itself, so two runs into one folder never replace each other's files unless
  asked to.
- `describe_os_error`: an OSError as a Chinese phrase for a clerk.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20

_ERRNO_TEXT = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOSPC: "磁盘已满",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ELOOP: "符号链接层数过多（可能形成循环）",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EEXIST: "文件已存在",
    errno.EIO: "读写磁盘时出错（磁盘或 U 盘可能有问题）",
    errno.EMFILE: "同时打开的文件过多",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.EINVAL: "文件名或参数无效",
}
if hasattr(errno, "EDQUOT"):
    _ERRNO_TEXT[errno.EDQUOT] = "磁盘配额已用完"


class NotRegularFile(OSError):
    """A path that exists but is not a regular file (a folder, FIFO, device or socket)."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"不是普通文件（{kind}）", str(path))
        self.kind = kind


class FileTooLarge(OSError):
    """A file larger than the caller's limit; nothing past the limit was read."""

    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(errno.EFBIG, f"文件超过 {limit:,} 字节的上限", str(path))
        self.limit = limit


def describe_os_error(exc: OSError) -> str:
    """A Chinese phrase for an OSError (never the English strerror alone)."""
    if isinstance(exc, (NotRegularFile, FileTooLarge)):
        return str(exc.strerror)
    if isinstance(exc, PermissionError) and os.name == "nt":
        return "没有访问权限，或文件正被其他程序（如 Excel、WPS）打开"
    text = _ERRNO_TEXT.get(exc.errno or -1)
    if text is None:
        return f"系统错误（{exc.strerror or exc}）"
    return text


def shown_name(text: str) -> str:
    """A file name for people and for every output format: bytes that are not UTF-8 (which Python keeps
    as lone surrogates) become readable escapes such as \\xff, which JSON, xlsx and consoles accept."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that did not come from a file name
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def kind_of(mode: int) -> str:
    """The Chinese name of a file type from its st_mode."""
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISREG(mode):
        return "普通文件"
    return "特殊文件"


def open_regular(path: Path | str) -> BinaryIO:
    """Open a regular file for reading, never blocking on a FIFO; raises NotRegularFile otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The whole of a regular file, refusing files over `limit` bytes without reading them."""
    with open_regular(path) as handle:
        if limit is not None:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise FileTooLarge(path, limit)
            data = handle.read(limit + 1)
            if len(data) > limit:  # grew while we read
                raise FileTooLarge(path, limit)
            return data
        return handle.read()


def write_atomic(target: Path, data: bytes | Callable[[BinaryIO], None], *, replace: bool) -> None:
    """Write `data` (bytes, or a function writing to a binary stream) to `target` atomically.

    With `replace=False` an existing target is never replaced: FileExistsError is raised, also when
    another process created it while this one was writing. Other OSErrors propagate; the temporary
    file is always removed.
    """
    import secrets  # with hashlib and hmac: for writing only, not for every command's start

    partial = target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part"
    try:
        # "xb" rather than mkstemp: the file gets the user's usual permissions, not 0600.
        with open(partial, "xb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(partial, target)
        else:
            _rename_new(partial, target)
    finally:
        try:
            os.unlink(partial)
        except FileNotFoundError:
            pass
        except OSError:
            pass


def _rename_new(partial: Path, target: Path) -> None:
    """Move `partial` to `target` only if `target` does not exist, decided atomically where possible."""
    if os.name == "nt":
        os.rename(partial, target)  # Windows' rename refuses an existing target: atomic no-replace
        return
    try:
        os.link(partial, target)  # fails with FileExistsError when the target exists
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT32 USB sticks): the small race is the best available.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "文件已存在", str(target)) from None
        os.replace(partial, target)


def inside(path: Path, folder: Path) -> bool:
    """True when `path` (existing or not) really lies in `folder` or is it: links resolved, and compared
    by identity (device and inode) so that a different spelling of the same folder is caught too."""
    real = Path(os.path.realpath(path))
    try:
        target = os.stat(folder)
    except OSError:
        return False
    for candidate in (real, *real.parents):
        try:
            info = os.stat(candidate)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False
