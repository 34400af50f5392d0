"""The user's cache directory (never an evidence folder): the facts cache and the compiled rubrics."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DIR = "WENMING_CACHE_DIR"  # where the caches live (tests point it at a temporary folder)


def cache_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("wenming", appauthor=False))


# Folders being read as evidence in this process: no cache is ever written inside one, wherever
# WENMING_CACHE_DIR points (wenming never writes in a clerk's evidence folder).
_PROTECTED: set[Path] = set()


def protect(folder: Path) -> None:
    try:
        _PROTECTED.add(folder.resolve())
    except OSError:
        pass


def writable_dir() -> Path | None:
    """The cache directory, or None when it lies inside a protected folder or cannot be resolved."""
    try:
        folder = cache_dir().resolve()
    except OSError:
        return None
    if any(folder == root or root in folder.parents for root in _PROTECTED):
        return None
    return folder
