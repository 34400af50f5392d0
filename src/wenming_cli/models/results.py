"""What `check` returns: findings, per-subject coverage and target results, the input of scoring."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from wenming_cli.models.common import Frozen, Id, Points
from wenming_cli.models.finding import Finding, Severity

CoverageStatus = Literal["met", "partly", "missing", "not_decidable", "not_applicable", "pending"]


class PeriodCount(Frozen):
    period: str  # "2021Q1"
    required: int
    found: int
    ended: bool


class RequirementCoverage(Frozen):
    kind: str
    label: str
    required: int
    per: str | None = None
    found: int
    periods: tuple[PeriodCount, ...] = ()
    source: str = "inferred"
    quote: str | None = None


class ActivityRef(Frozen):
    """One activity as a report names it: its date and title (the caption's 主题, else the folder name)."""

    path: str
    subject: str
    date: dt.date | None = None
    title: str


class Coverage(Frozen):
    """How well one clause or task is proved by the files (before any scoring)."""

    subject: str  # clause id "22.1" or task id "a3-3.4"
    standard: Id | None = None
    task: str | None = None
    needs_files: bool
    methods: tuple[str, ...] = ()
    status: CoverageStatus
    requirements: tuple[RequirementCoverage, ...] = ()
    activities: int = 0
    documents: int = 0
    reports: int = 0
    screenshots: int = 0
    activity_paths: tuple[str, ...] = ()  # the activities counted for it (see CheckResult.activities)
    errors: int = 0  # error findings on this subject's evidence
    warnings: int = 0
    reason: str | None = None  # not applicable: the unit's reason; not decidable: why


class TargetResult(Frozen):
    target: str
    label: str
    subject: str  # clause or task id
    comparison: str
    required: Points  # in `unit`
    actual: Points | None = None  # in `unit`, None when figures are missing
    unit: str = "%"  # "%" for a ratio of two figures, else the figure's own unit (小时, 次, 人)
    numerator: Points | None = None
    denominator: Points | None = None
    met: bool | None = None
    people_short: int | None = None  # how many more people are needed
    missing_figures: tuple[str, ...] = ()
    note: str | None = None


class CheckStats(Frozen):
    files: int = 0
    photos: int = 0
    documents: int = 0
    reports: int = 0
    activities: int = 0
    subjects_total: int = 0
    subjects_covered: int = 0
    bytes: int = 0
    quick: bool = False
    skipped: tuple[str, ...] = ()
    from_cache: int = 0  # files whose facts came from the cache (unchanged since the last check)


class CheckResult(Frozen):
    rubric: str
    unit: str | None = None
    evidence: str
    as_of: dt.date
    findings: tuple[Finding, ...]
    coverage: tuple[Coverage, ...]
    targets: tuple[TargetResult, ...] = ()
    stats: CheckStats
    bonus_files: tuple[str, ...] = ()  # files in 加分/: the proofs scoring matches honours against
    activities: tuple[ActivityRef, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def coverage_for(self, subject: str) -> Coverage | None:
        return next((c for c in self.coverage if c.subject == subject), None)


__all__ = ["CheckResult", "Coverage", "TargetResult", "CheckStats", "Decimal"]
