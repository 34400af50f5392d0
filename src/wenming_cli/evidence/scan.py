"""Walk an evidence folder once and read each file once: the only reader of evidence files.

Header-level facts (type by content, size, dimensions, EXIF, truncated tail, hash) are gathered here;
memory holds one file's bytes at a time plus small per-file records.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenming_cli.checks.codes import finding
from wenming_cli.evidence import layout
from wenming_cli.evidence.caption import CAPTION_NAMES, parse_caption, parse_date, split_ids
from wenming_cli.evidence.photo import header_info
from wenming_cli.evidence.sniff import PHOTO_TYPES, VIDEO_TYPES, extension_type, sniff
from wenming_cli.models.finding import Finding
from wenming_cli.models.inventory import Activity, EvidenceFile, Inventory, SubjectFolder
from wenming_cli.textdecode import UndecodableText, decode_text, encoding_label, is_legacy

MAX_PATH = 240
_SKIP_NAMES = {layout.UNIT_PLAN_NAME, layout.REQUIREMENTS_NAME, "Thumbs.db", ".DS_Store", "desktop.ini"}
_ARCHIVES = {"zip", "rar", "7z"}
_REPORT_TYPES = {"docx", "text", "ole"}

Progress = Callable[[int, int], None]


@dataclass
class ScanOutput:
    inventory: Inventory
    findings: list[Finding]
    pdfs: dict[str, Any] = field(default_factory=dict)  # path → PdfAnalysis
    reports: dict[str, Any] = field(default_factory=dict)  # path → ReportText


@dataclass
class _Place:
    """Where a file lies in the convention."""

    subject: str | None = None
    role: str | None = None  # role folder, or "activity"
    activity: str | None = None


@dataclass
class _ActivityDraft:
    path: str
    subject: str
    name: str
    photos: list[str] = field(default_factory=list)
    caption_path: str | None = None
    caption_text: str | None = None
    caption_unreadable: bool = False


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def scan(
    root: Path,
    subjects: Mapping[str, str],
    *,
    render_pdfs: bool = True,
    volunteer_subjects: set[str] = frozenset(),  # type: ignore[assignment]
    progress: Progress | None = None,
) -> ScanOutput:
    """Inventory an evidence folder; `subjects` maps the rubric's standard and task ids to their kind."""
    root = root.resolve()
    findings: list[Finding] = []
    entries = list(_walk(root, findings, tuple(subjects)))
    files: list[EvidenceFile] = []
    folders: dict[str, SubjectFolder] = {}
    drafts: dict[str, _ActivityDraft] = {}
    out = ScanOutput(Inventory(root=str(root)), findings)

    for index, (path, place) in enumerate(entries, start=1):
        relpath = rel(root, path)
        if progress is not None:
            progress(index, len(entries))
        if len(str(path)) > MAX_PATH:
            findings.append(
                finding(
                    "PATH-TOO-LONG",
                    f"路径长 {len(str(path))} 个字符，在 Windows 上可能无法打开或上传。",
                    fix="缩短文件夹或文件名。",
                    path=relpath,
                    expected=f"≤ {MAX_PATH}",
                    actual=str(len(str(path))),
                )
            )
        if place.subject is not None and place.subject not in subjects:
            continue  # reported once for its folder
        if place.subject is not None and place.subject not in folders:
            top = relpath.split("/")
            depth = next(
                i for i, part in enumerate(top) if layout.subject_of(part, subjects) == place.subject
            )
            folders[place.subject] = SubjectFolder(
                path="/".join(top[: depth + 1]),
                subject=place.subject,
                **_subject_kw(place.subject, subjects),
            )
        record = _read_file(root, path, relpath, place, findings, out, render_pdfs, subjects)
        if record is None:
            continue
        files.append(record)
        if place.role == "activity" and place.activity is not None:
            draft = drafts.setdefault(
                place.activity,
                _ActivityDraft(place.activity, place.subject or "", place.activity.rsplit("/", 1)[-1]),
            )
            if record.role == "photo":
                draft.photos.append(relpath)
            elif record.role == "caption":
                draft.caption_path = relpath
                draft.caption_text = out.reports.pop(relpath, None)
                draft.caption_unreadable = record.read_error is not None
    activities = tuple(
        _finish_activity(d, volunteer_subjects, findings, subjects) for d in drafts.values()
    )
    out.inventory = Inventory(
        root=str(root),
        folders=tuple(sorted(folders.values(), key=lambda f: f.path)),
        activities=activities,
        files=tuple(files),
        bonus_files=_bonus_files(root),
    )
    for subject_dir in _unmatched(root, entries, subjects):
        findings.append(subject_dir)
    return out


