"""Render a CheckResult: grouped by category and standard for people, whole for machines."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import CheckResult, Coverage
from wenming_cli.models.rubric import Rubric
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, model_json

if TYPE_CHECKING:  # rich is imported for the terminal rendering only (json, plain, markdown need none of it)
    from rich.console import Group

_STYLE = {Severity.error: "red", Severity.warning: "yellow", Severity.info: "cyan"}
_STATUS = {
    "met": "已齐备",
    "partly": "部分",
    "missing": "缺失",
    "pending": "未到期",
    "not_decidable": "现场/问卷",
    "not_applicable": "不适用",
}


def summary_line(result: CheckResult) -> str:
    s = result.stats
    text = (
        f"测评标准和任务：{s.subjects_covered}/{s.subjects_total} 项有材料；"
        f"检查文件 {s.files} 个（照片 {s.photos}，正式发文 {s.documents}，说明报告 {s.reports}，活动 {s.activities}）；"
        f"错误 {result.count(Severity.error)}，警告 {result.count(Severity.warning)}，提示 {result.count(Severity.info)}。"
    )
    if s.quick:
        text += f" 快速模式，未做：{'、'.join(s.skipped)}。"
    return text


def _groups(result: CheckResult, rubric: Rubric) -> list[tuple[str, list[tuple[str, list[Finding]]]]]:
    """[(category heading, [(standard/task heading, findings)])] in rubric order."""
    by_subject: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        key = f.task or (str(f.standard) if f.standard is not None else "")
        by_subject[key].append(f)
    out: list[tuple[str, list[tuple[str, list[Finding]]]]] = []
    general = by_subject.pop("", [])
    if general:
        out.append(("整体", [("文件与单位方案", general)]))
    for cat in rubric.categories:
        items = []
        for std in rubric.standards:
            if std.category == cat.number and str(std.number) in by_subject:
                items.append((f"{std.ref} {std.short_title}", by_subject.pop(str(std.number))))
        if items:
            out.append((f"测评项目{cat.number} {cat.title}（{cat.points}分）", items))
    for tl in rubric.task_lists:
        items = [(f"任务 {t.id} {t.title}", by_subject.pop(t.id)) for t in tl.tasks if t.id in by_subject]
        if items:
            out.append((tl.title, items))
    leftover = [(k, v) for k, v in by_subject.items()]
    if leftover:
        out.append(("其他", leftover))
    return out


def render_check(result: CheckResult, rubric: Rubric, fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        return model_json(result)
    if fmt == OutputFormat.markdown:
        return _markdown(result, rubric)
    if fmt == OutputFormat.plain:
        return _plain(result, rubric)
    return _rich(result, rubric)


def _line(f: Finding) -> str:
    """`错误 CODE 路径 [季度]：消息 → 整改`; without a path the code is followed directly by the colon."""
    where = " ".join(part for part in (f.path or "", f"[{f.period}]" if f.period else "") if part)
    fix = f" → {f.fix}" if f.fix else ""
    return f"{f.severity.label} {f.code}{' ' + where if where else ''}：{f.message}{fix}"


def _plain(result: CheckResult, rubric: Rubric) -> str:
    lines = [f"wenming check：{result.unit or '（无单位方案）'}，{rubric.title}，检查日期 {result.as_of}"]
    for heading, items in _groups(result, rubric):
        lines.append("")
        lines.append(f"== {heading}")
        for sub, findings in items:
            lines.append(f"-- {sub}")
            lines += [f"  {_line(f)}" for f in findings]
    lines += ["", _coverage_plain(result), "", summary_line(result)]
    return "\n".join(lines) + "\n"


def _coverage_plain(result: CheckResult) -> str:
    counts = defaultdict(int)
    for c in result.coverage:
        counts[c.status] += 1
    return "材料覆盖：" + "，".join(f"{_STATUS[k]} {v}" for k, v in counts.items())


def _rich(result: CheckResult, rubric: Rubric) -> str:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[object] = [
        Text(f"{result.unit or '（无单位方案）'} · {rubric.title} · 检查日期 {result.as_of}", style="bold")
    ]
    for heading, items in _groups(result, rubric):
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
        table.add_column("级别", no_wrap=True, width=4)
        table.add_column("代码", no_wrap=True)
        table.add_column("文件", overflow="fold", ratio=2)
        table.add_column("问题与整改", overflow="fold", ratio=5)
        for sub, findings in items:
            table.add_row("", "", Text(sub, style="bold"), "")
            for f in findings:
                message = Text(f.message)
                if f.fix:
                    message.append("\n→ " + f.fix, style="dim")
                where = (f.path or "") + (f" [{f.period}]" if f.period else "")
                table.add_row(Text(f.severity.label, style=_STYLE[f.severity]), f.code, where, message)
        parts.append(Panel(table, title=heading, title_align="left"))
    parts.append(_coverage_table(result, rubric))
    errors = result.count(Severity.error)
    parts.append(Text(summary_line(result), style="bold red" if errors else "bold green"))
    return capture(parts, rich=True)  # type: ignore[arg-type]


def _coverage_table(result: CheckResult, rubric: Rubric) -> Group:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title="材料覆盖情况", expand=True)
    for col in ("编号", "状态", "活动", "发文", "报告", "要求"):
        table.add_column(col, overflow="fold")
    for c in result.coverage:
        if c.status in ("met",):
            continue
        table.add_row(
            c.subject, _STATUS[c.status], str(c.activities), str(c.documents), str(c.reports), _req_text(c)
        )
    met = sum(1 for c in result.coverage if c.status == "met")
    return Group(table, Text(f"另有 {met} 项材料已齐备（未列出）。", style="dim"))


def _req_text(c: Coverage) -> str:
    if c.reason:
        return c.reason
    parts = []
    for r in c.requirements:
        per = "每季度" if r.per == "quarter" else ""
        parts.append(f"{r.label}{per}≥{r.required}（现有 {r.found}）")
    return "；".join(parts)


def _markdown(result: CheckResult, rubric: Rubric) -> str:
    out = [
        f"# 材料检查：{result.unit or '（无单位方案）'}",
        "",
        f"{rubric.title}，检查日期 {result.as_of}。",
        "",
    ]
    out += [summary_line(result), ""]
    for heading, items in _groups(result, rubric):
        out += [f"## {heading}", ""]
        for sub, findings in items:
            out += [f"### {sub}", ""]
            rows = [[f.severity.label, f.code, f.path or "", f.message, f.fix or ""] for f in findings]
            out.append(md_table(["级别", "代码", "文件", "问题", "整改"], rows))
    rows = [
        [c.subject, _STATUS[c.status], str(c.activities), str(c.documents), str(c.reports), _req_text(c)]
        for c in result.coverage
    ]
    out += ["## 材料覆盖情况", "", md_table(["编号", "状态", "活动", "发文", "报告", "要求"], rows)]
    return "\n".join(out) + "\n"
