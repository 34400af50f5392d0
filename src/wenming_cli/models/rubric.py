"""The rubric: a city's scoring scheme for one edition, as typed, frozen data.

Everything a city decides for itself (evaluation methods, honour levels, media tiers, evidence kinds,
figures) is declared in the rubric's `vocabularies` and referenced by id, so a new city needs no code.
"""

import datetime as dt
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from wenming_cli.models.common import Frozen, Id, Labelled, Points
from wenming_cli.models.material import (  # noqa: F401  (the material rules, re-exported here)
    NAMING_FIELDS,
    BannedPhrase,
    CaptionField,
    DateFormat,
    Deadline,
    FileNaming,
    MaterialRules,
    NameRole,
    NameRule,
    PdfRules,
    PhotoRules,
    ReportRules,
    SizeBound,
    SizeWindow,
    Source,
    TitleFormat,
    UploadWindow,
    VideoRules,
)

if TYPE_CHECKING:
    from wenming_cli.models.rubric_index import RubricIndex

Period = Literal["quarter", "year", "period", "month"]
Comparison = Literal[">=", ">", "<=", "<", "=="]


class Method(Labelled):
    """An evaluation method (考评方法); `needs_files` marks the ones that are judged on submitted files."""

    needs_files: bool = False


class EvidenceKind(Labelled):
    """A kind of evidence a city names, and where a clerk files it in the evidence folder."""

    collected_as: Literal["activity", "official_document", "report", "screenshot"]


class Figure(Labelled):
    """A figure the unit plan gives (员工总人数): counts by default; `unit` for others (小时, %)."""

    unit: str = "人"


class Vocabularies(Frozen):
    methods: tuple[Method, ...]
    evidence_kinds: tuple[EvidenceKind, ...] = ()
    honour_levels: tuple[Labelled, ...] = ()
    media_tiers: tuple[Labelled, ...] = ()
    figures: tuple[Figure, ...] = ()
    unit_categories: tuple[Labelled, ...] = ()


class SourceDocument(Frozen):
    title: str
    file: str | None = None
    note: str | None = None


class Category(Frozen):
    """A 测评项目."""

    number: Id
    title: str
    points: Points
    note: str | None = None


class EvidenceRequirement(Frozen):
    """What proves a clause or task: a kind from the vocabulary, how many, how often."""

    kind: Id
    any_of: tuple[Id, ...] = ()  # other kinds that count too ("说明报告、会议记录或图片资料")
    min_count: int = Field(default=1, ge=0)
    # A stricter count for some unit categories ("其中第一类单位各提供2类各2次活动图片": {"1": 4}).
    by_category: dict[Id, int] = {}
    measures_report: bool = False  # a report that must list measures (see ReportRules.measures_scope)
    per: Period | None = None
    source: Source = "inferred"
    quote: str | None = None
    note: str | None = None

    def count_for(self, category: str | None) -> int:
        return self.by_category.get(category, self.min_count) if category is not None else self.min_count


class Scoring(Frozen):
    """How a clause earns its points.

    `full`: all or, when partly met, `partial_share` of them; None means the rubric prints no rule for
    partly met clauses (then wenming shows its own estimate as such), 0 that it gives nothing. `deduction`: starts at full points and
    loses `deduction` per failure, floored at zero (扣分).
    """

    mode: Literal["full", "deduction"] = "full"
    partial_share: Decimal | None = Field(default=None, ge=0, le=1)
    deduction: Points | None = None
    note: str | None = None


class Clause(Frozen):
    """A separately scored part of a standard."""

    id: Id
    text: str
    points: Points
    points_source: Source = "stated"
    grouping: Source = "stated"
    methods: tuple[Id, ...] | None = None
    scoring: Scoring = Scoring()
    veto: bool = False
    volunteer: bool = False
    volunteer_source: Source | None = None
    evidence: tuple[EvidenceRequirement, ...] = ()
    deadline: Deadline | None = None
    note: str | None = None


class Standard(Frozen):
    """A 测评标准, numbered as printed."""

    number: Id
    label: str
    category: Id
    short_title: str
    short_title_source: Literal["wenming", "stated"] = "wenming"
    text: str
    methods: tuple[Id, ...]
    methods_source: Source = "stated"
    clauses: tuple[Clause, ...]
    note: str | None = None

    @property
    def points(self) -> Decimal:
        return sum((c.points for c in self.clauses), Decimal(0))

    @property
    def ref(self) -> str:
        """How messages name it: 第22条 (Yiyang), 第(16)条 (Yueyang)."""
        label = self.label.strip()
        shown = label if label.startswith(("(", "（")) else label.rstrip(".、)）") or str(self.number)
        return f"第{shown}条"

    def clause_ref(self, clause_id: str) -> str:
        return f"{self.ref}第{clause_id.split('.')[-1]}项"


