"""Rubric + unit plan + check result → Scorecard (pure: no files, no printing).

Rules (also in the README section on scoring):
- met: every required evidence kind reaches its count: full points. partly met (time is up, some of
  what is required is there): the rubric's `partial_share` of them, or, where the rubric prints no
  rule, wenming's own estimate (labelled so). pending (time remains): the same share when some
  evidence of a required kind is in, else 0. Evidence of another kind earns nothing.
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

from decimal import Decimal

from wenming_cli.applicability import task_applies
from wenming_cli.models.common import format_points
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import CheckResult, Coverage
from wenming_cli.models.rubric import Clause, Deadline, Rubric, Standard, Task, TaskList
from wenming_cli.models.scorecard import (
    BonusScore,
    CategoryScore,
    ClauseScore,
    Responsibility,
    Scorecard,
    TaskStatus,
)
from wenming_cli.models.unit import UnitPlan
from wenming_cli.periods import deadline_end
from wenming_cli.proofs import claim_field
from wenming_cli.scoring import bonus as bonus_mod
from wenming_cli.scoring import explain
from wenming_cli.scoring.points import clause_points
from wenming_cli.scoring.verdict import totals, verdict, veto_results

ZERO = Decimal(0)


def score(rubric: Rubric, plan: UnitPlan | None, check: CheckResult) -> Scorecard:
    """Score every clause, count the bonus and give the verdict."""
    ctx = _Context(rubric, plan, check)
    categories: list[CategoryScore] = []
    for cat in rubric.categories:
        clauses = tuple(
            ctx.clause_score(s, c) for s in rubric.standards if s.category == cat.number for c in s.clauses
        )
        categories.append(
            CategoryScore(number=cat.number, title=cat.title, totals=totals(clauses), clauses=clauses)
        )
    all_clauses = tuple(c for cat in categories for c in cat.clauses)
    overall = totals(all_clauses)

    reference, ref_note = bonus_mod.reference_date(plan, check.as_of)
    bonus = tuple(ctx.bonus_open_items(b) for b in bonus_mod.score_bonus(rubric, plan, reference, check.bonus_files))
    bonus_points = sum((b.points for b in bonus), ZERO)
    total = overall.evidence + bonus_points
    notes = [ref_note] if ref_note and any(b.window.days_before_assessment for b in rubric.bonuses) else []
    if any(c.status == "not_applicable" for c in all_clauses):
        notes.append(
            "测评细则未规定不适用项如何计分：本工具按0分计、不计入适用满分，并列出单位填写的理由；"
            "如文明办另有规定，以文明办为准。"
        )
    estimated = [c for c in all_clauses if c.partial_share_source == "estimate" and c.points > 0]
    if estimated:
        share = format_points(estimated[0].partial_share * 100) if estimated[0].partial_share is not None else ""
        notes.append(
            f"测评细则未规定部分达标或未完成项如何计分：{len(estimated)}个计分项按本工具的估计"
            f"（满分的{share}%）计入，是估计值，不是测评细则的规定。"
        )

    vetoes = veto_results(rubric, plan)
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
        totals=overall,
        bonus=bonus,
        bonus_points=bonus_points,
        total=total,
        verdict=verdict(rubric, overall.evidence, total, all_clauses, vetoes),
        vetoes=vetoes,
        tasks=ctx.tasks(),
        targets=check.targets,
        not_applicable=tuple(sorted(ctx.na.items(), key=lambda kv: rubric.subject_order(kv[0]))),
        figures=figures,
        figure_units={f.id: f.unit for f in rubric.vocabularies.figures},
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
        """The clause's own findings, and its standard's that concern it: a finding about an
        activity concerns only the clauses that activities can prove (all of them when none can, so
        that no finding is lost)."""
        takes_activities = self.rubric.takes_activities(standard, clause)
        return [
            f
            for f in self.check.findings
            if f.clause == clause.id
            or (
                f.clause is None
                and f.task is None
                and f.standard == standard.number
                and (f.activity is None or takes_activities)
            )
        ]


    def findings_for_task(self, task: Task) -> list[Finding]:
        return [f for f in self.check.findings if f.task == task.id]

    # -- who ----------------------------------------------------------------------------------------

    def responsibility(
        self, subject: str, standard: str | None, rubric_deadline: Deadline | None
    ) -> Responsibility:
        plan = self.plan
        if rubric_deadline is None and standard is not None:
            # A clause without its own deadline is due when the rubric wants all activities done
            # (Yiyang: 10月底前); a rubric without such a rule leaves it open.
            rubric_deadline = self.rubric.material_rules.activities_deadline
        deadline = deadline_end(rubric_deadline, self.year)
        deadline_text = rubric_deadline.text if rubric_deadline else None
        if plan is None:
            return Responsibility(deadline=deadline, deadline_text=deadline_text)
        # A clause's own assignment (Yueyang: the doers in brackets) refines its standard's
        # (departments and 责任人); each field falls back to the standard's when the clause leaves it out.
        own = next((a for a in plan.assignments if a.subject == subject), None)
        parent = None
        if standard is not None and subject != standard:
            parent = next((a for a in plan.assignments if a.subject == standard), None)
        chain = [a for a in (own, parent) if a is not None]

        def pick(field: str):  # noqa: ANN202
            return next((getattr(a, field) for a in chain if getattr(a, field)), None)

        remedy = next((r for r in plan.remedies if r.subject == subject), None)
        if remedy is None and standard is not None:
            remedy = next((r for r in plan.remedies if r.subject == standard), None)
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

    def bonus_open_items(self, b: BonusScore) -> BonusScore:
        """Who answers for a bonus rule (an assignment of its id) and the findings behind each missing proof."""
        keys: dict[str, list[str]] = {}
        for f in self.check.findings:
            if f.code == "BONUS-PROOF-MISSING" and f.field:
                keys.setdefault(f.field, []).append(f.key)
        items = tuple(
            i.model_copy(update={"finding_keys": tuple(keys.get(claim_field(i.kind, i.content_key, i.name), ()))})
            if i.proof_missing
            else i
            for i in b.items
        )
        return b.model_copy(update={"items": items, "responsibility": self.responsibility(b.rule, None, None)})

    def na_reason(self, *subjects: str) -> str | None:
        return next((self.na[s] for s in subjects if s in self.na), None)

    # -- clauses ------------------------------------------------------------------------------------

    def clause_score(self, standard: Standard, clause: Clause) -> ClauseScore:
        rubric, plan = self.rubric, self.plan
        cov = self.check.coverage_for(clause.id)
        needs_files = rubric.needs_files(standard, clause)
        method_ids = rubric.clause_methods(standard, clause)
        status = cov.status if cov else ("missing" if needs_files else "not_decidable")
        na_reason = self.na_reason(clause.id, standard.number)
        if na_reason is not None:
            status = "not_applicable"
        findings = self.findings_for_clause(standard, clause)
        targets = tuple(t for t in self.check.targets if t.subject == clause.id)
        problems = explain.own_problems(cov, targets, findings) + explain.finding_problems(findings)
        if status == "met" and any(t.met is not True for t in targets):
            status = "partly"
        sa = plan.self_assessment.get(clause.id) if plan else None
        shortfall = plan.shortfalls.get(clause.id) if plan else None
        got = clause_points(
            self.rubric,
            standard,
            clause,
            status,
            cov,
            findings,
            sa.points if sa else None,
            shortfall.count if shortfall else None,
        )
        points, evidence_points, basis, explanation = (
            got.points,
            got.evidence_points,
            got.basis,
            got.explanation,
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
            field_inspection=explain.is_field(rubric, method_ids),
            needs_files=needs_files,
            mode=clause.scoring.mode,
            veto=clause.veto,
            max_points=clause.points,
            status=status,
            evidence_points=evidence_points,
            points=points,
            basis=basis,
            explanation=explanation,
            partial_share=got.partial_share,
            partial_share_source=got.partial_share_source,
            failures=got.failures,
            self_points=sa.points if sa else None,
            self_reason=sa.reason if sa else None,
            not_applicable_reason=na_reason,
            veto_failed=veto_failed,
            evidence_summary=explain.evidence_summary(cov),
            activities=cov.activities if cov else 0,
            documents=cov.documents if cov else 0,
            reports=cov.reports if cov else 0,
            screenshots=cov.screenshots if cov else 0,
            problems=tuple(dict.fromkeys(problems)),
            fixes=explain.fixes(findings, cov, targets),
            finding_keys=tuple(f.key for f in findings if f.severity != Severity.info),
            targets=targets,
            responsibility=self.responsibility(clause.id, standard.number, clause.deadline),
        )

    # -- tasks --------------------------------------------------------------------------------------

    def tasks(self) -> tuple[TaskStatus, ...]:
        out: list[TaskStatus] = []
        for tl in self.rubric.task_lists:
            for task in tl.tasks:
                cov = self.check.coverage_for(task.id)
                if cov is None and not task_applies(tl, task, self.plan):
                    continue
                out.append(self._task_status(tl, task, cov))
        return tuple(out)

    def _task_status(self, tl: TaskList, task: Task, cov: Coverage | None) -> TaskStatus:
        na_reason = self.na_reason(task.id)
        status = "not_applicable" if na_reason else (cov.status if cov else "missing")
        findings = self.findings_for_task(task)
        targets = tuple(t for t in self.check.targets if t.subject == task.id)
        if status == "met" and any(t.met is not True for t in targets):
            status = "partly"
        problems = explain.own_problems(cov, targets, findings) + explain.finding_problems(findings)
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
            evidence_summary=explain.evidence_summary(cov),
            problems=tuple(dict.fromkeys(problems)),
            fixes=explain.fixes(findings, cov, targets),
            finding_keys=tuple(f.key for f in findings if f.severity != Severity.info),
            not_applicable_reason=na_reason,
            field_inspection=any(w in (task.section or "") + task.title for w in explain.FIELD_WORDS),
            targets=targets,
            responsibility=who,
        )
