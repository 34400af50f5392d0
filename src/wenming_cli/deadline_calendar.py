"""Deadline reminders: every duty of the unit as a calendar event, with the upload window before it.

Which deadlines exist is decided by `duties` (rubric task lists, clause deadlines, the rubric's
activities deadline, the unit plan's internal deadlines); the upload window (Yiyang 附件2 注10: the last
week before a task's deadline) only where the rubric declares one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Literal

from wenming_cli.checks.engine import CheckRun
from wenming_cli.duties import Duty, build_duties, context, fallback_due
from wenming_cli.errors import UsageError


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    kind: Literal["deadline", "upload"]
    summary: str
    description: str
    start: dt.date
    end: dt.date  # inclusive
    subject: str
    period: str | None
    departments: tuple[str, ...]
    persons: tuple[str, ...]
    complete: bool
    overdue: bool


def _matches(run: CheckRun, duty: Duty, department: str | None, person: str | None) -> bool:
    if department is not None:
        names = {department}
        plan = run.plan
        if plan is not None:
            for d in plan.departments:
                if department in (d.id, d.name, *d.aliases):
                    names |= {d.id, d.name, *d.aliases}
        if not names & set(duty.departments):
            return False
    return person is None or person in duty.persons


def check_filters(run: CheckRun, department: str | None, person: str | None) -> None:
    """An unknown department or person is a usage error naming the known ones."""
    plan = run.plan
    if plan is None:
        if department or person:
            raise UsageError("证据文件夹中没有 unit.yaml，无法按部门或责任人筛选。")
        return
    if department is not None:
        known = {n for d in plan.departments for n in (d.id, d.name, *d.aliases)}
        if department not in known:
            raise UsageError(
                f"单位方案中没有部门“{department}”。",
                hint="可用：" + "、".join(d.name for d in plan.departments),
            )
    if person is not None:
        known_people = {p.name for p in plan.roster} | {
            n for a in plan.assignments for n in (*a.persons, *a.doers)
        }
        if person not in known_people:
            raise UsageError(f"单位方案中没有责任人“{person}”。", hint="请按人员名单中的写法填写。")


def build_events(
    run: CheckRun,
    *,
    department: str | None = None,
    person: str | None = None,
    include_complete: bool = False,
) -> list[CalendarEvent]:
    """The events of the unit's duties at the check's date; complete ones only with `include_complete`."""
    check_filters(run, department, person)
    ctx = context(run)
    as_of = run.result.as_of
    window = run.rubric.material_rules.upload_window
    unit = run.plan.unit.name if run.plan else ""
    key = hashlib.sha256(f"{run.rubric.id}|{unit}".encode()).hexdigest()[:12]
    events: list[CalendarEvent] = []
    for duty in build_duties(run):
        if not _matches(run, duty, department, person) or (duty.complete and not include_complete):
            continue
        due = duty.due or fallback_due(ctx)
        overdue = not duty.complete and due < as_of
        mark = "【已完成】" if duty.complete else "【已逾期】" if overdue else ""
        who = _who(duty)
        base = f"{key}-{duty.subject}-{'.'.join(duty.clauses)}-{duty.period or ''}"
        when = duty.due_text or ""
        lines = [
            duty.requirement,
            "",
            f"截止：{due.isoformat()}（{when}）" if when else f"截止：{due.isoformat()}",
            *(["这是单位方案规定的内部期限。"] if duty.internal else []),
            *who,
        ]
        events.append(
            CalendarEvent(
                uid=f"{base}-deadline@wenming",
                kind="deadline",
                summary=f"{mark}截止：{duty.title}",
                description="\n".join(lines),
                start=due,
                end=due,
                subject=duty.subject,
                period=duty.period,
                departments=duty.departments,
                persons=duty.persons,
                complete=duty.complete,
                overdue=overdue,
            )
        )
        if window is not None:
            start, _end = window.dates(due)
            source = f"（{window.source}：{window.text}）" if window.source else f"（{window.text}）"
            events.append(
                CalendarEvent(
                    uid=f"{base}-upload@wenming",
                    kind="upload",
                    summary=f"{mark}上传材料：{duty.title}",
                    description="\n".join(
                        [f"在 {start.isoformat()} 至 {due.isoformat()} 上传本项材料{source}。", "", *lines]
                    ),
                    start=start,
                    end=due,
                    subject=duty.subject,
                    period=duty.period,
                    departments=duty.departments,
                    persons=duty.persons,
                    complete=duty.complete,
                    overdue=overdue,
                )
            )
    events.sort(key=lambda e: (e.start, e.kind != "upload", e.summary))
    return events


def _who(duty: Duty) -> list[str]:
    out = []
    if duty.departments:
        out.append("责任部门：" + "、".join(duty.departments))
    if duty.persons:
        out.append("责任人：" + "、".join(duty.persons))
    return out
