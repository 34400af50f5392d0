"""Wire the arrows together: unit plan + rubric → scan → rule families → coverage → CheckResult."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wenming_cli import usercache
from wenming_cli.applicability import applicable_tasks
from wenming_cli.checks import (
    captions,
    coverage,
    documents,
    files,
    names,
    photos,
    proofs,
    statements,
    targets,
    upload,
)
from wenming_cli.checks.codes import CODES, code_matches, finding
from wenming_cli.checks.context import CheckContext
from wenming_cli.errors import InvalidInput
from wenming_cli.evidence import layout
from wenming_cli.evidence.scan import Analysers, ScanOutput, scan
from wenming_cli.fsio import shown_name
from wenming_cli.models.finding import Finding
from wenming_cli.models.results import ActivityRef, CheckResult, CheckStats
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.rubric import registry

Progress = Callable[[str, int, int], None]


def load_inputs(evidence: Path, rubric_ref: str | None) -> tuple[Rubric, UnitPlan | None, list[Finding]]:
    """The unit plan at the folder's root names the rubric; --rubric overrides or stands in for it."""
    if not evidence.exists():
        raise InvalidInput(f"证据文件夹 {evidence} 不存在。", hint="检查路径，或用 wenming init 创建。")
    if not evidence.is_dir():
        raise InvalidInput(f"{evidence} 不是文件夹。", hint="wenming check 需要证据文件夹的路径。")
    usercache.protect(evidence)  # no cache is written inside the folder being checked
    plan_path = evidence / layout.UNIT_PLAN_NAME
    notes: list[Finding] = []
    plan = None
    if os.path.lexists(plan_path):  # a folder or FIFO named unit.yaml is reported as such by the loader
        plan, plan_rubric, warnings = registry.load_unit_plan(plan_path)
        for w in warnings:
            notes.append(
                finding(
                    w.code if w.code in CODES else "UNIT-PLAN-WARNING",
                    f"unit.yaml 第 {w.line} 行：{w.message}",
                    path=layout.UNIT_PLAN_NAME,
                    field=w.where or None,
                )
            )
        rubric = registry.load_rubric(rubric_ref) if rubric_ref else plan_rubric
    elif rubric_ref:
        rubric = registry.load_rubric(rubric_ref)
        notes.append(
            finding(
                "UNIT-PLAN-MISSING",
                "证据文件夹中没有 unit.yaml：无法核对责任分工、量化指标和单位名称。",
                fix="用 wenming init 生成，或复制 examples 中的 unit.yaml 修改。",
            )
        )
    else:
        raise InvalidInput(
            f"{evidence} 中没有 unit.yaml，也没有用 --rubric 指定测评细则。",
            hint="加 --rubric yiyang-2021（或其他 id），或在证据文件夹中放 unit.yaml。",
        )
    return rubric, plan, notes


@dataclass(frozen=True)
class CheckRun:
    """A check with what it saw: commands that act on the material (pack) need the scan, not a rescan."""

    result: CheckResult
    plan: UnitPlan | None
    rubric: Rubric
    scan: ScanOutput


def run_check(
    evidence: Path,
    *,
    rubric_ref: str | None = None,
    as_of: dt.date,
    quick: bool = False,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    progress: Progress | None = None,
    workers: int | None = None,
    cache: bool = True,
) -> tuple[CheckResult, UnitPlan | None, Rubric]:
    """Check an evidence folder; raises InvalidInput when it cannot be checked at all.

    `cache`: take the facts of unchanged files from the user's cache (never the evidence folder).
    """
    run = check_folder(
        evidence,
        rubric_ref=rubric_ref,
        as_of=as_of,
        quick=quick,
        select=select,
        ignore=ignore,
        progress=progress,
        workers=workers,
        cache=cache,
    )
    return run.result, run.plan, run.rubric


