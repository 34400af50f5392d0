"""A digest of a whole folder (names, types, contents), to prove a command changed nothing in it."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(folder) / name
            info = os.lstat(path)
            digest.update(os.fsencode(path.relative_to(root)) + b"\0" + oct(info.st_mode).encode())
            if stat.S_ISREG(info.st_mode):
                digest.update(path.read_bytes())
            elif stat.S_ISLNK(info.st_mode):
                digest.update(os.fsencode(os.readlink(path)))
    return digest.hexdigest()
