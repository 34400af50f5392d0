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
