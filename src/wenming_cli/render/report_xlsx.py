"""The self-inspection workbook: a summary with a native chart, the rubric table laid out like the
seeds' attachment 1 (自查表), one sheet per department, the task lists, the field-inspection checklist
and the bonus items. Every sheet prints on A4 landscape with its header row repeated on each page.
The wording is the hand-in documents' (see `official`): the workbook goes to the leadership too.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from wenming_cli.models.common import format_points
from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import GapReport, Scorecard
from wenming_cli.render.handin import HandIn
from wenming_cli.render.official import deadline_text, editorial, evidence_text, measure_text, reason_text
from wenming_cli.render.report_sheets import bonus_sheet, department_sheets, field_sheet, task_sheet
from wenming_cli.render.report_text import COMPARISON, cn_number
from wenming_cli.render.xlsx_layout import (
    BODY,
    BOLD,
    BORDER,
    CENTER,
    HEADER_FILL,
    LINE_HEIGHT,
    RED,
    TITLE,
    WRAP,
    lines,
    number,
    print_setup,
    sheet_title,
    table,
    who,
)

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
RUBRIC_WIDTHS = [6, 12, 46, 10, 14, 6, 8, 30, 34, 30, 13]


def _summary(ws: Worksheet, hand: HandIn) -> None:
    card = hand.card
    ws.title = "汇总"
    ws.cell(1, 1, f"{card.unit or ''}创建文明单位自查得分汇总").font = TITLE
    ws.merge_cells("A1:F1")
    ws.row_dimensions[1].height = 26
    info = [
        ("单位", card.unit or "（未提供单位方案）"),
        ("测评细则", card.rubric_title),
        ("自查日期", card.as_of.isoformat()),
    ]
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
        ws.row_dimensions[row].height = LINE_HEIGHT * lines(cat.title, 34) + 4
    last = row
    row += 1
    t = card.totals
    rate = float(round(t.evidence / t.maximum, 4)) if t.maximum else 0.0
    for col, v in enumerate(
        ["", "合计", number(t.maximum), number(t.evidence), number(t.self_assessed), rate], 1
    ):
        cell = ws.cell(row, col, v if v != "" else None)
        cell.font, cell.border, cell.alignment = BOLD, BORDER, CENTER
    ws.cell(row, 6).number_format = "0%"
    row += 2
    extra = []
    if t.from_self_assessment:
        extra.append(f"其中无法从材料判断的计分项采用单位自评{format_points(t.from_self_assessment)}分")
    if t.estimated:
        extra.append(f"部分达标项按比例估计{format_points(t.estimated)}分")
    if t.applicable_maximum != t.maximum:
        extra.append(f"适用满分{format_points(t.applicable_maximum)}分")
    facts: list[tuple[str, object, str]] = [("按材料计分", number(t.evidence), "；".join(extra))]
    for b in card.bonus:
        window = b.window_text
        if b.window_start and b.window_end:
            window += f"（{b.window_start.isoformat()}至{b.window_end.isoformat()}）"
        counted = sum(1 for i in b.items if i.counted)
        facts.append(
            (
                f"特色加分：{b.label}",
                number(b.points),
                f"上限{format_points(b.cap)}分，期限{window}；申报{len(b.items)}项，计入{counted}项",
            )
        )
    facts.append(("测评总分", number(card.total), "按材料计分 + 特色加分"))
    facts.append(("评定", card.verdict.message, ""))
    for label, value, note in facts:
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 1).alignment = WRAP
        cell = ws.cell(row, 2, value)
        cell.font = BOLD if label in ("测评总分", "评定") else BODY
        cell.alignment = WRAP if isinstance(value, str) else CENTER
        if isinstance(value, str):
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
            ws.row_dimensions[row].height = LINE_HEIGHT * lines(value, 80) + 4
        elif note:
            ws.cell(row, 3, note).font = BODY
            ws.cell(row, 3).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
            ws.row_dimensions[row].height = LINE_HEIGHT * lines(note, 50) + 4
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
                figures = "未统计" if tr.actual is None else ""
            clause = card.clause(tr.subject)
            task = next((x for x in card.tasks if x.task == tr.subject), None)
            values = [
                clause.ref if clause else (f"“{task.title}”任务" if task else tr.subject),
                tr.label,
                figures,
                f"{format_points(tr.actual)}{tr.unit}" if tr.actual is not None else "—",
                f"{COMPARISON.get(tr.comparison, tr.comparison)}{format_points(tr.required)}{tr.unit}",
                # 还需人数: a number only (0 when reached); blank when the figures are missing.
                tr.people_short if tr.people_short is not None else (0 if tr.met else None),
            ]
            for col, v in enumerate(values, 1):
                cell = ws.cell(row, col, v)
                cell.font = RED if tr.met is False else BODY
                cell.border, cell.alignment = BORDER, WRAP if col == 2 else CENTER
            ws.row_dimensions[row].height = LINE_HEIGHT * lines(tr.label, 34) + 4
    if card.not_applicable or card.notes:
        row += 1
        for s, reason in card.not_applicable:
            row += 1
            c = card.clause(s)
            ws.cell(row, 1, f"不适用：{c.ref if c else s}").font = BODY
            ws.cell(row, 2, reason).font = BODY
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        for n in card.notes:
            row += 1
            ws.cell(row, 1, "说明").font = BODY
            ws.cell(row, 2, n).font = BODY
            ws.cell(row, 2).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
            ws.row_dimensions[row].height = LINE_HEIGHT * lines(n, 80) + 4
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
    print_setup(ws, header_row)
    ws.print_title_rows = None
    ws.page_setup.fitToHeight = 1


def _rubric_sheet(ws: Worksheet, hand: HandIn) -> None:
    card = hand.card
    rows: list[list[object]] = []
    merges: list[tuple[int, int, int]] = []
    for i, cat in enumerate(card.categories, 1):
        start = len(rows) + 3
        for c in cat.clauses:
            marks = ("【一票否决】" if c.veto else "") + ("【扣分项】" if c.mode == "deduction" else "")
            evidence = [evidence_text(c.evidence_summary), f"计分：{c.explanation}"]
            if c.self_points is not None and c.basis != "self_assessed":
                evidence.append(f"单位自评{format_points(c.self_points)}分：{c.self_reason or ''}")
            elif c.basis == "self_assessed" and c.self_reason:
                evidence.append(f"自评理由：{c.self_reason}")
            st = hand.statement(c.clause)
            problems = list(st.problems)
            if c.not_applicable_reason:
                problems = [f"不适用：{c.not_applicable_reason}"]
            r = c.responsibility
            # 整改措施 and 整改期限 for every clause with a problem or lost points, from what is known.
            open_item = c.status != "not_applicable" and (problems or c.points < c.max_points)
            deadline = r.remedy_deadline or r.deadline
            overdue = deadline is not None and deadline < card.as_of
            rows.append(
                [
                    cn_number(i),
                    f"{cat.title}\n（{format_points(cat.totals.maximum)}分）",
                    f"{c.clause} {'' if editorial(c.text) else c.text}{marks}",
                    "、".join(c.methods),
                    who(r.departments, r.persons, r.doers),
                    number(c.max_points),
                    "不适用" if c.status == "not_applicable" else number(c.points),
                    "\n".join(x for x in evidence if x),
                    "\n".join(problems),
                    measure_text(st.measures, r.remedy, r.departments, r.persons) if open_item else "",
                    (deadline_text(deadline, overdue) or hand.fallback(r.deadline_text)) if open_item else "",
                ]
            )
        merges += [(1, start, len(rows) + 2), (2, start, len(rows) + 2)]
    for b in card.bonus:
        counted = [
            f"{i.name}（{i.level_label}，{i.document_date.isoformat()}）{format_points(i.points)}分"
            for i in b.items
            if i.counted
        ]
        skipped = [f"{i.name}：{reason_text(i.reason)}" for i in b.items if i.reason]
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
    table(ws, title, RUBRIC_HEADERS, rows, RUBRIC_WIDTHS, merges)


def build_workbook(
    card: Scorecard, gaps: GapReport, rubric: Rubric | None = None, check: CheckResult | None = None
) -> Workbook:
    """The workbook, for tests and for saving; it opens on the summary sheet."""
    hand = HandIn(card, gaps, rubric, check)
    wb = Workbook()
    taken: set[str] = {"汇总"}
    _summary(wb.active, hand)
    _rubric_sheet(wb.create_sheet(sheet_title("测评细则自查表", taken)), hand)
    department_sheets(wb, hand, taken)
    task_sheet(wb.create_sheet(sheet_title("任务清单", taken)), hand)
    field_sheet(wb.create_sheet(sheet_title("实地考察清单", taken)), hand)
    bonus_sheet(wb.create_sheet(sheet_title("加分项目", taken)), hand)
    wb.active = 0
    for ws in wb.worksheets[1:]:
        ws.sheet_view.tabSelected = False
    wb.properties.title = f"{card.unit or ''}自查报告"
    wb.properties.creator = "wenming"
    return wb


def render_xlsx(
    card: Scorecard, gaps: GapReport, rubric: Rubric | None = None, check: CheckResult | None = None
) -> bytes:
    buffer = io.BytesIO()
    build_workbook(card, gaps, rubric, check).save(buffer)
    return buffer.getvalue()
