"""Coverage: does every clause and task have the evidence its requirement asks for, quarter by quarter?"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wenming_cli import material_text
from wenming_cli.applicability import applicable_tasks
from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, subject_fields
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.inventory import Activity
from wenming_cli.models.results import Coverage, PeriodCount, RequirementCoverage
from wenming_cli.models.rubric import Deadline, EvidenceRequirement
from wenming_cli.periods import Slice, deadline_window, multi_year_period, slices

_ROLE_OF_KIND = {
    "activity": "activity",
    "official_document": "official_document",
    "report": "report",
    "screenshot": "screenshot",
}
_ROLE_LABEL = {
    "activity": "次活动",
    "official_document": "份正式发文",
    "report": "份说明报告",
    "screenshot": "张截图",
    "any": "份材料",
}


@dataclass(frozen=True)
class Piece:
    """One countable piece of evidence: an activity or a document, with the date it counts for."""

    role: str
    path: str
    date: dt.date | None


def compute_coverage(ctx: CheckContext, problems: Iterable[Finding]) -> tuple[list[Coverage], list[Finding]]:
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for f in problems:
        for key in _charged_to(ctx, f):
            if f.severity == Severity.error:
                errors[key] += 1
            elif f.severity == Severity.warning:
                warnings[key] += 1
    not_applicable = {na.subject: na.reason for na in ctx.plan.not_applicable} if ctx.plan else {}
    results: list[Coverage] = []
    findings: list[Finding] = []
    for standard in ctx.rubric.standards:
        for clause in standard.clauses:
            methods = ctx.rubric.clause_methods(standard, clause)
            subject_keys = (clause.id, str(standard.number))
            cov, found = _cover(
                ctx,
                subject=clause.id,
                folder=str(standard.number),
                aliases=subject_keys,
                requirements=clause.evidence,
                deadline=clause.deadline,
                needs_files=ctx.rubric.needs_files(standard, clause),
                methods=methods,
                reason=next((not_applicable[k] for k in subject_keys if k in not_applicable), None),
                errors=errors[clause.id],
                warnings=warnings[clause.id],
                where=subject_fields(ctx.rubric, clause.id),
                ref=standard.clause_ref(clause.id),
            )
            results.append(cov)
            findings.extend(found)
    for _task_list, task in applicable_tasks(ctx.rubric, ctx.plan):
        period = multi_year_period(task.period, ctx.period[0])  # the same as ctx.period_for(task.id)
        # A multi-year task (三年创建周期) is judged on files over its own period; others without an
        # evidence list are left to field inspection.
        needs_files = bool(task.evidence) or period is not None
        methods = ("material_review",) if needs_files else ()
        cov, found = _cover(
            ctx,
            subject=task.id,
            folder=task.id,
            aliases=(task.id,),
            requirements=task.evidence,
            deadline=task.deadline,
            needs_files=needs_files,
            methods=methods,
            reason=not_applicable.get(task.id),
            errors=errors[task.id],
            warnings=warnings[task.id],
            where=subject_fields(ctx.rubric, task.id),
            ref=f"任务 {task.id}",
            period=period,
        )
        results.append(cov)
        findings.extend(found)
    return results, findings


def _charged_to(ctx: CheckContext, f: Finding) -> list[str]:
    """The clause or task ids a finding counts against: its own clause, else every clause of its
    standard it concerns (a finding about an activity only those activities can prove)."""
    if f.task:
        return [f.task]
    if f.clause:
        return [f.clause]
    standard = ctx.rubric.standard(f.standard) if f.standard is not None else None
    if standard is None:
        return []
    return [
        c.id for c in standard.clauses if f.activity is None or ctx.rubric.takes_activities(standard, c)
    ]


def _pieces(
    ctx: CheckContext, folder: str, aliases: tuple[str, ...], due: dt.date, period: tuple[dt.date, dt.date]
) -> list[Piece]:
    """What counts for one subject: activities dated inside the period, by the subject's deadline and
    their own, and not after the check date; documents, reports and screenshots in its folder."""
    start, end = period
    pieces: list[Piece] = []
    for activity in ctx.activities_for(folder):
        if not _activity_counts(activity, folder, aliases):
            continue
        if activity.date is not None and not start <= activity.date <= end:
            continue
        if activity.date is not None and activity.date > due:
            continue
        if ctx.activity_too_late(activity):
            continue
        if not activity.photos:
            continue
        pieces.append(Piece("activity", activity.path, activity.date))
    for f in ctx.files_in(folder):
        if (
            f.subject == folder
            and f.activity is None
            and f.role in ("official_document", "report", "screenshot")
        ):
            pieces.append(Piece(f.role, f.path, f.date))
    return pieces


def _activity_counts(activity: Activity, folder: str, aliases: tuple[str, ...]) -> bool:
    if activity.subject == folder:
        return not activity.clauses or any(c in aliases for c in activity.clauses)
    return any(ref in aliases for ref in activity.also)


def _cover(
    ctx: CheckContext,
    *,
    subject: str,
    folder: str,
    aliases: tuple[str, ...],
    requirements: tuple[EvidenceRequirement, ...],
    deadline: Deadline | None,
    needs_files: bool,
    methods: tuple[str, ...],
    reason: str | None,
    errors: int,
    warnings: int,
    where: dict[str, object],
    ref: str,
    period: tuple[dt.date, dt.date] | None = None,
) -> tuple[Coverage, list[Finding]]:
    base = {
        "subject": subject,
        "needs_files": needs_files,
        "methods": methods,
        "errors": errors,
        "warnings": warnings,
    }
    base.update({"standard": where.get("standard"), "task": where.get("task")})
    if reason is not None:
        f = finding("COVERAGE-NOT-APPLICABLE", f"{ref}：本单位声明不适用。理由：{reason}", **where)
        return Coverage(status="not_applicable", reason=reason, **base), [f]
    if not needs_files:
        labels = "、".join(ctx.rubric.label("methods", m) for m in methods) or "实地查看"
        f = finding(
            "COVERAGE-NOT-FROM-FILES",
            f"{ref}由{labels}评定，无法从材料判断。",
            fix="迎检前对照要求自查现场。",
            **where,
        )
        return Coverage(status="not_decidable", reason=f"由{labels}评定", **base), [f]

    due = ctx.due(deadline)
    pieces = _pieces(ctx, folder, aliases, due, period or ctx.period)
    window = deadline_window(deadline, ctx.year)
    if window is not None:
        pieces = [p for p in pieces if p.date is None or window[0] <= p.date <= window[1]]
    default_min = ctx.rules_for(folder).default_min_activities or 1
    reqs = requirements or (EvidenceRequirement(kind="any", min_count=default_min, source="default"),)
    findings: list[Finding] = []
    covered: list[RequirementCoverage] = []
    states: list[str] = []  # per requirement: met, open (still time), short (time is up)
    kinds = Counter(req.kind for req in reqs)
    for index, req in enumerate(reqs):
        # A stricter count may apply to the unit's category (其中第一类单位…).
        need = req.count_for(ctx.plan.unit.category if ctx.plan is not None else None)
        # A subject with several requirements reports each under its own key.
        field = (req.kind if kinds[req.kind] == 1 else f"{req.kind}#{index + 1}") if len(reqs) > 1 else None
        roles = {role_of_kind(ctx, k) for k in (req.kind, *req.any_of)}
        role = next(iter(roles)) if len(roles) == 1 else "any"
        matching = [p for p in pieces if "any" in roles or p.role in roles]
        label = ctx.rubric.label("evidence_kinds", req.kind) if req.kind != "any" else "任一种材料"
        unit = _ROLE_LABEL.get(role, "份")
        periods: list[PeriodCount] = []
        per_quarter = req.per == "quarter" or (
            deadline is not None and deadline.kind == "quarterly" and req.per is None
        )
        state = "met"
        if per_quarter or req.per == "year":
            for quarter in _slices_to_date(ctx, "quarter" if per_quarter else "year", due, period):
                n = sum(1 for p in matching if p.date is not None and quarter.start <= p.date <= quarter.end)
                ended = quarter.end < ctx.as_of
                periods.append(
                    PeriodCount(period=quarter.label, required=need, found=n, ended=ended)
                )
                if n >= need:
                    continue
                code = "COVERAGE-PERIOD" if ended else "COVERAGE-PERIOD-OPEN"
                state = "short" if ended or state == "short" else "open"
                findings.append(
                    finding(
                        code,
                        f"{ref}：{quarter.name}要求{label}至少 {need} {unit}，现有 {n}。",
                        fix=_fix(ctx, folder, role),
                        period=quarter.label,
                        expected=str(need),
                        actual=str(n),
                        field=field,
                        **where,
                    )
                )
        elif len(matching) < need:
            overdue = due < ctx.as_of
            state = "short" if overdue else "open"
            if not matching:
                code = "COVERAGE-MISSING" if overdue else "COVERAGE-PENDING"
                message = f"{ref}：没有{label}（要求至少 {need} {unit}，期限 {due}）。"
            else:
                code = "COVERAGE-SHORT" if overdue else "COVERAGE-PENDING"
                message = (
                    f"{ref}：{label}要求至少 {need} {unit}，现有 {len(matching)}（期限 {due}）。"
                )
            findings.append(
                finding(
                    code,
                    message,
                    fix=_fix(ctx, folder, role),
                    expected=str(need),
                    actual=str(len(matching)),
                    field=field,
                    **where,
                )
            )
        states.append(state)
        covered.append(
            RequirementCoverage(
                kind=req.kind,
                label=label,
                required=need,
                per=req.per or ("quarter" if per_quarter else None),
                found=len(matching),
                periods=tuple(periods),
                source=req.source,
                quote=req.quote,
            )
        )
    counts = Counter(p.role for p in pieces)
    coverage = Coverage(
        status=_status(states, covered, errors),
        requirements=tuple(covered),
        activities=counts["activity"],
        documents=counts["official_document"],
        reports=counts["report"],
        screenshots=counts["screenshot"],
        activity_paths=tuple(p.path for p in pieces if p.role == "activity"),
        **base,
    )
    return coverage, findings


def _status(states: list[str], covered: list[RequirementCoverage], errors: int) -> str:
    """met only when every required kind reaches its count; partly only when some of what is required
    is there (evidence of another kind earns nothing); pending while time remains."""
    relevant = any(r.found > 0 for r in covered)
    if all(s == "met" for s in states):
        return "partly" if errors else "met"
    if "short" in states:
        return "partly" if relevant else "missing"
    return "pending"


def role_of_kind(ctx: CheckContext, kind: str) -> str:
    if kind == "any":
        return "any"
    spec = next((k for k in ctx.rubric.vocabularies.evidence_kinds if k.id == kind), None)
    return _ROLE_OF_KIND.get(spec.collected_as, "any") if spec is not None else "any"


def _slices_to_date(
    ctx: CheckContext, per: str, due: dt.date, period: tuple[dt.date, dt.date] | None
) -> list[Slice]:
    """The quarters (or calendar years) of the period that have begun by the check date and the due date."""
    start, end = period or ctx.period
    every = slices(per, start, end, ctx.activity_deadline)
    return [q for q in every if q.start <= ctx.as_of and q.start <= due]


def _fix(ctx: CheckContext, folder: str, role: str) -> str:
    return material_text.collect_fix(ctx.rules_for(folder), folder, role)
