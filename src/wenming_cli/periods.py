"""Dates from the rubric's deadlines and windows: the one place that reads "MM-DD" and resolves deadlines.

A rubric stores a deadline's month and day ("10-31") without a year, because the same rule holds every
year; the year comes from the unit plan (its assessment year). A multi-year deadline carries an
absolute `end_date`, and a multi-year task its own `period`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wenming_cli.models.rubric import DateWindow, Deadline, Rubric

QUARTER_ENDS = ((1, 3, 31), (4, 6, 30), (7, 9, 30), (10, 12, 31))


@dataclass(frozen=True)
class Quarter:
    label: str  # "2021Q2"
    start: dt.date
    end: dt.date

    @property
    def name(self) -> str:
        """2021年第二季度."""
        return f"{self.label[:4]}年第{'一二三四'[int(self.label[-1]) - 1]}季度"


def month_day(text: str, year: int) -> dt.date:
    """A rubric's "MM-DD" (already validated by the model) in the given year."""
    month, day = (int(x) for x in text.split("-"))
    return dt.date(year, month, day)


def deadline_end(deadline: Deadline | None, year: int) -> dt.date | None:
    """The last day of a structured deadline, in the assessment year unless it is absolute; None: open."""
    if deadline is None:
        return None
    if deadline.end_date is not None:
        return deadline.end_date
    if deadline.end is not None:
        return month_day(deadline.end, year)
    if deadline.kind == "year":
        return dt.date(year, 12, 31)
    return None


def due_date(deadline: Deadline | None, year: int, activities_deadline: Deadline | None) -> dt.date:
    """When a clause or task must be done: its own deadline, else the rubric's deadline for all
    activities (Yiyang: 10月底前), else the end of the assessment year."""
    return deadline_end(deadline, year) or deadline_end(activities_deadline, year) or dt.date(year, 12, 31)


def deadline_window(deadline: Deadline | None, year: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a `window` deadline (第二、三季度 → 04-01..09-30)."""
    if deadline is None or deadline.kind != "window" or deadline.start is None or deadline.end is None:
        return None
    return month_day(deadline.start, year), month_day(deadline.end, year)


def quarters(year: int, last_day: dt.date | None = None) -> list[Quarter]:
    """The year's quarters; the quarter holding `last_day` (all activities done by) ends on it."""
    result = []
    for i, (month, end_month, end_day) in enumerate(QUARTER_ENDS, start=1):
        start = dt.date(year, month, 1)
        end = dt.date(year, end_month, end_day)
        if last_day is not None and end > last_day >= start:
            end = last_day
        result.append(Quarter(f"{year}Q{i}", start, end))
    return result


@dataclass(frozen=True)
class Slice:
    """One counting period of a `per` requirement: a quarter (2021Q2) or a calendar year (2021)."""

    label: str
    name: str  # 2021年第二季度, 2021年
    start: dt.date
    end: dt.date


def period_quarters(start: dt.date, end: dt.date, last_day: dt.date | None = None) -> list[Quarter]:
    """Every quarter of a (possibly multi-year) period, clipped to it; the quarter holding `last_day`
    ends on it."""
    result = []
    for year in range(start.year, end.year + 1):
        for q in quarters(year, last_day if last_day is not None and last_day.year == year else None):
            if q.end < start or q.start > end:
                continue
            result.append(Quarter(q.label, max(q.start, start), min(q.end, end)))
    return result


def slices(per: str, start: dt.date, end: dt.date, last_day: dt.date | None = None) -> list[Slice]:
    """The periods a `per: quarter` or `per: year` requirement is counted in, over the whole period."""
    if per == "year":
        return [
            Slice(str(y), f"{y}年", max(start, dt.date(y, 1, 1)), min(end, dt.date(y, 12, 31)))
            for y in range(start.year, end.year + 1)
        ]
    return [Slice(q.label, q.name, q.start, q.end) for q in period_quarters(start, end, last_day)]


def assessment_period(year: int, years: int) -> tuple[dt.date, dt.date]:
    """The assessment period: the assessment year, or several calendar years ending with it."""
    return dt.date(year - years + 1, 1, 1), dt.date(year, 12, 31)


def rubric_period(rubric: Rubric, year: int) -> tuple[dt.date, dt.date]:
    """The period evidence must fall in: the rubric's explicit one, else the assessment year(s)."""
    if rubric.period is not None:
        return rubric.period.start, rubric.period.end
    return assessment_period(year, rubric.assessment_period_years)


def multi_year_period(period: DateWindow | None, fallback_start: dt.date) -> tuple[dt.date, dt.date] | None:
    """A multi-year task's own period (三年创建周期, to 2023-08-31), both ends inclusive.

    Where the rubric prints no start (Yiyang: 周期起点未印), the period starts with the assessment period.
    """
    if period is None or period.end is None:
        return None
    return period.start or fallback_start, period.end
