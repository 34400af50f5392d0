"""Statements due every quarter for named tasks (material_rules.quarterly_statement, e.g. 附件2 注5)."""

from __future__ import annotations

from wenming_cli import material_text
from wenming_cli.applicability import applicable_tasks
from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, subject_fields
from wenming_cli.checks.coverage import role_of_kind
from wenming_cli.models.finding import Finding


def check_quarterly_statements(ctx: CheckContext) -> list[Finding]:
    """For each named task that applies to the unit: every ended quarter of the assessment period (up to
    the task's deadline) needs a file of the rule's kind dated in it (error when missing); the running
    quarter only gets a note."""
    out: list[Finding] = []
    for task_list, task in applicable_tasks(ctx.rubric, ctx.plan):
        rule = ctx.rules_for(task.id).quarterly_statement
        if rule is None or not (task.id in rule.tasks or task_list.id in rule.task_lists):
            continue
        role = role_of_kind(ctx, rule.kind)
        label = ctx.rubric.label("evidence_kinds", rule.kind)
        dates = [
            f.date
            for f in ctx.scan.inventory.files
            if f.subject == task.id and f.date is not None and (role == "any" or f.role == role)
        ]
        said = f"（{rule.source}：{rule.text}）" if rule.source else f"（{rule.text}）"
        fix = (
            material_text.collect_fix(ctx.rules_for(task.id), task.id, role) + "文件名以该季度内的日期开头。"
        )
        due = ctx.subject_due(task.id)
        for quarter in ctx.quarters:
            if quarter.start > min(ctx.as_of, due) or any(quarter.start <= d <= quarter.end for d in dates):
                continue
            ended = quarter.end < ctx.as_of
            text = f"任务 {task.id}：{quarter.name}没有{label}{said}。"
            if not ended:
                text = f"任务 {task.id}：{quarter.name}尚未结束，还没有{label}{said}。"
            out.append(
                finding(
                    "QUARTER-STATEMENT-MISSING" if ended else "QUARTER-STATEMENT-OPEN",
                    text,
                    fix=fix,
                    period=quarter.label,
                    expected="1",
                    actual="0",
                    **subject_fields(ctx.rubric, task.id),
                )
            )
    return out
