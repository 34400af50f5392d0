"""The 资料提交表 (附件2 注10): one line per packed item, with blank lines for review and the leader's signature."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from wenming_cli.checks.codes import CODES
from wenming_cli.pack.models import SHEET_NAME, Manifest, PackItem, PackPlan
from wenming_cli.render.console import md_table

HEADERS = (
    "序号",
    "任务/标准",
    "材料名称",
    "类型",
    "份数",
    "责任部门",
    "责任人",
    "截止日期",
    "提交日期",
    "备注",
)
_WIDTHS = (6, 22, 44, 12, 6, 16, 14, 12, 12, 40)
SIGN_LINES = ("审核意见：", "领导签字：", "日期：")


def remarks(item: PackItem, manifest: Manifest | None, failures: tuple[str, ...] = ()) -> str:
    """备注: errors packed with --allow-errors, photos fitted on the way, photos that could not be fitted."""
    # The signed sheet names each error by its short title and code; the messages are in `check`'s report.
    notes = [
        f"有错误：{CODES[f.code].title if f.code in CODES else f.message}（{f.code}）" for f in item.errors
    ]
    if manifest is not None:
        fitted = sum(1 for f in manifest.files if f.item == item.number and f.fitted)
        if fitted:
            notes.append(f"{fitted} 张照片已调整到规定大小")
    sources = {f.source for f in item.files}
    notes += [f"未能调整大小：{x}" for x in failures if x.split("：", 1)[0] in sources]
    return "；".join(dict.fromkeys(notes))


def _row(item: PackItem, plan: PackPlan, manifest: Manifest | None, failures: tuple[str, ...]) -> list:
    return [
        item.number,
        item.subject_title,
        item.name,
        item.kind_label,
        item.copies,
        "、".join(item.departments),
        "、".join(item.persons),
        item.due.isoformat(),
        plan.as_of.isoformat(),
        remarks(item, manifest, failures),
    ]


def _lines(text: str, width: float) -> int:
    """How many lines a cell needs: CJK characters take two units of a column's width, others one."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-units // max(1, int(width) - 1)))


def heading(plan: PackPlan) -> list[str]:
    return [
        f"单位：{plan.unit or '（未填写单位方案）'}",
        f"测评期：{plan.period}　测评细则：{plan.rubric_title}",
        f"本次提交：{plan.selection.label}，共 {len(plan.items)} 项",
    ]


def sheet_xlsx(plan: PackPlan, manifest: Manifest | None, failures: tuple[str, ...] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    last = get_column_letter(len(HEADERS))
    ws.append([SHEET_NAME])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    for line in heading(plan):
        ws.append([line])
        ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
    header_row = ws.max_row + 1
    ws.append(list(HEADERS))
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for item in plan.items:
        values = _row(item, plan, manifest, failures)
        ws.append(values)
        for cell in ws[ws.max_row]:
            cell.border = box
            cell.alignment = wrap
        for col in (1, 5):
            ws.cell(ws.max_row, col).alignment = Alignment(horizontal="center", vertical="center")
        # Spreadsheet apps do not grow a row for wrapped text written by openpyxl: size it here.
        lines = max(_lines(str(v), w) for v, w in zip(values, _WIDTHS, strict=True))
        ws.row_dimensions[ws.max_row].height = max(1, lines) * 15 + 3
    ws.append([])
    for line in SIGN_LINES:
        ws.append([line + "_" * 40])
        ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
        ws.row_dimensions[ws.max_row].height = 30 if line != SIGN_LINES[0] else 60
        ws.cell(ws.max_row, 1).alignment = Alignment(vertical="top")
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_markdown(plan: PackPlan, manifest: Manifest | None, failures: tuple[str, ...] = ()) -> str:
    lines = [f"# {SHEET_NAME}", "", *(f"- {line}" for line in heading(plan)), ""]
    rows = [[str(x) for x in _row(item, plan, manifest, failures)] for item in plan.items]
    lines += [md_table(list(HEADERS), rows), ""]
    lines += [f"{line}" + "＿" * 20 + "\n" for line in SIGN_LINES]
    return "\n".join(lines)


def sheets(plan: PackPlan, manifest: Manifest, failures: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Both forms of the sheet, as the bundle stores them (markdown as UTF-8 with BOM and CRLF)."""
    md = sheet_markdown(plan, manifest, failures).replace("\r\n", "\n").replace("\n", "\r\n")
    return {
        f"{SHEET_NAME}.xlsx": sheet_xlsx(plan, manifest, failures),
        f"{SHEET_NAME}.md": ("\ufeff" + md).encode("utf-8"),
    }
