"""The workbook's working sheets: open items per department (identical lists merged into one sheet),
the task lists, the field-inspection checklist and the bonus items."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from wenming_cli.models.common import format_points
from wenming_cli.models.scorecard import STATUS_LABELS, Gap, GapGroup
from wenming_cli.render.handin import HandIn
from wenming_cli.render.official import deadline_text, editorial, evidence_text, reason_text
from wenming_cli.render.xlsx_layout import number, sheet_title, table, who

GAP_HEADERS = [
    "条款/任务",
    "标准",
    "状态",
    "分值",
    "风险分",
    "存在问题",
    "整改措施",
    "责任人",
    "整改期限",
    "逾期",
]
GAP_WIDTHS = [11, 14, 9, 6, 7, 40, 40, 10, 13, 6]


def _gap_rows(hand: HandIn, gaps: Sequence[Gap]) -> tuple[list[list[object]], set[int]]:
    rows = []
    red = set()
    for i, g in enumerate(gaps):
        st = hand.statement_of(g)
        rows.append(
            [
                hand.ref(g),
                g.title,
                STATUS_LABELS[g.status],
                number(g.max_points),
                number(g.at_risk) if g.kind in ("clause", "bonus") else "",
                "\n".join(st.problems),
                hand.measure(g),
                "、".join(dict.fromkeys((*g.persons, *g.doers))),
                hand.deadline(g),
                "是" if g.overdue else "",
            ]
        )
        if g.overdue:
            red.add(i)
    return rows, red


def merged_groups(groups: Sequence[GapGroup]) -> list[tuple[list[str], GapGroup]]:
    """Departments with the same open items share one sheet (three identical lists print once)."""
    merged: dict[tuple[str, ...], tuple[list[str], GapGroup]] = {}
    for group in groups:
        if group.subjects in merged:
            merged[group.subjects][0].append(group.label)
        else:
            merged[group.subjects] = ([group.label], group)
    return list(merged.values())


def department_sheets(wb: Workbook, hand: HandIn, taken: set[str]) -> None:
    by_subject = {g.subject: g for g in hand.gaps.gaps}
    if not hand.gaps.by_department:
        ws = wb.create_sheet(sheet_title("待整改事项", taken))
        table(ws, "待整改事项", GAP_HEADERS, [["没有待整改的项目"] + [""] * 9], GAP_WIDTHS)
        return
    for labels, group in merged_groups(hand.gaps.by_department):
        ws = wb.create_sheet(sheet_title("部门-" + "、".join(labels), taken))
        members = [by_subject[s] for s in group.subjects]
        rows, red = _gap_rows(hand, members)
        title = (
            f"{'、'.join(labels)}待整改事项（{len(members)}项，风险分{format_points(group.at_risk)}分，"
            f"逾期{group.overdue}项）"
        )
        table(ws, title, GAP_HEADERS, rows, GAP_WIDTHS, red_rows=red)


TASK_HEADERS = [
    "任务",
    "任务清单",
    "名称",
    "要求",
    "状态",
    "期限",
    "证据情况",
    "存在问题",
    "责任部门/责任人",
    "说明",
]
TASK_WIDTHS = [8, 14, 14, 40, 9, 16, 18, 32, 14, 22]


def task_sheet(ws: Worksheet, hand: HandIn) -> None:
    card = hand.card
    rows: list[list[object]] = []
    red = set()
    for i, t in enumerate(card.tasks):
        period = hand.period(t.task)
        if period:
            deadline = period
        else:
            deadline = deadline_text(t.deadline, t.overdue) or (t.deadline_text or "")
        st = hand.statement(t.task)
        r = t.responsibility
        rows.append(
            [
                t.task,
                t.task_list + (f"\n{t.section}" if t.section else ""),
                t.title,
                "" if editorial(t.requirement) else t.requirement,
                STATUS_LABELS[t.status],
                deadline,
                evidence_text(t.evidence_summary),
                "\n".join(st.problems),
                who(r.departments, r.persons, r.doers),
                f"不适用：{t.not_applicable_reason}" if t.not_applicable_reason else "；".join(st.measures),
            ]
        )
        if t.overdue and not period:
            red.add(i)
    if not rows:
        rows = [["该测评细则没有任务清单，或本单位没有适用的任务"] + [""] * 9]
    table(ws, f"{card.unit or ''}任务完成情况", TASK_HEADERS, rows, TASK_WIDTHS, red_rows=red)


CHECK_HEADERS = ["序号", "条款/任务", "内容", "考评方法", "责任部门/责任人", "自查情况", "检查人", "检查日期"]
CHECK_WIDTHS = [6, 11, 60, 14, 16, 30, 10, 11]


def field_sheet(ws: Worksheet, hand: HandIn) -> None:
    card = hand.card
    rows: list[list[object]] = []
    for c in card.clauses():
        if c.field_inspection and c.status != "not_applicable":
            r = c.responsibility
            rows.append(
                [
                    len(rows) + 1,
                    c.ref,
                    c.text,
                    "、".join(c.methods),
                    who(r.departments, r.persons, r.doers),
                    "",
                    "",
                    "",
                ]
            )
    for t in card.tasks:
        if t.field_inspection and t.status != "not_applicable":
            r = t.responsibility
            requirement = "" if editorial(t.requirement) else f"：{t.requirement}"
            rows.append(
                [
                    len(rows) + 1,
                    f"“{t.title}”任务",
                    f"{t.title}{requirement}",
                    "实地点位",
                    who(r.departments, r.persons, r.doers),
                    "",
                    "",
                    "",
                ]
            )
    if not rows:
        rows = [["", "", "该测评细则没有需实地考察的项目", "", "", "", "", ""]]
    table(ws, f"{card.unit or ''}实地考察自查清单（迎检前逐项查看）", CHECK_HEADERS, rows, CHECK_WIDTHS)


BONUS_HEADERS = [
    "加分项目",
    "名称",
    "级别",
    "发文日期",
    "文号",
    "授予/发布单位",
    "单位/个人",
    "可加分",
    "计入分",
    "说明",
]
BONUS_WIDTHS = [12, 28, 10, 11, 18, 18, 8, 7, 7, 36]


def bonus_sheet(ws: Worksheet, hand: HandIn) -> None:
    card = hand.card
    rows: list[list[object]] = []
    for b in card.bonus:
        for i in b.items:
            rows.append(
                [
                    b.label,
                    i.name,
                    i.level_label,
                    i.document_date.isoformat(),
                    i.document_number or "",
                    i.issuer or "",
                    "个人" if i.holder == "personal" else "单位",
                    number(i.level_points) if i.level_points is not None else "",
                    number(i.points),
                    reason_text(i.reason) if i.reason else "计入",
                ]
            )
    if not rows:
        text = "本单位未申报荣誉称号或经验推介" if card.bonus else "该测评细则没有特色加分项目"
        rows = [[text] + [""] * 9]
    table(ws, f"{card.unit or ''}特色加分项目", BONUS_HEADERS, rows, BONUS_WIDTHS)
