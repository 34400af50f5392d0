"""Build the placement plan for a dump: wenming proposes, the clerk confirms, `--apply` copies.

Nothing here writes: the dump and the evidence folder are only read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wenming_cli import periods
from wenming_cli.evidence import layout
from wenming_cli.evidence.caption import parse_caption, parse_date
from wenming_cli.importer import dates, destination, drafting, grouping, matching
from wenming_cli.importer.existing import Known, index_evidence
from wenming_cli.importer.facts import FileFacts, gather
from wenming_cli.importer.options import DEFAULT_GAP_HOURS, DEFAULT_THRESHOLD, Options  # noqa: F401
from wenming_cli.importer.plan import ImportPlan, PlanRow
from wenming_cli.importer.sources import walk
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import Department, UnitPlan

Progress = Callable[[int, int], None]
_CAPTION_WORDS = ("说明", "简介", "介绍", "情况")
_REPORT_WORDS = ("报告", "总结", "说明", "汇报", "情况")
_ARCHIVES = {"rar", "7z", "zip"}  # a zip here is one the dump could not open (inside another zip)



@dataclass
class _Context:
    rubric: Rubric
    plan: UnitPlan | None
    options: Options
    matcher: matching.Matcher
    department: Department | None
    folder_department: dict[tuple[str, ...], Department | None] = field(default_factory=dict)
    rows: list[PlanRow] = field(default_factory=list)
    names: set[tuple[str, str, str]] = field(default_factory=set)  # (subject, kind, file name) proposed


def propose(
    src: Path,
    evidence: Path,
    rubric: Rubric,
    rubric_ref: str,
    plan: UnitPlan | None,
    options: Options,
    progress: Progress | None = None,
) -> ImportPlan:
    files, skipped = walk(src)
    department = matching.find_department(plan, [options.department]) if options.department else None
    ctx = _Context(rubric, plan, options, matching.Matcher(rubric), department)
    for s in skipped:
        _add(ctx, s.display, None, "skip", reason=s.reason)
    known = index_evidence(evidence)
    facts: list[FileFacts] = []
    for index, file in enumerate(files, start=1):
        if progress is not None:
            progress(index, len(files))
        facts.append(gather(file))
    kept = _drop_duplicates(ctx, facts, known, src.name)
    _place(ctx, kept, src.name, evidence)
    rows = sorted(ctx.rows, key=lambda r: (r.source, r.member or ""))
    return ImportPlan(
        source_root=str(src.resolve()),
        evidence_root=str(evidence.resolve()),
        rubric=rubric_ref,
        department=department.name if department else None,
        threshold=options.threshold,
        rows=tuple(r.model_copy(update={"index": i}) for i, r in enumerate(rows, start=1)),
    )


def _add(ctx: _Context, source: str, member: str | None, kind: str, **fields: object) -> None:
    ctx.rows.append(PlanRow(index=0, source=source, member=member, kind=kind, **fields))  # type: ignore[arg-type]


def _skip(ctx: _Context, f: FileFacts, reason: str) -> None:
    _add(ctx, f.file.source, f.file.member, "skip", reason=reason, sha256=f.sha256 or None)


def _drop_duplicates(ctx: _Context, facts: list[FileFacts], known: Known, src_name: str) -> list[FileFacts]:
    """Files already filed, or twice in the dump. Of two copies in the dump the larger is kept: a chat
    app's forward is the smaller, re-compressed one, and the original keeps its EXIF."""
    kept: set[int] = set()
    for f in sorted(facts, key=lambda f: (-f.file.size, f.file.display)):
        if f.error is not None:
            _skip(ctx, f, f.error)
            continue
        same = known.same(f.sha256, f.dhash, f.windows)
        if same is not None:
            where, how = same
            _skip(ctx, f, f"重复：与{where}{how}，不再导入")
            continue
        known.add(f"来源中的“{f.file.display}”", f.sha256, f.dhash, f.windows)
        kept.add(id(f))
    return [f for f in facts if id(f) in kept]


