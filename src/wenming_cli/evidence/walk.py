"""Walking an evidence folder: every file in a stable order, with its place in the convention and its size.

Paths are carried as strings (a Path per entry costs more than the rest of the walk); the shown path
of an entry is its parent's plus its name, exactly what `rel` computes from scratch.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from wenming_cli.evidence import layout
from wenming_cli.fsio import describe_os_error, shown_name
from wenming_cli.models.inventory import SkippedEntry

_SKIP_NAMES = {layout.UNIT_PLAN_NAME, layout.REQUIREMENTS_NAME, "Thumbs.db", ".DS_Store", "desktop.ini"}
# Where a folder's real path is its parent's real path plus its name unless it is a link. Windows
# junctions are not links to `is_symlink`, so there every folder's real path is asked for.
_TRUST_PLAIN_FOLDERS = os.name != "nt"


@dataclass
class Place:
    """Where a file lies in the convention."""

    subject: str | None = None
    role: str | None = None  # role folder, or "activity"
    activity: str | None = None


class Entry(NamedTuple):
    path: str  # absolute
    name: str
    relpath: str  # as findings show it (see `rel`)
    place: Place
    size: int | None  # from the directory entry; None when it could not be had


def rel(root: Path, path: Path) -> str:
    """The path as findings show it: relative, "/" separators, undecodable bytes escaped (\\xff)."""
    return shown_name(path.relative_to(root).as_posix())


def walk(root: Path, skipped: list[SkippedEntry], ids: tuple[str, ...]) -> list[Entry]:
    """Files in a stable order with their place; symbolic links followed only inside the root.

    `root` must be resolved. Folders and entries that cannot be walked are added to `skipped`.
    """
    real_root = os.path.realpath(root)
    out: list[Entry] = []
    _walk_dir(_Walk(str(root), {real_root}, skipped, ids, out), str(root), real_root, "", Place(), 0)
    return out


@dataclass
class _Walk:
    root: str
    visited: set[str]
    skipped: list[SkippedEntry]
    ids: tuple[str, ...]
    out: list[Entry]


def _walk_dir(w: _Walk, folder: str, real: str, prefix: str, place: Place, level: int) -> None:
    """`prefix`: the folder's path relative to the root with a trailing "/" ("" for the root itself)."""
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        shown = shown_name(prefix.rstrip("/")) or "."
        w.skipped.append(SkippedEntry(path=shown, reason="unreadable", detail=describe_os_error(exc)))
        return
    for entry in children:
        raw = prefix + entry.name
        relpath = shown_name(raw)
        link = False
        try:
            if entry.is_symlink():
                link = True
                target = os.path.realpath(entry.path)
                inside = target == w.root or target.startswith(w.root + os.sep)
                if not inside:
                    w.skipped.append(SkippedEntry(path=relpath, reason="symlink_outside"))
                    continue
                if os.path.isdir(target) and target in w.visited:
                    w.skipped.append(SkippedEntry(path=relpath, reason="symlink_loop"))
                    continue
            is_dir = entry.is_dir()
        except OSError as exc:
            w.skipped.append(SkippedEntry(path=relpath, reason="unreadable", detail=describe_os_error(exc)))
            continue
        if is_dir:
            if _TRUST_PLAIN_FOLDERS and not link:
                child_real = os.path.join(real, entry.name)
            else:
                child_real = os.path.realpath(entry.path)
            if child_real in w.visited:
                w.skipped.append(SkippedEntry(path=relpath, reason="symlink_loop", detail="folder"))
                continue
            w.visited.add(child_real)
            child = _child_place(place, entry.name, relpath, w.ids)
            if child is None:
                continue
            if child == "unnamed":
                w.skipped.append(SkippedEntry(path=relpath, reason="folder_unnamed"))
                continue
            _walk_dir(w, entry.path, child_real, raw + "/", child, level + 1)
        elif entry.name in _SKIP_NAMES and (level == 0 or entry.name != layout.UNIT_PLAN_NAME):
            continue
        else:
            if place.subject is None and level == 0:
                w.skipped.append(SkippedEntry(path=relpath, reason="outside_standard"))
                continue
            w.out.append(Entry(entry.path, entry.name, relpath, place, _size(entry)))


def _size(entry: os.DirEntry) -> int | None:
    try:
        return entry.stat().st_size
    except OSError:
        return None


def _child_place(place: Place, name: str, relpath: str, ids: tuple[str, ...]) -> Place | str | None:
    if place.subject is None:
        if name == layout.BONUS_FOLDER:
            return None  # honour and promotion proofs: read by scoring from the unit plan
        if layout.category_folder(name):
            return Place()
        subject = layout.subject_of(name, ids)
        return Place(subject=subject) if subject else "unnamed"
    if place.role is None:
        role = layout.ROLE_FOLDERS.get(layout.normalize(name))
        if role is not None:
            return Place(place.subject, role)
        return Place(place.subject, "activity", relpath)
    return place  # deeper folders belong to their activity or role folder


def bonus_files(root: Path) -> tuple[str, ...]:
    """Names of the honour and promotion proofs in 加分/ (regular files only; not read: scoring matches
    them against the unit plan's honours by name)."""
    base = root / layout.BONUS_FOLDER
    if not base.is_dir() or base.is_symlink():
        return ()
    found = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(rel(root, path))
    return tuple(sorted(found))

