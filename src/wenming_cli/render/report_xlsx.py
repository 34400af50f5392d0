"""The self-inspection workbook: a summary with a native chart, the rubric table laid out like the
seeds' attachment 1, one sheet per department, the task lists, the field-inspection checklist and the
bonus items. Every sheet prints on A4 landscape with its header row repeated on each page.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from wenming_cli.models.common import format_points
from wenming_cli.models.scorecard import STATUS_LABELS, Gap, GapReport, Scorecard
from wenming_cli.render.report_md import COMPARISON, cn_number

FONT = "宋体"
BODY = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
RED = Font(name=FONT, size=10, color="C00000")
TITLE = Font(name=FONT, size=14, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
LINE_HEIGHT = 14.0  # points per wrapped line of 10 pt 宋体, with room for a wider fallback font

RUBRIC_HEADERS = [
    "序号",
    "测评项目",
    "测评标准",
    "考评方法",
    "责任部门/责任人",
    "分值",
    "自评得分",
    "证据情况",
    "存在问题",
    "整改措施",
    "整改期限",
]
RUBRIC_WIDTHS = [6, 12, 46, 10, 14, 6, 8, 30, 34, 24, 11]
CENTERED = {
    "序号",
    "分值",
    "自评得分",
    "风险分",
    "状态",
    "整改期限",
    "期限",
    "逾期",
    "计入分",
    "可加分",
    "发文日期",
}


def number(value: Decimal | None) -> int | float | None:
    """Excel stores doubles; write integral points as integers so cells show 2, not 2.0."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(format_points(value))


