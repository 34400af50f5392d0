"""Notices a clerk should read once on stderr before the results: which rubric was used, and which day
counts as "today" when it is long after the assessment."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from wenming_cli.cli.common import status

if TYPE_CHECKING:  # annotations only: importing the models here would cost `check --help` ~100 ms
    from wenming_cli.models.rubric import Rubric
    from wenming_cli.models.unit import UnitPlan

# A year after the assessment most deadlines and quarters have long passed: a check "as of today"
# then mostly reports lateness, which is rarely what a clerk re-checking old material wants.
STALE_AFTER = dt.timedelta(days=365)


def rubric_override(rubric_ref: str | None, plan: UnitPlan | None, rubric: Rubric) -> str | None:
    if rubric_ref is None or plan is None:
        return None
    named = plan.rubric.strip()
    if named in (rubric.id, rubric_ref):
        return None
    return f"注意：按 --rubric 指定的测评细则 {rubric.id} 检查，而不是 unit.yaml 中写的“{named}”。"


def stale_today(
    as_of: dt.datetime | None, plan: UnitPlan | None, rubric: Rubric, today: dt.date | None = None
) -> str | None:
    if as_of is not None:
        return None
    today = today or dt.date.today()
    assessed = plan.assessment_date if plan is not None and plan.assessment_date else None
    year = plan.assessment_year if plan is not None else rubric.year
    reference = assessed or dt.date(year, 12, 31)
    if today - reference <= STALE_AFTER:
        return None
    return (
        f"注意：今天（{today}）已远在测评{'日期 ' + str(assessed) if assessed else f'年度 {year} 年'}之后，"
        f"期限和季度按今天计算，大多会显示为已过期。若要按当时的情况检查，请加 --as-of {reference}。"
    )


def show(rubric_ref: str | None, as_of: dt.datetime | None, plan: UnitPlan | None, rubric: Rubric) -> None:
    """Print whichever notices apply, each once."""
    for text in (rubric_override(rubric_ref, plan, rubric), stale_today(as_of, plan, rubric)):
        if text:
            status(text)