def _department_of(ctx: _Context, parts: tuple[str, ...], src_name: str) -> Department | None:
    if ctx.department is not None:
        return ctx.department
    if parts not in ctx.folder_department:
        ctx.folder_department[parts] = matching.find_department(ctx.plan, [src_name, *parts])
    return ctx.folder_department[parts]


def _folder_id(ctx: _Context, parts: tuple[str, ...]) -> str | None:
    """A folder already named by the convention (`22 学雷锋…`, `a3-3.4 …`) decides the subject."""
    for part in reversed(parts):
        subject = layout.subject_of(part)
        if subject and destination.subject_title(ctx.rubric, subject) is not None:
            return subject
    return None


def _words_of_folder(
    ctx: _Context, parts: tuple[str, ...], src_name: str, with_source: bool = True
) -> list[str]:
    """Folder names as words: without dates, storage words and the department's own name."""
    dep = _department_of(ctx, parts, src_name)
    drop = (dep.name, *dep.aliases) if dep else ()
    return [drafting.clean_title(p, drop) for p in ((src_name, *parts) if with_source else parts)]


def _place(ctx: _Context, facts: list[FileFacts], src_name: str, evidence: Path) -> None:
    by_folder: dict[tuple[str, ...], list[FileFacts]] = {}
    for f in facts:
        by_folder.setdefault(f.file.parts, []).append(f)
    photos = [f for f in facts if f.is_photo and not f.is_screenshot]
    has_photos = {f.file.parts for f in photos}
    captions = {
        f.file.parts: f
        for f in facts
        if f.content == "text"
        and f.file.parts in has_photos
        and any(w in f.file.name for w in _CAPTION_WORDS)
    }
    context_text = {
        parts: " ".join(
            _caption_words(f.text) if captions.get(parts) is f else f.text
            for f in members
            if f.content != "text" or captions.get(parts) is f
        )
        for parts, members in by_folder.items()
    }
    folders = destination.subject_folders(evidence)
    taken: set[tuple[str, str]] = set()
    groups = grouping.group_photos(photos, ctx.options.gap)
    owners = {id(_caption_owner(groups, c)): c for c in captions.values()}
    for group in groups:
        _place_group(ctx, group, src_name, context_text, owners.get(id(group)), evidence, folders, taken)
    placed_captions = {id(c) for c in captions.values()}
    for f in facts:
        if f.is_photo and not f.is_screenshot or id(f) in placed_captions and f.file.parts in has_photos:
            continue
        _place_document(ctx, f, src_name, context_text.get(f.file.parts, ""), evidence)


def _caption_words(text: str) -> str:
    """A caption's values without its keys: 主题 and 时间 would match every 主题…活动 standard."""
    return " ".join(parse_caption(text).values.values())


def _caption_owner(groups: list[grouping.PhotoGroup], caption: FileFacts) -> grouping.PhotoGroup:
    """The one activity a caption beside the photos describes: the largest of its 时间's day."""
    day = parse_date(parse_caption(caption.text).get("时间", "活动时间", "time"))
    here = [g for g in groups if g.folder == caption.file.parts]
    same_day = [g for g in here if day is not None and g.day == day]
    return max(same_day or here, key=lambda g: len(g.photos))


def _match(
    ctx: _Context, parts: tuple[str, ...], src_name: str, own: list[tuple[str, float]]
) -> matching.Match:
    fixed = _folder_id(ctx, parts)
    if fixed is not None:
        return matching.Match(fixed, 1.0, f"文件夹名带编号 {fixed}")
    dep = _department_of(ctx, parts, src_name)
    preferred = matching.department_subjects(ctx.plan, dep)
    texts = [(w, 1.0) for w in _words_of_folder(ctx, parts, src_name) if w] + own
    found = ctx.matcher.match(texts, preferred)
    if dep is not None:
        found.reason += f"（部门：{dep.name}）"
    return found


