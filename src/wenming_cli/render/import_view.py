"""The import plan and the apply report, in every text format."""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text

from wenming_cli.importer.apply import ApplyReport
from wenming_cli.importer.plan import KIND_LABELS, ImportPlan, PlanRow
from wenming_cli.importer.results import apply_result
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json

_HEADERS = ["序号", "来源", "类型", "标准或任务", "活动文件夹", "新文件名", "置信度", "采用", "理由"]


def _cells(row: PlanRow) -> list[str]:
    subject = f"{row.subject} {row.subject_title or ''}".strip() if row.subject else "（未定）"
    return [
        str(row.index),
        row.display,
        KIND_LABELS[row.kind],
        subject if row.kind != "skip" else "",
        row.activity or "",
        row.new_name or "",
        f"{round(row.confidence * 100)}%" if row.kind != "skip" else "",
        "是" if row.accept else "否",
        row.reason,
    ]


def plan_summary(plan: ImportPlan) -> str:
    kinds = Counter(r.kind for r in plan.rows)
    accepted = sum(1 for r in plan.rows if r.accept)
    review = sum(1 for r in plan.rows if r.kind != "skip" and not r.accept)
    activities = len({(r.subject, r.activity) for r in plan.rows if r.kind == "photo" and r.activity})
    parts = [f"{KIND_LABELS[k]} {n}" for k, n in kinds.items()]
    return (
        f"共 {len(plan.rows)} 个文件（{'，'.join(parts)}），分为 {activities} 次活动；"
        f"建议采用 {accepted} 个，需要人工确认 {review} 个（置信度低于 {round(plan.threshold * 100)}%、"
        f"无法判断或超出张数），跳过 {kinds.get('skip', 0)} 个。"
    )


def render_plan(plan: ImportPlan, fmt: OutputFormat, csv_path: str | None) -> str:
    if fmt == OutputFormat.json:
        return to_json(plan.model_dump(mode="json"))
    rows = [_cells(r) for r in plan.rows]
    hint = (
        f"计划已写入 {csv_path}：在 Excel 或 WPS 中核对“标准或任务”“活动文件夹”“新文件名”和“采用”（是/否），"
        f'保存后运行 wenming import --apply "{csv_path}"。'
        if csv_path
        else ""
    )
    summary = plan_summary(plan)
    if fmt == OutputFormat.markdown:
        return "\n".join(
            [
                f"# 导入计划：{plan.source_root} → {plan.evidence_root}\n",
                summary + "\n",
                md_table(_HEADERS, rows),
                hint,
            ]
        )
    if fmt == OutputFormat.plain:
        lines = ["\t".join(_HEADERS), *("\t".join(r) for r in rows), summary]
        return "\n".join(lines + ([hint] if hint else [])) + "\n"
    # The terminal gets one line per activity (its photos counted) and per document; the CSV and the
    # other formats keep one row per file.
    table = Table(title=f"导入计划：{plan.source_root} → {plan.evidence_root}")
    for header in _COMPACT:
        table.add_column(header, overflow="fold", no_wrap=header in ("行", "类型", "置信度", "采用"))
    for style, cells in _compact_rows(plan):
        table.add_row(*cells, style=style)
    items: list[Table | Text] = [table, Text(summary, style="bold")]
    if hint:
        items.append(Text(hint))
    return capture(items, rich=True)


_COMPACT = ["行", "来源", "类型", "标准或任务", "放到", "置信度", "采用", "理由"]


def _compact_rows(plan: ImportPlan) -> list[tuple[str | None, list[str]]]:
    out: list[tuple[str | None, list[str]]] = []
    groups: dict[tuple[str | None, str | None], list[PlanRow]] = {}
    for row in plan.rows:
        if row.kind == "photo":
            groups.setdefault((row.subject, row.activity), []).append(row)
    shown: set[tuple[str | None, str | None]] = set()
    for row in plan.rows:
        if row.kind == "skip":
            continue
        if row.kind != "photo":
            out.append((None if row.accept else "yellow", _compact(row, [row], row.new_name or "")))
            continue
        key = (row.subject, row.activity)
        if key in shown:
            continue
        shown.add(key)
        members = groups[key]
        out.append(
            (None if any(r.accept for r in members) else "yellow", _compact(row, members, row.activity or ""))
        )
    skipped = [r for r in plan.rows if r.kind == "skip"]
    for row in skipped:
        out.append(("dim", [str(row.index), row.display, "跳过", "", "", "", "", row.reason]))
    return out


def _compact(first: PlanRow, members: list[PlanRow], place: str) -> list[str]:
    subject = f"{first.subject} {first.subject_title or ''}".strip() if first.subject else "（未定）"
    accepted = sum(r.accept for r in members)
    surplus = sum(r.surplus for r in members)
    if len(members) == 1:
        lines, source = str(first.index), first.display
        kind, decision = KIND_LABELS[first.kind], "是" if first.accept else "否"
    else:
        numbers = [r.index for r in members]
        contiguous = numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        lines = f"{numbers[0]}–{numbers[-1]}" if contiguous else "、".join(map(str, numbers))
        source = first.display.rsplit("/", 1)[0] + "/…"
        kind = f"照片×{len(members)}"
        decision = f"是 {accepted}" + (f"，多余 {surplus}" if surplus else "") if accepted else "否"
    reason = first.reason.split("；日期：")[0]
    return [lines, source, kind, subject, place, f"{round(first.confidence * 100)}%", decision, reason]


def render_apply(report: ApplyReport, root: str, fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        return to_json(apply_result(report, root).model_dump(mode="json"))
    lines = [f"复制 {s} → {d}" for _, s, d in report.copied]
    lines += [f"起草 {c}（请补全“待填写”各项）" for c in report.captions]
    lines += [f"未复制（第 {x.row} 行）{x.source}：{x.reason}" for x in report.refused]
    lines += [f"未放置（第 {r} 行）{s}：{why}" for r, s, why in report.unplaced]
    summary = (
        f"已复制 {len(report.copied)} 个文件到 {root}，新建标准/任务文件夹 {len(report.folders)} 个，"
        f"起草活动说明 {len(report.captions)} 份；未复制 {len(report.refused)} 个，"
        f'未放置 {len(report.unplaced)} 个。来源文件均未改动。下一步：wenming check "{root}"。'
    )
    if fmt == OutputFormat.markdown:
        return "# 导入结果\n\n" + "".join(f"- {line}\n" for line in lines) + "\n" + summary + "\n"
    if fmt == OutputFormat.plain:
        return "\n".join([*lines, summary]) + "\n"
    items = [Text(line, style="red" if line.startswith("未") else None) for line in lines]
    items.append(Text(summary, style="bold"))
    return capture(items, rich=True)
