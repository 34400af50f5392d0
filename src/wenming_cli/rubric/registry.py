"""Find rubrics: bundled ones by id, or a user's own file by path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from wenming_cli.errors import InvalidInput
from wenming_cli.fsio import read_regular
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.rubric import compiled
from wenming_cli.rubric.catalogue import bundled_dir, bundled_files  # noqa: F401  (re-exported)
from wenming_cli.rubric.loader import load_rubric_file, load_unit_file
from wenming_cli.rubric.yamlsource import MAX_BYTES


def _is_path_like(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def rubric_path(ref: str, base: Path | None = None) -> Path:
    """Resolve a rubric id or a file path (relative to `base` when given) to a file."""
    if _is_path_like(ref):
        path = Path(ref)
        if not path.is_absolute() and base is not None:
            path = base / path
        return path
    for candidate in bundled_files():
        if candidate.stem == ref:
            return candidate
    known = "、".join(p.stem for p in bundled_files()) or "（无）"
    raise InvalidInput(f"找不到测评细则“{ref}”。可用的有：{known}；也可以给出 YAML 文件路径。")


@lru_cache(maxsize=32)
def _load_cached(path: Path, stamp: tuple[int, int]) -> Rubric:
    """`stamp` (modification time in ns, size) is part of the key: a file rewritten while the process
    runs (tests, a long batch) is loaded again instead of served from memory. Between runs the validated
    model is kept by the file's bytes (`rubric/compiled.py`)."""
    data = _bytes(path)
    known = compiled.recall(data) if data is not None else None
    if known is not None:
        return known
    loaded = load_rubric_file(path)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if loaded.model is None or errors:
        raise InvalidInput(f"测评细则 {path} 有错误，请先修正。", problems=loaded.problems)
    if data is not None and _bytes(path) == data:  # kept only under the bytes it was read from
        compiled.remember(data, loaded.model)
    return loaded.model


def _bytes(path: Path) -> bytes | None:
    """The rubric file's bytes, or None when they cannot be had (the loader then says why)."""
    try:
        return read_regular(path, limit=MAX_BYTES)
    except OSError:
        return None


def load_rubric(ref: str, base: Path | None = None) -> Rubric:
    """A valid rubric or InvalidInput listing every problem."""
    path = rubric_path(ref, base).resolve()
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = (0, -1)  # missing or unreadable: the loader reports it
    return _load_cached(path, stamp)


def load_unit_plan(path: Path) -> tuple[UnitPlan, Rubric, list]:
    """A valid unit plan with its rubric; warnings are returned, errors raise InvalidInput."""
    loaded = load_unit_file(path, lambda ref, base: load_rubric(ref, base))
    errors = [p for p in loaded.problems if p.severity == "error"]
    if loaded.model is None or errors:
        raise InvalidInput(f"单位方案 {path} 有错误，请先修正。", problems=loaded.problems)
    plan, rubric = loaded.model
    return plan, rubric, loaded.problems
