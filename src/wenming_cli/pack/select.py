"""Which material is due, what it is called in the bundle, and which errors of `check` concern it."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from wenming_cli import sizes
from wenming_cli.checks.context import CheckContext
from wenming_cli.checks.engine import CheckRun
from wenming_cli.duties import Duty, build_duties, context, fallback_due
from wenming_cli.errors import UsageError
from wenming_cli.evidence import layout
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.inventory import Activity, EvidenceFile
from wenming_cli.models.rubric import SizeWindow
from wenming_cli.pack.models import PackItem, PackPlan, PackSelection, PlannedFile
from wenming_cli.pack.naming import Namer, document_number

# Roles packed as material (wenming's own folder roles, see evidence/layout.py), with their sheet labels.
KIND_LABELS = {
    "activity": "活动图片",
    "official_document": "正式发文",
    "report": "说明报告",
    "screenshot": "媒体报道截图",
    "video": "视频",
}
_KIND_ORDER = list(KIND_LABELS)
# What `photo fit` repairs: a photo it has fitted is a JPEG inside the window, whatever it was before.
FIT_CURES = frozenset({"PHOTO-SIZE", "PHOTO-SIZE-AMBIGUOUS", "PHOTO-FORMAT", "FILE-TYPE-MISMATCH"})
_QUARTER = re.compile(r"^(\d{4})\s*Q([1-4])$", re.IGNORECASE)


@dataclass
class _Piece:
    subject: str
    kind: str
    title: str
    date: dt.date | None
    files: list[EvidenceFile]
    activity: Activity | None = None
    due: dt.date | None = None
    duty: Duty | None = None
    errors: list[Finding] = field(default_factory=list)


def parse_quarter(text: str) -> tuple[int, int]:
    match = _QUARTER.match(text.strip())
    if not match:
        raise UsageError(f"看不懂季度“{text}”。", hint="写成 年份Q季度，如 --quarter 2021Q2。")
    return int(match.group(1)), int(match.group(2))


def plan_pack(
    run: CheckRun,
    selection: PackSelection,
    *,
    previous: dict[str, str] | None = None,
    fit_windows: Mapping[str, SizeWindow] | None = None,
) -> PackPlan:
    """Decide every file of the bundle and every error that concerns it; nothing is written here."""
    ctx = context(run)
    duties = build_duties(run)
    pieces, skipped = _pieces(run)
    for piece in pieces:
        piece.duty, piece.due = _due(ctx, piece, duties)
    chosen = [p for p in pieces if _selected(selection, p.due)]
    unchanged = 0
    if previous is not None:
        fresh = [p for p in chosen if any(previous.get(f.path) != f.sha256 for f in p.files)]
        unchanged, chosen = len(chosen) - len(fresh), fresh
    windows = fit_windows or {}
    fitted = {
        f.path for p in chosen for f in p.files if p.subject in windows and _needs_fit(f, windows[p.subject])
    }
    blocking = _errors(run, ctx, chosen, selection, fitted)
    order = _subject_order(run)
    chosen.sort(
        key=lambda p: (order.get(p.subject, 10**6), _KIND_ORDER.index(p.kind), p.date or p.due, p.title)
    )
    naming = ctx.rubric.material_rules.file_naming
    namer = Namer(naming, run.plan, ctx.year)
    folders = _folders(run)
    items = [
        _item(i, p, run, namer, folders[p.subject], fitted, naming is not None)
        for i, p in enumerate(chosen, start=1)
    ]
    plan = run.plan
    return PackPlan(
        rubric=run.rubric.id,
        rubric_title=run.rubric.title,
        unit=plan.unit.name if plan else None,
        evidence=run.result.evidence,
        as_of=run.result.as_of,
        period=f"{ctx.period[0]} 至 {ctx.period[1]}",
        selection=selection,
        naming=naming.text if naming else None,
        items=tuple(items),
        blocking=tuple(blocking),
        unchanged=unchanged,
        skipped=tuple(skipped),
    )


def _pieces(run: CheckRun) -> tuple[list[_Piece], list[str]]:
    inv = run.scan.inventory
    by_path = {f.path: f for f in inv.files}
    pieces: list[_Piece] = []
    for a in inv.activities:
        files = [by_path[p] for p in a.photos if p in by_path]
        if a.caption_path and a.caption_path in by_path:
            files.append(by_path[a.caption_path])
        title = layout.without_leading_date(a.name) or a.name
        pieces.append(_Piece(a.subject, "activity", title, a.date, files, activity=a))
    skipped = []
    for f in inv.files:
        if f.activity is not None or f.subject is None:
            continue
        if f.role in KIND_LABELS:
            stem = posixpath.splitext(posixpath.basename(f.path))[0]
            title = layout.without_leading_date(stem) or stem
            # Screenshots are not dated by the scan; their file name's leading date dates them here.
            pieces.append(_Piece(f.subject, f.role, title, f.date or layout.leading_date(stem), [f]))
        elif f.role == "photo":
            skipped.append(f"{f.path}：照片没有放在活动文件夹中，不打包")
        else:
            skipped.append(f"{f.path}：不是活动、正式发文、说明报告或截图，不打包")
    return pieces, skipped


def _due(ctx: CheckContext, piece: _Piece, duties: list[Duty]) -> tuple[Duty | None, dt.date]:
    """When a piece is due: the quarter it proves for a quarterly duty, else its subject's deadline."""
    mine = [d for d in duties if d.subject == piece.subject]
    restrict = piece.activity.clauses if piece.activity is not None else ()
    if restrict:
        mine = [d for d in mine if not d.clauses or set(d.clauses) & set(restrict)] or mine
    periodic = [d for d in mine if d.period]
    quarter = ctx.quarter_of(piece.date) if piece.date else None
    if quarter is not None:
        hit = next((d for d in periodic if d.period == quarter.label), None)
        if hit is not None and hit.due is not None:
            return hit, hit.due
    dated = [d for d in mine if d.due is not None and not d.period] or [d for d in periodic if d.due]
    if dated:
        last = max(dated, key=lambda d: d.due)  # type: ignore[arg-type,return-value]
        return last, last.due  # type: ignore[return-value]
    return (mine[0] if mine else None), fallback_due(ctx)


