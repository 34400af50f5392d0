"""What every rule family sees: the rubric, the unit plan, the inventory, the date of the check."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from wenming_cli.evidence.layout import match_id
from wenming_cli.evidence.scan import ScanOutput
from wenming_cli.models.inventory import Activity, EvidenceFile
from wenming_cli.models.rubric import Deadline, MaterialRules, Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.periods import (
    Quarter,
    deadline_end,
    due_date,
    multi_year_period,
    period_quarters,
    rubric_period,
)

__all__ = ["CheckContext", "Quarter", "where_of"]


# rubric.subject_fields, remembered for the last few rubrics (a check asks it once per file). Each entry
# holds its rubric, so the id it is filed under cannot name another rubric while it is there.
_FIELDS: OrderedDict[int, tuple[Rubric, dict[str | None, dict[str, str]]]] = OrderedDict()


def subject_fields(rubric: Rubric, subject: str | None) -> dict[str, str]:
    entry = _FIELDS.get(id(rubric))
    if entry is None or entry[0] is not rubric:
        entry = _FIELDS[id(rubric)] = (rubric, {})
        while len(_FIELDS) > 8:
            _FIELDS.popitem(last=False)
    known = entry[1]
    if subject not in known:
        known[subject] = rubric.subject_fields(subject)
    return dict(known[subject])


def where_of(f: EvidenceFile, rubric: Rubric) -> dict[str, object]:
    """A finding's location fields for a file: its path, activity and standard or task."""
    return {"path": f.path, "activity": f.activity, **subject_fields(rubric, f.subject)}


def activity_where(rubric: Rubric, activity: Activity) -> dict[str, object]:
    """Subject fields for a finding about an activity: the one clause its caption names (`条款：1.2`),
    so the finding is charged to that clause only; else its standard or task."""
    fields: dict[str, object] = dict(subject_fields(rubric, activity.subject))
    own = own_clauses(rubric, activity)
    if len(own) == 1:
        fields["clause"] = own[0]
    return fields


def own_clauses(rubric: Rubric, activity: Activity) -> list[str]:
    """The clauses of the activity's own standard that its caption names under 条款."""
    standard = rubric.standard(activity.subject)
    if standard is None:
        return []
    ids = {c.id for c in standard.clauses}
    return [c for c in activity.clauses if c in ids]


def id_examples(rubric: Rubric) -> str:
    """How ids look in this rubric, for fix texts: 测评标准编号（如 1）、计分项（如 1.1）、任务编号（如 …）."""
    parts = []
    if rubric.standards:
        s = rubric.standards[0]
        parts.append(f"测评标准编号（如 {s.number}）")
        parts.append(f"计分项（如 {s.clauses[0].id}）")
    task = next((t.id for tl in rubric.task_lists for t in tl.tasks), None)
    if task:
        parts.append(f"任务编号（如 {task}）")
    return "、".join(parts)


