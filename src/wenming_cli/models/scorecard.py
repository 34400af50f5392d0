"""What `score` and `gaps` return: per-clause points, totals, bonus, verdict, and the gap list.

Every figure a clerk reads says where it comes from (`basis`): the files, an estimate of a partly met
clause, or the unit's own self-assessment. Points are Decimals throughout.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from wenming_cli.models.common import Frozen, Id, Points
from wenming_cli.models.results import CheckStats, CoverageStatus, TargetResult

# Where a clause's counted points come from.
ScoreBasis = Literal[
    "evidence",  # decided from the files (met, missing, deduction)
    "estimate",  # partly met or still running: the rubric's partial share or wenming's estimate
    "self_assessed",  # not decidable from files: the unit plan's self-assessment, shown as such
    "on_site",  # a deduction clause judged on site: the failures the unit plan recorded there
    "none",  # not decidable and not self-assessed: counted 0
    "not_applicable",  # the unit marked it not applicable, with a reason
]

STATUS_LABELS: dict[str, str] = {
    "met": "达标",
    "partly": "部分达标",
    "missing": "缺少材料",
    "not_decidable": "需实地考察/问卷",
    "not_applicable": "不适用",
    "pending": "进行中",
}

BASIS_LABELS: dict[str, str] = {
    "evidence": "按材料",
    "estimate": "估计",
    "self_assessed": "采用自评",
    "on_site": "按实地考察记录",
    "none": "未自评",
    "not_applicable": "不适用",
}


class Responsibility(Frozen):
    """Who answers for a subject in the unit plan, with names resolved for display."""

    department_ids: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    doers: tuple[str, ...] = ()
    deadline: dt.date | None = None
    deadline_text: str | None = None
    remedy: str | None = None
    remedy_deadline: dt.date | None = None


class ClauseScore(Frozen):
    clause: str
    standard: Id
    category: Id
    ref: str  # 第22条第1项
    short_title: str
    text: str
    methods: tuple[str, ...]  # labels, as printed for clerks
    field_inspection: bool = False  # judged (also) on the spot: goes on the walk-through checklist
    needs_files: bool
    mode: Literal["full", "deduction"] = "full"
    veto: bool = False
    max_points: Points
    status: CoverageStatus
    evidence_points: Points | None = None  # what the files support; None when the files cannot decide
    points: Points  # what is counted in the total (see basis)
    basis: ScoreBasis
    explanation: str  # how the figure was reached, in Chinese
    partial_share: Decimal | None = None  # the share a partly met or pending clause was given
    partial_share_source: Literal["rubric", "estimate"] | None = None  # estimate: wenming's, not the rubric's
    failures: int = 0  # error findings counted by a deduction clause
    self_points: Points | None = None
    self_reason: str | None = None
    not_applicable_reason: str | None = None
    veto_failed: bool | None = None  # None: a veto clause that nothing decides yet
    evidence_summary: str = ""  # 证据情况
    activities: int = 0
    documents: int = 0
    reports: int = 0
    screenshots: int = 0
    problems: tuple[str, ...] = ()  # 存在问题
    fixes: tuple[str, ...] = ()
    finding_keys: tuple[str, ...] = ()
    targets: tuple[TargetResult, ...] = ()
    responsibility: Responsibility = Responsibility()

    @property
    def at_risk(self) -> Decimal:
        return self.max_points - self.points


class Totals(Frozen):
    """Evidence-backed (with self-assessments where files cannot decide), self-assessed, maximum."""

    evidence: Points
    self_assessed: Points
    maximum: Points
    applicable_maximum: Points
    from_self_assessment: Points  # part of `evidence` taken from self-assessments
    estimated: Points  # part of `evidence` that is an estimate (partly met)


class CategoryScore(Frozen):
    number: Id
    title: str
    totals: Totals
    clauses: tuple[ClauseScore, ...]


class BonusItem(Frozen):
    kind: Literal["honour", "promotion"]
    rule: str
    name: str
    level: str
    level_label: str
    document_date: dt.date
    document_number: str | None = None
    issuer: str | None = None
    holder: Literal["unit", "personal"] = "unit"
    content_key: str | None = None
    level_points: Points | None = None  # what its level is worth, before window and cap
    points: Points  # what it counts
    counted: bool
    reason: str | None = None  # why it does not count, or counts only in part
    proof: str | None = None  # the file in 加分/ that proves it; without one it counts nothing
    proof_missing: bool = False  # it would count but for its proof: an open item of `gaps`
    finding_keys: tuple[str, ...] = ()  # the BONUS-PROOF-MISSING finding behind it


class BonusScore(Frozen):
    rule: str
    kind: Literal["honour", "promotion"]
    label: str
    text: str = ""  # the rule as printed
    window_text: str
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    window_note: str | None = None
    cap: Points
    points: Points
    items: tuple[BonusItem, ...]
    responsibility: Responsibility = Responsibility()  # the unit plan's assignment for the rule's id


class TaskStatus(Frozen):
    task: str
    task_list: str
    section: str | None = None
    title: str
    requirement: str
    status: CoverageStatus
    deadline_text: str | None = None
    deadline: dt.date | None = None
    overdue: bool = False
    evidence_summary: str = ""
    problems: tuple[str, ...] = ()
    fixes: tuple[str, ...] = ()
    finding_keys: tuple[str, ...] = ()
    not_applicable_reason: str | None = None
    field_inspection: bool = False
    targets: tuple[TargetResult, ...] = ()
    responsibility: Responsibility = Responsibility()


class TitleReached(Frozen):
    id: str
    label: str
    min_points: Points


VETO_STATUS_LABELS = {"passed": "已确认未触及", "failed": "已触及", "undecided": "尚未确认"}


class VetoResult(Frozen):
    """One disqualifying condition (一票否决) of the rubric and the unit's confirmation of it."""

    id: str
    text: str
    status: Literal["passed", "failed", "undecided"]
    note: str | None = None
    source: str | None = None


