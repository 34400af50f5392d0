"""The unit plan (unit.yaml): who does what by when, and the unit's own figures and honours.

A city rubric is shared by every unit of the city; this file is one unit's.
"""

import datetime as dt
from typing import Literal

from pydantic import Field

from wenming_cli.models.common import Frozen, Id, Points

Source = Literal["stated", "inferred", "default"]


class Unit(Frozen):
    name: str
    short_names: tuple[str, ...] = ()
    category: Id | None = None
    category_source: Source = "stated"
    note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_names)


class Person(Frozen):
    name: str
    roles: tuple[str, ...] = ()
    department: Id | None = None
    note: str | None = None


class Department(Frozen):
    id: Id
    name: str
    aliases: tuple[str, ...] = ()
    note: str | None = None


class Assignment(Frozen):
    """Who answers for a standard, clause or task, and the unit's own deadline and share."""

    subject: Id  # "22", "22.1", "a2-3", "a3-3.4"
    departments: tuple[Id, ...] = ()
    persons: tuple[str, ...] = ()
    doers: tuple[str, ...] = ()
    deadline: dt.date | None = None
    deadline_text: str | None = None
    material: str | None = None  # 本校资料提交要求: the unit's share of a city task
    note: str | None = None


class Honour(Frozen):
    name: str
    level: Id
    issuer: str | None = None
    document_date: dt.date
    document_number: str | None = None
    holder: Literal["unit", "personal"] = "unit"
    content_key: str | None = None
    evidence: str | None = None
    note: str | None = None


class Promotion(Frozen):
    name: str
    tier: Id
    outlet: str | None = None
    document_date: dt.date
    document_number: str | None = None
    holder: Literal["unit", "personal"] = "unit"
    content_key: str
    evidence: str | None = None
    note: str | None = None


class SelfAssessment(Frozen):
    points: Points
    reason: str


class VetoCheck(Frozen):
    """The unit's confirmation of one disqualifying condition (一票否决) of the rubric."""

    status: Literal["passed", "failed", "undecided"] = "undecided"
    note: str | None = None


class Shortfall(Frozen):
    """Failures counted on site for a deduction-scored clause (e.g. 3 signs missing): `score` deducts them."""

    count: int = Field(ge=0)
    note: str | None = None


class NotApplicable(Frozen):
    subject: Id
    reason: str = Field(min_length=2)


class Ignore(Frozen):
    code: str | None = None
    path: str | None = None
    reason: str


class Remedy(Frozen):
    subject: Id
    measure: str
    deadline: dt.date | None = None


class UnitPlan(Frozen):
    rubric: str
    unit: Unit
    assessment_year: int
    assessment_date: dt.date | None = None
    assessment_date_source: Source = "stated"
    assessment_date_note: str | None = None
    roster: tuple[Person, ...] = ()
    departments: tuple[Department, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    figures: dict[Id, Points] = {}  # counts or decimals (92.5, 22.5) in the figure's own unit
    figures_note: str | None = None
    honours: tuple[Honour, ...] = ()
    promotions: tuple[Promotion, ...] = ()
    self_assessment: dict[Id, SelfAssessment] = {}
    vetoes: dict[Id, VetoCheck] = {}  # rubric veto id → passed / failed / undecided
    shortfalls: dict[Id, Shortfall] = {}  # clause id → failures counted on site (扣分项)
    not_applicable: tuple[NotApplicable, ...] = ()
    remedies: tuple[Remedy, ...] = ()
    ignore: tuple[Ignore, ...] = ()
    select: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def department(self, dep_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == dep_id), None)

    def assignment_for(self, subject: str, standard: str | None = None) -> Assignment | None:
        """The most specific assignment: the subject's own, else its `standard`'s (for a clause)."""
        exact = next((a for a in self.assignments if a.subject == subject), None)
        if exact is not None or standard is None or standard == subject:
            return exact
        return next((a for a in self.assignments if a.subject == standard), None)

    @property
    def roster_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.roster)
