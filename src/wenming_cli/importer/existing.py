"""What the evidence folder already holds: exact copies by hash, the same photo re-encoded by check's rule."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from wenming_cli import fsio
from wenming_cli.checks.photos import NEAR_DUPLICATE_BITS
from wenming_cli.evidence import layout
from wenming_cli.evidence.caption import CAPTION_NAMES
from wenming_cli.evidence.photo import hamming
from wenming_cli.evidence.sniff import PHOTO_TYPES, sniff

_OWN = {layout.UNIT_PLAN_NAME, layout.REQUIREMENTS_NAME, *CAPTION_NAMES}


@dataclass
class Known:
    """Files seen so far (in EVIDENCE, then earlier in the dump): hash → path, photo likeness → path."""

    by_hash: dict[str, str] = field(default_factory=dict)
    by_likeness: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, sha256: str, likeness: str | None) -> None:
        self.by_hash.setdefault(sha256, label)
        if likeness is not None:
            self.by_likeness.append((likeness, label))

    def same(self, sha256: str, likeness: str | None) -> tuple[str, str] | None:
        """(label of the copy, how alike) or None."""
        if sha256 in self.by_hash:
            return self.by_hash[sha256], "内容完全相同"
        if likeness is not None:
            for other, label in self.by_likeness:
                if hamming(other, likeness) <= NEAR_DUPLICATE_BITS:
                    return label, "同一张照片（重新压缩或缩放）"
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
                sha, likeness = _facts(path)
            except OSError:
                continue  # unreadable here is check's finding, not import's
            if sha is not None:
                known.add(f"证据文件夹中的“{path.relative_to(root).as_posix()}”", sha, likeness)
    return known


def _facts(path: Path) -> tuple[str | None, str | None]:
    """(SHA-256, photo likeness) read in chunks; a photo small enough is decoded by check's rule."""
    from wenming_cli.importer.facts import WHOLE_LIMIT, likeness_of

    digest = hashlib.sha256()
    with fsio.open_regular(path) as stream:
        if os.fstat(stream.fileno()).st_size <= WHOLE_LIMIT:
            data = stream.read()
            if not data:
                return None, None
            photo = sniff(data[:64], path.name) in PHOTO_TYPES
            return hashlib.sha256(data).hexdigest(), likeness_of(data) if photo else None
        while chunk := stream.read(fsio.CHUNK):
            digest.update(chunk)
    return digest.hexdigest(), None
