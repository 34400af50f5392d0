"""`wenming diff -o diff.xlsx`: the same report as a workbook, one sheet per section, with every
match (changed or not) on its own row and the text changes coloured inside the cells."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wenming_cli.diff.models import Match, RubricDiff, TextOp
from wenming_cli.render.diff_view import Cell, Section, match_notes, sections, side_names, verdict

_DELETED = InlineFont(color="FFC00000", strike=True)
_INSERTED = InlineFont(color="FF00803C", b=True)
_WIDE = 60
_NARROW = 16
_ORIGIN = {"auto": "自动", "pinned": "对照表强制", "reviewed": "对照表审定"}


def write_workbook(diff: RubricDiff, path: Path) -> None:
    workbook = Workbook()
    overview = workbook.active
    assert overview is not None
    na, nb = side_names(diff)
    parts = sections(diff)
    overview.title = "概览"
    overview.append([f"测评细则比较：{diff.a.title}（{diff.a.id}）→ {diff.b.title}（{diff.b.id}）"])
    overview.append([verdict(diff)])
    overview.append([])
    _table(overview, parts[0])
    _matches_sheet(workbook.create_sheet("对应条款"), diff, na, nb)
    _standards_sheet(workbook.create_sheet("标准对应"), diff, na, nb)
    for section in parts[1:]:
        if section.title != "有变化的对应条款":
            _table(workbook.create_sheet(_sheet_name(section.title)), section)
    workbook.save(path)


def _sheet_name(title: str) -> str:
    # Excel refuses sheet names over 31 characters or with []:*?/\ in them.
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]


def _table(ws: Worksheet, section: Section) -> None:
    start = ws.max_row + 1 if ws.max_row > 1 else 1
    ws.append(section.headers)
    for cell in ws[start]:
        cell.font = Font(bold=True)
    for row in section.rows:
        ws.append([_plain(c) for c in row])
    if section.note:
        ws.append([])
        ws.append([section.note])
    _layout(ws, {i: _width(section, h) for i, h in enumerate(section.headers)}, header_row=start)


def _width(section: Section, header: str) -> int:
    return (
        _WIDE if header in section.wide or "原文" in header or section.headers.index(header) >= 3 else _NARROW
    )


def _plain(cell: Cell) -> str:
    # Only the matches table holds text diffs, and it has its own sheet.
    return cell if isinstance(cell, str) else "".join(op.b or op.a for op in cell.ops)


def _rich(ops: tuple[TextOp, ...], side: str) -> CellRichText | str:
    blocks: list[str | TextBlock] = []
    for op in ops:
        if op.op == "equal":
            blocks.append(op.a)
        elif side == "a" and op.a:
            blocks.append(TextBlock(_DELETED, op.a))
        elif side == "b" and op.b:
            blocks.append(TextBlock(_INSERTED, op.b))
    return (
        CellRichText(*blocks) if any(isinstance(b, TextBlock) for b in blocks) else "".join(map(str, blocks))
    )


def _matches_sheet(ws: Worksheet, diff: RubricDiff, na: str, nb: str) -> None:
    headers = [
        f"{na}条款",
        f"{na}测评项目",
        f"{na}分值",
        f"{nb}条款",
        f"{nb}测评项目",
        f"{nb}分值",
        "分值变化",
        "状态",
        "变化",
        f"{na}原文（红色删除线为删去）",
        f"{nb}原文（绿色为新增）",
    ]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for m in diff.matches:
        ws.append(_match_row(m, na, nb))
        row = ws.max_row
        ws.cell(row, 10).value = _rich(m.text_ops, "a")
        ws.cell(row, 11).value = _rich(m.text_ops, "b")
    _layout(ws, {i: _WIDE if i >= 9 else _NARROW for i in range(len(headers))}, header_row=1)


def _match_row(m: Match, na: str, nb: str) -> list[object]:
    delta = m.points_delta
    return [
        "\n".join(c.ref for c in m.a),
        "、".join(sorted({f"{c.category} {c.category_title}" for c in m.a})),
        m.points_a,
        "\n".join(c.ref for c in m.b),
        "、".join(sorted({f"{c.category} {c.category_title}" for c in m.b})),
        m.points_b,
        delta if delta else None,
        "有变化" if m.changed else "相同",
        match_notes(m, na, nb),
        "",
        "",
    ]


def _standards_sheet(ws: Worksheet, diff: RubricDiff, na: str, nb: str) -> None:
    ws.append([f"{na}测评标准", f"{na}简称", f"{nb}测评标准", f"{nb}简称", "相似度", "来源"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in diff.standard_pairs:
        ws.append([p.a_ref, p.a_title, p.b_ref, p.b_title, p.similarity, _ORIGIN[p.origin]])
    for s in diff.standards_only_a:
        ws.append([s.ref, s.title, "—", "", None, f"仅{na}有"])
    for s in diff.standards_only_b:
        ws.append(["—", "", s.ref, s.title, None, f"仅{nb}有"])
    _layout(ws, dict.fromkeys(range(6), _NARROW), header_row=1)


def _layout(ws: Worksheet, widths: dict[int, int], header_row: int) -> None:
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(header_row + 1, 1)