def _read_file(
    root: Path,
    path: Path,
    relpath: str,
    place: _Place,
    findings: list[Finding],
    out: ScanOutput,
    render_pdfs: bool,
    subjects: Mapping[str, str],
) -> EvidenceFile | None:
    subject_kw = _subject_kw(place.subject, subjects)
    where: dict[str, Any] = {"path": relpath, "activity": place.activity, **subject_kw}
    try:
        data = path.read_bytes()
    except OSError as exc:
        findings.append(
            finding(
                "FILE-UNREADABLE",
                f"无法读取文件：{exc.strerror or exc}。",
                fix="检查文件权限，或重新复制该文件。",
                **where,
            )
        )
        return None
    name = path.name
    content = sniff(data[:64], name)
    base = {
        "path": relpath,
        "size": len(data),
        "content_type": content,
        "subject": place.subject,
        "activity": place.activity,
    }
    if content == "empty":
        findings.append(
            finding("FILE-EMPTY", "文件是空的（0 字节）。", fix="重新导出或复制该文件。", **where)
        )
        return EvidenceFile(role="other", **base)
    base["sha256"] = hashlib.sha256(data).hexdigest()
    claimed = extension_type(name)

    if name in CAPTION_NAMES and place.role == "activity":
        try:
            text, encoding = decode_text(data)
        except UndecodableText as exc:
            findings.append(
                finding(
                    "TEXT-UNDECODABLE",
                    f"图片说明无法读取：{exc.message}",
                    fix="用记事本打开，删除乱码后“另存为”UTF-8 编码。",
                    **where,
                )
            )
            return EvidenceFile(role="caption", read_error=exc.message, **base)
        if is_legacy(encoding):
            findings.append(
                finding(
                    "TEXT-ENCODING",
                    f"图片说明是 {encoding_label(encoding)} 编码，已按此读取。",
                    fix="建议另存为 UTF-8。",
                    **where,
                )
            )
        out.reports[relpath] = text
        return EvidenceFile(role="caption", **base)

    if content in PHOTO_TYPES:
        if claimed is not None and claimed != content and claimed in PHOTO_TYPES | {"pdf", "docx", "text"}:
            findings.append(
                finding(
                    "FILE-TYPE-MISMATCH",
                    f"文件扩展名是“{Path(name).suffix}”，实际是 {content.upper()} 图片。",
                    fix="用 wenming photo fit 转换为真正的 JPG，而不是只改扩展名。",
                    expected=claimed,
                    actual=content,
                    **where,
                )
            )
        info = header_info(data, content)
        role = "screenshot" if place.role == "screenshot" else "photo"
        if place.role in ("official_document", "report"):
            role = place.role  # a scanned page saved as an image is still a document
        return EvidenceFile(role=role, photo=info, **base)

    if claimed is not None and claimed != content and not (claimed == "text" and content == "text"):
        findings.append(
            finding(
                "FILE-TYPE-MISMATCH",
                f"文件扩展名是“{Path(name).suffix}”，实际内容是 {content}。",
                fix="用正确的软件重新导出该文件。",
                expected=claimed,
                actual=content,
                **where,
            )
        )
    date = layout.leading_date(name)
    if content == "pdf":
        from wenming_cli.checks.pdfdoc import analyse_pdf

        out.pdfs[relpath] = analyse_pdf(data, render=render_pdfs)
        role = place.role if place.role in ("report", "screenshot") else "official_document"
        return EvidenceFile(role=role, date=date, **base)
    if content in _REPORT_TYPES and place.role != "activity":
        from wenming_cli.checks.reporttext import extract_report_text

        report = extract_report_text(name, data)
        if report.encoding is not None and is_legacy(report.encoding):
            findings.append(
                finding(
                    "TEXT-ENCODING",
                    f"说明报告是 {encoding_label(report.encoding)} 编码，已按此读取。",
                    fix="建议另存为 UTF-8。",
                    **where,
                )
            )
        out.reports[relpath] = report
        return EvidenceFile(role="report", date=date, **base)
    if content in VIDEO_TYPES:
        return EvidenceFile(role="video", date=date, **base)
    if content in _ARCHIVES:
        findings.append(
            finding(
                "FILE-ARCHIVE",
                "压缩包里的文件不会被检查，也无法作为佐证材料。",
                fix="解压后放入相应文件夹。",
                **where,
            )
        )
    elif content == "unknown":
        findings.append(
            finding(
                "FILE-UNKNOWN-TYPE",
                "无法识别的文件类型。",
                fix="确认该文件是否需要；佐证材料应为 JPG、PDF 或说明报告。",
                **where,
            )
        )
    return EvidenceFile(role="other", date=date, **base)


