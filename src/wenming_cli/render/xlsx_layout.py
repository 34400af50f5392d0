"""How the self-inspection workbook's sheets look: fonts, borders, fitted row heights, A4 printing."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from wenming_cli.models.common import format_points

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


def lines(text: str, width: float) -> int:
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


def print_setup(ws: Worksheet, header_row: int) -> None:
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


def table(
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
        LINE_HEIGHT * max(lines(h, w) for h, w in zip(headers, widths, strict=True)) + 6
    )
    merged_cells = {(r, c) for c, r0, r1 in merges for r in range(r0, r1 + 1)}
    for i, row in enumerate(rows):
        r = i + 3
        height = 1
        for col, value in enumerate(row, 1):
            cell = ws.cell(r, col, value if value != "" else None)
            cell.font = RED if i in red_rows else BODY
            cell.border = BORDER
            cell.alignment = (
                CENTER if headers[col - 1] in CENTERED or isinstance(value, (int, float)) else WRAP
            )
            if isinstance(value, str) and (r, col) not in merged_cells:
                height = max(height, lines(value, widths[col - 1]))
        ws.row_dimensions[r].height = LINE_HEIGHT * height + 4
    for col, r0, r1 in merges:
        if r1 > r0:
            ws.merge_cells(start_row=r0, start_column=col, end_row=r1, end_column=col)
    ws.freeze_panes = "A3"
    print_setup(ws, 2)


def who(departments: Sequence[str], persons: Sequence[str], doers: Sequence[str] = ()) -> str:
    parts = ["、".join(departments), "、".join(persons), f"执行：{'、'.join(doers)}" if doers else ""]
    return "\n".join(p for p in parts if p)