def _title(
    ctx: _Context, parts: tuple[str, ...], src_name: str, caption: FileFacts | None, subject: str
) -> str:
    # The dump's own name (各部门材料) names no activity; the folders inside it may.
    for word in reversed(_words_of_folder(ctx, parts, src_name, with_source=False)):
        if len(word) >= 2 and layout.subject_of(word) is None:
            return word
    if caption is not None:
        parsed = parse_caption(caption.text)
        found = parsed.get("主题", "活动名称", "标题")
        if found:
            return drafting.clean_title(found)
    return destination.subject_title(ctx.rubric, subject) or "待命名活动"


def _place_group(
    ctx: _Context,
    group: grouping.PhotoGroup,
    src_name: str,
    context_text: dict[tuple[str, ...], str],
    caption: FileFacts | None,
    evidence: Path,
    folders: dict[str, Path],
    taken: set[tuple[str, str]],
) -> None:
    own = [(context_text.get(group.folder, ""), 0.3)]
    if caption is not None:
        own.append((_caption_words(caption.text), 0.8))
    found = _match(ctx, group.folder, src_name, own)
    year = ctx.plan.assessment_year if ctx.plan else ctx.rubric.year
    day = group.day or next(
        (d for p in reversed(group.folder) if (d := dates.day_from_text(p, year)) is not None), None
    )
    subject = found.subject
    conflict = _month_conflict(group, day)
    title = _title(ctx, group.folder, src_name, caption, subject or "")
    activity = _activity_name(ctx, subject, day, title, evidence, folders, taken)
    rules = drafting.photo_rules(ctx.rubric, subject) if subject else None
    limit = rules.max_per_activity if rules is not None else None
    keep = grouping.choose_keep(group.photos, limit) if limit else list(group.photos)
    # Kept photos first, numbered in the order they were taken; the surplus after them.
    ordered = sorted(group.photos, key=lambda p: (p not in keep, p.captured or dt.datetime.max, p.file.name))
    start, end = periods.rubric_period(ctx.rubric, year)
    outside = day is not None and not start <= day <= end
    if outside:
        conflict = f"活动日期 {day} 不在测评期 {start}—{end} 内，不会计入；请确认是否需要"
    accept_group = (
        subject is not None and day is not None and not outside and found.confidence >= ctx.options.threshold
    )
    number = 0
    for p in ordered:
        reasons = [found.reason]
        if p.date_source:
            reasons.append(f"日期：{p.date_source}")
        elif p in group.guessed:
            reasons.append("无拍摄日期，按同一文件夹中相邻的照片归入")
        if day is None:
            reasons.append("无法确定活动日期，请在“活动文件夹”中补上日期")
        elif conflict:
            reasons.append(conflict)
        reasons += p.notes
        if rules is not None and rules.formats and p.content not in rules.formats:
            wanted = "/".join(f.upper() for f in rules.formats)
            reasons.append(
                f"{p.content.upper()} 格式，测评细则要求 {wanted}：复制后用 wenming photo fit 转换"
            )
        selected = p in keep
        if not selected:
            reasons.append(f"本次活动照片超过 {limit} 张：建议不用（已选最清晰、差别最大的 {limit} 张）")
        number += 1
        suffix = destination.PHOTO_SUFFIX.get(p.content, PurePosixPath(p.file.name).suffix.lower())
        _add(
            ctx,
            p.file.source,
            p.file.member,
            "photo",
            subject=subject,
            subject_title=destination.subject_title(ctx.rubric, subject) if subject else None,
            activity=activity,
            new_name=f"{number}{suffix}",
            captured=p.captured,
            confidence=found.confidence if subject else 0.0,
            reason="；".join(reasons),
            accept=accept_group and selected,
            surplus=not selected,
            sha256=p.sha256,
        )
    if caption is not None:
        _add(
            ctx,
            caption.file.source,
            caption.file.member,
            "caption",
            subject=subject,
            subject_title=destination.subject_title(ctx.rubric, subject) if subject else None,
            activity=activity,
            new_name="活动说明.txt",
            confidence=found.confidence if subject else 0.0,
            reason="同一文件夹中的图片说明，作为该活动的活动说明.txt（不再起草）",
            accept=accept_group,
            sha256=caption.sha256,
        )


