"""`wenming import --apply PLAN`: copy every accepted row, draft the missing captions, overwrite nothing.

The source is only read; a file whose bytes changed since the plan was made is not copied. Each copy is
written with `fsio.write_atomic` without replacing: a half-written file never carries a real name, and an
existing one is never overwritten, even one created while this run was writing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from wenming_cli import fsio
from wenming_cli.evidence import layout
from wenming_cli.evidence.caption import CAPTION_NAMES
from wenming_cli.evidence.skeleton import clerk_text
from wenming_cli.importer import destination, drafting
from wenming_cli.importer.plan import ImportPlan, PlanRow
from wenming_cli.importer.sources import SourceFile
from wenming_cli.importer.zipsource import ZipProblem
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan


@dataclass
class Refusal:
    row: int
    source: str
    reason: str


@dataclass
class ApplyReport:
    copied: list[tuple[int, str, str]] = field(default_factory=list)  # (row, source, destination)
    captions: list[str] = field(default_factory=list)  # drafted 活动说明.txt, relative to EVIDENCE
    folders: list[str] = field(default_factory=list)  # created standard/task folders
    refused: list[Refusal] = field(default_factory=list)
    unplaced: list[tuple[int, str, str]] = field(default_factory=list)  # (row, source, reason)


def apply(plan: ImportPlan, rubric: Rubric, unit: UnitPlan | None) -> ApplyReport:
    root = Path(plan.evidence_root)
    src = Path(plan.source_root)
    report = ApplyReport()
    folders = destination.subject_folders(root)
    activities: dict[Path, tuple[str, str]] = {}  # activity folder → (subject, activity name)
    has_caption: set[Path] = set()
    written: set[Path] = set()
    for row in plan.rows:
        if row.kind == "skip" or not row.accept:
            if row.kind != "skip":
                report.unplaced.append(
                    (row.index, row.display, "未采用" + (f"：{row.reason}" if row.reason else ""))
                )
            continue
        target = _target(root, folders, rubric, row, report)
        if target is None:
            continue
        if target in written or target.exists():
            report.refused.append(
                Refusal(row.index, row.display, f"目标已存在，未覆盖：{_rel(root, target)}")
            )
            if row.kind == "photo":
                activities.setdefault(target.parent, (row.subject or "", row.activity or ""))
            continue
        data = _read_source(src, row, report)
        if data is None:
            continue
        subject_dir = _subject_dir(root, target, row)
        if not subject_dir.exists():
            report.folders.append(_rel(root, subject_dir))
        problem = _write_new(target, data)
        if problem is not None:
            report.refused.append(Refusal(row.index, row.display, problem))
            continue
        written.add(target)
        report.copied.append((row.index, row.display, _rel(root, target)))
        if row.kind == "photo":
            activities.setdefault(target.parent, (row.subject or "", row.activity or ""))
        if row.kind == "caption":
            has_caption.add(target.parent)
    for folder, (subject, name) in sorted(activities.items()):
        if folder in has_caption or any((folder / n).exists() for n in CAPTION_NAMES):
            continue
        day = layout.leading_date(name)
        title = drafting.clean_title(name) or name
        text = drafting.caption_text(rubric, unit, subject, day, title)
        if _write_new(folder / CAPTION_NAMES[0], clerk_text(text)) is None:
            report.captions.append(_rel(root, folder / CAPTION_NAMES[0]))
    return report


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _subject_dir(root: Path, target: Path, row: PlanRow) -> Path:
    rel = target.relative_to(root)
    depth = 2 if layout.category_folder(rel.parts[0]) else 1
    return root.joinpath(*rel.parts[:depth])


def _target(
    root: Path, folders: dict[str, Path], rubric: Rubric, row: PlanRow, report: ApplyReport
) -> Path | None:
    if not row.subject:
        report.unplaced.append((row.index, row.display, "没有填写“标准或任务”"))
        return None
    subject = destination.normal_subject(row.subject)
    base = destination.subject_folder(root, folders, rubric, subject)
    if base is None:
        report.refused.append(Refusal(row.index, row.display, f"测评细则中没有“{row.subject}”"))
        return None
    if row.kind in ("photo", "caption") and not (row.activity and layout.safe_folder_name(row.activity)):
        report.refused.append(Refusal(row.index, row.display, "照片没有填写“活动文件夹”"))
        return None
    name = layout.safe_folder_name(row.new_name or Path(row.member or row.source).name)
    if not name:
        report.refused.append(Refusal(row.index, row.display, "“新文件名”不能为空"))
        return None
    return destination.target_dir(base, row.model_copy(update={"subject": subject})) / name


def _read_source(src: Path, row: PlanRow, report: ApplyReport) -> bytes | None:
    container = src if src.is_file() else src / row.source
    file = SourceFile(row.source, row.member, 0, container)
    try:
        data = file.read()
    except (OSError, ZipProblem) as exc:
        report.refused.append(Refusal(row.index, row.display, f"无法读取来源文件：{exc}"))
        return None
    if row.sha256 and hashlib.sha256(data).hexdigest() != row.sha256:
        report.refused.append(Refusal(row.index, row.display, "来源文件在生成计划后被改动，请重新生成计划"))
        return None
    return data


def _write_new(target: Path, data: bytes) -> str | None:
    """Write a new file atomically; never replace one. Returns why it was not written, or None."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fsio.write_atomic(target, data, replace=False)
    except FileExistsError:
        return f"目标已存在，未覆盖：{target.name}"
    except OSError as exc:
        return f"无法写入 {target.name}：{fsio.describe_os_error(exc)}"
    return None
