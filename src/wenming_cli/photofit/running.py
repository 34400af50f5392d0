"""Running a planned `photo fit`: back up originals first (in place), then fit in worker processes."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed

from wenming_cli.errors import InvalidInput
from wenming_cli.photofit.fitting import fit_photo, renamed_note
from wenming_cli.photofit.models import FitPlan, FitReport, FitSettings, PhotoResult, PlannedPhoto
from wenming_cli.photofit.safety import AlreadyThere, file_hash, place
from wenming_cli.workers import process_pool


def _existing(item: PlannedPhoto, settings: FitSettings) -> PhotoResult:
    base = {"source": item.shown, "target": item.target_rel, "kind": item.kind, "size_before": item.size}
    if item.existing_link:
        return PhotoResult(
            **base,
            status="blocked",
            notes=tuple(renamed_note(item)),
            reason="输出位置已有同名的符号链接，未覆盖也未跟随；加 --force 把链接换成输出文件。",
        )
    assert item.existing is not None
    fits = settings.inside(item.existing)
    return PhotoResult(
        **base,
        written=item.target_rel if fits else None,
        size_after=item.existing,
        status="kept" if fits else "blocked",
        notes=(*renamed_note(item), *(["输出文件已存在且大小符合，未覆盖"] if fits else [])),
        reason=None if fits else "输出文件已存在但大小不符合，未覆盖；加 --force 重做。",
    )


def _taken(item: PlannedPhoto, settings: FitSettings) -> bool:
    return (item.existing is not None or item.existing_link) and not settings.force and not settings.in_place


def _report(
    plan: FitPlan, results: Sequence[PhotoResult], workers: int, started: float, dry: bool
) -> FitReport:
    return FitReport(
        window=plan.settings.window,
        output=str(plan.output),
        dry_run=dry,
        workers=workers,
        photos=tuple(results),
        ignored=plan.ignored,
        other_files=plan.other_files,
        seconds=round(time.perf_counter() - started, 3),
        in_place=plan.settings.in_place,
    )


def preview(plan: FitPlan) -> FitReport:
    """What `run` would do, without decoding or writing anything (--dry-run)."""
    started = time.perf_counter()
    results = []
    for item in plan.photos:
        if _taken(item, plan.settings):
            results.append(_existing(item, plan.settings))
            continue
        notes = renamed_note(item)
        if item.existing is not None and not plan.settings.in_place:
            notes.append("将覆盖已有的输出文件")
        if item.backup is not None:
            notes.append(f"先备份到 {item.backup}")
        if item.kind == item.output_kind and plan.settings.inside(item.size):
            notes.append("大小已在范围内")
        results.append(
            PhotoResult(
                source=item.shown,
                target=item.target_rel,
                kind=item.kind,
                size_before=item.size,
                status="planned",
                notes=tuple(notes),
            )
        )
    return _report(plan, results, 0, started, dry=True)


def back_up(plan: FitPlan) -> None:
    """In place: copy every original to the backup folder and verify it by hash, before anything changes.

    An existing backup with the same content is kept (a second run); one with other content is never
    replaced: the run stops before touching any photo.
    """
    guard = plan.backup_guard
    assert guard is not None
    for item in plan.photos:
        assert item.backup is not None
        original = file_hash(item.source)
        try:
            place(item.backup, guard, copy_of=item.source)
        except AlreadyThere:
            if file_hash(item.backup) != original:
                raise InvalidInput(
                    f"备份文件夹中已有内容不同的 {item.backup}，未做任何改动。",
                    hint="请换一个空的备份文件夹（--backup）。",
                ) from None
        except OSError as exc:
            raise InvalidInput(f"无法备份 {item.source} 到 {item.backup}：{exc}；未做任何改动。") from None
        if file_hash(item.backup) != original:
            raise InvalidInput(f"备份 {item.backup} 与原片校验不一致，未做任何改动。")


def run(plan: FitPlan, workers: int = 1, on_result: Callable[[PhotoResult], None] | None = None) -> FitReport:
    """Fit every planned photo, in `workers` processes; `on_result` hears of each as it finishes."""
    started = time.perf_counter()
    if plan.settings.in_place:
        back_up(plan)
    results: dict[int, PhotoResult] = {}
    todo: list[int] = []
    for index, item in enumerate(plan.photos):
        if _taken(item, plan.settings):
            results[index] = _existing(item, plan.settings)
            if on_result:
                on_result(results[index])
        else:
            todo.append(index)
    workers = max(1, min(workers, len(todo)))
    if workers == 1:
        for index in todo:
            results[index] = fit_photo(plan.photos[index], plan.settings)
            if on_result:
                on_result(results[index])
    else:
        # One photo per task, so memory holds one decoded image per worker.
        with process_pool(workers) as pool:
            futures = {pool.submit(fit_photo, plan.photos[i], plan.settings): i for i in todo}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if on_result:
                    on_result(results[futures[future]])
    return _report(plan, [results[i] for i in range(len(plan.photos))], workers, started, dry=False)
