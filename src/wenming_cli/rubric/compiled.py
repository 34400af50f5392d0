"""Validated rubrics and unit plans kept between runs: a command does not parse and validate the same
YAML again (nor import the YAML parser at all when both were kept).

An entry is the pickled result, filed under the SHA-256 of what it was made from (the file's bytes; for a
unit plan also its path and the digest of the rubric it was checked against) and a stamp of the code that
made it (wenming's and pydantic's versions, and the size and modification time of every source of the
models and the loader, which an editable install changes without a new version). A changed byte or a
changed model makes another key: an entry is never stale, only unused. Only what loaded without errors
is stored. Like the facts cache it lives in the user's cache directory (`WENMING_CACHE_DIR`), never in an
evidence folder, and steps aside on any error: a command never fails because of it.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

from wenming_cli import __version__
from wenming_cli.rubric.limits import MAX_BYTES
from wenming_cli.usercache import cache_dir, writable_dir

FOLDER = "rubrics"
KEEP = 200  # entries kept (a rubric ~100 kB, a plan ~20 kB): the newest, by modification time


@lru_cache(maxsize=1)
def code_stamp() -> str:
    import pydantic

    package = Path(__file__).resolve().parent.parent
    parts = [__version__, pydantic.VERSION]
    for folder in ("models", "rubric"):
        for source in sorted((package / folder).glob("*.py")):
            info = source.stat()
            parts.append(f"{folder}/{source.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def digest(*parts: bytes) -> str:
    """The SHA-256 of the parts, each preceded by its length (so no two lists of parts share one)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def entry_for(kind: str, key: str) -> Path:
    return cache_dir() / FOLDER / f"{kind}-{key}-{code_stamp()}.pickle"


def recall(kind: str, key: str) -> object | None:
    """What was kept under the key by this code, if anything (the caller checks its type)."""
    try:
        blob = entry_for(kind, key).read_bytes()
    except OSError:
        return None
    try:
        return pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is only a miss
        return None


def remember(kind: str, key: str, value: object) -> None:
    from wenming_cli.fsio import write_atomic

    if writable_dir() is None:
        return  # the cache folder lies in an evidence folder: never written there
    try:
        entry = entry_for(kind, key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), replace=True)
        _prune(entry.parent)
    except (OSError, pickle.PicklingError):
        pass


def _prune(folder: Path) -> None:
    """Keep the newest KEEP entries: every edit of a plan or rubric (and every new version of wenming)
    leaves its old entries unused, and nothing else would ever remove them."""
    entries = list(folder.glob("*.pickle"))
    if len(entries) <= KEEP:
        return
    stamped = []
    for entry in entries:
        try:
            stamped.append((entry.stat().st_mtime_ns, entry))
        except OSError:
            continue
    for _, entry in sorted(stamped, reverse=True)[KEEP:]:
        try:
            entry.unlink()
        except OSError:
            pass


def source_bytes(path: Path) -> bytes | None:
    """A rubric's or plan's bytes, or None when they cannot be had (the loader then says why)."""
    from wenming_cli.fsio import read_regular

    try:
        return read_regular(path, limit=MAX_BYTES)  # a larger file is left to the loader to refuse
    except OSError:
        return None