def _selected(selection: PackSelection, due: dt.date | None) -> bool:
    if selection.mode == "all" or due is None:
        return selection.mode == "all"
    if selection.mode == "due_by":
        return selection.due_by is not None and due <= selection.due_by
    year, q = parse_quarter(selection.quarter or "")
    return due.year == year and (due.month - 1) // 3 + 1 == q


def _period_selected(ctx: CheckContext, selection: PackSelection, period: str | None) -> bool:
    if period is None or selection.mode == "all":
        return True
    quarter = next((q for q in ctx.quarters if q.label == period), None)
    if quarter is None:
        return True
    return _selected(selection, quarter.end)


def _needs_fit(f: EvidenceFile, window: SizeWindow) -> bool:
    return f.role == "photo" and (f.content_type != "jpeg" or not sizes.judge(f.size, window).ok_everywhere)


def _errors(
    run: CheckRun, ctx: CheckContext, chosen: list[_Piece], selection: PackSelection, fitted: set[str]
) -> list[Finding]:
    """The errors of `check` on the chosen material: on its files and activities, or on its subjects."""
    files = {f.path: p for p in chosen for f in p.files}
    activities = {p.activity.path: p for p in chosen if p.activity is not None}
    subjects: dict[str, list[_Piece]] = {}
    for p in chosen:
        subjects.setdefault(p.subject, []).append(p)
    known = {f.path for f in run.scan.inventory.files}
    out: list[Finding] = []
    for f in run.result.findings:
        if f.severity != Severity.error or (f.path in fitted and f.code in FIT_CURES):
            continue
        if f.path in files:
            hit = [files[f.path]]
        elif f.activity in activities:
            hit = [activities[f.activity]]
        elif f.path not in known and _period_selected(ctx, selection, f.period):
            subject = f.task or (str(f.standard) if f.standard is not None else None)
            hit = subjects.get(subject or "", [])
        else:
            hit = []
        for piece in hit:
            piece.errors.append(f)
        if hit:
            out.append(f)
    return out


def _subject_order(run: CheckRun) -> dict[str, int]:
    ids = [str(s.number) for s in run.rubric.standards] + [
        t.id for tl in run.rubric.task_lists for t in tl.tasks
    ]
    return {s: i for i, s in enumerate(ids)}


def _folders(run: CheckRun) -> dict[str, str]:
    width = layout.number_width(s.number for s in run.rubric.standards)  # as `wenming init` names them
    out = {
        str(s.number): layout.standard_folder_name(s.number, s.short_title, width)
        for s in run.rubric.standards
    }
    out |= {t.id: layout.task_folder_name(t.id, t.title) for tl in run.rubric.task_lists for t in tl.tasks}
    return out


def _item(
    number: int, piece: _Piece, run: CheckRun, namer: Namer, folder: str, fitted: set[str], templated: bool
) -> PackItem:
    doc = None
    if piece.kind == "official_document":
        f = piece.files[0]
        doc = document_number(posixpath.basename(f.path), run.scan.pdfs.get(f.path))
    name = namer.material_name(piece.title, doc)
    sources = [
        (posixpath.basename(f.path), ".jpg" if f.path in fitted else posixpath.splitext(f.path)[1].lower())
        for f in piece.files
    ]
    where = folder
    if piece.activity is not None and not templated:
        where = posixpath.join(folder, layout.safe_folder_name(piece.activity.name))
    photos = [f for f in piece.files if f.role == "photo"]
    if piece.activity is not None:
        caption = [f for f in piece.files if f.role != "photo"]
        ordered = photos + caption
        packed = namer.files(
            where, name, [s for f, s in zip(piece.files, sources, strict=True) if f in photos]
        )
        # The caption goes beside the photos under the activity's name, for the upload form's text fields.
        packed += namer.files(where, name, [(posixpath.basename(f.path), ".txt") for f in caption])
    else:
        ordered = piece.files
        packed = namer.files(where, name, sources)
    files = tuple(
        PlannedFile(source=f.path, packed=p, source_size=f.size, source_sha256=f.sha256, fit=f.path in fitted)
        for f, p in zip(ordered, packed, strict=True)
    )
    duty = piece.duty
    return PackItem(
        number=number,
        subject=piece.subject,
        subject_title=_subject_title(run, piece.subject),
        kind=piece.kind,  # type: ignore[arg-type]
        kind_label=_kind_label(run, piece.kind),
        name=name,
        document_number=doc,
        date=piece.date,
        due=piece.due or fallback_due(context(run)),
        due_text=duty.due_text if duty else None,
        copies=len(photos) if piece.activity is not None else len(piece.files),
        departments=duty.departments if duty else (),
        persons=duty.persons if duty else (),
        files=files,
        errors=tuple(piece.errors),
    )


def _subject_title(run: CheckRun, subject: str) -> str:
    standard = next((s for s in run.rubric.standards if str(s.number) == subject), None)
    if standard is not None:
        return f"{standard.ref} {standard.short_title}"
    task = run.rubric.task(subject)
    return f"{task.id} {task.title}" if task else subject


def _kind_label(run: CheckRun, kind: str) -> str:
    declared = next((k.label for k in run.rubric.vocabularies.evidence_kinds if k.id == kind), None)
    return declared or KIND_LABELS[kind]
