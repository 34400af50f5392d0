"""What every rule family sees: the rubric, the unit plan, the inventory, the date of the check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from wenming_cli.evidence.scan import ScanOutput
from wenming_cli.models.inventory import Activity, EvidenceFile
from wenming_cli.models.rubric import MaterialRules, Rubric
from wenming_cli.models.unit import UnitPlan


def where_of(f: EvidenceFile) -> dict[str, object]:
    """A finding's location fields for a file: its path, activity and standard or task."""
    kw: dict[str, object] = {"path": f.path, "activity": f.activity}
    if f.subject and f.subject.isdigit():
        kw["standard"] = int(f.subject)
    elif f.subject:
        kw["task"] = f.subject
    return kw


@dataclass(frozen=True)
class Quarter:
    label: str  # "2021Q2"
    start: dt.date
    end: dt.date


@dataclass
class CheckContext:
    rubric: Rubric
    plan: UnitPlan | None
    scan: ScanOutput
    as_of: dt.date
    quick: bool = False
    decoded: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # path → (error, dhash)

    @property
    def year(self) -> int:
        return self.plan.assessment_year if self.plan is not None else self.rubric.year

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The assessment period: the assessment year, or several years ending with it."""
        first = self.year - self.rubric.assessment_period_years + 1
        return dt.date(first, 1, 1), dt.date(self.year, 12, 31)

    def rules_for(self, subject: str) -> MaterialRules:
        if subject and not subject.isdigit():
            return self.rubric.material_rules_for_task(subject)
        return self.rubric.material_rules

    @cached_property
    def activity_deadline(self) -> dt.date | None:
        deadline = self.rubric.material_rules.activities_deadline
        if deadline is None or deadline.end is None:
            return None
        month, day = (int(x) for x in deadline.end.split("-"))
        return dt.date(self.year, month, day)

    @cached_property
    def quarters(self) -> list[Quarter]:
        """The year's quarters; the last one ends at the activities deadline when the rubric sets one."""
        year = self.year
        bounds = [(1, 3, 31), (4, 6, 30), (7, 9, 30), (10, 12, 31)]
        result = []
        for i, (month, end_month, end_day) in enumerate(bounds, start=1):
            start = dt.date(year, month, 1)
            end = dt.date(year, end_month, end_day)
            if self.activity_deadline is not None and end > self.activity_deadline >= start:
                end = self.activity_deadline
            result.append(Quarter(f"{year}Q{i}", start, end))
        return result

    def quarter_of(self, day: dt.date) -> Quarter | None:
        return next((q for q in self.quarters if q.start <= day <= q.end), None)

    @cached_property
    def files_by_path(self) -> dict[str, EvidenceFile]:
        return {f.path: f for f in self.scan.inventory.files}

    @cached_property
    def activities(self) -> list[Activity]:
        return list(self.scan.inventory.activities)

    def unit_names(self) -> tuple[str, ...]:
        return self.plan.unit.names if self.plan is not None else ()

    def ignored(self, code: str, path: str | None) -> bool:
        if self.plan is None:
            return False
        for rule in self.plan.ignore:
            code_ok = rule.code is None or rule.code == code
            path_ok = rule.path is None or (
                path is not None and (path == rule.path or path.startswith(rule.path.rstrip("/") + "/"))
            )
            if code_ok and path_ok:
                return True
        return False
