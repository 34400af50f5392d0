"""Renderers for `wenming gaps`: terminal (rich), plain text, JSON and Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from wenming_cli.models.common import format_points
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.scorecard import STATUS_LABELS, FindingRef, Gap, GapReport
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json

p = format_points
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
CHANGE_LABELS = {"new": "新增", "open": "仍未解决", "unknown": ""}


def problem_line(text: str) -> str:
    """`问题：…`, unless the text already starts with its severity (`错误：…`): never `问题：错误：`."""
    head = text.split("：", 1)[0]
    return text if head in {s.label for s in Severity} else f"问题：{text}"


def gaps_json(report: GapReport, findings: Sequence[Finding] = ()) -> dict:
    """The report, plus the findings behind it, so a later run can use this file as --baseline."""
    shown = {k for g in report.gaps for k in g.finding_keys}
    refs = tuple(
        FindingRef(key=f.key, code=f.code, severity=f.severity.value, subject=f.subject, message=f.message)
        for f in findings
        if f.severity != Severity.info and (not report.filters or f.key in shown)
    )
    return report.model_copy(update={"findings": refs}).model_dump(mode="json")


def who(g: Gap) -> str:
    deps = "、".join(g.departments) or "未分配部门"
    text = deps + (f"／{'、'.join(g.persons)}" if g.persons else "")
    return text + (f"（执行：{'、'.join(g.doers)}）" if g.doers else "")


def deadline_text(g: Gap) -> str:
    if g.deadline is None:
        return g.deadline_text or "未定"
    text = g.deadline.isoformat()
    return text + ("（已逾期）" if g.overdue else "")


def gap_title(g: Gap) -> str:
    points = f"，分值{p(g.max_points)}分，风险{p(g.at_risk)}分" if g.max_points is not None else ""
    change = f"【{CHANGE_LABELS[g.change]}】" if CHANGE_LABELS[g.change] else ""
    return f"{change}[{SEVERITY_LABELS[g.severity]}] {g.ref} {g.title}（{STATUS_LABELS[g.status]}{points}）"


def gap_row(g: Gap) -> list[str]:
    return [
        g.ref,
        g.title,
        STATUS_LABELS[g.status],
        p(g.max_points) if g.max_points is not None else "",
        p(g.at_risk) if g.kind in ("clause", "bonus") else "",
        "；".join(g.missing),
        "；".join(g.actions),
        who(g),
        deadline_text(g),
    ]


GAP_HEADERS = [
    "条款/任务",
    "标准",
    "状态",
    "分值",
    "风险分",
    "存在问题",
    "整改措施",
    "责任部门／责任人",
    "期限",
]


def summary_lines(report: GapReport) -> list[str]:
    overdue = sum(1 for g in report.gaps if g.overdue)
    lines = [
        f"单位：{report.unit or '（未提供单位方案）'}；测评细则：{report.rubric}；检查日期：{report.as_of.isoformat()}",
        f"待整改 {len(report.gaps)} 项，风险分合计 {p(report.at_risk)} 分，已逾期 {overdue} 项。",
    ]
    if report.filters:
        shown = {"department": "部门", "person": "责任人"}
        lines.append("筛选：" + "，".join(f"{shown[k]}={v}" for k, v in report.filters.items()))
    lines += [f"不适用（不列入整改）：{subject}，理由：{reason}" for subject, reason in report.not_applicable]
    return lines


def group_lines(report: GapReport) -> list[str]:
    lines = ["按责任部门："]
    lines += [
        f"  {gr.label}：{len(gr.subjects)} 项，风险 {p(gr.at_risk)} 分，逾期 {gr.overdue} 项（{'、'.join(gr.subjects)}）"
        for gr in report.by_department
    ]
    if report.by_person:
        lines.append("按责任人：")
        lines += [
            f"  {gr.label}：{len(gr.subjects)} 项，风险 {p(gr.at_risk)} 分，逾期 {gr.overdue} 项（{'、'.join(gr.subjects)}）"
            for gr in report.by_person
        ]
    return lines


def baseline_lines(report: GapReport) -> list[str]:
    b = report.baseline
    if b is None:
        return []
    lines = [
        f"与上次结果（{b.baseline}）比较：新增问题 {len(b.new_findings)} 个，已解决问题 {len(b.fixed_findings)} 个；"
        f"新增待整改项 {len(b.new_gaps)} 项，已整改完毕 {len(b.fixed_gaps)} 项。"
    ]
    if b.fixed_gaps:
        lines.append("已整改完毕：" + "、".join(b.fixed_gaps))
    for f in b.fixed_findings:
        lines.append(f"  已解决：{f.subject} {f.code or ''} {f.message or f.key}".rstrip())
    return lines


def render_gaps(report: GapReport, fmt: OutputFormat, findings: Sequence[Finding] = ()) -> str:
    if fmt == OutputFormat.json:
        return to_json(gaps_json(report, findings))
    if fmt == OutputFormat.markdown:
        parts = ["# 待整改清单\n", "\n".join(f"- {x}" for x in summary_lines(report)), ""]
        if report.baseline:
            parts += ["\n".join(f"- {x}" for x in baseline_lines(report)), ""]
        if report.gaps:
            parts.append(
                md_table(
                    ["变化", *GAP_HEADERS], [[CHANGE_LABELS[g.change], *gap_row(g)] for g in report.gaps]
                )
            )
        parts += ["## 分组\n", "\n".join(group_lines(report)), ""]
        return "\n".join(parts) + "\n"
    lines = summary_lines(report) + baseline_lines(report) + [""]
    for i, g in enumerate(report.gaps, 1):
        lines.append(f"{i}. {gap_title(g)}")
        lines.append(f"   责任：{who(g)}；期限：{deadline_text(g)}")
        lines += [f"   {problem_line(m)}" for m in g.missing]
        lines += [f"   措施：{a}" for a in g.actions]
    if not report.gaps:
        lines.append("没有待整改的项目。")
    lines += [""] + group_lines(report)
    if fmt == OutputFormat.plain:
        return "\n".join(lines) + "\n"
    styles = {"[错误]": "red", "[警告]": "yellow", "[提示]": "cyan"}
    styled = []
    for line in lines:
        style = next((s for tag, s in styles.items() if tag in line and not line.startswith(" ")), "")
        if "已逾期" in line:
            style = style or "red"
        styled.append(Text(line, style=style))
    return capture(styled, rich=True)
