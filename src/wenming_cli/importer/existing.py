"""What the evidence folder already holds: exact copies by hash, the same photo re-encoded by check's rule."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from wenming_cli import fsio
from wenming_cli.checks.hashindex import HashIndex
from wenming_cli.checks.photos import NEAR_DUPLICATE_BITS
from wenming_cli.evidence import layout
from wenming_cli.evidence.caption import CAPTION_NAMES
from wenming_cli.evidence.sniff import PHOTO_TYPES, sniff

_OWN = {layout.UNIT_PLAN_NAME, layout.REQUIREMENTS_NAME, *CAPTION_NAMES}


class Known:
    """Files seen so far (in EVIDENCE, then earlier in the dump): by hash, and photos by check's
    near-duplicate rule (own hashes within NEAR_DUPLICATE_BITS, or one's hash near a crop window of
    the other), looked up through check's hash index."""

    def __init__(self) -> None:
        self.by_hash: dict[str, str] = {}
        self._index = HashIndex(NEAR_DUPLICATE_BITS)
        self._entries: list[tuple[str, bool]] = []  # (label, is the photo's own hash)

    def add(self, label: str, sha256: str, own: str | None, windows: tuple[str, ...] = ()) -> None:
        self.by_hash.setdefault(sha256, label)
        if own is None:
            return
        for value, is_own in ((own, True), *((w, False) for w in windows)):
            self._index.add(int(value, 16))
            self._entries.append((label, is_own))

    def same(self, sha256: str, own: str | None, windows: tuple[str, ...] = ()) -> tuple[str, str] | None:
        """(label of the copy, how alike) or None."""
        if sha256 in self.by_hash:
            return self.by_hash[sha256], "内容完全相同"
        if own is None:
            return None
        for ident, _ in self._index.near(int(own, 16)):
            return self._entries[ident][0], "同一张照片（重新压缩、缩放或裁剪）"
        for window in windows:
            for ident, _ in self._index.near(int(window, 16)):
                label, is_own = self._entries[ident]
                if is_own:
                    return label, "同一张照片（重新压缩、缩放或裁剪）"
        return None


def index_evidence(root: Path) -> Known:
    """Every material file already under EVIDENCE; wenming's own files and captions are not material."""
    known = Known()
    if not root.is_dir():
        return known
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if name in _OWN or path.is_symlink() or not path.is_file():
                continue
            try:
                sha, own, windows = _facts(path)
            except OSError:
                continue  # unreadable here is check's finding, not import's
            if sha is not None:
                known.add(f"证据文件夹中的“{path.relative_to(root).as_posix()}”", sha, own, windows)
    return known


def _facts(path: Path) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(SHA-256, photo likeness) read in chunks; a photo small enough is decoded by check's rule."""
    from wenming_cli.importer.facts import WHOLE_LIMIT, likeness_of

    digest = hashlib.sha256()
    with fsio.open_regular(path) as stream:
        if os.fstat(stream.fileno()).st_size <= WHOLE_LIMIT:
            data = stream.read()
            if not data:
                return None, None, ()
            own, windows = likeness_of(data) if sniff(data[:64], path.name) in PHOTO_TYPES else (None, ())
            return hashlib.sha256(data).hexdigest(), own, windows
        while chunk := stream.read(fsio.CHUNK):
            digest.update(chunk)
    return digest.hexdigest(), None, ()
