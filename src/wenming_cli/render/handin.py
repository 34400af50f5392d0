"""What the hand-in documents say about each clause and task: official problems, measures, dates, and
the activities behind a category. Shared by the workbook, the Word and Markdown report and HTML."""

from __future__ import annotations

import datetime as dt

from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import CategoryScore, Gap, GapReport, Scorecard
from wenming_cli.render.official import Statement, Wording, cn_date, deadline_text, measure_text


class HandIn:
    """What the hand-in documents say about each clause and task: official problems, measures, dates."""

    def __init__(
        self, card: Scorecard, gaps: GapReport, rubric: Rubric | None = None, check: CheckResult | None = None
    ) -> None:
        self.card, self.gaps, self.rubric, self.check = card, gaps, rubric, check
        self.wording = Wording(check, rubric)
        self.year = (card.assessment_date or card.as_of).year
        self.tasks = {t.task: t for t in card.tasks}
        self.rubric_tasks = {t.id: t for tl in rubric.task_lists for t in tl.tasks} if rubric else {}

    def statement_of(self, g: Gap) -> Statement:
        """A gap's problems and measures in official wording (a bonus claim: from the findings behind it)."""
        if g.kind == "bonus":
            return self.wording.statement(g.subject, g.title, g.finding_keys)
        return self.statement(g.subject)

    def statement(self, subject: str) -> Statement:
        c = self.card.clause(subject)
        if c is not None:
            st = self.wording.statement(subject, c.short_title, c.finding_keys, c.targets)
            extra = []
            if c.veto_failed:
                extra.append("一票否决项未达到要求")
            if c.basis == "none":
                extra.append(f"该项由{'、'.join(c.methods)}评定，尚未开展自评")
            if extra:
                measures = st.measures + (("迎检前对照测评标准逐项自查",) if c.basis == "none" else ())
                st = Statement(tuple(extra) + st.problems, measures)
            return st
        t = self.tasks.get(subject)
        if t is None:
            return Statement((), ())
        return self.wording.statement(subject, t.title, t.finding_keys, t.targets)

    def ref(self, g: Gap) -> str:
        """第22条第1项, or a task by its title (task ids are wenming's, not the city's words)."""
        if g.kind == "bonus":
            return f"{g.ref}“{g.title}”"
        return f"“{g.title}”任务" if g.kind == "task" else g.ref

    def period(self, subject: str) -> str | None:
        """A task whose period ends in another year than the report's is shown in its own period."""
        task = self.rubric_tasks.get(subject)
        window = task.period if task else None
        if window is None or window.end is None or window.end.year == self.year:
            return None
        return f"{window.text.removeprefix('在')}（至{cn_date(window.end)}）"

    def measure(self, g: Gap) -> str:
        return measure_text(self.statement_of(g).measures, g.remedy, g.departments, g.persons)

    def deadline(self, g: Gap) -> str:
        # g.deadline is already the plan's remedy date where there is one, else the item's deadline.
        return deadline_text(g.deadline, g.overdue, None, self.period(g.subject)) or self.fallback(
            g.deadline_text
        )

    def fallback(self, printed: str | None = None) -> str:
        """No date of its own: the deadline as printed (每季度), else before the assessment date."""
        if printed:
            return printed
        return f"测评前（{cn_date(self.card.assessment_date)}）" if self.card.assessment_date else ""

    def activities(self, cat: CategoryScore) -> list[tuple[dt.date | None, str]]:
        """The activities counted for a category's clauses, by date, each once."""
        if self.check is None:
            return []
        paths: dict[str, None] = {}
        for c in cat.clauses:
            cov = self.check.coverage_for(c.clause)
            if cov is not None:
                paths.update(dict.fromkeys(cov.activity_paths))
        refs = {a.path: a for a in self.check.activities}
        found = [(refs[x].date, refs[x].title) for x in paths if x in refs]
        return sorted(found, key=lambda a: (a[0] or dt.date.max, a[1]))
