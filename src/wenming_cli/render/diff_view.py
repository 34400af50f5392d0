"""Renderers for `wenming diff`: rich (side by side where the terminal is wide enough), plain, markdown
and json. Every format shows the same sections, built once from the RubricDiff."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from rich.table import Table
from rich.text import Text

from wenming_cli.diff.models import Change, ClauseInfo, ItemChange, Match, RubricDiff, TextOp
from wenming_cli.models.common import format_points
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json

# Below this many columns two texts side by side are too narrow to read; show one inline diff.
SIDE_BY_SIDE_MIN_WIDTH = 140
_NARROW = 18


@dataclass(frozen=True)
class Diffed:
    """A text diff in one cell: side `a` shows what was deleted, `b` what was inserted, `both` all."""

    ops: tuple[TextOp, ...]
    side: Literal["a", "b", "both"]


Cell = str | Diffed


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    wide: tuple[str, ...] = ()  # columns that take the spare width


def side_names(diff: RubricDiff) -> tuple[str, str]:
    """What the two sides are called in headers: the cities, else the editions, else A and B (the
    overview then says which rubric is which)."""
    a, b = diff.a, diff.b
    for na, nb in ((a.city, b.city), (a.edition, b.edition)):
        if na != nb:
            return na, nb
    return "A", "B"


def verdict(diff: RubricDiff) -> str:
    if diff.equivalent:
        return "两份测评细则等同：条款、分值、考评方法、测评项目、量化指标、特色加分、分数线和资料提交要求都相同（不比较编号、标题和来源文件）。"
    na, nb = side_names(diff)
    changed = len(diff.changed_matches)
    parts = [f"对应条款 {len(diff.matches)} 组，其中 {changed} 组有变化"]
    if diff.only_a:
        parts.append(f"仅{na}有 {len(diff.only_a)} 个计分项（整条标准 {len(diff.standards_only_a)} 条）")
    if diff.only_b:
        parts.append(f"仅{nb}有 {len(diff.only_b)} 个计分项（整条标准 {len(diff.standards_only_b)} 条）")
    for name, items in (
        ("量化指标", diff.targets),
        ("特色加分", diff.bonuses),
        ("分数线", diff.thresholds),
        ("资料提交要求", diff.material_rules),
    ):
        if items:
            parts.append(f"{name} {len(items)} 处不同")
    return "两份测评细则有差异：" + "；".join(parts) + "。"


def _delta(a: Decimal, b: Decimal) -> str:
    d = b - a
    return "" if d == 0 else ("+" if d > 0 else "-") + format_points(abs(d))


def _points(a: Decimal, b: Decimal, mark_a: bool = False, mark_b: bool = False) -> str:
    delta = _delta(a, b)
    shown_a = format_points(a) + ("*" if mark_a else "")
    shown_b = format_points(b) + ("*" if mark_b else "")
    return f"{shown_a} → {shown_b}" + (f"（{delta}）" if delta else "")


def _inferred(side: tuple[ClauseInfo, ...]) -> bool:
    return any(c.points_source == "inferred" for c in side)


INFERRED_NOTE = "分值后的 * 表示原文未标注、按测评项目总分推定。"


def _clauses_cell(side: tuple[ClauseInfo, ...]) -> str:
    refs = "\n".join(c.ref for c in side)
    cats = sorted({(c.category, c.category_title) for c in side})
    return refs + "\n" + "、".join(f"{n} {t}" for n, t in cats)


def match_notes(m: Match, na: str, nb: str) -> str:
    lines = []
    if len(m.a) > 1 and len(m.b) == 1:
        lines.append(f"合并：{na} {len(m.a)} 项 → {nb} 1 项")
    elif len(m.a) == 1 and len(m.b) > 1:
        lines.append(f"拆分：{na} 1 项 → {nb} {len(m.b)} 项")
    elif m.restructured:
        lines.append(f"重组：{na} {len(m.a)} 项 ↔ {nb} {len(m.b)} 项")
    if m.text_changed:
        lines.append("文字改动")
    lines += [f"{c.label}：{c.a or '—'} → {c.b or '—'}" for c in m.changes if c.field != "points"]
    lines.append(f"相似度 {m.similarity:.2f}")
    return "\n".join(lines)


def _overview(diff: RubricDiff, na: str, nb: str) -> Section:
    a, b = diff.a, diff.b
    rows: list[list[Cell]] = [
        ["测评细则", f"{a.title}（{a.id}）", f"{b.title}（{b.id}）"],
        ["版本", a.edition, b.edition],
        ["总分", format_points(a.total_points), format_points(b.total_points)],
        ["测评项目", str(a.categories), str(b.categories)],
        ["测评标准", str(a.standards), str(b.standards)],
        ["计分项", str(a.clauses), str(b.clauses)],
        ["任务（不比较）", str(a.tasks), str(b.tasks)],
    ]
    shown = {"total_points", "categories", "standards"}
    rows += [[c.label, c.a or "—", c.b or "—"] for c in diff.rubric_changes if c.field not in shown]
    al = diff.alignment
    how = f"按内容自动对照（相似度阈值 {al.threshold:g}）"
    if al.file:
        how += f"，并按对照表 {al.file}（审定 {al.reviewed} 条、强制 {al.pins} 对、禁止 {al.forbids} 对）"
    if al.auto_precision is not None:
        how += f"；单靠自动对照时与审定结果相比：精确率 {al.auto_precision:.2f}，召回率 {al.auto_recall:.2f}"
    return Section("概览", ["", na, nb], rows, note=how + "。")


def _flows(diff: RubricDiff, na: str, nb: str) -> Section:
    section = Section(
        "测评项目分值流向",
        [f"{na}测评项目", f"{nb}测评项目", "对应计分项分值", "计分项数"],
        note="每行是一对测评项目之间对应的计分项；“—”表示没有对应（删去或新增）。",
    )
    for f in diff.flows:
        cat_a = f"{f.a.number} {f.a.title}（{format_points(f.a.points)}分）" if f.a else "—"
        cat_b = f"{f.b.number} {f.b.title}（{format_points(f.b.points)}分）" if f.b else "—"
        section.rows.append([cat_a, cat_b, _points(f.points_a, f.points_b), f"{f.clauses_a} → {f.clauses_b}"])
    return section


def _matches(diff: RubricDiff, na: str, nb: str, side_by_side: bool) -> Section:
    if side_by_side:
        headers = [f"{na}条款", f"{nb}条款", "分值", "变化", f"{na}原文", f"{nb}原文"]
        wide: tuple[str, ...] = (f"{na}原文", f"{nb}原文")
    else:
        # One column for both sides' clauses leaves the inline diff room on a narrow terminal.
        headers = [f"条款（{na} → {nb}）", "分值", "变化", "文字对照"]
        wide = ("文字对照",)
    section = Section("有变化的对应条款", headers, wide=wide)
    for m in diff.changed_matches:
        refs: list[Cell] = (
            [_clauses_cell(m.a), _clauses_cell(m.b)]
            if side_by_side
            else [_clauses_cell(m.a) + "\n→\n" + _clauses_cell(m.b)]
        )
        texts: list[Cell] = (
            [Diffed(m.text_ops, "a"), Diffed(m.text_ops, "b")]
            if side_by_side
            else [Diffed(m.text_ops, "both")]
        )
        points = _points(m.points_a, m.points_b, _inferred(m.a), _inferred(m.b))
        section.rows.append([*refs, points, match_notes(m, na, nb), *texts])
    same = len(diff.matches) - len(diff.changed_matches)
    notes = [f"另有 {same} 组对应条款内容相同，未列出。" if same else ""]
    if any(_inferred(m.a) or _inferred(m.b) for m in diff.changed_matches):
        notes.append(INFERRED_NOTE)
    section.note = "".join(notes)
    return section


def _only(diff: RubricDiff, side: Literal["a", "b"], name: str) -> Section:
    clauses = diff.only_a if side == "a" else diff.only_b
    whole = {s.number for s in (diff.standards_only_a if side == "a" else diff.standards_only_b)}
    section = Section(f"仅{name}有的计分项", ["计分项", "测评项目", "分值", "说明", "原文"], wide=("原文",))
    for c in clauses:
        why = "整条测评标准没有对应" if c.standard in whole else "同一标准的其他计分项已对应"
        points = format_points(c.points) + ("*" if _inferred((c,)) else "")
        section.rows.append([c.ref, f"{c.category} {c.category_title}", points, why, c.text])
    if _inferred(clauses):
        section.note = INFERRED_NOTE
    return section


def _items(title: str, items: tuple[ItemChange, ...], na: str, nb: str, with_subject: bool) -> Section:
    headers = ["项目", "状态", "内容", na, nb] + (["适用条款"] if with_subject else [])
    section = Section(title, headers)
    status = {"added": f"仅{nb}有", "removed": f"仅{na}有", "changed": "有变化"}
    for item in items:
        subject = " → ".join(s for s in (item.a_subject, item.b_subject) if s)
        extra = [subject] if with_subject else []
        rows = [[c.label, c.a or "—", c.b or "—"] for c in item.changes] or [
            ["", item.a_summary or "—", item.b_summary or "—"]
        ]
        for k, (what, va, vb) in enumerate(rows):
            first = k == 0
            section.rows.append(
                [item.label if first else "", status[item.status] if first else "", what, va, vb]
                + (extra if first else [""] * len(extra))
            )
    return section


def _changes(title: str, changes: tuple[Change, ...], na: str, nb: str) -> Section:
    return Section(title, ["项目", na, nb], [[c.label, c.a or "—", c.b or "—"] for c in changes])


def sections(diff: RubricDiff, side_by_side: bool = False) -> list[Section]:
    """Every part of the report, in reading order; empty parts are left out."""
    na, nb = side_names(diff)
    parts = [
        _overview(diff, na, nb),
        _flows(diff, na, nb),
        _matches(diff, na, nb, side_by_side),
        _only(diff, "a", na),
        _only(diff, "b", nb),
        _items("量化指标", diff.targets, na, nb, with_subject=True),
        _items("特色加分", diff.bonuses, na, nb, with_subject=False),
        _changes("分数线", diff.thresholds, na, nb),
        _changes("资料提交要求", diff.material_rules, na, nb),
    ]
    return [s for s in parts if s.rows or s.note]


# -- formats ------------------------------------------------------------------------------------


def render(diff: RubricDiff, fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        return to_json(diff.model_dump(mode="json"))
    title = f"测评细则比较：{diff.a.title}（{diff.a.id}）→ {diff.b.title}（{diff.b.id}）"
    if fmt == OutputFormat.markdown:
        return _markdown(diff, title)
    if fmt == OutputFormat.plain:
        return _plain(diff, title)
    # The same width that render.console.capture lays the tables out in.
    width = shutil.get_terminal_size((120, 40)).columns
    return _rich(diff, title, width >= SIDE_BY_SIDE_MIN_WIDTH)


def _flat(cell: Cell, ins: tuple[str, str], dele: tuple[str, str]) -> str:
    if isinstance(cell, str):
        return cell
    out = []
    for op in cell.ops:
        if op.op == "equal":
            out.append(op.a)
            continue
        if op.a and cell.side in ("a", "both"):
            out.append(f"{dele[0]}{op.a}{dele[1]}")
        if op.b and cell.side in ("b", "both"):
            out.append(f"{ins[0]}{op.b}{ins[1]}")
    return "".join(out)


def _plain(diff: RubricDiff, title: str) -> str:
    lines = [title, verdict(diff), "文字对照中 [-…-] 为删去，{+…+} 为新增。"]
    for s in sections(diff):
        lines += ["", f"== {s.title} =="]
        rows = [s.headers, *s.rows] if s.rows else []
        lines += [
            "\t".join(_flat(c, ("{+", "+}"), ("[-", "-]")).replace("\n", " / ") for c in row) for row in rows
        ]
        if s.note:
            lines.append(s.note)
    return "\n".join(lines) + "\n"


def _markdown(diff: RubricDiff, title: str) -> str:
    out = [f"# {title}\n", verdict(diff) + "\n", "文字对照中 ~~删除线~~ 为删去，**粗体** 为新增。\n"]
    for s in sections(diff):
        out.append(f"## {s.title}\n")
        if s.rows:
            rows = [
                [_flat(c, ("**", "**"), ("~~", "~~")).replace("\n", "<br>") for c in row] for row in s.rows
            ]
            out.append(md_table(s.headers, rows))
        if s.note:
            out.append(s.note + "\n")
    return "\n".join(out)


def _rich_cell(cell: Cell) -> Text:
    if isinstance(cell, str):
        return Text(cell)
    text = Text()
    for op in cell.ops:
        if op.op == "equal":
            text.append(op.a)
            continue
        if op.a and cell.side in ("a", "both"):
            text.append(op.a, style="red strike")
        if op.b and cell.side in ("b", "both"):
            text.append(op.b, style="bold green")
    return text


def _rich(diff: RubricDiff, title: str, side_by_side: bool) -> str:
    style = "bold green" if diff.equivalent else "bold yellow"
    items: list = [Text(title, style="bold"), Text(verdict(diff), style=style)]
    items.append(Text("文字对照中红色删除线为删去，绿色为新增。", style="dim"))
    for s in sections(diff, side_by_side):
        if s.rows:
            table = Table(title=s.title, show_lines=True, expand=bool(s.wide), title_style="bold")
            for h in s.headers:
                if h in s.wide:
                    table.add_column(h, ratio=1, overflow="fold")
                else:
                    # Narrow columns are capped so that the texts beside them keep their width.
                    table.add_column(h, max_width=_NARROW if s.wide else None, overflow="fold")
            for row in s.rows:
                table.add_row(*(_rich_cell(c) for c in row))
            items.append(table)
        else:
            items.append(Text(s.title, style="bold"))
        if s.note:
            items.append(Text(s.note, style="dim"))
    return capture(items, rich=True)
