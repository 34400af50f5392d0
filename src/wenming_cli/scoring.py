"""Rubric + unit plan + check result → Scorecard (pure: no files, no printing).

Rules (also in the README section on scoring):
- met: full points. partly met: the rubric's `partial_share` of them (default one half), an estimate.
  pending (a period still running): the partial share when some evidence is in, else 0, an estimate.
  missing: 0. A met clause whose quantitative target is not met, or cannot be computed for want of
  figures, counts as partly met.
- deduction (扣分): full points less `deduction` per error finding on the clause (a finding on the
  standard counts when the standard has this one clause), floored at zero; missing evidence gives 0.
- not decidable from files (field inspection, questionnaire): the unit's self-assessment, shown as
  such; without one, 0 and a note. A self-assessment of any other clause is shown beside the
  evidence-backed figure, never in its place.
- not applicable: 0 points, left out of the applicable maximum, with the unit's reason.
- veto (一票否决): fails when its coverage is `missing`, or when the unit's self-assessment gives it 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wenming_cli import bonus as bonus_mod
from wenming_cli.models.common import format_points
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import CheckResult, Coverage, TargetResult
from wenming_cli.models.rubric import Clause, Deadline, Rubric, Standard, Task, TaskList
from wenming_cli.models.scorecard import (
    CategoryScore,
    ClauseScore,
    Responsibility,
    Scorecard,
    TaskStatus,
    TitleReached,
    Totals,
    Verdict,
)
from wenming_cli.models.unit import UnitPlan

ZERO = Decimal(0)
FIELD_WORDS = ("实地",)  # a method or task section a clerk walks before the reviewers come


def score(rubric: Rubric, plan: UnitPlan | None, check: CheckResult) -> Scorecard:
    """Score every clause, count the bonus and give the verdict."""
    ctx = _Context(rubric, plan, check)
    categories: list[CategoryScore] = []
    for cat in rubric.categories:
        clauses = tuple(
            ctx.clause_score(s, c) for s in rubric.standards if s.category == cat.number for c in s.clauses
        )
        categories.append(
            CategoryScore(number=cat.number, title=cat.title, totals=_totals(clauses), clauses=clauses)
        )
    all_clauses = tuple(c for cat in categories for c in cat.clauses)
    totals = _totals(all_clauses)

    reference, ref_note = bonus_mod.reference_date(plan, check.as_of)
    bonus = bonus_mod.score_bonus(rubric, plan, reference)
    bonus_points = sum((b.points for b in bonus), ZERO)
    total = totals.evidence + bonus_points
    notes = [ref_note] if ref_note and any(b.window.days_before_assessment for b in rubric.bonuses) else []
    if any(c.status == "not_applicable" for c in all_clauses):
        notes.append(
            "测评细则未规定不适用项如何计分：本工具按0分计、不计入适用满分，并列出单位填写的理由；"
            "如文明办另有规定，以文明办为准。"
        )

    figures = tuple(
        (fid, rubric.label("figures", fid), value) for fid, value in (plan.figures.items() if plan else ())
    )
    return Scorecard(
        rubric=rubric.id,
        rubric_title=rubric.title,
        unit=plan.unit.name if plan else check.unit,
        unit_category=rubric.label("unit_categories", plan.unit.category)
        if plan and plan.unit.category
        else None,
        evidence=check.evidence,
        as_of=check.as_of,
        assessment_date=plan.assessment_date if plan else None,
        categories=tuple(categories),
        totals=totals,
        bonus=bonus,
        bonus_points=bonus_points,
        total=total,
        verdict=_verdict(rubric, totals.evidence, total, all_clauses),
        tasks=ctx.tasks(),
        targets=check.targets,
        not_applicable=tuple(sorted(ctx.na.items(), key=lambda kv: _subject_order(kv[0]))),
        figures=figures,
        stats=check.stats,
        notes=tuple(notes),
    )


class _Context:
    """Lookups shared by the clause and task scorers."""

    def __init__(self, rubric: Rubric, plan: UnitPlan | None, check: CheckResult) -> None:
        self.rubric = rubric
        self.plan = plan
        self.check = check
        self.year = plan.assessment_year if plan else rubric.year
        self.na: dict[str, str] = {}
        for cov in check.coverage:
            if cov.status == "not_applicable":
                self.na[cov.subject] = cov.reason or "（未写理由）"
        for item in plan.not_applicable if plan else ():
            self.na[item.subject] = item.reason

    # -- findings ---------------------------------------------------------------------------------

    def findings_for_clause(self, standard: Standard, clause: Clause) -> list[Finding]:
        return [
            f
            for f in self.check.findings
            if f.clause == clause.id
            or (f.clause is None and f.task is None and f.standard == standard.number)
        ]

    def findings_for_task(self, task: Task) -> list[Finding]:
        return [f for f in self.check.findings if f.task == task.id]

    # -- who ----------------------------------------------------------------------------------------

    def responsibility(
        self, subject: str, standard: int | None, rubric_deadline: Deadline | None
    ) -> Responsibility:
        plan = self.plan
        if rubric_deadline is None and standard is not None:
            # A clause without its own deadline is due when the rubric wants all activities done
            # (Yiyang: 10月底前); a rubric without such a rule leaves it open.
            rubric_deadline = self.rubric.material_rules.activities_deadline
        deadline = deadline_date(rubric_deadline, self.year)
        deadline_text = rubric_deadline.text if rubric_deadline else None
        if plan is None:
            return Responsibility(deadline=deadline, deadline_text=deadline_text)
        # A clause's own assignment (Yueyang: the doers in brackets) refines its standard's
        # (departments and 责任人); each field falls back to the standard's when the clause leaves it out.
        own = next((a for a in plan.assignments if a.subject == subject), None)
        parent = None
        if standard is not None and subject != str(standard):
            parent = next((a for a in plan.assignments if a.subject == str(standard)), None)
        chain = [a for a in (own, parent) if a is not None]

        def pick(field: str):  # noqa: ANN202
            return next((getattr(a, field) for a in chain if getattr(a, field)), None)

        remedy = next((r for r in plan.remedies if r.subject == subject), None)
        if remedy is None and standard is not None:
            remedy = next((r for r in plan.remedies if r.subject == str(standard)), None)
        if pick("deadline") is not None:
            deadline, deadline_text = pick("deadline"), pick("deadline_text") or deadline_text
        deps = pick("departments") or ()
        return Responsibility(
            department_ids=deps,
            departments=tuple((d.name if (d := plan.department(x)) else x) for x in deps),
            persons=pick("persons") or (),
            doers=pick("doers") or (),
            deadline=deadline,
            deadline_text=deadline_text,
            remedy=remedy.measure if remedy else None,
            remedy_deadline=remedy.deadline if remedy else None,
        )

    def na_reason(self, *subjects: str) -> str | None:
        return next((self.na[s] for s in subjects if s in self.na), None)

    # -- clauses ------------------------------------------------------------------------------------

    def clause_score(self, standard: Standard, clause: Clause) -> ClauseScore:
        rubric, plan = self.rubric, self.plan
        cov = self.check.coverage_for(clause.id)
        needs_files = rubric.needs_files(standard, clause)
        method_ids = rubric.clause_methods(standard, clause)
        status = cov.status if cov else ("missing" if needs_files else "not_decidable")
        na_reason = self.na_reason(clause.id, str(standard.number))
        if na_reason is not None:
            status = "not_applicable"
        findings = self.findings_for_clause(standard, clause)
        targets = tuple(t for t in self.check.targets if t.subject == clause.id)
        problems = _own_problems(cov, targets, findings) + _finding_problems(findings)
        if status == "met" and any(t.met is not True for t in targets):
            status = "partly"
        sa = plan.self_assessment.get(clause.id) if plan else None
        points, evidence_points, basis, explanation, failures = self._points(
            standard, clause, status, cov, findings, sa.points if sa else None
        )
        if basis in ("self_assessed", "none") and targets:
            verdict = "均已达到" if all(t.met for t in targets) else "未全部达到"
            explanation += f"；按单位方案中的数据，量化指标{verdict}"
        veto_failed: bool | None = None
        if clause.veto:
            if status == "missing" or (sa is not None and sa.points == 0):
                veto_failed = True
            elif status == "not_decidable" and sa is None:
                veto_failed = None
            else:
                veto_failed = False
        return ClauseScore(
            clause=clause.id,
            standard=standard.number,
            category=standard.category,
            ref=standard.clause_ref(clause.id),
            short_title=standard.short_title,
            text=clause.text,
            methods=tuple(rubric.label("methods", m) for m in method_ids),
            field_inspection=_is_field(rubric, method_ids),
            needs_files=needs_files,
            mode=clause.scoring.mode,
            veto=clause.veto,
            max_points=clause.points,
            status=status,
            evidence_points=evidence_points,
            points=points,
            basis=basis,
            explanation=explanation,
            partial_share=clause.scoring.partial_share if clause.scoring.mode == "full" else None,
            failures=failures,
            self_points=sa.points if sa else None,
            self_reason=sa.reason if sa else None,
            not_applicable_reason=na_reason,
            veto_failed=veto_failed,
            evidence_summary=_evidence_summary(cov),
            activities=cov.activities if cov else 0,
            documents=cov.documents if cov else 0,
            reports=cov.reports if cov else 0,
            screenshots=cov.screenshots if cov else 0,
            problems=tuple(dict.fromkeys(problems)),
            fixes=_fixes(findings, cov, targets),
            finding_keys=tuple(f.key for f in findings if f.severity != Severity.info),
            targets=targets,
            responsibility=self.responsibility(clause.id, standard.number, clause.deadline),
        )

    def _points(
        self,
        standard: Standard,
        clause: Clause,
        status: str,
        cov: Coverage | None,
        findings: list[Finding],
        self_points: Decimal | None,
    ) -> tuple[Decimal, Decimal | None, str, str, int]:
        full = clause.points
        p = format_points
        if status == "not_applicable":
            return ZERO, None, "not_applicable", "单位说明不适用，不计分", 0
        if status == "not_decidable":
            how = "、".join(
                self.rubric.label("methods", m) for m in self.rubric.clause_methods(standard, clause)
            )
            if self_points is not None:
                return (
                    self_points,
                    None,
                    "self_assessed",
                    f"无法从材料判断（{how}），采用单位自评{p(self_points)}分",
                    0,
                )
            return ZERO, None, "none", f"无法从材料判断（{how}），单位未自评，暂按0分计", 0
        if status == "missing":
            return ZERO, ZERO, "evidence", "缺少佐证材料，得0分", 0
        if clause.scoring.mode == "deduction":
            errors = [f for f in findings if f.severity == Severity.error]
            # A standard-level finding concerns this clause only when the standard has no other.
            if len(standard.clauses) > 1:
                errors = [f for f in errors if f.clause == clause.id]
            per = clause.scoring.deduction if clause.scoring.deduction is not None else full
            got = max(ZERO, full - per * len(errors))
            if errors:
                text = f"扣分项：{len(errors)}处问题 × {p(per)}分，得{p(got)}分" + (
                    "（扣完为止）" if got == 0 else ""
                )
            else:
                text = f"扣分项：未发现问题，得满分{p(full)}分"
            return got, got, "evidence", text, len(errors)
        share = clause.scoring.partial_share
        if status == "met":
            return full, full, "evidence", f"达标，得满分{p(full)}分", 0
        if status == "partly":
            got = full * share
            return got, got, "estimate", f"部分达标，按测评细则的部分得分比例{_pct(share)}估计得{p(got)}分", 0
        # pending: a period is still running
        has_any = cov is not None and (cov.activities + cov.documents + cov.reports + cov.screenshots) > 0
        got = full * share if has_any else ZERO
        return (
            got,
            got,
            "estimate",
            f"尚在期限内、材料未齐，暂按{_pct(share) if has_any else '0%'}估计得{p(got)}分",
            0,
        )

    # -- tasks --------------------------------------------------------------------------------------

    def tasks(self) -> tuple[TaskStatus, ...]:
        out: list[TaskStatus] = []
        for tl in self.rubric.task_lists:
            for task in tl.tasks:
                cov = self.check.coverage_for(task.id)
                if cov is None and not self._task_applies(tl, task):
                    continue
                out.append(self._task_status(tl, task, cov))
        return tuple(out)

    def _task_applies(self, tl: TaskList, task: Task) -> bool:
        if task.id in self.na:
            return True
        if tl.applies_to == "unit_plan":
            return self.plan is not None and any(a.subject == task.id for a in self.plan.assignments)
        if not tl.unit_categories:
            return True
        return self.plan is not None and self.plan.unit.category in tl.unit_categories

    def _task_status(self, tl: TaskList, task: Task, cov: Coverage | None) -> TaskStatus:
        na_reason = self.na_reason(task.id)
        status = "not_applicable" if na_reason else (cov.status if cov else "missing")
        findings = self.findings_for_task(task)
        targets = tuple(t for t in self.check.targets if t.subject == task.id)
        if status == "met" and any(t.met is not True for t in targets):
            status = "partly"
        problems = _own_problems(cov, targets, findings) + _finding_problems(findings)
        who = self.responsibility(task.id, None, task.deadline)
        overdue = (
            who.deadline is not None
            and who.deadline < self.check.as_of
            and status not in ("met", "not_applicable", "not_decidable")
        )
        return TaskStatus(
            task=task.id,
            task_list=tl.title,
            section=task.section,
            title=task.title,
            requirement=task.requirement,
            status=status,
            deadline_text=task.deadline.text if task.deadline else who.deadline_text,
            deadline=who.deadline,
            overdue=overdue,
            evidence_summary=_evidence_summary(cov),
            problems=tuple(dict.fromkeys(problems)),
            fixes=_fixes(findings, cov, targets),
            finding_keys=tuple(f.key for f in findings if f.severity != Severity.info),
            not_applicable_reason=na_reason,
            field_inspection=any(w in (task.section or "") + task.title for w in FIELD_WORDS),
            targets=targets,
            responsibility=who,
        )


# -- totals and verdict ------------------------------------------------------------------------------


def _totals(clauses: tuple[ClauseScore, ...]) -> Totals:
    def total(values: list[Decimal]) -> Decimal:
        return sum(values, ZERO)

    return Totals(
        evidence=total([c.points for c in clauses]),
        self_assessed=total([c.self_points if c.self_points is not None else c.points for c in clauses]),
        maximum=total([c.max_points for c in clauses]),
        applicable_maximum=total([c.max_points for c in clauses if c.status != "not_applicable"]),
        from_self_assessment=total([c.points for c in clauses if c.basis == "self_assessed"]),
        estimated=total([c.points for c in clauses if c.basis == "estimate"]),
    )


def _verdict(rubric: Rubric, points: Decimal, total: Decimal, clauses: tuple[ClauseScore, ...]) -> Verdict:
    failed = tuple(c.ref for c in clauses if c.veto and c.veto_failed)
    undecided = tuple(c.ref for c in clauses if c.veto and c.veto_failed is None)
    th = rubric.thresholds
    p = format_points
    if th is None:
        message = f"该测评细则未设分数线，只给出得分（{p(total)}分，含加分），不作评定。"
        if failed:
            message = f"一票否决项未通过（{'、'.join(failed)}），不具备评选资格。" + message
        return Verdict(
            has_thresholds=False,
            points=total,
            includes_bonus=True,
            eligible=not failed,
            veto_failed=failed,
            veto_undecided=undecided,
            message=message,
        )
    compared = total if th.includes_bonus else points
    titles = sorted(th.titles, key=lambda t: t.min_points)
    reached = next((t for t in reversed(titles) if compared >= t.min_points), None)
    above = [t for t in titles if compared < t.min_points]
    nxt = above[0] if above else None
    basis = "测评总分（含加分）" if th.includes_bonus else "测评得分（不含加分）"
    if failed:
        message = f"一票否决项未通过（{'、'.join(failed)}），不具备评选资格，无论得分多少。"
        return Verdict(
            has_thresholds=True,
            points=compared,
            includes_bonus=th.includes_bonus,
            eligible=False,
            veto_failed=failed,
            veto_undecided=undecided,
            message=message,
        )
    if reached is not None:
        message = f"{basis}{p(compared)}分，达到{reached.label}分数线（{p(reached.min_points)}分）"
    else:
        message = f"{basis}{p(compared)}分，未达到任何称号的分数线"
    if nxt is not None:
        message += f"；距{nxt.label}（{p(nxt.min_points)}分）还差{p(nxt.min_points - compared)}分。"
    else:
        message += "。"
    if undecided:
        message += f"一票否决项尚未确认：{'、'.join(undecided)}。"

    def title(t: object) -> TitleReached | None:
        return TitleReached(id=t.id, label=t.label, min_points=t.min_points) if t is not None else None  # type: ignore[attr-defined]

    return Verdict(
        has_thresholds=True,
        points=compared,
        includes_bonus=th.includes_bonus,
        eligible=True,
        reached=title(reached),
        next_title=title(nxt),
        short_of_next=(nxt.min_points - compared) if nxt else None,
        veto_undecided=undecided,
        message=message,
    )


# -- small helpers -------------------------------------------------------------------------------------


def deadline_date(deadline: Deadline | None, year: int) -> dt.date | None:
    """The last day of a structured deadline, in the assessment year unless it is absolute."""
    if deadline is None:
        return None
    if deadline.end_date is not None:
        return deadline.end_date
    if deadline.end is not None:
        month, day = (int(x) for x in deadline.end.split("-"))
        return dt.date(year, month, day)
    if deadline.kind == "year":
        return dt.date(year, 12, 31)
    return None


def _is_field(rubric: Rubric, method_ids: tuple[str, ...]) -> bool:
    return any(
        m == "field_inspection" or any(w in rubric.label("methods", m) for w in FIELD_WORDS)
        for m in method_ids
    )


def _pct(share: Decimal) -> str:
    return f"{format_points(share * 100)}%"


def period_label(period: str) -> str:
    """2021Q2 → 2021年第2季度; anything else as given."""
    if len(period) == 6 and period[4] == "Q" and period[:4].isdigit():
        return f"{period[:4]}年第{period[5]}季度"
    return period


def _evidence_summary(cov: Coverage | None) -> str:
    if cov is None:
        return "未找到材料"
    parts = [
        f"{label}{n}{unit}"
        for label, n, unit in (
            ("活动", cov.activities, "个"),
            ("正式发文", cov.documents, "份"),
            ("说明报告", cov.reports, "份"),
            ("截图", cov.screenshots, "张"),
        )
        if n
    ]
    text = "、".join(parts) if parts else "未找到材料"
    if cov.errors or cov.warnings:
        text += f"；错误{cov.errors}个、警告{cov.warnings}个"
    return text


def _shortfalls(cov: Coverage | None) -> list[str]:
    if cov is None:
        return []
    out: list[str] = []
    for req in cov.requirements:
        short_periods = [pc for pc in req.periods if pc.ended and pc.found < pc.required]
        if short_periods:
            for pc in short_periods:
                out.append(f"{period_label(pc.period)}{req.label}{pc.found}个，应不少于{pc.required}个")
        elif not req.periods and req.found < req.required:
            out.append(f"{req.label}现有{req.found}个，应不少于{req.required}个")
    if cov.status == "missing" and not out and cov.needs_files:
        out.append("未找到任何佐证材料")
    return out


COMPARISON_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _target_problem(t: TargetResult) -> str:
    p = format_points
    sign = COMPARISON_SIGNS.get(t.comparison, t.comparison)
    if t.actual is None:
        names = "、".join(t.missing_figures) or "所需数据"
        return f"{t.label}：单位方案缺少{names}，无法计算（要求{sign}{p(t.required)}%）"
    text = f"{t.label}{p(t.actual)}%，要求{sign}{p(t.required)}%"
    if t.people_short:
        text += f"，还差{t.people_short}人"
    return text


# Info findings that still say what is missing (a quarter still running, a deadline not yet reached);
# other info findings (not decidable from files, not applicable) are said by the score itself.
_INFO_SHOWN = ("COVERAGE-PENDING", "COVERAGE-PERIOD-OPEN")


def _shown(f: Finding) -> bool:
    return f.severity != Severity.info or f.code in _INFO_SHOWN


def _codes(findings: list[Finding]) -> set[str]:
    return {f.code.split("-")[0] for f in findings if _shown(f)}


def _finding_problems(findings: list[Finding]) -> list[str]:
    chosen = sorted((f for f in findings if _shown(f)), key=lambda f: -f.severity.rank)
    out = []
    for f in chosen:
        where = f"（{f.path}）" if f.path else ""
        out.append(f"{f.severity.label}：{f.message}{where}")
    return out


def _own_problems(
    cov: Coverage | None, targets: tuple[TargetResult, ...], findings: list[Finding]
) -> list[str]:
    """Shortfalls and target misses in our words, unless the check already reported them as findings."""
    codes = _codes(findings)
    out = [] if "COVERAGE" in codes else _shortfalls(cov)
    if "TARGET" not in codes:
        out += [_target_problem(t) for t in targets if t.met is not True]
    return out


def _fixes(
    findings: list[Finding], cov: Coverage | None, targets: tuple[TargetResult, ...]
) -> tuple[str, ...]:
    codes = _codes(findings)
    out: list[str] = []
    for t in targets if "TARGET" not in codes else ():
        if t.met is False and t.people_short:
            out.append(f"再发动{t.people_short}人，使{t.label}达到{format_points(t.required)}%")
        elif t.actual is None:
            out.append("在单位方案 figures 中填写" + ("、".join(t.missing_figures) or "所需人数"))
    if cov is not None and "COVERAGE" not in codes:
        for req in cov.requirements:
            if any(pc.ended and pc.found < pc.required for pc in req.periods) or (
                not req.periods and req.found < req.required
            ):
                out.append(f"补充{req.label}" + (f"（引文：{req.quote}）" if req.quote else ""))
    out += [f.fix for f in findings if f.fix and _shown(f)]
    return tuple(dict.fromkeys(out))


def _subject_order(subject: str) -> tuple:
    head = subject.split(".")[0]
    return (0, int(head), subject) if head.isdigit() else (1, 0, subject)
