"""Many units in one run, for a city's 文明办: one summary row per unit, the details on request.

Units are independent: each is checked and scored as `wenming check` and `wenming score` would (its
own unit.yaml names its rubric), one after the other, each with all cores for its photos. A unit that
cannot be checked (no unit.yaml, a broken plan) gets a row saying why; the others still run.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wenming_cli.errors import InvalidInput, WenmingError
from wenming_cli.evidence import layout
from wenming_cli.models.common import Frozen
from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import Points, Scorecard


class UnitRow(Frozen):
    folder: str
    unit: str | None = None
    rubric: str | None = None
    covered: int = 0  # standards and tasks with material
    subjects: int = 0  # standards and tasks that need material
    errors: int = 0
    warnings: int = 0
    score: Points | None = None  # evidence-backed total (with proven bonus)
    verdict: str | None = None
    problem: str | None = None  # why the unit could not be checked
    seconds: float = 0.0


class BatchSummary(Frozen):
    as_of: dt.date
    quick: bool
    rows: tuple[UnitRow, ...]
    seconds: float

    @property
    def units_per_hour(self) -> float:
        return round(len(self.rows) * 3600 / self.seconds, 1) if self.seconds else 0.0


@dataclass(frozen=True)
class UnitResult:
    row: UnitRow
    check: CheckResult | None = None
    card: Scorecard | None = None
    rubric: Rubric | None = None


def unit_folders(folders: list[Path], batch: Path | None) -> list[Path]:
    """The folders named, plus every sub-folder of `batch` holding a unit.yaml (sorted by name)."""
    found = list(folders)
    if batch is not None:
        if not batch.is_dir():
            raise InvalidInput(
                f"{batch} 不是文件夹。", hint="--batch 后给出存放各单位证据文件夹的上级文件夹。"
            )
        found += sorted(p for p in batch.iterdir() if p.is_dir() and (p / layout.UNIT_PLAN_NAME).is_file())
        if not found:
            raise InvalidInput(
                f"{batch} 中没有含 unit.yaml 的单位文件夹。", hint="每个单位一个文件夹，根目录放 unit.yaml。"
            )
    return found


def run_batch(
    folders: list[Path],
    *,
    as_of: dt.date,
    rubric_ref: str | None = None,
    quick: bool = False,
    workers: int | None = None,
    cache: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[BatchSummary, list[UnitResult]]:
    from wenming_cli import scoring
    from wenming_cli.checks.engine import run_check

    start = time.perf_counter()
    results: list[UnitResult] = []
    for i, folder in enumerate(folders, start=1):
        if progress is not None:
            progress(i, len(folders), str(folder))
        began = time.perf_counter()
        try:
            check, plan, rubric = run_check(
                folder, rubric_ref=rubric_ref, as_of=as_of, quick=quick, workers=workers, cache=cache
            )
            card = scoring.score(rubric, plan, check)
        except WenmingError as exc:
            row = UnitRow(folder=str(folder), problem=str(exc), seconds=round(time.perf_counter() - began, 2))
            results.append(UnitResult(row))
            continue
        severities = [f.severity.value for f in check.findings]
        row = UnitRow(
            folder=str(folder),
            unit=check.unit,
            rubric=check.rubric,
            covered=check.stats.subjects_covered,
            subjects=check.stats.subjects_total,
            errors=severities.count("error"),
            warnings=severities.count("warning"),
            score=card.total,
            verdict=card.verdict.message,
            seconds=round(time.perf_counter() - began, 2),
        )
        results.append(UnitResult(row, check, card, rubric))
    summary = BatchSummary(
        as_of=as_of,
        quick=quick,
        rows=tuple(r.row for r in results),
        seconds=round(time.perf_counter() - start, 2),
    )
    return summary, results
