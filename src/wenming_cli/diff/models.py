"""What `wenming diff` returns: plain frozen data, rendered by render/diff_view.py and render/diff_xlsx.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from wenming_cli.models.common import Frozen, Id, Points

Origin = Literal["auto", "pinned", "reviewed"]


class RubricInfo(Frozen):
    id: str
    city: str
    title: str
    edition: str
    total_points: Points
    categories: int
    standards: int
    clauses: int
    tasks: int


class ClauseInfo(Frozen):
    """One clause as the diff shows it: where it sits, what it is worth, what it says."""

    id: Id
    standard: Id
    ref: str  # 第22条第1项, 第(16)条第1项
    standard_title: str
    category: Id
    category_title: str
    points: Points
    points_source: str
    methods: tuple[str, ...]  # labels, in the rubric's order
    text: str


class StandardInfo(Frozen):
    number: Id
    ref: str
    title: str
    category: Id
    category_title: str
    points: Points


class ClausePair(Frozen):
    a: Id
    b: Id
    similarity: float
    origin: Origin


class StandardPair(Frozen):
    a: Id
    b: Id
    a_ref: str
    b_ref: str
    a_title: str
    b_title: str
    similarity: float
    origin: Origin


class TextOp(Frozen):
    """One run of a character diff: `equal` text is in both; `delete` only in A; `insert` only in B."""

    op: Literal["equal", "delete", "insert", "replace"]
    a: str = ""
    b: str = ""


class Change(Frozen):
    """One field that differs: `field` is the English path, `label` what a clerk reads."""

    field: str
    label: str
    a: str | None  # None: absent in A
    b: str | None


class Match(Frozen):
    """Clauses of A and B that say the same thing (a connected group of aligned pairs)."""

    a: tuple[ClauseInfo, ...]
    b: tuple[ClauseInfo, ...]
    pairs: tuple[ClausePair, ...]
    similarity: float
    points_a: Points
    points_b: Points
    text_changed: bool
    text_ops: tuple[TextOp, ...]
    changes: tuple[Change, ...]

    @property
    def restructured(self) -> bool:
        """Merged or split: not one clause against one clause."""
        return len(self.a) != 1 or len(self.b) != 1

    @property
    def changed(self) -> bool:
        return self.restructured or self.text_changed or bool(self.changes)

    @property
    def points_delta(self) -> Decimal:
        return self.points_b - self.points_a


class ItemChange(Frozen):
    """A target or bonus rule, compared with its namesake (same id) in the other rubric."""

    id: str
    label: str
    status: Literal["added", "removed", "changed"]
    a_summary: str | None
    b_summary: str | None
    a_subject: str | None = None  # where it applies: a clause ref or a task id
    b_subject: str | None = None
    changes: tuple[Change, ...] = ()


class CategoryInfo(Frozen):
    number: Id
    title: str
    points: Points


class CategoryFlow(Frozen):
    """Points that moved from a category of A to a category of B (None: removed or added)."""

    a: CategoryInfo | None
    b: CategoryInfo | None
    points_a: Points
    points_b: Points
    clauses_a: int
    clauses_b: int


class AlignmentInfo(Frozen):
    threshold: float
    file: str | None = None
    pins: int = 0
    forbids: int = 0
    reviewed: int = 0
    # How the automatic alignment alone agrees with the file's reviewed partners (standard pairs).
    auto_precision: float | None = None
    auto_recall: float | None = None


class RubricDiff(Frozen):
    a: RubricInfo
    b: RubricInfo
    alignment: AlignmentInfo
    matches: tuple[Match, ...]
    only_a: tuple[ClauseInfo, ...]
    only_b: tuple[ClauseInfo, ...]
    standards_only_a: tuple[StandardInfo, ...]
    standards_only_b: tuple[StandardInfo, ...]
    standard_pairs: tuple[StandardPair, ...]
    flows: tuple[CategoryFlow, ...]
    rubric_changes: tuple[Change, ...]
    targets: tuple[ItemChange, ...]
    bonuses: tuple[ItemChange, ...]
    thresholds: tuple[Change, ...]
    material_rules: tuple[Change, ...]
    equivalent: bool

    @property
    def changed_matches(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.changed)
