"""`wenming init`: lay out an evidence folder a clerk can fill with a file manager.

Creates what is missing and never touches a clerk's file; only wenming's own 00-收集要求.txt are
refreshed, and only when asked.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from wenming_cli import material_text
from wenming_cli.applicability import applicable_tasks
from wenming_cli.evidence import layout
from wenming_cli.fsio import read_regular, write_atomic
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
from wenming_cli.rubric.yamlsource import MAX_BYTES
from wenming_cli.textdecode import decode_text


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


def _deadline_text(deadline: Deadline | None, rules: MaterialRules, rubric: Rubric) -> str:
    if deadline is not None:
        return deadline.text
    if rules.activities_deadline is not None:
        return rules.activities_deadline.text
    return f"{rubric.period_word}内"


def _requirement_lines(
    rubric: Rubric, reqs: tuple[EvidenceRequirement, ...], rules: MaterialRules
) -> list[str]:
    if not reqs:
        n = rules.default_min_activities or 1
        return [f"    至少 {n} 份材料（活动、正式发文或说明报告均可）"]
    lines = []
    for r in reqs:
        year = "每年" if rubric.period_years > 1 else "全年"
        per = {"quarter": "每季度", "year": year, "month": "每月"}.get(r.per or "", "")
        quote = f"（原文：{r.quote}）" if r.quote else ""
        stricter = "".join(
            f"；{rubric.label('unit_categories', cat)}单位至少 {n} 份" for cat, n in r.by_category.items()
        )
        lines.append(f"    {rubric.label('evidence_kinds', r.kind)}：{per}至少 {r.min_count} 份{stricter}{quote}")
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
    out += ["", *_layout_help(rubric), *material_text.rule_lines(rules), "", _footer()]
    return "\n".join(out) + "\n"


def _clause_lines(
    rubric: Rubric, plan: UnitPlan | None, standard: Standard, clause: Clause, rules: MaterialRules
) -> list[str]:
    head = f"  {clause.id}（{format_points(clause.points)} 分）"
    if not rubric.needs_files(standard, clause):
        labels = "、".join(rubric.label("methods", m) for m in rubric.clause_methods(standard, clause))
        return [f"{head}由{labels}评定，迎检前自查现场。"]
    who = _who(plan, clause.id) if plan is not None and plan.assignment_for(clause.id) else ""
    lines = [f"{head}期限：{_deadline_text(clause.deadline, rules, rubric)}" + (f"；{who}" if who else "")]
    return lines + _requirement_lines(rubric, clause.evidence, rules)


def task_requirements(rubric: Rubric, plan: UnitPlan | None, task: Task) -> str:
    rules = rubric.material_rules_for_task(task.id)
    out = [
        f"任务 {task.id} {task.title}",
        "",
        task.requirement or "（测评细则未录入此项要求，见下方资料提交要求）",
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
        *_layout_help(rubric),
        *material_text.rule_lines(rules),
        "",
        _footer(),
    ]
    return "\n".join(out) + "\n"


def _layout_help(rubric: Rubric) -> list[str]:
    first = rubric.period.start if rubric.period is not None else dt.date(rubric.year, 1, 1)
    return [
        "怎样放：",
        f"  每次活动一个子文件夹，命名“{first.isoformat()} 活动名称”，放照片和“活动说明.txt”（每行“键：值”）；",
        f"  正式发文放“正式发文”，说明报告（{material_text.REPORT_FILE_TYPES}）放“说明报告”，媒体报道截图放“媒体报道”。",
    ]


def _footer() -> str:
    return f"本文件由 wenming 于 {dt.date.today()} 生成，不是佐证材料；可用 wenming init --force 更新。"


def bonus_requirements(rubric: Rubric) -> str:
    """The 加分/ folder's 00-收集要求.txt: each bonus rule of the rubric and how to file its proofs."""
    out = ["加分：特色加分项目的证明材料", ""]
    for rule in rubric.bonuses:
        vocabulary = "honour_levels" if rule.kind == "honour" else "media_tiers"
        levels = "；".join(
            f"{rubric.label(vocabulary, lv.level)} 每项 {format_points(lv.points)} 分" for lv in rule.levels
        )
        out += [
            f"{rule.label}（累计最多 {format_points(rule.cap)} 分；期限：{rule.window.text}）",
            f"  {levels}" if levels else "",
            f"  原文：{rule.text}",
            "",
        ]
    if not rubric.bonuses:
        out += ["该测评细则没有特色加分项目。", ""]
    out += [
        "怎样放：",
        "  每项荣誉或推介一个证明文件（发文或报道的扫描件、截图），文件名写称号全称和发文日期，",
        "  如“2021-03-16 称号全称.pdf”；或在 unit.yaml 的 honours / promotions 中用 evidence 写明文件名。",
        "  unit.yaml 中写了、这里没有证明的项目不计分。",
        "",
        _footer(),
    ]
    return "\n".join(out) + "\n"


