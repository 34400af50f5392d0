"""The upload window (material_rules.upload_window, e.g. Yiyang 附件2 注10): while the check date lies in
the last days before a task's deadline, say when to upload and what is due. Missing material after the
deadline is reported by coverage."""

from __future__ import annotations

import datetime as dt

from wenming_cli.applicability import applicable_tasks
from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, subject_fields
from wenming_cli.checks.coverage import role_of_kind
from wenming_cli.models.finding import Finding
from wenming_cli.models.rubric import Task


def check_upload_windows(ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    for _task_list, task in applicable_tasks(ctx.rubric, ctx.plan):
        rules = ctx.rules_for(task.id)
        window = rules.upload_window
        if window is None:
            continue
        for due, period in _due_dates(ctx, task):
            start, end = window.dates(due)
            if not start <= ctx.as_of <= end:
                continue
            said = f"{window.source}：{window.text}" if window.source else window.text
            out.append(
                finding(
                    "UPLOAD-WINDOW",
                    f"任务 {task.id}：现在是上传时间 {start.isoformat()} 至 {end.isoformat()}（{said}），"
                    f"期限 {due.isoformat()}，应提交：{_what(ctx, task, period)}。",
                    period=period,
                    **subject_fields(ctx.rubric, task.id),
                )
            )
    return out


def _due_dates(ctx: CheckContext, task: Task) -> list[tuple[dt.date, str | None]]:
    """When the task is due: at each quarter's end for a quarterly task, else once."""
    if task.deadline is not None and task.deadline.kind == "quarterly":
        return [(q.end, q.label) for q in ctx.quarters]
    return [(ctx.subject_due(task.id), None)]


def _what(ctx: CheckContext, task: Task, period: str | None) -> str:
    """The task's required evidence in the rubric's words (kinds and counts)."""
    rubric = ctx.rubric
    category = ctx.plan.unit.category if ctx.plan is not None else None
    if not task.evidence:
        n = ctx.rules_for(task.id).default_min_activities or 1
        return f"至少 {n} 份材料"
    parts = []
    for req in task.evidence:
        per = "本季度" if period is not None and req.per in ("quarter", None) else ""
        unit = "次" if role_of_kind(ctx, req.kind) == "activity" else "份"
        parts.append(f"{per}{rubric.label('evidence_kinds', req.kind)}至少 {req.count_for(category)} {unit}")
    return "、".join(parts)