class Verdict(Frozen):
    """The verdict against the rubric's thresholds, or why there is none."""

    has_thresholds: bool
    points: Points  # the figure compared: total with or without bonus, as the rubric says
    includes_bonus: bool
    eligible: bool
    reached: TitleReached | None = None
    next_title: TitleReached | None = None
    short_of_next: Points | None = None
    veto_failed: tuple[str, ...] = ()  # clause refs
    veto_undecided: tuple[str, ...] = ()
    message: str


class Scorecard(Frozen):
    rubric: str
    rubric_title: str
    unit: str | None = None
    unit_category: str | None = None
    evidence: str
    as_of: dt.date
    assessment_date: dt.date | None = None
    categories: tuple[CategoryScore, ...]
    totals: Totals
    bonus: tuple[BonusScore, ...]
    bonus_points: Points
    total: Points  # evidence-backed points + bonus
    verdict: Verdict
    vetoes: tuple[VetoResult, ...] = ()
    tasks: tuple[TaskStatus, ...] = ()
    targets: tuple[TargetResult, ...] = ()
    not_applicable: tuple[tuple[str, str], ...] = ()  # (subject, reason)
    figures: tuple[tuple[str, str, Points], ...] = ()  # (id, label, value)
    figure_units: dict[str, str] = {}  # figure id → its unit as the rubric declares it
    stats: CheckStats = CheckStats()
    notes: tuple[str, ...] = ()

    def clauses(self) -> list[ClauseScore]:
        return [c for cat in self.categories for c in cat.clauses]

    def clause(self, clause_id: str) -> ClauseScore | None:
        return next((c for c in self.clauses() if c.clause == clause_id), None)


Severity = Literal["error", "warning", "info"]


class Gap(Frozen):
    """One open item: a clause that loses points, or a task not done, with who fixes it by when."""

    subject: str
    kind: Literal["clause", "task", "veto", "bonus"]
    ref: str
    title: str
    status: CoverageStatus
    severity: Severity
    max_points: Points | None = None
    points: Points | None = None
    at_risk: Points
    veto: bool = False
    missing: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    department_ids: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    doers: tuple[str, ...] = ()
    deadline: dt.date | None = None
    deadline_text: str | None = None
    overdue: bool = False
    remedy: str | None = None
    finding_keys: tuple[str, ...] = ()
    change: Literal["new", "open", "unknown"] = "unknown"  # against a baseline, when one is given


class GapGroup(Frozen):
    key: str  # department id or person name; "" when unassigned
    label: str
    subjects: tuple[str, ...]
    at_risk: Points
    overdue: int


class FixedItem(Frozen):
    key: str
    subject: str
    code: str | None = None
    message: str | None = None


class BaselineComparison(Frozen):
    baseline: str
    new_findings: tuple[str, ...]
    fixed_findings: tuple[FixedItem, ...]
    new_gaps: tuple[str, ...]
    fixed_gaps: tuple[str, ...]


class FindingRef(Frozen):
    """A warning or error behind a gap, kept in the gaps JSON so it can serve as a later --baseline."""

    key: str
    code: str
    severity: Literal["error", "warning", "info"]
    subject: str = ""
    message: str | None = None


class GapReport(Frozen):
    rubric: str
    unit: str | None = None
    as_of: dt.date
    gaps: tuple[Gap, ...]
    by_department: tuple[GapGroup, ...]
    by_person: tuple[GapGroup, ...]
    at_risk: Points
    filters: dict[str, str] = {}
    baseline: BaselineComparison | None = None
    not_applicable: tuple[tuple[str, str], ...] = ()  # (subject, the unit's reason): never a gap
    findings: tuple[FindingRef, ...] = ()  # filled by the JSON renderer: the findings behind the gaps