@dataclass
class CheckContext:
    rubric: Rubric
    plan: UnitPlan | None
    scan: ScanOutput
    as_of: dt.date
    quick: bool = False

    @property
    def year(self) -> int:
        return self.plan.assessment_year if self.plan is not None else self.rubric.year

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The assessment period: the assessment year, or several years ending with it."""
        return rubric_period(self.rubric, self.year)

    def period_for(self, subject: str | None) -> tuple[dt.date, dt.date]:
        """A multi-year task's own period (三年创建周期), else the assessment period."""
        task = self.rubric.task(subject) if subject else None
        own = multi_year_period(task.period, self.period[0]) if task is not None else None
        return own or self.period

    def rules_for(self, subject: str) -> MaterialRules:
        known = self._remembered.setdefault("rules", {})
        if subject not in known:
            if self.rubric.subject_kind(subject) == "task":
                known[subject] = self.rubric.material_rules_for_task(subject)
            else:
                known[subject] = self.rubric.material_rules
        return known[subject]

    @cached_property
    def _remembered(self) -> dict[str, dict]:
        """Answers that depend only on the rubric and the check date, asked once per file."""
        return {}

    @cached_property
    def activity_deadline(self) -> dt.date | None:
        return deadline_end(self.rubric.material_rules.activities_deadline, self.year)

    @cached_property
    def quarters(self) -> list[Quarter]:
        """Every quarter of the assessment period (of each of its years); the last one ends at the
        activities deadline when the rubric sets one."""
        return period_quarters(*self.period, self.activity_deadline)

    def due(self, deadline: Deadline | None) -> dt.date:
        """When a clause or task with this deadline must be done (see `periods.due_date`)."""
        return due_date(deadline, self.year, self.rubric.material_rules.activities_deadline)

    def subject_due(self, subject: str, clauses: tuple[str, ...] = ()) -> dt.date:
        """The deadline of a standard (its latest clause's, or of the clauses named), a clause or a task."""
        known = self._remembered.setdefault("due", {})
        if (subject, clauses) not in known:
            known[(subject, clauses)] = self._subject_due(subject, clauses)
        return known[(subject, clauses)]

    def _subject_due(self, subject: str, clauses: tuple[str, ...]) -> dt.date:
        task = self.rubric.task(subject)
        if task is not None:
            return self.due(task.deadline)
        clause = self.rubric.clause(subject)
        if clause is not None:
            return self.due(clause.deadline)
        standard = next((s for s in self.rubric.standards if str(s.number) == subject), None)
        if standard is None:
            return self.due(None)
        chosen = [c for c in standard.clauses if not clauses or c.id in clauses] or list(standard.clauses)
        return max((self.due(c.deadline) for c in chosen), default=self.due(None))

    def activity_too_late(self, activity: Activity) -> bool:
        """Dated after its own standard's or task's deadline, or after the check date: it counts nowhere.

        An activity after the unit's assessment date only gets a warning: Yiyang's inferred assessment
        date (the application deadline) lies before its rule that activities run to the end of October.
        """
        if activity.date is None:
            return False
        own = self.subject_due(activity.subject, activity.clauses)
        return activity.date > own or activity.date > self.as_of

    def quarter_of(self, day: dt.date) -> Quarter | None:
        return next((q for q in self.quarters if q.start <= day <= q.end), None)

    @cached_property
    def files_by_path(self) -> dict[str, EvidenceFile]:
        return {f.path: f for f in self.scan.inventory.files}

    @cached_property
    def activities_by_path(self) -> dict[str, Activity]:
        return {a.path: a for a in self.activities}

    def activities_for(self, folder: str) -> list[Activity]:
        """The activities filed under `folder` or naming other subjects (`同时用于`), in scan order:
        every activity that can count for the subject of that folder."""
        by_folder, elsewhere = self._activity_index
        return [self.activities[i] for i in sorted({*by_folder.get(folder, ()), *elsewhere})]

    def files_in(self, folder: str) -> list[EvidenceFile]:
        """The files under a subject's folder, in scan order."""
        return self._files_by_subject.get(folder, [])

    @cached_property
    def _activity_index(self) -> tuple[dict[str, list[int]], list[int]]:
        by_folder: dict[str, list[int]] = {}
        for i, a in enumerate(self.activities):
            by_folder.setdefault(a.subject, []).append(i)
        return by_folder, [i for i, a in enumerate(self.activities) if a.also]

    @cached_property
    def _files_by_subject(self) -> dict[str | None, list[EvidenceFile]]:
        out: dict[str | None, list[EvidenceFile]] = {}
        for f in self.scan.inventory.files:
            out.setdefault(f.subject, []).append(f)
        return out

    @cached_property
    def activities(self) -> list[Activity]:
        """The scanned activities, their `条款` and `同时用于` references resolved to the rubric's ids
        as printed (a caption's （12）, 第22条 or II-3 names (12), 22 or Ⅱ-3)."""
        ids = self.rubric.all_ids
        out = []
        for a in self.scan.inventory.activities:
            clauses = tuple(match_id(r, ids) or r for r in a.clauses)
            also = tuple(match_id(r, ids) or r for r in a.also)
            out.append(a if (clauses, also) == (a.clauses, a.also) else a.model_copy(update={"clauses": clauses, "also": also}))
        return out

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
