"""Scorecard → gap list (points at risk, who fixes what by when) and the comparison with a baseline (pure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from wenming_cli.models.common import format_points
from wenming_cli.models.finding import Severity
from wenming_cli.models.scorecard import (
    BaselineComparison,
    BonusScore,
    ClauseScore,
    Gap,
    GapGroup,
    GapReport,
    Scorecard,
    TaskStatus,
    VetoResult,
)
from wenming_cli.proofs import claim_field, proof_fix

ZERO = Decimal(0)
UNASSIGNED = "未分配"


def build_gaps(card: Scorecard, as_of: dt.date) -> GapReport:
    """Every clause that loses points or carries errors, and every task not done, largest risk first."""
    gaps = [g for c in card.clauses() if (g := _clause_gap(c, as_of)) is not None]
    gaps += [_veto_gap(v) for v in card.vetoes if v.status != "passed"]
    gaps += [g for b in card.bonus for g in _bonus_gaps(b, card.assessment_date, as_of)]
    gaps.sort(key=lambda g: (not (g.veto and g.severity == "error"), -g.at_risk, -Severity(g.severity).rank))
    tasks = [g for t in card.tasks if (g := _task_gap(t, as_of)) is not None]
    tasks.sort(key=lambda g: (not g.overdue, -Severity(g.severity).rank, g.deadline or dt.date.max))
    report = make_report(card.rubric, card.unit, as_of, [*gaps, *tasks])
    return report.model_copy(update={"not_applicable": card.not_applicable})


def make_report(
    rubric: str,
    unit: str | None,
    as_of: dt.date,
    gaps: list[Gap],
    filters: dict[str, str] | None = None,
    baseline: BaselineComparison | None = None,
) -> GapReport:
    return GapReport(
        rubric=rubric,
        unit=unit,
        as_of=as_of,
        gaps=tuple(gaps),
        by_department=_groups(gaps, lambda g: list(zip(g.department_ids, g.departments, strict=False))),
        by_person=_groups(gaps, lambda g: [(p, p) for p in dict.fromkeys((*g.persons, *g.doers))]),
        at_risk=sum((g.at_risk for g in gaps), ZERO),
        filters=filters or {},
        baseline=baseline,
    )


def _clause_gap(c: ClauseScore, as_of: dt.date) -> Gap | None:
    if c.status == "not_applicable":
        return None
    has_errors = any(p.startswith("错误") for p in c.problems)
    at_risk = c.max_points - c.points
    if at_risk <= 0 and not c.veto_failed and not has_errors:
        return None
    who = c.responsibility
    deadline = who.remedy_deadline or who.deadline
    overdue = deadline is not None and deadline < as_of
    lost_on_files = c.basis in ("evidence", "estimate") and at_risk > 0 and c.status != "pending"
    if c.veto_failed or lost_on_files or has_errors or overdue:
        severity = "error"
    elif c.basis == "none":
        severity = "warning"
    else:
        severity = "info"
    missing = list(c.problems)
    if c.basis == "none":
        missing.insert(0, f"无法从材料判断（{'、'.join(c.methods)}），单位未自评")
    elif c.basis == "self_assessed":
        missing.insert(0, f"无法从材料判断，单位自评{format_points(c.points)}分：{c.self_reason or ''}")
    if c.veto_failed:
        missing.insert(0, "一票否决项未通过")
    actions = list(c.fixes)
    if c.status == "missing" and not actions:
        actions.append("按测评标准收集佐证材料并放入对应文件夹")
    if c.basis in ("none", "self_assessed"):
        actions.append("实地考察或问卷调查前逐项自查；在单位方案 self_assessment 中写明自评分和理由")
    if who.remedy:
        actions.insert(0, who.remedy)
    return Gap(
        subject=c.clause,
        kind="clause",
        ref=c.ref,
        title=c.short_title,
        status=c.status,
        severity=severity,
        max_points=c.max_points,
        points=c.points,
        at_risk=max(at_risk, ZERO),
        veto=c.veto,
        missing=tuple(dict.fromkeys(missing)),
        actions=tuple(dict.fromkeys(actions)),
        department_ids=who.department_ids,
        departments=who.departments,
        persons=who.persons,
        doers=who.doers,
        deadline=deadline,
        deadline_text=None if who.remedy_deadline else who.deadline_text,
        overdue=overdue,
        remedy=who.remedy,
        finding_keys=c.finding_keys,
    )


def _veto_gap(v: VetoResult) -> Gap:
    """A disqualifying condition not confirmed as passed: failed (error) or still undecided (warning)."""
    failed = v.status == "failed"
    return Gap(
        subject=v.id,
        kind="veto",
        ref="一票否决项",
        title=v.text,
        status="missing" if failed else "not_decidable",
        severity="error" if failed else "warning",
        at_risk=ZERO,
        veto=True,
        missing=("已触及一票否决项，不具备评选资格" if failed else "一票否决项尚未确认",)
        + ((v.note,) if v.note else ()),
        actions=(
            "在单位方案 vetoes 中逐项确认（passed / failed）"
            if not failed
            else "核实情况；触及即不具备评选资格",
        ),
    )


def _bonus_gaps(b: BonusScore, assessment: dt.date | None, as_of: dt.date) -> list[Gap]:
    """An honour or promotion that would count but for its proof in 加分/: the points it would add
    (within the rule's cap, highest first), who answers for the rule where the plan says so, and the
    deadline: the assessment date (the proof must be there when the assessors look)."""
    counted = {i.content_key for i in b.items if i.counted and i.content_key}
    room = b.cap - b.points
    gaps = []
    for item in sorted(b.items, key=lambda i: -(i.level_points or ZERO)):
        if not item.proof_missing or (item.content_key and item.content_key in counted):
            continue
        worth = min(item.level_points or ZERO, max(room, ZERO))
        room -= worth
        who = b.responsibility
        gaps.append(
            Gap(
                subject=claim_field(item.kind, item.content_key, item.name),
                kind="bonus",
                ref=b.label,
                title=item.name,
                status="missing",
                severity="warning",
                max_points=item.level_points,
                points=ZERO,
                at_risk=worth,
                missing=(item.reason or "",),
                actions=(proof_fix(item.name, item.document_date),),
                department_ids=who.department_ids,
                departments=who.departments,
                persons=who.persons,
                doers=who.doers,
                deadline=assessment,
                deadline_text=None if assessment else "测评前",
                overdue=assessment is not None and assessment < as_of,
                finding_keys=item.finding_keys,
            )
        )
    return gaps


def _task_gap(t: TaskStatus, as_of: dt.date) -> Gap | None:
    has_errors = any(p.startswith("错误") for p in t.problems)
    if t.status in ("met", "not_applicable", "not_decidable") and not has_errors:
        return None
    who = t.responsibility
    deadline = who.remedy_deadline or t.deadline
    overdue = t.overdue or (deadline is not None and deadline < as_of)
    if overdue or has_errors or (t.status in ("missing", "partly") and deadline is None):
        severity = "error"
    elif t.status == "pending":
        severity = "info"
    else:
        severity = "warning"
    actions = list(t.fixes)
    if who.remedy:
        actions.insert(0, who.remedy)
    if t.status == "missing" and not actions:
        actions.append("按任务要求开展活动并收集材料")
    return Gap(
        subject=t.task,
        kind="task",
        ref=f"任务 {t.task}",
        title=t.title,
        status=t.status,
        severity=severity,
        at_risk=ZERO,
        missing=t.problems or (("未找到任何佐证材料",) if t.status == "missing" else ()),
        actions=tuple(dict.fromkeys(actions)),
        department_ids=who.department_ids,
        departments=who.departments,
        persons=who.persons,
        doers=who.doers,
        deadline=deadline,
        deadline_text=t.deadline_text,
        overdue=overdue,
        remedy=who.remedy,
        finding_keys=t.finding_keys,
    )


def _groups(gaps: list[Gap], keys_of: Any) -> tuple[GapGroup, ...]:
    order: list[tuple[str, str]] = []
    members: dict[str, list[Gap]] = {}
    for g in gaps:
        keys = keys_of(g) or [("", UNASSIGNED)]
        for key, label in keys:
            if key not in members:
                order.append((key, label))
                members[key] = []
            members[key].append(g)
    groups = [
        GapGroup(
            key=key,
            label=label,
            subjects=tuple(g.subject for g in members[key]),
            at_risk=sum((g.at_risk for g in members[key]), ZERO),
            overdue=sum(1 for g in members[key] if g.overdue),
        )
        for key, label in order
    ]
    groups.sort(key=lambda gr: (gr.key == "", -gr.at_risk))
    return tuple(groups)


def filter_gaps(
    report: GapReport,
    department: str | None = None,
    person: str | None = None,
    aliases: dict[str, str] | None = None,
) -> GapReport:
    """Keep one department's (id, name or alias) or one person's items (responsible or doer)."""
    dep_id = (aliases or {}).get(department, department) if department else None
    kept = [
        g
        for g in report.gaps
        if (dep_id is None or dep_id in g.department_ids or dep_id in g.departments)
        and (person is None or person in g.persons or person in g.doers)
    ]
    filters = {k: v for k, v in (("department", department), ("person", person)) if v}
    out = make_report(report.rubric, report.unit, report.as_of, kept, filters, report.baseline)
    return out.model_copy(update={"not_applicable": report.not_applicable})
