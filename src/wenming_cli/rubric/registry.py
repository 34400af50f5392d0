"""Find rubrics: bundled ones by id, or a user's own file by path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from wenming_cli import usercache
from wenming_cli.errors import InvalidInput
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.rubric import compiled
from wenming_cli.rubric.catalogue import bundled_dir, bundled_files  # noqa: F401  (re-exported)

# The YAML loader (and the parser under it) is imported only when a file was not kept compiled.


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
def _load_cached(path: Path, stamp: tuple[int, int]) -> tuple[Rubric, str | None]:
    """The rubric and the digest of the bytes it was made from (None when they could not be read).

    `stamp` (modification time in ns, size) is part of the key: a file rewritten while the process runs
    (tests, a long batch) is loaded again instead of served from memory. Between runs the validated
    model is kept by the file's bytes (`rubric/compiled.py`)."""
    data = compiled.source_bytes(path)
    key = compiled.digest(data) if data is not None else None
    if key is not None:
        known = compiled.recall("rubric", key)
        if isinstance(known, Rubric):
            return known, key
    from wenming_cli.rubric import loader

    loaded = loader.load_rubric_file(path)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if loaded.model is None or errors:
        raise InvalidInput(f"测评细则 {path} 有错误，请先修正。", problems=loaded.problems)
    if key is not None and compiled.source_bytes(path) == data:  # kept only under the bytes it came from
        compiled.remember("rubric", key, loaded.model)
    return loaded.model, key


def load_rubric(ref: str, base: Path | None = None) -> Rubric:
    """A valid rubric or InvalidInput listing every problem."""
    return _load_keyed(ref, base)[0]


def _load_keyed(ref: str, base: Path | None) -> tuple[Rubric, str | None]:
    path = rubric_path(ref, base).resolve()
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = (0, -1)  # missing or unreadable: the loader reports it
    return _load_cached(path, stamp)


def load_unit_plan(path: Path) -> tuple[UnitPlan, Rubric, list]:
    """A valid unit plan with its rubric; warnings are returned, errors raise InvalidInput.

    Kept compiled with its warnings, by its path, its bytes and the digest of the rubric they were
    worked out against: a changed plan or rubric is loaded and checked again."""
    usercache.protect(path.parent)  # a plan lies at the root of its evidence folder
    data = compiled.source_bytes(path)
    key = None
    if data is not None:
        key = compiled.digest(str(path.resolve()).encode("utf-8", "surrogateescape"), data)
        kept = compiled.recall("plan", key)
        if isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[0], UnitPlan):
            plan, problems, rubric_key = kept
            try:
                rubric, current = _load_keyed(plan.rubric, path.parent)
            except InvalidInput:
                current = None  # the full load below says what is wrong, with its line
            if current is not None and current == rubric_key:
                return plan, rubric, list(problems)
    from wenming_cli.rubric import loader

    used: list[str | None] = []

    def resolve(ref: str, base: Path) -> Rubric:
        rubric, rubric_key = _load_keyed(ref, base)
        used.append(rubric_key)
        return rubric

    loaded = loader.load_unit_file(path, resolve)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if loaded.model is None or errors:
        raise InvalidInput(f"单位方案 {path} 有错误，请先修正。", problems=loaded.problems)
    plan, rubric = loaded.model
    if key is not None and used and used[-1] is not None and compiled.source_bytes(path) == data:
        compiled.remember("plan", key, (plan, tuple(loaded.problems), used[-1]))
    return plan, rubric, loaded.problems
