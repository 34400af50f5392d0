"""periods.py: the one place that reads "MM-DD" and resolves deadlines (issue 11)."""

from __future__ import annotations

import datetime as dt

from wenming_cli.models.rubric import DateWindow, Deadline
from wenming_cli.periods import (
    deadline_end,
    deadline_window,
    due_date,
    month_day,
    multi_year_period,
    quarters,
)

D = dt.date


def test_month_day_and_deadline_end() -> None:
    assert month_day("10-31", 2021) == D(2021, 10, 31)
    assert deadline_end(None, 2021) is None
    assert deadline_end(Deadline(text="二季度前", kind="by", end="06-30"), 2021) == D(2021, 6, 30)
    assert deadline_end(Deadline(text="2023年8月底前", kind="by", end_date=D(2023, 8, 31)), 2021) == D(
        2023, 8, 31
    )
    assert deadline_end(Deadline(text="全年", kind="year"), 2021) == D(2021, 12, 31)
    assert deadline_end(Deadline(text="每季度", kind="quarterly"), 2021) is None


def test_due_date_falls_back_to_the_activities_deadline_then_the_year_end() -> None:
    october = Deadline(text="所有活动都要在10月底前完成", kind="by", end="10-31")
    quarterly = Deadline(text="每季度", kind="quarterly")
    assert due_date(quarterly, 2021, october) == D(2021, 10, 31)
    assert due_date(None, 2021, None) == D(2021, 12, 31)
    assert due_date(Deadline(text="第一季度", kind="by", end="03-31"), 2021, october) == D(2021, 3, 31)


def test_window_and_quarters() -> None:
    window = Deadline(text="第二、三季度", kind="window", start="04-01", end="09-30")
    assert deadline_window(window, 2021) == (D(2021, 4, 1), D(2021, 9, 30))
    assert deadline_window(Deadline(text="x", kind="by", end="06-30"), 2021) is None
    q = quarters(2021, D(2021, 10, 31))
    assert [x.label for x in q] == ["2021Q1", "2021Q2", "2021Q3", "2021Q4"]
    assert q[3].end == D(2021, 10, 31) and q[1].name == "2021年第二季度"


def test_multi_year_period_starts_with_the_assessment_period_when_unprinted() -> None:
    cycle = DateWindow(text="在3年的创建周期内", end=D(2023, 8, 31))
    assert multi_year_period(cycle, D(2020, 1, 1)) == (D(2020, 1, 1), D(2023, 8, 31))
    given = DateWindow(text="2021至2023", start=D(2021, 1, 1), end=D(2023, 12, 31))
    assert multi_year_period(given, D(2020, 1, 1)) == (D(2021, 1, 1), D(2023, 12, 31))
    assert multi_year_period(None, D(2020, 1, 1)) is None
