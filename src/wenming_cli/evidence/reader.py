"""Read one evidence file for one pass and return plain facts; runs in worker processes.

Quick pass: a photo's first and last 64 KB (nothing decodes pixels, no PDF is parsed).
Full pass: the whole file once: its hash, header and pixels come from the same bytes.
A file no rule reads (video, archive, unknown) is never read whole, whatever its size.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from wenming_cli.evidence.photo import decode_hashes, header_info, jpeg_truncated
from wenming_cli.evidence.sniff import PHOTO_TYPES, sniff
from wenming_cli.fsio import describe_os_error, open_regular
from wenming_cli.models.inventory import PhotoInfo
from wenming_cli.textdecode import UndecodableText, decode_text

EDGE = 65536  # bytes read at each end of a file by the quick pass and by the cache key
TAIL_PROBE = 4096  # a JPEG's last bytes, read first: its end marker is nearly always there
MAX_PHOTO_BYTES = 256 << 20  # an "image" larger than this is hashed in chunks and never decoded
MAX_CAPTION_BYTES = 1 << 20  # 活动说明.txt: one 键：值 per line
_CHUNK = 1 << 20
_WHOLE_TYPES = {"pdf", "docx", "text", "ole"}  # read whole when a rule needs their content

UNDECODABLE = "undecodable"  # `encoding` of a text file no accepted encoding reads

Analyser = Callable[[str, bytes], Any]


class ReadTask(NamedTuple):  # a tuple: thousands are made and pickled to the workers per run
    absolute: str
    name: str
    full: bool  # full pass: decode pixels, parse PDFs
    text: bool = False  # a caption: decode it as text
    pdf: Analyser | None = None  # (name, bytes) → analysis; injected by the checks
    report: Analyser | None = None
    # Which files get the hash of their first and last 64 KB (`fingerprint`): "all" (the cache's key),
    # "photo" (the quick pass's duplicate key: photos whose size another file shares) or "none".
    edges: str = "all"


@dataclass(frozen=True)
class FileFacts:
    """What one pass learned about one file; picklable, so workers and the cache can carry it."""

    size: int
    content_type: str
    fingerprint: str | None = None
    sha256: str | None = None
    photo: PhotoInfo | None = None
    text: str | None = None  # a caption's text
    encoding: str | None = None
    pdf: Any = None
    report: Any = None
    read_error: str | None = None


def fingerprint(size: int, head: bytes, tail: bytes) -> str:
    """The cache key's content part and the quick pass's duplicate key: the size and a CRC-32 of each
    edge. A checksum, not a cryptographic hash: it tells an edited or damaged file from its old self
    (with the stamps beside it) and copies from look-alikes of the same size, at a quarter of the
    cost of hashing 128 KB with blake2b, whatever the processor (a cached re-run checks every file)."""
    return f"{size:x}-{zlib.crc32(head[:EDGE]):08x}{zlib.crc32(tail[-EDGE:]):08x}"


def read_edges(handle, size: int) -> tuple[bytes, bytes]:
    head = handle.read(EDGE)
    if size <= 2 * EDGE:
        rest = handle.read()
        whole = head + rest
        return whole, whole[-EDGE:]
    handle.seek(size - EDGE)
    return head, handle.read(EDGE)


def read_file(task: ReadTask) -> FileFacts:
    try:
        with open_regular(task.absolute) as handle:  # a FIFO or device named 3.jpg: refused, never read
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(EDGE)  # the whole file when it is that small
            content = sniff(head[:64], task.name)
            keyed = task.edges == "all" or (task.edges == "photo" and content in PHOTO_TYPES)
            tail = _tail(handle, head, size) if keyed else None
            base = {
                "size": size,
                "content_type": content,
                "fingerprint": fingerprint(size, head, tail) if tail is not None else None,
            }
            if content == "empty":
                return FileFacts(**base)
            if task.text:
                return _text(task, handle, head, size, base)
            if content in PHOTO_TYPES:
                return _photo(task, handle, head, tail, size, base)
            if content in _WHOLE_TYPES and (task.pdf if content == "pdf" else task.report) is not None:
                data = _whole(handle, head, size)
                if content == "pdf":
                    return FileFacts(**base, sha256=_sha(data), pdf=task.pdf(task.name, data))
                return FileFacts(**base, sha256=_sha(data), report=task.report(task.name, data))
            return FileFacts(**base)
    except OSError as exc:
        return FileFacts(size=0, content_type="unreadable", read_error=describe_os_error(exc))


def _tail(handle, head: bytes, size: int, length: int = EDGE) -> bytes:
    """The file's last `length` bytes (never more than the file)."""
    if size <= len(head):
        return head[-length:]
    handle.seek(max(size - length, 0))
    return handle.read(length)


def _jpeg_tail(handle, head: bytes, size: int) -> bytes:
    """Enough of a JPEG's end for `jpeg_truncated`: the last 4 KB when its end marker is there (the same
    answer as the full window, which contains them), else the last 64 KB."""
    probe = _tail(handle, head, size, TAIL_PROBE)
    return _tail(handle, head, size) if jpeg_truncated(probe, size) else probe


def _whole(handle, head: bytes, size: int) -> bytes:
    if size <= len(head):
        return head
    handle.seek(0)
    return handle.read()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(task: ReadTask, handle, head: bytes, size: int, base: dict[str, Any]) -> FileFacts:
    if size > MAX_CAPTION_BYTES:  # a caption is a few hundred bytes: a huge one is never read whole
        handle.seek(0)
        digest = hashlib.sha256()
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
        error = f"图片说明文件过大（{size:,} 字节），未读取；图片说明应只有几行文字"
        return FileFacts(**base, sha256=digest.hexdigest(), encoding=UNDECODABLE, read_error=error)
    data = _whole(handle, head, size)
    try:
        text, encoding = decode_text(data)
    except UndecodableText as exc:
        return FileFacts(**base, sha256=_sha(data), encoding=UNDECODABLE, read_error=exc.message)
    return FileFacts(**base, sha256=_sha(data), text=text, encoding=encoding)


def _photo(
    task: ReadTask, handle, head: bytes, tail: bytes | None, size: int, base: dict[str, Any]
) -> FileFacts:
    if size > MAX_PHOTO_BYTES:
        tail = tail if tail is not None else _tail(handle, head, size)
        handle.seek(0)
        digest = hashlib.sha256()
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
        info = header_info(head, base["content_type"], tail, size)
        error = f"图片文件过大（{size:,} 字节），未解码"
        return FileFacts(
            **base, sha256=digest.hexdigest(), photo=info.model_copy(update={"decode_error": error})
        )
    if task.full or base["content_type"] != "jpeg":
        # PNG may keep EXIF after its pixels and HEIC needs the whole container: read them whole.
        data = _whole(handle, head, size)
        info = header_info(data, base["content_type"])
        sha = _sha(data)
        if task.full and info.decode_error is None:
            error, dhash, windows = decode_hashes(data)
            update = {"decoded": True, "decode_error": error, "dhash": dhash, "crop_hashes": windows}
            info = info.model_copy(update=update)
        return FileFacts(**base, sha256=sha, photo=info)
    info = header_info(head, "jpeg", tail if tail is not None else _jpeg_tail(handle, head, size), size)
    if info.decode_error is not None and size > len(head):
        # A header larger than 64 KB (big EXIF thumbnail, maker notes, padding): read the file whole.
        handle.seek(0)
        whole = handle.read()
        info = header_info(whole, "jpeg", whole[-EDGE:], size)
    return FileFacts(**base, photo=info)