def _subject_kw(subject: str | None, subjects: Mapping[str, str]) -> dict[str, Any]:
    if subject is None:
        return {}
    return {subjects.get(subject, "standard"): subject}


def _finish_activity(
    draft: _ActivityDraft,
    volunteer_subjects: set[str],
    findings: list[Finding],
    subjects: Mapping[str, str],
) -> Activity:
    caption = parse_caption(draft.caption_text) if draft.caption_text is not None else None
    values = caption.values if caption else {}
    caption_date = parse_date(caption.get("时间", "time", "活动时间")) if caption else None
    folder_date = layout.leading_date(draft.name)
    kw = {"activity": draft.path, **_subject_kw(draft.subject, subjects)}
    if caption_date and folder_date and caption_date != folder_date:
        findings.append(
            finding(
                "ACTIVITY-DATE-CONFLICT",
                f"图片说明写的时间是 {caption_date}，文件夹名是 {folder_date}；以图片说明为准。",
                fix="改正其中一处，使两者一致。",
                path=draft.caption_path,
                expected=str(caption_date),
                actual=str(folder_date),
                **kw,
            )
        )
    date = caption_date or folder_date
    kind = (caption.control("type") or "") if caption else ""
    media = (caption.control("media") or "").strip() in ("是", "有", "yes", "true") if caption else False
    return Activity(
        path=draft.path,
        subject=draft.subject,
        name=draft.name,
        date=date,
        date_source="caption" if caption_date else "folder" if folder_date else "none",
        caption_path=draft.caption_path,
        caption=values,
        photos=tuple(sorted(draft.photos)),
        clauses=tuple(split_ids(caption.control("clauses"))) if caption else (),
        also=tuple(split_ids(caption.control("also"))) if caption else (),
        volunteer="志愿" in kind or draft.subject in volunteer_subjects,
        media=media,
        caption_unreadable=draft.caption_unreadable,
    )


# -- walking ------------------------------------------------------------------------------------


def _walk(root: Path, findings: list[Finding], ids: tuple[str, ...]) -> Iterator[tuple[Path, _Place]]:
    """Files in a stable order with their place; symbolic links followed only inside the root."""
    visited = {os.path.realpath(root)}
    yield from _walk_dir(root, root, _Place(), 0, visited, findings, ids)


