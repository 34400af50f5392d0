"""File and folder rules: what the scan saw but could not use, turned into findings.

The scan gathers facts (content type by bytes, read errors, encodings, skipped entries); this module is
where those facts become Chinese messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from wenming_cli import material_text
from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, subject_fields, where_of
from wenming_cli.evidence.reader import UNDECODABLE
from wenming_cli.evidence.sniff import PHOTO_TYPES, extension_type, type_label
from wenming_cli.models.finding import Finding
from wenming_cli.models.inventory import EvidenceFile, SkippedEntry
from wenming_cli.textdecode import encoding_label, is_legacy

MAX_PATH = 240  # Windows' 260-character limit, less room for the reviewer's own folder
_ARCHIVES = {"zip", "rar", "7z"}
_FIT_TYPES = PHOTO_TYPES | {"pdf", "docx", "text"}


def check_files(ctx: CheckContext) -> Iterator[Finding]:
    root = ctx.scan.inventory.root
    for entry in ctx.scan.inventory.skipped:
        yield _skipped(entry)
    for f in ctx.scan.inventory.files:
        length = len(root) + 1 + len(f.path)  # the scan's relative path: normalised, one separator each
        if length > MAX_PATH:
            yield finding(
                "PATH-TOO-LONG",
                f"路径长 {length} 个字符，在 Windows 上可能无法打开或上传。",
                fix="缩短文件夹或文件名。",
                path=f.path,
                expected=f"≤ {MAX_PATH}",
                actual=str(length),
            )
        yield from _file(ctx, f)
    for activity in ctx.activities:
        if (
            activity.date_source == "caption"
            and activity.folder_date
            and activity.folder_date != activity.date
        ):
            yield finding(
                "ACTIVITY-DATE-CONFLICT",
                f"图片说明写的时间是 {activity.date}，文件夹名是 {activity.folder_date}；以图片说明为准。",
                fix="改正其中一处，使两者一致。",
                path=activity.caption_path,
                expected=str(activity.date),
                actual=str(activity.folder_date),
                activity=activity.path,
                **subject_fields(ctx.rubric, activity.subject),
            )


def _file(ctx: CheckContext, f: EvidenceFile) -> Iterator[Finding]:
    where = where_of(f, ctx.rubric)
    if f.encoding == UNDECODABLE:
        what = "图片说明" if f.role == "caption" else "说明报告"
        yield finding(
            "TEXT-UNDECODABLE",
            f"{what}无法读取：{f.read_error}",
            fix="用记事本打开，删除乱码后“另存为”UTF-8 编码。",
            **where,
        )
        return
    if f.read_error is not None:
        yield finding(
            "FILE-UNREADABLE",
            f"无法读取文件：{f.read_error}。",
            fix="检查文件权限，或重新复制该文件。",
            **where,
        )
        return
    content = f.content_type
    if content == "empty":
        yield finding("FILE-EMPTY", "文件是空的（0 字节）。", fix="重新导出或复制该文件。", **where)
        return
    if f.encoding is not None and is_legacy(f.encoding):
        what = "图片说明" if f.role == "caption" else "说明报告"
        yield finding(
            "TEXT-ENCODING",
            f"{what}是 {encoding_label(f.encoding)} 编码，已按此读取。",
            fix="建议另存为 UTF-8。",
            **where,
        )
    if f.role == "caption":
        return
    name = f.path.rsplit("/", 1)[-1]
    claimed = extension_type(name)
    if content in PHOTO_TYPES:
        if claimed is not None and claimed != content and claimed in _FIT_TYPES:
            yield finding(
                "FILE-TYPE-MISMATCH",
                f"文件扩展名是“{Path(name).suffix}”，实际是 {content.upper()} 图片。",
                fix=f"用 wenming photo fit 转换为真正的 {material_text.photo_types(ctx.rubric.material_rules)}，而不是只改扩展名。",
                expected=claimed,
                actual=content,
                **where,
            )
        return
    if claimed is not None and claimed != content:
        yield finding(
            "FILE-TYPE-MISMATCH",
            f"文件扩展名是“{Path(name).suffix}”，实际内容是{type_label(content)}。",
            fix="用正确的软件重新导出该文件。",
            expected=claimed,
            actual=content,
            **where,
        )
    if content in _ARCHIVES:
        yield finding(
            "FILE-ARCHIVE",
            "压缩包里的文件不会被检查，也无法作为佐证材料。",
            fix="解压后放入相应文件夹。",
            **where,
        )
    elif content == "unknown":
        yield finding(
            "FILE-UNKNOWN-TYPE",
            "无法识别的文件类型。",
            fix=f"确认该文件是否需要；佐证材料应为{material_text.accepted_files(ctx.rubric.material_rules)}。",
            **where,
        )


def _skipped(entry: SkippedEntry) -> Finding:
    path = entry.path
    if entry.reason == "symlink_outside":
        return finding(
            "SYMLINK-OUTSIDE", "符号链接指向证据文件夹之外，已跳过。", fix="把文件本身复制进来。", path=path
        )
    if entry.reason == "symlink_loop":
        message = (
            "文件夹被重复链接（循环），已跳过。"
            if entry.detail == "folder"
            else "符号链接指向已检查过的文件夹（循环），已跳过。"
        )
        return finding("SYMLINK-LOOP", message, path=path)
    if entry.reason == "folder_unnamed":
        return finding(
            "FOLDER-UNNAMED",
            "文件夹名没有以测评标准编号（如“22 学雷锋志愿服务”）或任务编号（如“a3-3.4 垃圾分类”）开头，其中的文件不会计入。",
            fix="按“编号 简称”重命名文件夹。",
            path=path,
        )
    if entry.reason == "outside_standard":
        return finding(
            "FILE-OUTSIDE-STANDARD",
            "文件直接放在证据文件夹的最上层，不属于任何测评标准或任务。",
            fix="移到相应的测评标准或任务文件夹中。",
            path=path,
        )
    if entry.reason == "unmatched":
        folder = path.rsplit("/", 1)[-1]
        return finding(
            "FOLDER-UNMATCHED",
            f"文件夹“{folder}”的编号 {entry.subject} 在测评细则中不存在，其中的材料不会计入。",
            fix="核对编号后重命名文件夹（wenming init 可生成正确的文件夹）。",
            path=path,
        )
    return finding("FILE-UNREADABLE", f"无法读取：{entry.detail or '未知原因'}。", path=path)
