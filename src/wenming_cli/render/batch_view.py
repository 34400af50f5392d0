"""The batch summary: one row per unit, as a terminal table, plain text, Markdown, JSON or a workbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from wenming_cli.batch import BatchSummary, UnitRow
from wenming_cli.models.common import format_points
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json

HEADERS = ["单位", "证据文件夹", "测评细则", "有材料的标准和任务", "错误", "警告", "按材料计分", "评定"]


def _row(r: UnitRow) -> list[str]:
    if r.problem is not None:
        return [r.unit or "", r.folder, r.rubric or "", "", "", "", "", f"无法检查：{r.problem}"]
    return [
        r.unit or "",
        r.folder,
        r.rubric or "",
        f"{r.covered}/{r.subjects}",
        str(r.errors),
        str(r.warnings),
        format_points(r.score) if r.score is not None else "",
        r.verdict or "",
    ]


def footer(summary: BatchSummary) -> str:
    failed = sum(1 for r in summary.rows if r.problem is not None)
    mode = "快速检查" if summary.quick else "完整检查"
    text = f"共 {len(summary.rows)} 个单位（{mode}，截至 {summary.as_of}），用时 {summary.seconds} 秒"
    return text + (f"；{failed} 个无法检查" if failed else "") + "。"


def render_batch(summary: BatchSummary, fmt: OutputFormat) -> str:
    rows = [_row(r) for r in summary.rows]
    if fmt == OutputFormat.json:
        return to_json(summary.model_dump(mode="json"))
    if fmt == OutputFormat.markdown:
        return f"# 多单位检查汇总\n\n{md_table(HEADERS, rows)}\n{footer(summary)}\n"
    if fmt == OutputFormat.plain:
        return "\n".join("\t".join(r) for r in [HEADERS, *rows]) + f"\n{footer(summary)}\n"
    from rich.table import Table

    table = Table(*HEADERS, title="多单位检查汇总")
    for r in rows:
        table.add_row(*r)
    return capture([table, footer(summary)], rich=True)


def workbook_writer(summary: BatchSummary) -> Callable[[BinaryIO], None]:
    """汇总.xlsx: one sheet, one row per unit, numbers as numbers."""

    def write(handle: BinaryIO) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = "汇总"
        sheet.append([*HEADERS[:3], "有材料", "需材料", *HEADERS[4:], "用时（秒）"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r in summary.rows:
            verdict = f"无法检查：{r.problem}" if r.problem is not None else r.verdict
            score = float(r.score) if r.score is not None else None
            problem = r.problem is not None
            sheet.append(
                [r.unit, r.folder, r.rubric]
                + ([None] * 4 if problem else [r.covered, r.subjects, r.errors, r.warnings])
                + [score, verdict, r.seconds]
            )
        for column, width in zip("ABCDEFGHIJK", (28, 40, 16, 10, 10, 8, 8, 12, 40, 10), strict=False):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        sheet.append([])
        sheet.append([footer(summary)])
        book.save(handle)

    return write