def check_folder(
    evidence: Path,
    *,
    rubric_ref: str | None = None,
    as_of: dt.date,
    quick: bool = False,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    progress: Progress | None = None,
    workers: int | None = None,
    cache: bool = True,
) -> CheckRun:
    """`run_check`, keeping the scan (inventory, PDF analyses) beside the result."""
    rubric, plan, notes = load_inputs(evidence, rubric_ref)
    subjects = {s.number: "standard" for s in rubric.standards}
    subjects |= {t.id: "task" for tl in rubric.task_lists for t in tl.tasks}
    volunteer = {s.number for s in rubric.standards for c in s.clauses if c.volunteer}
    volunteer |= {t.id for tl in rubric.task_lists for t in tl.tasks if t.volunteer}
    facts_cache = open_cache(evidence) if cache else None
    try:
        scanned = scan(
            evidence,
            subjects,
            full=not quick,
            analysers=_analysers(quick),
            volunteer_subjects=volunteer,
            progress=(lambda i, n: progress("读取" if quick else "读取和解码", i, n)) if progress else None,
            workers=workers,
            cache=facts_cache,
        )
    finally:
        if facts_cache is not None:
            facts_cache.close()
    ctx = CheckContext(rubric=rubric, plan=plan, scan=scanned, as_of=as_of, quick=quick)

    found: list[Finding] = [*notes]
    found += files.check_files(ctx)
    found += photos.check_photo_files(ctx)
    found += photos.check_photo_counts(ctx)
    found += photos.check_duplicates(ctx)
    found += captions.check_activities(ctx)
    found += documents.check_documents(ctx)
    found += names.check_file_names(ctx)
    found += proofs.check_bonus_proofs(ctx)
    found += statements.check_quarterly_statements(ctx)
    found += upload.check_upload_windows(ctx)
    applicable = {t.id for _tl, t in applicable_tasks(rubric, plan)}
    target_results, target_findings = targets.check_targets(rubric, plan, applicable)
    found += target_findings
    found = _filter(ctx, found, select, ignore)
    cov, cov_findings = coverage.compute_coverage(ctx, found)
    found += _filter(ctx, cov_findings, select, ignore)
    found.sort(key=lambda f: _order(f, rubric))
    found = unique_keys(found)

    inv = scanned.inventory
    covered = sum(1 for c in cov if c.status in ("met", "partly"))
    stats = CheckStats(
        files=len(inv.files),
        photos=sum(1 for f in inv.files if f.role == "photo"),
        documents=sum(1 for f in inv.files if f.role == "official_document"),
        reports=sum(1 for f in inv.files if f.role == "report"),
        activities=len(inv.activities),
        subjects_total=sum(1 for c in cov if c.needs_files and c.status != "not_applicable"),
        subjects_covered=covered,
        bytes=sum(f.size for f in inv.files),
        quick=quick,
        from_cache=len(inv.files) - scanned.read,
        skipped=("完整解码", "近似重复照片", "PDF 解析（损坏、加密、红头和公章）") if quick else (),
    )
    result = CheckResult(
        rubric=rubric.id,
        unit=plan.unit.name if plan else None,
        evidence=shown_name(str(evidence)),  # undecodable bytes in the folder name: escaped
        as_of=as_of,
        findings=tuple(found),
        coverage=tuple(cov),
        targets=tuple(target_results),
        stats=stats,
        bonus_files=inv.bonus_files,
        activities=tuple(
            ActivityRef(path=a.path, subject=a.subject, date=a.date, title=a.caption.get("主题") or a.name)
            for a in inv.activities
        ),
    )
    return CheckRun(result=result, plan=plan, rubric=rubric, scan=scanned)


def unique_keys(findings: list[Finding]) -> list[Finding]:
    """Keys are unique within a run: a finding whose key a previous one already holds (two identical
    problems no rule can tell apart) gets its rank among them, so a baseline still matches it."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        seen[f.key] += 1
        if seen[f.key] > 1:
            f = f.model_copy(update={"field": f"{f.field or ''}#{seen[f.key]}"})
        out.append(f)
    return out


def _order(f: Finding, rubric: Rubric) -> tuple[object, ...]:
    return (
        rubric.subject_order(f.standard) if f.standard is not None else (3, 0),
        f.task or "",
        f.clause or "",
        f.path or "",
        -f.severity.rank,
        f.code,
    )


def _filter(
    ctx: CheckContext, items: list[Finding], select: Sequence[str], ignore: Sequence[str]
) -> list[Finding]:
    chosen = list(select) or list(ctx.plan.select if ctx.plan else ())
    kept = []
    for f in items:
        if chosen and not any(code_matches(p, f.code) for p in chosen) and f.code != "UNIT-CODE-UNKNOWN":
            continue  # a misspelt select pattern is said even when the select itself would hide it
        if any(code_matches(p, f.code) for p in ignore):
            continue
        if ctx.ignored(f.code, f.path):
            continue
        kept.append(f)
    return kept


def _analysers(quick: bool) -> Analysers:
    """The quick pass parses no PDF; the full pass reads each PDF's pages and renders them."""
    from wenming_cli.checks.reporttext import extract_report_text

    # Reports are read in both passes: they are small, and their wording rules need no pages.
    return Analysers(pdf=None if quick else functools.partial(_pdf, render=True), report=extract_report_text)


def _pdf(name: str, data: bytes, *, render: bool):
    from wenming_cli.checks.pdfdoc import analyse_pdf

    return analyse_pdf(data, render=render)


def open_cache(evidence: Path):
    from wenming_cli.evidence.cache import FactCache

    return FactCache.open_for(evidence)
