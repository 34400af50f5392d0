"""Validated rubrics kept between runs: a command does not parse and validate the same YAML again.

An entry is the pickled model, filed under the SHA-256 of the rubric file's bytes and a stamp of the code
that validated it (wenming's and pydantic's versions, and the size and modification time of every source
of the models and the loader, which an editable install changes without a new version). A changed byte
or a changed model makes another key: an entry is never stale, only unused. Only a rubric without errors
is stored. Like the facts cache it lives in the user's cache directory (`WENMING_CACHE_DIR`), never in an
evidence folder, and steps aside on any error: a command never fails because of it.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

from wenming_cli import __version__
from wenming_cli.models.rubric import Rubric
from wenming_cli.usercache import cache_dir

FOLDER = "rubrics"


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


def entry_for(data: bytes) -> Path:
    return cache_dir() / FOLDER / f"{hashlib.sha256(data).hexdigest()}-{code_stamp()}.pickle"


def recall(data: bytes) -> Rubric | None:
    """The rubric validated from exactly these bytes by this code, if it was kept."""
    try:
        blob = entry_for(data).read_bytes()
    except OSError:
        return None
    try:
        model = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is only a miss
        return None
    return model if isinstance(model, Rubric) else None


def remember(data: bytes, rubric: Rubric) -> None:
    from wenming_cli.fsio import write_atomic

    try:
        entry = entry_for(data)
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, pickle.dumps(rubric, protocol=pickle.HIGHEST_PROTOCOL), replace=True)
    except (OSError, pickle.PicklingError):
        pass