def _put(path: Path, text: str, replace: bool) -> bool:
    """Write one of wenming's own text files; False when it exists and is kept."""
    try:
        write_atomic(path, clerk_text(text), replace=replace)
    except FileExistsError:
        return False
    return True


def create(
    root: Path,
    rubric: Rubric,
    plan: UnitPlan | None,
    plan_source: Path | None,
    force: bool,
    unit_template: str | None = None,
) -> InitReport:
    """Create the folder tree; never overwrite a clerk's file.

    `plan_source` is copied as unit.yaml (its relative `rubric:` path rewritten for the new place);
    without one, `unit_template` is written as unit.yaml when the folder has none.
    """
    report = InitReport()
    root.mkdir(parents=True, exist_ok=True)
    unit_file = root / layout.UNIT_PLAN_NAME
    if plan_source is not None or unit_template is not None:
        if os.path.lexists(unit_file):
            report.kept.append(layout.UNIT_PLAN_NAME)
        else:
            if plan_source is not None:
                data = moved_plan_text(plan_source, root)
            else:
                assert unit_template is not None
                data = clerk_text(unit_template)
            try:
                write_atomic(unit_file, data, replace=False)
                report.written.append(layout.UNIT_PLAN_NAME)
            except FileExistsError:
                report.kept.append(layout.UNIT_PLAN_NAME)
    tasks = _applicable_tasks(rubric, plan)
    width = layout.number_width(s.number for s in rubric.standards)
    targets: list[tuple[str, str, str]] = [
        (
            s.number,
            layout.standard_folder_name(s.number, s.short_title, width),
            standard_requirements(rubric, plan, s),
        )
        for s in rubric.standards
    ]
    targets += [
        (t.id, layout.task_folder_name(t.id, t.title), task_requirements(rubric, plan, t)) for t in tasks
    ]
    ids = [subject for subject, _name, _text in targets]
    existing = {layout.subject_of(p.name, ids): p for p in root.iterdir() if p.is_dir()}
    for subject, name, text in targets:
        folder = existing.get(subject) or root / name
        if not folder.exists():
            folder.mkdir()
            report.created_dirs.append(folder.name)
        for sub in layout.ROLE_FOLDERS:
            if not (folder / sub).exists():
                (folder / sub).mkdir()
        rel = f"{folder.name}/{layout.REQUIREMENTS_NAME}"
        (report.written if _put(folder / layout.REQUIREMENTS_NAME, text, force) else report.kept).append(rel)
    bonus = root / layout.BONUS_FOLDER
    if not bonus.exists():
        bonus.mkdir()
        report.created_dirs.append(layout.BONUS_FOLDER)
    rel = f"{layout.BONUS_FOLDER}/{layout.REQUIREMENTS_NAME}"
    (
        report.written
        if _put(bonus / layout.REQUIREMENTS_NAME, bonus_requirements(rubric), force)
        else report.kept
    ).append(rel)
    return report


_RUBRIC_LINE = re.compile(r"^(rubric:[ \t]*)(['\"]?)([^'\"#\r\n]+?)\2([ \t]*(?:#.*)?)$", re.MULTILINE)


def rubric_ref_from(rubric_file: Path, folder: Path) -> str:
    """How a unit.yaml in `folder` names `rubric_file`: a path relative to the folder's real place
    (the loader resolves it from there), or the absolute path when no relative one exists (another
    drive on Windows)."""
    target = rubric_file.resolve()
    try:
        return os.path.relpath(target, folder.resolve()).replace(os.sep, "/")
    except ValueError:
        return str(target)


def moved_plan_text(source: Path, new_folder: Path) -> bytes:
    """The plan's bytes for its new folder: a relative `rubric:` path is rewritten to point at the same
    file from there; everything else (comments, encoding, line ends) is kept as the clerk wrote it."""
    raw = read_regular(source, limit=MAX_BYTES)
    text, encoding = decode_text(raw)
    match = _RUBRIC_LINE.search(text)
    if match is None:
        return raw
    ref = match.group(3).strip()
    if not ref.endswith((".yaml", ".yml")) and "/" not in ref and "\\" not in ref:
        return raw  # a bundled rubric's id travels as it is
    path = Path(ref)
    if path.is_absolute():
        return raw
    moved = rubric_ref_from((source.parent / path).resolve(), new_folder)
    quote = match.group(2) or '"'
    line = f"{match.group(1)}{quote}{moved}{quote}{match.group(4)}"
    text = text[: match.start()] + line + text[match.end() :]
    return (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + text.encode(
        "utf-8" if encoding.startswith("utf-8") else encoding
    )


def _applicable_tasks(rubric: Rubric, plan: UnitPlan | None) -> list[Task]:
    return [t for _tl, t in applicable_tasks(rubric, plan)]