_FOLDER_MONTH = re.compile(r"(?<!\d)([01]?\d)月")


def _month_conflict(group: grouping.PhotoGroup, day: dt.date | None) -> str | None:
    """A folder named for one month holding photos taken in another: the clerk should look."""
    if day is None or group.day is None:
        return None
    for part in reversed(group.folder):
        match = _FOLDER_MONTH.search(unicodedata.normalize("NFKC", part))
        if match and int(match.group(1)) != day.month:
            return f"文件夹名写的是{match.group(1)}月，照片拍摄于{day.month}月{day.day}日，请核对"
    return None


def _activity_name(
    ctx: _Context,
    subject: str | None,
    day: dt.date | None,
    title: str,
    evidence: Path,
    folders: dict[str, Path],
    taken: set[tuple[str, str]],
) -> str:
    base = layout.safe_folder_name(f"{day.isoformat() if day else '日期待定'} {title}")
    name, n = base, 1
    while True:
        folder = destination.subject_folder(evidence, folders, ctx.rubric, subject) if subject else None
        exists = folder is not None and (folder / name).exists()
        if (subject or "", name) not in taken and not exists:
            taken.add((subject or "", name))
            return name
        n += 1
        name = f"{base}（{n}）"


def _document_kind(f: FileFacts) -> str:
    if f.is_screenshot:
        return "screenshot"
    if f.content == "pdf":
        return "report" if any(w in f.file.name for w in _REPORT_WORDS) else "official_document"
    suffix = PurePosixPath(f.file.name).suffix.lower()
    if f.content in ("docx", "text") or (f.content == "ole" and suffix in (".doc", ".wps")):
        return "report"
    if f.content in ("jpeg", "png", "heic") and f.error is None:
        return "screenshot"
    return "other"


def _unique_name(ctx: _Context, evidence: Path, subject: str | None, kind: str, name: str) -> str:
    """Two reports of the same name for one standard, or one already filed there: number the newcomer."""
    if subject is None:
        return name
    folders = destination.subject_folders(evidence)
    base = destination.subject_folder(evidence, folders, ctx.rubric, subject)
    folder = destination.ROLE_FOLDER.get(kind)
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    candidate, n = name, 1
    while (subject, kind, candidate) in ctx.names or (
        base is not None and ((base / folder) if folder else base).joinpath(candidate).exists()
    ):
        n += 1
        candidate = f"{stem}（{n}）{suffix}"
    ctx.names.add((subject, kind, candidate))
    return candidate


def _place_document(ctx: _Context, f: FileFacts, src_name: str, context: str, evidence: Path) -> None:
    if f.content in _ARCHIVES:
        _skip(ctx, f, "rar/7z 压缩包无法直接读取：请先解压，再导入解压出的文件夹")
        return
    stem = PurePosixPath(f.file.name).stem
    found = _match(ctx, f.file.parts, src_name, [(drafting.clean_title(stem), 1.0), (f.text, 0.3)])
    kind = _document_kind(f)
    name = layout.safe_folder_name(f.file.name)
    if kind in ("report", "official_document") and layout.leading_date(name) is None:
        year = ctx.plan.assessment_year if ctx.plan else ctx.rubric.year
        day = dates.day_from_text(stem, year)
        if day is not None:
            name = f"{day.isoformat()} {name}"
    name = _unique_name(ctx, evidence, found.subject, kind, name)
    reasons = [found.reason]
    if kind == "other":
        reasons.append("不是照片、PDF 或说明报告，请确认是否需要")
    if f.content == "ole" and kind == "report":
        reasons.append("旧版 Word 格式：提交前请另存为 .docx，check 才能检查其内容")
    subject = found.subject
    _add(
        ctx,
        f.file.source,
        f.file.member,
        kind,
        subject=subject,
        subject_title=destination.subject_title(ctx.rubric, subject) if subject else None,
        new_name=name,
        confidence=found.confidence if subject else 0.0,
        reason="；".join(reasons),
        accept=subject is not None and found.confidence >= ctx.options.threshold and kind != "other",
        sha256=f.sha256,
    )