class Condition(Frozen):
    figure: Id
    comparison: Comparison
    value: Points


class Target(Frozen):
    """A quantitative target (量化指标): numerator/denominator figures, or one rate figure."""

    id: Id
    label: str
    clause: Id | None = None
    task: Id | None = None
    numerator: Id | None = None
    denominator: Id | None = None
    figure: Id | None = None
    comparison: Comparison
    value: Points  # in `unit`: with "%", numerator/denominator as a percentage (50 means 50 %)
    unit: str = "%"  # "%", or the figure's own unit (小时, 次, 人) when the target compares one figure
    when: Condition | None = None
    value_when: Points | None = None  # the value that applies instead when `when` holds
    quote: str | None = None
    source: Source = "stated"
    note: str | None = None


class FigureRelation(Frozen):
    """A consistency relation between figures (registered ≤ staff); a violation is a warning."""

    left: Id
    comparison: Comparison
    right: Id
    note: str | None = None


class DateWindow(Frozen):
    """Absolute (start..end), relative (the `days` before the unit's assessment date), or the rubric's
    whole assessment period (`assessment_period: true`, so its dates are written once)."""

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    days_before_assessment: int | None = None
    assessment_period: bool = False
    basis: str = "document_date"
    note: str | None = None


class BonusLevel(Frozen):
    level: Id
    points: Points


class BonusRule(Frozen):
    """特色加分: honours or experience promotion, points per level, a window and a cap."""

    id: Id
    kind: Literal["honour", "promotion"]
    label: str
    text: str
    methods: tuple[Id, ...] = ()
    window: DateWindow
    levels: tuple[BonusLevel, ...]
    cap: Points
    unit_only: bool = True
    same_content_once: bool = False
    note: str | None = None


class Veto(Frozen):
    """一票否决: a condition that disqualifies the unit whatever its points; never scored.

    The unit plan confirms each one (passed / failed / undecided); the verdict follows.
    """

    id: Id
    text: str
    quote: str | None = None
    source: str | None = None
    methods: tuple[Id, ...] = ()
    note: str | None = None


class Title(Frozen):
    id: Id
    label: str
    min_points: Points


class Thresholds(Frozen):
    includes_bonus: bool = True
    titles: tuple[Title, ...]
    quote: str | None = None


class Task(Frozen):
    """A city task beside the scored standards (附件2/附件3 rows)."""

    id: Id
    section: str | None = None
    title: str
    # stated: printed as is; inferred: reconstructed from a garbled cell (see note); wenming: its own short title
    title_source: Literal["stated", "inferred", "wenming"] = "stated"
    requirement: str  # as printed; empty when the cell cannot be read (the reason is in `note`)
    online_requirement: str | None = None
    material: str | None = None
    deadline: Deadline | None = None
    evidence: tuple[EvidenceRequirement, ...] = ()
    volunteer: bool = False
    volunteer_source: Source | None = None
    period: DateWindow | None = None
    departments_printed: tuple[str, ...] = ()
    standards: tuple[Id, ...] = ()  # related standards: wenming's own mapping unless `standards_source` says stated
    standards_source: Literal["stated", "wenming"] = "wenming"
    material_rules: MaterialRules | None = None
    note: str | None = None


class TaskList(Frozen):
    id: Id
    title: str
    applies_to: Literal["unit_plan", "unit_categories"]
    unit_categories: tuple[Id, ...] = ()
    material_rules: MaterialRules | None = None
    notes: tuple[str, ...] = ()
    tasks: tuple[Task, ...]
    note: str | None = None


class AssessmentPeriod(Frozen):
    """测评周期 with its first and last day as printed (鄂州 2017—2018年: two calendar years)."""

    text: str
    start: dt.date
    end: dt.date
    note: str | None = None

    @property
    def years(self) -> int:
        return self.end.year - self.start.year + 1


