"""A finding: one rule's verdict on one subject, as plain data."""

from enum import Enum

from pydantic import computed_field

from wenming_cli.models.common import Frozen, Id

_RANKS = {"info": 0, "warning": 1, "error": 2}


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        """The one severity order (info < warning < error): --fail-on, sorting and gap lists use it."""
        return _RANKS[self.value]

    @property
    def label(self) -> str:
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.value]


class Finding(Frozen):
    code: str
    severity: Severity
    message: str
    fix: str | None = None
    standard: Id | None = None
    clause: str | None = None
    task: str | None = None
    activity: str | None = None
    path: str | None = None  # relative to the evidence folder, with "/" separators
    page: int | None = None
    period: str | None = None  # e.g. "2021Q2"
    expected: str | None = None
    actual: str | None = None
    field: str | None = None  # what else tells two findings on one subject apart: a person, a kind, a phrase

    @computed_field  # type: ignore[prop-decorator]
    @property
    def subject(self) -> str:
        """The standard, clause or task the finding concerns, as one id ("22", "22.1", "a3-3.4")."""
        if self.clause:
            return self.clause
        if self.task:
            return self.task
        if self.standard is not None:
            return self.standard
        return ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def key(self) -> str:
        """Stable across runs: what a baseline comparison matches on."""
        parts = [self.code, self.path or "", self.subject, self.period or "", str(self.page or "")]
        if self.field:
            parts.append(self.field)
        return "|".join(parts)
