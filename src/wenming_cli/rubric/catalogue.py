"""The bundled rubrics' one-line summaries (`wenming rubric list`), without loading every rubric.

`rubrics/index.json` holds, for each bundled rubric file, the SHA-256 of its bytes and the summary that
`render.rubric_view.summary` computed from the validated model. A file whose bytes still match is the
file the test suite validated, so its summary is served from the index; any other file (edited, new, or
an index that is missing or unreadable) is loaded and validated as before. `tests/test_rubric_catalogue.py`
fails when the index no longer matches the rubrics; rewrite it with

    python tests/test_rubric_catalogue.py

This module also says where the bundled rubrics live; it imports neither the models nor YAML, so that
`rubric list` stays a light command.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

INDEX_NAME = "index.json"
INDEX_VERSION = 1


def bundled_dir() -> Path:
    """Rubrics ship inside the wheel as wenming_cli/rubrics; a source checkout keeps them at the top."""
    packaged = Path(__file__).resolve().parent.parent / "rubrics"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rubrics"


def bundled_files() -> list[Path]:
    folder = bundled_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_index(folder: Path) -> dict[str, dict[str, Any]]:
    """File name → {"sha256", "summary"}; empty when the index is missing, unreadable or of another version."""
    try:
        data = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    entries = data.get("rubrics")
    return entries if isinstance(entries, dict) else {}


def summaries(paths: list[Path]) -> list[dict[str, Any]]:
    """One summary per rubric file, in order: from the index where the bytes match, else by loading it."""
    index = read_index(paths[0].parent) if paths else {}
    rows = []
    for path in paths:
        entry = index.get(path.name)
        if isinstance(entry, dict) and entry.get("sha256") == file_digest(path):
            rows.append(entry["summary"])
        else:
            rows.append(computed_summary(path))
    return rows


def computed_summary(path: Path) -> dict[str, Any]:
    """The summary of a fully loaded and validated rubric (InvalidInput when it has errors)."""
    from wenming_cli.render.rubric_view import summary
    from wenming_cli.rubric import registry

    return summary(registry.load_rubric(str(path)))


def build_index(paths: list[Path]) -> dict[str, Any]:
    return {
        "version": INDEX_VERSION,
        "rubrics": {p.name: {"sha256": file_digest(p), "summary": computed_summary(p)} for p in paths},
    }


def index_text(paths: list[Path]) -> str:
    return json.dumps(build_index(paths), ensure_ascii=False, indent=1) + "\n"