def text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def sheet_title(text: str, taken: set[str]) -> str:
    """A legal, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\]", "", text)[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = FONT


def _table(
    ws: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    merges: Sequence[tuple[int, int, int]] = (),
    red_rows: set[int] = frozenset(),
) -> None:
    """Title in row 1, headers in row 2 (frozen, repeated on print), data below, fitted heights."""
    ws.cell(1, 1, title).font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.row_dimensions[1].height = 24
    for col, (h, w) in enumerate(zip(headers, widths, strict=True), 1):
        cell = ws.cell(2, col, h)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
        ws.column_dimensions[cell.column_letter].width = w
    ws.row_dimensions[2].height = (
        LINE_HEIGHT * max(_lines(h, w) for h, w in zip(headers, widths, strict=True)) + 6
    )
    merged_cells = {(r, c) for c, r0, r1 in merges for r in range(r0, r1 + 1)}
    for i, row in enumerate(rows):
        r = i + 3
        lines = 1
        for col, value in enumerate(row, 1):
            cell = ws.cell(r, col, value if value != "" else None)
            cell.font = RED if i in red_rows else BODY
            cell.border = BORDER
            cell.alignment = (
                CENTER if headers[col - 1] in CENTERED or isinstance(value, (int, float)) else WRAP
            )
            if isinstance(value, str) and (r, col) not in merged_cells:
                lines = max(lines, _lines(value, widths[col - 1]))
        ws.row_dimensions[r].height = LINE_HEIGHT * lines + 4
    for col, r0, r1 in merges:
        if r1 > r0:
            ws.merge_cells(start_row=r0, start_column=col, end_row=r1, end_column=col)
    ws.freeze_panes = "A3"
    _print_setup(ws, 2)


def _who(departments: Sequence[str], persons: Sequence[str], doers: Sequence[str] = ()) -> str:
    parts = ["、".join(departments), "、".join(persons), f"执行：{'、'.join(doers)}" if doers else ""]
    return "\n".join(p for p in parts if p)


# -- sheets ----------------------------------------------------------------------------------------


def _summary(ws: Worksheet, card: Scorecard) -> None:
    ws.title = "汇总"
    ws.cell(1, 1, f"{card.unit or ''}创建文明单位自查得分汇总").font = TITLE
    ws.merge_cells("A1:F1")
    ws.row_dimensions[1].height = 26
    info = [
        ("单位", card.unit or "（未提供单位方案）"),
        ("测评细则", f"{card.rubric_title}（{card.rubric}）"),
        ("检查日期", card.as_of.isoformat()),
    ]
    if card.assessment_date:
        info.append(("测评日期", card.assessment_date.isoformat()))
    if card.unit_category:
        info.append(("单位类别", card.unit_category))
    row = 3
    for label, value in info:
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 2, value).font = BODY
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        row += 1
    row += 1
    header_row = row
    headers = ["序号", "测评项目", "满分", "按材料计分", "单位自评", "得分率"]
    for col, h in enumerate(headers, 1):
        cell = ws.cell(row, col, h)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
    first = row + 1
    for i, cat in enumerate(card.categories, 1):
        row += 1
        rate = cat.totals.evidence / cat.totals.maximum if cat.totals.maximum else Decimal(0)
        values = [
            cn_number(i),
            cat.title,
            number(cat.totals.maximum),
            number(cat.totals.evidence),
            number(cat.totals.self_assessed),
            float(round(rate, 4)),
        ]
        for col, v in enumerate(values, 1):
            cell = ws.cell(row, col, v)
            cell.font, cell.border = BODY, BORDER
            cell.alignment = WRAP if col == 2 else CENTER
        ws.cell(row, 6).number_format = "0%"
        ws.row_dimensions[row].height = LINE_HEIGHT * _lines(cat.title, 34) + 4
    last = row
    row += 1
    t = card.totals
    for col, v in enumerate(
        ["", "合计", number(t.maximum), number(t.evidence), number(t.self_assessed), ""], 1
    ):
        cell = ws.cell(row, col, v if v != "" else None)
        cell.font, cell.border, cell.alignment = BOLD, BORDER, CENTER
    row += 2
    extra = []
    if t.from_self_assessment:
        extra.append(f"其中无法从材料判断的计分项采用单位自评{format_points(t.from_self_assessment)}分")
    if t.estimated:
        extra.append(f"部分达标项按测评细则约定比例估计{format_points(t.estimated)}分")
    if t.applicable_maximum != t.maximum:
        extra.append(f"适用满分{format_points(t.applicable_maximum)}分")
    lines: list[tuple[str, object, str]] = [("按材料计分", number(t.evidence), "；".join(extra))]
    for b in card.bonus:
        window = b.window_text
        if b.window_start and b.window_end:
            window += f"（{b.window_start.isoformat()}至{b.window_end.isoformat()}）"
        counted = sum(1 for i in b.items if i.counted)
        lines.append(
            (
                f"特色加分：{b.label}",
                number(b.points),
                f"上限{format_points(b.cap)}分，期限{window}；申报{len(b.items)}项，计入{counted}项",
            )
        )
    lines.append(("测评总分", number(card.total), "按材料计分 + 特色加分"))
    lines.append(("评定", card.verdict.message, ""))
    for label, value, note in lines:
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 1).alignment = WRAP
        cell = ws.cell(row, 2, value)
        cell.font = BOLD if label in ("测评总分", "评定") else BODY
        cell.alignment = WRAP if isinstance(value, str) else CENTER
        if isinstance(value, str):
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
            ws.row_dimensions[row].height = LINE_HEIGHT * _lines(value, 80) + 4
        elif note:
            ws.cell(row, 3, note).font = BODY
            ws.cell(row, 3).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
            ws.row_dimensions[row].height = LINE_HEIGHT * _lines(note, 50) + 4
        row += 1
    if card.targets:
        row += 1
        ws.cell(row, 1, "量化指标").font = BOLD
        row += 1
        for col, h in enumerate(["条款/任务", "量化指标", "人数", "比例", "要求", "还需人数"], 1):
            cell = ws.cell(row, col, h)
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
        for tr in card.targets:
            row += 1
            if tr.numerator is not None and tr.denominator is not None:
                figures = f"{format_points(tr.numerator)}/{format_points(tr.denominator)}"
            else:
                figures = "缺数据" if tr.actual is None else ""
            values = [
                tr.subject,
                tr.label,
                figures,
                f"{format_points(tr.actual)}{tr.unit}" if tr.actual is not None else "—",
                f"{COMPARISON.get(tr.comparison, tr.comparison)}{format_points(tr.required)}{tr.unit}",
                tr.people_short if tr.people_short else ("达到" if tr.met else ""),
            ]
            for col, v in enumerate(values, 1):
                cell = ws.cell(row, col, v)
                cell.font = RED if tr.met is False else BODY
                cell.border, cell.alignment = BORDER, WRAP if col == 2 else CENTER
            ws.row_dimensions[row].height = LINE_HEIGHT * _lines(tr.label, 34) + 4
    if card.not_applicable or card.notes:
        row += 1
        for s, reason in card.not_applicable:
            row += 1
            ws.cell(row, 1, f"不适用：{s}").font = BODY
            ws.cell(row, 2, reason).font = BODY
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        for n in card.notes:
            row += 1
            ws.cell(row, 1, "说明").font = BODY
            ws.cell(row, 2, n).font = BODY
            ws.cell(row, 2).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
            ws.row_dimensions[row].height = LINE_HEIGHT * _lines(n, 80) + 4
    for col, w in zip("ABCDEF", (14, 34, 10, 12, 10, 10), strict=True):
        ws.column_dimensions[col].width = w

    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "各测评项目得分"
    chart.y_axis.title = "分"
    chart.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    data = Reference(ws, min_col=3, max_col=4, min_row=header_row, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.height = max(8.0, 0.9 * len(card.categories) + 3)
    chart.width = 18
    chart.legend.position = "b"
    ws.add_chart(chart, "H3")
    _print_setup(ws, header_row)
    ws.print_title_rows = None
    ws.page_setup.fitToHeight = 1


def _rubric_sheet(ws: Worksheet, card: Scorecard) -> None:
    rows: list[list[object]] = []
    merges: list[tuple[int, int, int]] = []
    for i, cat in enumerate(card.categories, 1):
        start = len(rows) + 3
        for c in cat.clauses:
            marks = ("【一票否决】" if c.veto else "") + ("【扣分项】" if c.mode == "deduction" else "")
            evidence = [c.evidence_summary, f"计分：{c.explanation}"]
            if c.self_points is not None and c.basis != "self_assessed":
                evidence.append(f"单位自评{format_points(c.self_points)}分：{c.self_reason or ''}")
            elif c.basis == "self_assessed" and c.self_reason:
                evidence.append(f"自评理由：{c.self_reason}")
            problems = list(c.problems)
            if c.not_applicable_reason:
                problems.insert(0, f"不适用：{c.not_applicable_reason}")
            if c.veto_failed:
                problems.insert(0, "一票否决项未通过")
            r = c.responsibility
            rows.append(
                [
                    cn_number(i),
                    f"{cat.title}\n（{format_points(cat.totals.maximum)}分）",
                    f"{c.clause} {c.text}{marks}",
                    "、".join(c.methods),
                    _who(r.departments, r.persons, r.doers),
                    number(c.max_points),
                    "不适用" if c.status == "not_applicable" else number(c.points),
                    "\n".join(x for x in evidence if x),
                    "\n".join(problems),
                    r.remedy or "",
                    r.remedy_deadline.isoformat() if r.remedy_deadline else "",
                ]
            )
        merges += [(1, start, len(rows) + 2), (2, start, len(rows) + 2)]
    for b in card.bonus:
        counted = [
            f"{i.name}（{i.level_label}，{i.document_date.isoformat()}）{format_points(i.points)}分"
            for i in b.items
            if i.counted
        ]
        skipped = [f"{i.name}：{i.reason}" for i in b.items if i.reason]
        rows.append(
            [
                "加分",
                f"特色加分项目\n{b.label}",
                b.text or f"{b.window_text}，上限{format_points(b.cap)}分",
                "材料审核",
                "",
                f"最多{format_points(b.cap)}",
                number(b.points),
                "\n".join(counted) or "无",
                "\n".join(skipped),
                "",
                "",
            ]
        )
    t = card.totals
    rows.append(
        [
            "",
            "合计",
            "",
            "",
            "",
            number(t.maximum),
            number(t.evidence + card.bonus_points),
            "含特色加分",
            "",
            "",
            "",
        ]
    )
    title = f"{card.unit or ''}测评细则自查表（{card.rubric_title}）"
    _table(ws, title, RUBRIC_HEADERS, rows, RUBRIC_WIDTHS, merges)


GAP_HEADERS = [
    "条款/任务",
    "标准",
    "状态",
    "分值",
    "风险分",
    "存在问题",
    "整改措施",
    "责任人",
    "期限",
    "逾期",
]
GAP_WIDTHS = [11, 14, 9, 6, 7, 40, 40, 10, 11, 6]


def _gap_rows(gaps: Sequence[Gap]) -> tuple[list[list[object]], set[int]]:
    rows = []
    red = set()
    for i, g in enumerate(gaps):
        rows.append(
            [
                g.ref,
                g.title,
                STATUS_LABELS[g.status],
                number(g.max_points),
                number(g.at_risk) if g.kind == "clause" else "",
                "\n".join(g.missing),
                "\n".join(g.actions),
                "、".join(dict.fromkeys((*g.persons, *g.doers))),
                g.deadline.isoformat() if g.deadline else (g.deadline_text or ""),
                "是" if g.overdue else "",
            ]
        )
        if g.overdue:
            red.add(i)
    return rows, red


def _department_sheets(wb: Workbook, gaps: GapReport, taken: set[str]) -> None:
    by_subject = {g.subject: g for g in gaps.gaps}
    if not gaps.by_department:
        ws = wb.create_sheet(sheet_title("待整改事项", taken))
        _table(ws, "待整改事项", GAP_HEADERS, [["没有待整改的项目"] + [""] * 9], GAP_WIDTHS)
        return
    for group in gaps.by_department:
        ws = wb.create_sheet(sheet_title(f"部门-{group.label}", taken))
        members = [by_subject[s] for s in group.subjects]
        rows, red = _gap_rows(members)
        title = f"{group.label}待整改事项（{len(members)}项，风险分{format_points(group.at_risk)}分，逾期{group.overdue}项）"
        _table(ws, title, GAP_HEADERS, rows, GAP_WIDTHS, red_rows=red)


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
TASK_WIDTHS = [8, 14, 14, 40, 9, 14, 18, 32, 14, 18]


def _task_sheet(ws: Worksheet, card: Scorecard) -> None:
    rows: list[list[object]] = []
    red = set()
    for i, t in enumerate(card.tasks):
        deadline = t.deadline_text or ""
        if t.deadline:
            deadline += f"\n{t.deadline.isoformat()}" if deadline else t.deadline.isoformat()
        rows.append(
            [
                t.task,
                t.task_list + (f"\n{t.section}" if t.section else ""),
                t.title,
                t.requirement,
                STATUS_LABELS[t.status],
                deadline + ("（已逾期）" if t.overdue else ""),
                t.evidence_summary,
                "\n".join(t.problems),
                _who(t.responsibility.departments, t.responsibility.persons, t.responsibility.doers),
                f"不适用：{t.not_applicable_reason}" if t.not_applicable_reason else "",
            ]
        )
        if t.overdue:
            red.add(i)
    if not rows:
        rows = [["该测评细则没有任务清单，或本单位没有适用的任务"] + [""] * 9]
    _table(ws, f"{card.unit or ''}任务完成情况", TASK_HEADERS, rows, TASK_WIDTHS, red_rows=red)


CHECK_HEADERS = ["序号", "条款/任务", "内容", "考评方法", "责任部门/责任人", "自查情况", "检查人", "检查日期"]
CHECK_WIDTHS = [6, 11, 60, 14, 16, 30, 10, 11]


def _field_sheet(ws: Worksheet, card: Scorecard) -> None:
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
                    _who(r.departments, r.persons, r.doers),
                    "",
                    "",
                    "",
                ]
            )
    for t in card.tasks:
        if t.field_inspection and t.status != "not_applicable":
            r = t.responsibility
            rows.append(
                [
                    len(rows) + 1,
                    f"任务 {t.task}",
                    f"{t.title}：{t.requirement}",
                    "实地点位",
                    _who(r.departments, r.persons, r.doers),
                    "",
                    "",
                    "",
                ]
            )
    if not rows:
        rows = [["", "", "该测评细则没有需实地考察的项目", "", "", "", "", ""]]
    _table(ws, f"{card.unit or ''}实地考察自查清单（迎检前逐项查看）", CHECK_HEADERS, rows, CHECK_WIDTHS)


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


def _bonus_sheet(ws: Worksheet, card: Scorecard) -> None:
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
                    i.reason or "计入",
                ]
            )
    if not rows:
        text = "单位方案未填写荣誉称号或经验推介" if card.bonus else "该测评细则没有特色加分项目"
        rows = [[text] + [""] * 9]
    _table(ws, f"{card.unit or ''}特色加分项目", BONUS_HEADERS, rows, BONUS_WIDTHS)


def build_workbook(card: Scorecard, gaps: GapReport) -> Workbook:
    """The workbook, for tests and for saving; it opens on the summary sheet."""
    wb = Workbook()
    taken: set[str] = {"汇总"}
    _summary(wb.active, card)
    _rubric_sheet(wb.create_sheet(sheet_title("测评细则自查表", taken)), card)
    _department_sheets(wb, gaps, taken)
    _task_sheet(wb.create_sheet(sheet_title("任务清单", taken)), card)
    _field_sheet(wb.create_sheet(sheet_title("实地考察清单", taken)), card)
    _bonus_sheet(wb.create_sheet(sheet_title("加分项目", taken)), card)
    wb.active = 0
    for ws in wb.worksheets[1:]:
        ws.sheet_view.tabSelected = False
    wb.properties.title = f"{card.unit or ''}自查报告"
    wb.properties.creator = "wenming"
    return wb


def render_xlsx(card: Scorecard, gaps: GapReport) -> bytes:
    buffer = io.BytesIO()
    build_workbook(card, gaps).save(buffer)
    return buffer.getvalue()
