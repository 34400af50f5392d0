"""What the `rubric list`, `rubric show` and `rubric validate` commands return, as models.

Every command's JSON is one of these (or CheckResult, Scorecard, GapReport, RubricDiff…), so a later
run or another program can read it back.
"""

from typing import Literal

from pydantic import TypeAdapter

from wenming_cli.models.common import Frozen, Points
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan


class RubricSummary(Frozen):
    """One line of `rubric list`."""

    id: str
    city: str
    title: str
    edition: str
    year: int
    categories: int
    standards: int
    clauses: int
    tasks: int
    total_points: Points
    bonus_cap: Points
    thresholds: dict[str, Points] | None = None  # title label → minimum points


class ValidationProblem(Frozen):
    file: str
    line: int | None = None
    column: int | None = None
    where: str = ""
    message: str
    severity: Literal["error", "warning"] = "error"
    code: str = "RUBRIC-INVALID"


class FileValidation(Frozen):
    """`rubric validate`: one file's verdict and every problem in it."""

    file: str
    kind: Literal["rubric", "unit_plan"]
    valid: bool
    problems: tuple[ValidationProblem, ...] = ()


class RubricShow(Rubric):
    """`rubric show`: the rubric (standards filtered as asked) and, with --unit, the unit plan."""

    unit_plan: UnitPlan | None = None


RUBRIC_LIST = TypeAdapter(list[RubricSummary])
VALIDATION = TypeAdapter(list[FileValidation])