def _walk_dir(
    root: Path,
    folder: Path,
    place: _Place,
    level: int,
    visited: set[str],
    findings: list[Finding],
    ids: tuple[str, ...],
) -> Iterator[tuple[Path, _Place]]:
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        findings.append(
            finding(
                "FILE-UNREADABLE", f"无法打开文件夹：{exc.strerror or exc}。", path=rel(root, folder) or "."
            )
        )
        return
    for entry in children:
        path = Path(entry.path)
        relpath = rel(root, path)
        try:
            if entry.is_symlink():
                target = os.path.realpath(path)
                inside = target == str(root) or target.startswith(str(root) + os.sep)
                if not inside:
                    findings.append(
                        finding(
                            "SYMLINK-OUTSIDE",
                            "符号链接指向证据文件夹之外，已跳过。",
                            fix="把文件本身复制进来。",
                            path=relpath,
                        )
                    )
                    continue
                if os.path.isdir(target) and target in visited:
                    findings.append(
                        finding(
                            "SYMLINK-LOOP", "符号链接指向已检查过的文件夹（循环），已跳过。", path=relpath
                        )
                    )
                    continue
            is_dir = entry.is_dir()
        except OSError as exc:
            findings.append(finding("FILE-UNREADABLE", f"无法读取：{exc.strerror or exc}。", path=relpath))
            continue
        if is_dir:
            real = os.path.realpath(path)
            if real in visited:
                findings.append(finding("SYMLINK-LOOP", "文件夹被重复链接（循环），已跳过。", path=relpath))
                continue
            visited.add(real)
            child = _child_place(place, entry.name, relpath, level, ids)
            if child is None:
                continue
            if child == "unnamed":
                findings.append(
                    finding(
                        "FOLDER-UNNAMED",
                        "文件夹名没有以测评标准编号（如“22 学雷锋志愿服务”）或任务编号（如“a3-3.4 垃圾分类”）开头，其中的文件不会计入。",
                        fix="按“编号 简称”重命名文件夹。",
                        path=relpath,
                    )
                )
                continue
            yield from _walk_dir(root, path, child, level + 1, visited, findings, ids)
        elif entry.name in _SKIP_NAMES and (level == 0 or entry.name != layout.UNIT_PLAN_NAME):
            continue
        else:
            if place.subject is None and level == 0:
                findings.append(
                    finding(
                        "FILE-OUTSIDE-STANDARD",
                        "文件直接放在证据文件夹的最上层，不属于任何测评标准或任务。",
                        fix="移到相应的测评标准或任务文件夹中。",
                        path=relpath,
                    )
                )
                continue
            yield path, place


def _bonus_files(root: Path) -> tuple[str, ...]:
    """Names of the honour and promotion proofs in 加分/ (regular files only; not read: scoring matches
    them against the unit plan's honours by name)."""
    base = root / layout.BONUS_FOLDER
    if not base.is_dir() or base.is_symlink():
        return ()
    found = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(rel(root, path))
    return tuple(sorted(found))


def _child_place(
    place: _Place, name: str, relpath: str, level: int, ids: tuple[str, ...]
) -> _Place | str | None:
    if place.subject is None:
        if name == layout.BONUS_FOLDER:
            return None  # honour and promotion proofs: read by scoring from the unit plan
        if layout.category_folder(name):
            return _Place()
        subject = layout.subject_of(name, ids)
        return _Place(subject=subject) if subject else "unnamed"
    if place.role is None:
        role = layout.ROLE_FOLDERS.get(layout.normalize(name))
        if role is not None:
            return _Place(place.subject, role)
        return _Place(place.subject, "activity", relpath)
    return place  # deeper folders belong to their activity or role folder


def _unmatched(
    root: Path, entries: list[tuple[Path, _Place]], subjects: Mapping[str, str]
) -> Iterator[Finding]:
    reported: set[str] = set()
    for path, place in entries:
        if place.subject is None or place.subject in subjects or place.subject in reported:
            continue
        reported.add(place.subject)
        parts = rel(root, path).split("/")
        folder = next((p for p in parts if layout.subject_of(p, subjects) == place.subject), parts[0])
        yield finding(
            "FOLDER-UNMATCHED",
            f"文件夹“{folder}”的编号 {place.subject} 在测评细则中不存在，其中的材料不会计入。",
            fix="核对编号后重命名文件夹（wenming init 可生成正确的文件夹）。",
            path="/".join(parts[: parts.index(folder) + 1]),
        )
