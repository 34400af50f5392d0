"""`wenming init`: lay out an evidence folder a clerk can fill with a file manager.

Creates what is missing and never touches a clerk's file; only wenming's own 00-收集要求.txt are
refreshed, and only when asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from wenming_cli import sizes
from wenming_cli.applicability import applicable_tasks
from wenming_cli.evidence import layout
from wenming_cli.models.common import format_points
from wenming_cli.models.rubric import (
    Clause,
    Deadline,
    EvidenceRequirement,
    MaterialRules,
    Rubric,
    Standard,
    Task,
)
from wenming_cli.models.unit import UnitPlan


@dataclass
class InitReport:
    created_dirs: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def clerk_text(text: str) -> bytes:
    """Text files wenming writes for clerks: UTF-8 with BOM and CRLF, so Notepad on Windows shows them."""
    return b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def _who(plan: UnitPlan | None, subject: str, standard: str | None = None) -> str:
    if plan is None:
        return "（在 unit.yaml 中分工后显示）"
    a = plan.assignment_for(subject, standard)
    if a is None:
        return "（unit.yaml 中未分工）"
    deps = "、".join((d.name if (d := plan.department(x)) else x) for x in a.departments)
    people = "、".join((*a.persons, *a.doers))
    deadline = f"；内部期限 {a.deadline}" if a.deadline else ""
    return f"{deps or '—'}{'；' + people if people else ''}{deadline}"


def _deadline_text(deadline: Deadline | None, rules: MaterialRules) -> str:
    if deadline is not None:
        return deadline.text
    if rules.activities_deadline is not None:
        return rules.activities_deadline.text
    return "测评年度内"


def _requirement_lines(
    rubric: Rubric, reqs: tuple[EvidenceRequirement, ...], rules: MaterialRules
) -> list[str]:
    if not reqs:
        n = rules.default_min_activities or 1
        return [f"    至少 {n} 份材料（活动、正式发文或说明报告均可）"]
    lines = []
    for r in reqs:
        per = {"quarter": "每季度", "year": "全年", "month": "每月"}.get(r.per or "", "")
        quote = f"（原文：{r.quote}）" if r.quote else ""
        lines.append(f"    {rubric.label('evidence_kinds', r.kind)}：{per}至少 {r.min_count} 份{quote}")
    return lines


def _rules_text(rules: MaterialRules) -> list[str]:
    lines = []
    if rules.photo is not None:
        p = rules.photo
        if p.formats:
            lines.append(f"照片格式：{'/'.join(x.upper() for x in p.formats)}")
        if p.size is not None:
            low, high = sizes.safe_range(p.size)
            lines.append(
                f"照片大小：{sizes.describe(p.size)}（最稳妥：{low:,}—{high:,} 字节，可用 wenming photo fit 转换）"
            )
        if p.max_per_activity:
            lines.append(f"每次活动照片：{p.min_per_activity or 1}—{p.max_per_activity} 张")
        if p.caption_fields:
            fields = "、".join(f.label for f in p.caption_fields if not f.volunteer_only)
            volunteer = "、".join(f.label for f in p.caption_fields if f.volunteer_only)
            lines.append(
                f"图片说明（活动说明.txt）写明：{fields}"
                + (f"；志愿服务活动另写：{volunteer}" if volunteer else "")
            )
        if p.title_format is not None:
            lines.append(f"活动主题格式：{p.title_format.text}")
    if rules.pdf is not None and rules.pdf.max_size is not None:
        lines.append(f"正式发文：含红头页和盖章页的 PDF，{sizes.describe(rules.pdf.max_size)}")
    if rules.report is not None:
        r = rules.report
        banned = "、".join(b.text for b in r.banned_phrases if b.source == "stated")
        parts = []
        if banned:
            parts.append(f"不用“{banned}”等套话")
        if r.headings_required:
            parts.append("有小标题")
        if r.data_required:
            parts.append("有数据和实例")
        if r.min_measures:
            parts.append(f"举措至少 {r.min_measures} 条")
        if parts:
            lines.append("说明报告：" + "，".join(parts))
    return lines


def standard_requirements(rubric: Rubric, plan: UnitPlan | None, standard: Standard) -> str:
    rules = rubric.material_rules
    methods = "、".join(rubric.label("methods", m) for m in standard.methods)
    out = [
        f"{standard.ref} {standard.short_title}（{format_points(standard.points)} 分，{methods}）",
        "",
        standard.text,
        "",
        f"负责：{_who(plan, standard.number)}",
        "",
        "要收集的材料：",
    ]
    for clause in standard.clauses:
        out += _clause_lines(rubric, plan, standard, clause, rules)
    out += ["", *_layout_help(), *_rules_text(rules), "", _footer()]
    return "\n".join(out) + "\n"


def _clause_lines(
    rubric: Rubric, plan: UnitPlan | None, standard: Standard, clause: Clause, rules: MaterialRules
) -> list[str]:
    head = f"  {clause.id}（{format_points(clause.points)} 分）"
    if not rubric.needs_files(standard, clause):
        labels = "、".join(rubric.label("methods", m) for m in rubric.clause_methods(standard, clause))
        return [f"{head}由{labels}评定，迎检前自查现场。"]
    who = _who(plan, clause.id) if plan is not None and plan.assignment_for(clause.id) else ""
    lines = [f"{head}期限：{_deadline_text(clause.deadline, rules)}" + (f"；{who}" if who else "")]
    return lines + _requirement_lines(rubric, clause.evidence, rules)


def task_requirements(rubric: Rubric, plan: UnitPlan | None, task: Task) -> str:
    rules = rubric.material_rules_for_task(task.id)
    out = [
        f"任务 {task.id} {task.title}",
        "",
        task.requirement,
        "",
        f"资料提交要求：{task.material or '—'}",
    ]
    if plan is not None and (a := plan.assignment_for(task.id)) is not None and a.material:
        out.append(f"本单位资料提交要求：{a.material}")
    out += [
        f"完成时间：{task.deadline.text if task.deadline else '—'}",
        f"负责：{_who(plan, task.id)}",
        "",
        "要收集的材料：",
        *_requirement_lines(rubric, task.evidence, rules),
        "",
        *_layout_help(),
        *_rules_text(rules),
        "",
        _footer(),
    ]
    return "\n".join(out) + "\n"


def _layout_help() -> list[str]:
    return [
        "怎样放：",
        "  每次活动一个子文件夹，命名“2021-05-12 活动名称”，放照片和“活动说明.txt”（每行“键：值”）；",
        "  正式发文放“正式发文”，说明报告（.docx）放“说明报告”，媒体报道截图放“媒体报道”。",
    ]


def _footer() -> str:
    return f"本文件由 wenming 于 {dt.date.today()} 生成，不是佐证材料；可用 wenming init --force 更新。"


def create(
    root: Path, rubric: Rubric, plan: UnitPlan | None, plan_source: Path | None, force: bool
) -> InitReport:
    """Create the folder tree; never overwrite a clerk's file."""
    report = InitReport()
    root.mkdir(parents=True, exist_ok=True)
    unit_file = root / layout.UNIT_PLAN_NAME
    if plan_source is not None:
        if unit_file.exists():
            report.kept.append(layout.UNIT_PLAN_NAME)
        else:
            unit_file.write_bytes(plan_source.read_bytes())
            report.written.append(layout.UNIT_PLAN_NAME)
    tasks = _applicable_tasks(rubric, plan)
    targets: list[tuple[str, str]] = [
        (layout.standard_folder_name(s.number, s.short_title), standard_requirements(rubric, plan, s))
        for s in rubric.standards
    ]
    targets += [(layout.task_folder_name(t.id, t.title), task_requirements(rubric, plan, t)) for t in tasks]
    existing = {layout.subject_of(p.name): p for p in root.iterdir() if p.is_dir()} if root.exists() else {}
    for name, text in targets:
        subject = layout.subject_of(name)
        folder = existing.get(subject) or root / name
        if not folder.exists():
            folder.mkdir()
            report.created_dirs.append(folder.name)
        for sub in layout.ROLE_FOLDERS:
            if not (folder / sub).exists():
                (folder / sub).mkdir()
        note = folder / layout.REQUIREMENTS_NAME
        rel = f"{folder.name}/{layout.REQUIREMENTS_NAME}"
        if note.exists() and not force:
            report.kept.append(rel)
            continue
        note.write_bytes(clerk_text(text))
        report.written.append(rel)
    bonus = root / layout.BONUS_FOLDER
    if not bonus.exists():
        bonus.mkdir()
        report.created_dirs.append(layout.BONUS_FOLDER)
    return report


def _applicable_tasks(rubric: Rubric, plan: UnitPlan | None) -> list[Task]:
    return [t for _tl, t in applicable_tasks(rubric, plan)]