class Rubric(Frozen):
    id: Id
    city: str
    title: str
    edition: str
    year: int
    year_source: Source = "stated"
    year_note: str | None = None
    source: SourceDocument
    total_points: Points
    assessment_period_years: int = Field(default=1, ge=1)
    period: AssessmentPeriod | None = None  # explicit start and end; else `assessment_period_years`
    vocabularies: Vocabularies
    categories: tuple[Category, ...]
    standards: tuple[Standard, ...]
    targets: tuple[Target, ...] = ()
    figure_relations: tuple[FigureRelation, ...] = ()
    bonuses: tuple[BonusRule, ...] = ()
    thresholds: Thresholds | None = None
    vetoes: tuple[Veto, ...] = ()
    material_rules: MaterialRules = MaterialRules()
    task_lists: tuple[TaskList, ...] = ()
    notes: tuple[str, ...] = ()

    # -- lookups used throughout the core --------------------------------------------------------

    @property
    def period_years(self) -> int:
        """How many calendar years the assessment period spans."""
        return self.period.years if self.period is not None else self.assessment_period_years

    @property
    def period_word(self) -> str:
        """测评周期 for a period longer than a year, else 测评年度 (what clerks read in init's texts)."""
        return "测评周期" if self.period_years > 1 else "测评年度"

    @cached_property
    def _index(self) -> "RubricIndex":
        # The checks ask these lookups once per file (thousands per run): built once, on first use.
        # A cached property, not a field: equality, hashing, dumps and dict(rubric) never see it.
        from wenming_cli.models.rubric_index import RubricIndex  # it imports this module

        return RubricIndex.of(self)

    def standard(self, number: str) -> Standard | None:
        """The standard whose id (as printed: `22`, `1.1`, `Ⅱ-3`, `(12)`) is `number`."""
        return self._index.standards.get(str(number))

    def clause(self, clause_id: str) -> Clause | None:
        return self._index.clauses.get(clause_id)

    @property
    def all_ids(self) -> tuple[str, ...]:
        """Every standard, clause and task id, as printed."""
        ids = [s.number for s in self.standards] + [c.id for s in self.standards for c in s.clauses]
        return (*ids, *(t.id for tl in self.task_lists for t in tl.tasks))

    def standard_of_clause(self, clause_id: str) -> Standard | None:
        """The standard a clause belongs to (never guessed from the id's digits)."""
        return self._index.standard_of_clause.get(clause_id)

    def takes_activities(self, standard: Standard, clause: Clause) -> bool:
        """Whether a finding about an activity in the standard's folder concerns this clause: it does
        when activities can prove the clause, or when no clause of the standard takes activities."""

        def takes(c: Clause) -> bool:
            if not c.evidence:
                return True  # any kind of evidence, an activity included
            collected = {e.id: e.collected_as for e in self.vocabularies.evidence_kinds}
            kinds = {k for req in c.evidence for k in (req.kind, *req.any_of)}
            return any(k == "any" or collected.get(k) == "activity" for k in kinds)

        return takes(clause) or not any(takes(c) for c in standard.clauses)

    def subject_kind(self, subject: str | None) -> Literal["standard", "clause", "task"] | None:
        """What an id names in this rubric: a standard, a clause or a task (None: nothing)."""
        if not subject:
            return None
        if self.standard(subject) is not None:
            return "standard"
        if self.clause(subject) is not None:
            return "clause"
        if self.task(subject) is not None:
            return "task"
        return None

    def subject_fields(self, subject: str | None) -> dict[str, str]:
        """A finding's subject fields for an id: {"standard": …}, {"clause": …, "standard": …} or {"task": …}."""
        kind = self.subject_kind(subject)
        if kind == "standard":
            return {"standard": subject or ""}
        if kind == "clause":
            std = self.standard_of_clause(subject or "")
            return {"clause": subject or "", **({"standard": std.number} if std else {})}
        if kind == "task":
            return {"task": subject or ""}
        return {}

    def category_order(self, number: str) -> int:
        return next((i for i, c in enumerate(self.categories) if c.number == number), len(self.categories))

    def subject_order(self, subject: str) -> tuple[int, int]:
        """Sort key: standards, clauses and tasks in printed order; unknown ids last."""
        return self._index.order.get(subject, (2, 0))

    def task(self, task_id: str) -> Task | None:
        return self._index.tasks.get(task_id)

    def task_list_of(self, task_id: str) -> TaskList | None:
        return self._index.task_lists.get(task_id)

    def method(self, method_id: str) -> Method | None:
        return self._index.methods.get(method_id)

    def clause_methods(self, standard: Standard, clause: Clause) -> tuple[str, ...]:
        return clause.methods if clause.methods is not None else standard.methods

    def needs_files(self, standard: Standard, clause: Clause) -> bool:
        ids = self.clause_methods(standard, clause)
        return any((m := self.method(i)) is not None and m.needs_files for i in ids)

    def label(self, vocabulary: str, item_id: str) -> str:
        entries = getattr(self.vocabularies, vocabulary)
        return next((e.label for e in entries if e.id == item_id), item_id)

    def material_rules_for_task(self, task_id: str) -> MaterialRules:
        """A task's own rules override its list's, which override the rubric's defaults."""
        task = self.task(task_id)
        if task is not None and task.material_rules is not None:
            return task.material_rules
        task_list = self.task_list_of(task_id)
        if task_list is not None and task_list.material_rules is not None:
            return task_list.material_rules
        return self.material_rules

