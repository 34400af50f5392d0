"""What is due when and by whom: every deadline of the rubric's clauses and tasks for one unit.

Deadlines and responsibility are resolved by scoring (the unit plan's internal deadline first, then the
clause's or task's own, then the rubric's activities deadline); quarterly requirements are split into one
duty per quarter from the check's coverage. `pack` uses the duties to date material, `calendar` to remind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wenming_cli.checks.context import CheckContext
from wenming_cli.checks.engine import CheckRun
from wenming_cli.models.results import Coverage
from wenming_cli.models.scorecard import Responsibility, Scorecard
from wenming_cli.periods import Quarter, due_date
from wenming_cli.scoring import score

_DONE = ("met", "not_applicable")


@dataclass(frozen=True)
class Duty:
    """One thing due: a standard's clauses or a task, for one quarter where the rubric counts by quarter."""

    subject: str  # standard number or task id ("22", "a3-1.2"): the folder it is filed under
    clauses: tuple[str, ...]  # the clauses it covers ("22.1", …); () for a task
    title: str  # 第22条 学雷锋志愿服务 / a3-1.2 创建工作议事
    requirement: str
    due: dt.date | None
    due_text: str | None
    period: str | None  # "2021Q2" when due at a quarter's end
    departments: tuple[str, ...]
    persons: tuple[str, ...]
    complete: bool
    internal: bool = False  # the deadline is the unit plan's own, not the rubric's


def context(run: CheckRun) -> CheckContext:
    return CheckContext(rubric=run.rubric, plan=run.plan, scan=run.scan, as_of=run.result.as_of)


def quarter_named(ctx: CheckContext, label: str) -> Quarter | None:
    return next((q for q in ctx.quarters if q.label == label), None)


def fallback_due(ctx: CheckContext) -> dt.date:
    """Material without a deadline of its own is due when scoring says so (`periods.due_date`)."""
    return due_date(None, ctx.year, ctx.rubric.material_rules.activities_deadline)


def build_duties(run: CheckRun, card: Scorecard | None = None) -> list[Duty]:
    """Every duty of the unit, in the rubric's order (clauses of a standard with one deadline merged)."""
    card = card or score(run.rubric, run.plan, run.result)
    ctx = context(run)
    duties: list[Duty] = []
    by_standard: dict[str, list] = {}
    for category in card.categories:
        for c in category.clauses:
            if c.needs_files and c.status != "not_applicable":
                by_standard.setdefault(str(c.standard), []).append(c)
    for number, clauses in by_standard.items():
        standard = next((s for s in run.rubric.standards if str(s.number) == number), None)
        title = f"{standard.ref} {standard.short_title}" if standard else f"第{number}条"
        groups: dict[tuple, list] = {}
        for c in clauses:
            groups.setdefault(_who_key(c.responsibility), []).append(c)
        for group in groups.values():
            first = group[0]
            periods = _periods(
                ctx, [run.result.coverage_for(c.clause) for c in group], first.responsibility.deadline
            )
            ids = tuple(c.clause for c in group)
            text = "；".join(c.text for c in group)
            if periods:
                duties += _quarterly(number, ids, title, text, first.responsibility, periods)
                continue
            duties.append(
                Duty(
                    subject=number,
                    clauses=ids,
                    title=title if len(group) == len(clauses) else f"{title}（第{'、'.join(ids)}项）",
                    requirement=text,
                    due=first.responsibility.deadline,
                    due_text=first.responsibility.deadline_text,
                    period=None,
                    departments=first.responsibility.departments,
                    persons=_persons(first.responsibility),
                    complete=all(c.status in _DONE for c in group),
                    internal=_internal(run, number, first.responsibility),
                )
            )
    for task in card.tasks:
        if task.status == "not_applicable":
            continue
        title = f"{task.task} {task.title}"
        requirement = task.requirement
        periods = _periods(ctx, [run.result.coverage_for(task.task)], task.deadline)
        if periods:
            duties += _quarterly(task.task, (), title, requirement, task.responsibility, periods)
            continue
        duties.append(
            Duty(
                subject=task.task,
                clauses=(),
                title=title,
                requirement=requirement,
                due=task.deadline,
                due_text=task.deadline_text,
                period=None,
                departments=task.responsibility.departments,
                persons=_persons(task.responsibility),
                complete=task.status in _DONE,
                internal=_internal(run, task.task, task.responsibility),
            )
        )
    return duties


def _who_key(r: Responsibility) -> tuple:
    return (r.deadline, r.deadline_text, r.departments, r.persons, r.doers)


def _persons(r: Responsibility) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*r.persons, *r.doers)))


def _internal(run: CheckRun, subject: str, r: Responsibility) -> bool:
    plan = run.plan
    if plan is None or r.deadline is None:
        return False
    return any(a.deadline == r.deadline for a in plan.assignments if a.subject.split(".")[0] == subject)


def _periods(
    ctx: CheckContext, coverages: list[Coverage | None], deadline: dt.date | None
) -> list[tuple[Quarter, bool]]:
    """The quarters a requirement counts by (those not begun yet too, for reminders), each with
    whether every requirement has its count in it."""
    done: dict[str, bool] = {}
    for cov in coverages:
        if cov is None:
            continue
        for req in cov.requirements:
            if req.per != "quarter":
                continue
            for quarter in ctx.quarters:
                if deadline is not None and quarter.start > deadline:
                    continue
                count = next((p for p in req.periods if p.period == quarter.label), None)
                met = count is not None and count.found >= count.required
                done[quarter.label] = done.get(quarter.label, True) and met
    return [(q, done[q.label]) for q in ctx.quarters if q.label in done]


def _quarterly(
    subject: str,
    clauses: tuple[str, ...],
    title: str,
    requirement: str,
    who: Responsibility,
    periods: list[tuple[Quarter, bool]],
) -> list[Duty]:
    return [
        Duty(
            subject=subject,
            clauses=clauses,
            title=f"{title}（{quarter.name}）",
            requirement=requirement,
            due=quarter.end,
            due_text=f"每季度，{quarter.name[5:]}截至{quarter.end.month}月{quarter.end.day}日",
            period=quarter.label,
            departments=who.departments,
            persons=_persons(who),
            complete=met,
        )
        for quarter, met in periods
    ]
