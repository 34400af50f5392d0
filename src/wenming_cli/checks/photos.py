"""Photo rules: format, size window, count per activity, decoding, EXIF dates, duplicates, edits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from wenming_cli import sizes
from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, activity_where, where_of
from wenming_cli.checks.hashindex import HashIndex, near_pairs
from wenming_cli.models.finding import Finding
from wenming_cli.models.inventory import Activity, EvidenceFile
from wenming_cli.models.vocab import format_label

FIT_HINT = "用 wenming photo fit 批量转换：wenming photo fit 原图文件夹 -o 输出文件夹 --rubric {rubric}"
NEAR_DUPLICATE_BITS = 7  # measured (benchmarks/near_duplicates.py): copies ≤ 6 bits, distinct shots ≥ 12
SAME_EVENT_MINUTES = 10


def check_photo_files(ctx: CheckContext) -> Iterator[Finding]:
    hint = FIT_HINT.format(rubric=ctx.rubric.id)
    for f in ctx.scan.inventory.files:
        if f.photo is None or f.role not in ("photo", "screenshot"):
            continue
        info = f.photo
        where = where_of(f, ctx.rubric)
        if f.role == "photo" and f.activity is None:
            yield finding(
                "PHOTO-OUTSIDE-ACTIVITY",
                "照片直接放在测评标准文件夹中，没有放进活动文件夹，不计入。",
                fix="为该活动建一个“日期 活动名称”文件夹，放入照片和活动说明.txt。",
                **where,
            )
        if info.decode_error and not info.decoded:
            code = "PHOTO-TOO-LARGE-PIXELS" if "像素" in info.decode_error else "PHOTO-CORRUPT"
            yield finding(code, info.decode_error + "。", fix="重新从手机或相机导出该照片。", **where)
        elif info.truncated:
            yield finding(
                "PHOTO-TRUNCATED",
                "照片文件不完整（缺少 JPEG 结束标记），可能传输中断。",
                fix="重新复制或导出原图。",
                **where,
            )
        if info.decoded and info.decode_error:
            code = "PHOTO-TOO-LARGE-PIXELS" if "像素" in info.decode_error else "PHOTO-CORRUPT"
            yield finding(code, info.decode_error + "。", fix="重新从手机或相机导出该照片。", **where)
        if f.role != "photo":
            continue
        rules = ctx.rules_for(f.subject or "").photo
        # Every rubric gets the EXIF date checks (SPEC §1); a missing date is worth a word only where
        # the rubric has photo rules at all.
        yield from _exif(ctx, f, where, report_missing=rules is not None)
        if rules is None:
            continue
        if rules.formats and info.format not in rules.formats:
            yield finding(
                "PHOTO-FORMAT",
                f"照片实际格式是 {format_label(info.format)}，测评细则要求 {'/'.join(map(format_label, rules.formats))}。",
                fix=hint,
                expected="/".join(map(format_label, rules.formats)),
                actual=info.format,
                **where,
            )
        if rules.size is not None:
            yield from _size(f, rules.size, hint, where)
        if rules.edits_forbidden and info.software:
            editors = [e for e in rules.editor_names if e.lower() in info.software.lower()]
            if editors:
                yield finding(
                    "PHOTO-EDITED",
                    f"照片经过“{info.software}”处理，测评细则不允许编辑照片。",
                    fix="提交未经编辑的原图。",
                    actual=info.software,
                    **where,
                )


def _size(f: EvidenceFile, window, hint: str, where: dict[str, object]) -> Iterator[Finding]:
    verdict = sizes.judge(f.size, window)
    if verdict.ok_everywhere:
        return
    expected = sizes.describe(window)
    if verdict.fails_everywhere:
        yield finding(
            "PHOTO-SIZE",
            f"照片大小 {sizes.human(f.size)}，要求{expected}。",
            fix=hint,
            expected=expected,
            actual=str(f.size),
            **where,
        )
    else:
        passes = "、".join(sizes.reading_label(window, r) for r, ok in verdict.by_reading.items() if ok)
        fails = "、".join(sizes.reading_label(window, r) for r, ok in verdict.by_reading.items() if not ok)
        yield finding(
            "PHOTO-SIZE-AMBIGUOUS",
            f"照片大小 {sizes.human(f.size)}：{passes}合格，{fails}不合格；上传系统按哪种计算未知。",
            fix=hint + "（photo fit 会让照片在两种理解下都合格）",
            expected=expected,
            actual=str(f.size),
            **where,
        )


def _exif(
    ctx: CheckContext, f: EvidenceFile, where: dict[str, object], *, report_missing: bool
) -> Iterator[Finding]:
    info = f.photo
    assert info is not None
    if info.captured is None:
        if not report_missing:
            return
        yield finding(
            "PHOTO-EXIF-MISSING",
            "照片没有拍摄时间（EXIF），审核时无法核对活动日期；以图片说明的时间为准。",
            fix="尽量提交手机或相机导出的原图（微信等聊天软件会去掉拍摄信息）。",
            **where,
        )
        return
    taken = info.captured.date()
    start, end = ctx.period_for(f.subject)
    if not start <= taken <= end:
        yield finding(
            "PHOTO-EXIF-PERIOD",
            f"拍摄时间 {info.captured:%Y-%m-%d} 不在测评期 {start}—{end} 内。",
            fix="确认是否误用了往年的照片。",
            expected=f"{start}—{end}",
            actual=str(taken),
            **where,
        )
    elif ctx.activity_deadline is not None and taken > ctx.activity_deadline:
        yield finding(
            "PHOTO-EXIF-LATE",
            f"拍摄时间 {taken} 晚于活动截止日期 {ctx.activity_deadline}。",
            fix="确认活动日期；所有活动须在截止日期前完成。",
            expected=f"≤ {ctx.activity_deadline}",
            actual=str(taken),
            **where,
        )
    activity = _activity_of(ctx, f)
    if activity is not None and activity.date is not None and abs((taken - activity.date).days) > 1:
        yield finding(
            "PHOTO-EXIF-MISMATCH",
            f"拍摄时间 {taken} 与活动日期 {activity.date} 相差 {abs((taken - activity.date).days)} 天。",
            fix="核对活动日期，或换用该次活动拍摄的照片。",
            expected=str(activity.date),
            actual=str(taken),
            **where,
        )


def _activity_of(ctx: CheckContext, f: EvidenceFile) -> Activity | None:
    if f.activity is None:
        return None
    return ctx.activities_by_path.get(f.activity)


def check_photo_counts(ctx: CheckContext) -> Iterator[Finding]:
    for activity in ctx.activities:
        rules = ctx.rules_for(activity.subject).photo
        n = len(activity.photos)
        kw = {"activity": activity.path, "path": activity.path, **activity_where(ctx.rubric, activity)}
        if n == 0:
            yield finding(
                "ACTIVITY-NO-PHOTOS",
                "活动文件夹里没有照片。",
                fix="放入 1 张以上能反映活动主题的现场照片。",
                **kw,
            )
            continue
        if rules is None:
            continue
        low, high = rules.min_per_activity, rules.max_per_activity
        if (low is not None and n < low) or (high is not None and n > high):
            span = f"{low or 0}—{high}" if high is not None else f"至少 {low}"
            yield finding(
                "PHOTO-COUNT",
                f"一次活动有 {n} 张照片，要求 {span} 张。",
                fix="选取最能反映活动主题的照片，其中一张能看清背景的正面照。"
                if high is not None and n > high
                else "补充活动照片。",
                expected=span,
                actual=str(n),
                **kw,
            )


def _content_key(f: EvidenceFile) -> str | None:
    """Whole-file hash (full pass), else the size + head + tail fingerprint (quick pass). None only
    where no other file has the same size (the scan hashes no edges then): no copy of anything."""
    return f.sha256 or f.fingerprint


def _same_content(a: EvidenceFile, b: EvidenceFile) -> bool:
    key = _content_key(a)
    return key is not None and key == _content_key(b)


def check_duplicates(ctx: CheckContext) -> Iterator[Finding]:
    """Exact copies by hash, near copies by perceptual hash, and one event split across activities.

    Every copy after the first is reported against the first (by path), however many copies there are.
    """
    photos = [f for f in ctx.scan.inventory.files if f.role == "photo" and f.activity is not None]
    by_activity = {a.path: a for a in ctx.activities}
    by_hash: dict[str, list[EvidenceFile]] = defaultdict(list)
    for f in photos:
        key = _content_key(f)
        if key:
            by_hash[key].append(f)
    for group in by_hash.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda f: f.path)
        first = group[0]
        for f in group[1:]:
            if f.activity == first.activity:
                yield finding(
                    "PHOTO-DUPLICATE",
                    f"与同一活动中的“{first.path}”是同一张照片，重复放了两次。",
                    fix="删去重复的一张，换一张本次活动的其他照片。",
                    **where_of(f, ctx.rubric),
                )
                continue
            same = _same_event(by_activity[first.activity], by_activity[f.activity])  # type: ignore[index]
            code = "PHOTO-FILED-TWICE" if same else "PHOTO-DUPLICATE"
            message = (
                f"与“{first.path}”是同一张照片，两次活动的时间和主题相同，应是同一活动放了两处。"
                if same
                else f"与“{first.path}”是同一张照片，却用于不同的活动。"
            )
            fix = (
                "保留一处，并在活动说明中用“同时用于：编号”说明。" if same else "每次活动提交本次活动的照片。"
            )
            yield finding(code, message, fix=fix, **where_of(f, ctx.rubric))
    if not ctx.quick:
        yield from _near_duplicates(ctx, photos)
    yield from _same_camera(ctx, photos, by_activity)


def _same_event(a: Activity, b: Activity) -> bool:
    theme_a = a.caption.get("主题") or a.caption.get("theme")
    theme_b = b.caption.get("主题") or b.caption.get("theme")
    return a.date is not None and a.date == b.date and bool(theme_a) and theme_a == theme_b


def near_duplicate_pairs(hashes: list[int], radius: int) -> list[tuple[int, int, int]]:
    """(first, other, distance) for every pair within `radius` bits, first < other: the index's answer."""
    index = HashIndex(radius)
    pairs = []
    for j, value in enumerate(hashes):
        pairs += [(i, j, d) for i, d in index.near(value)]
        index.add(value)
    return pairs


def _near_duplicates(ctx: CheckContext, photos: list[EvidenceFile]) -> Iterator[Finding]:
    """Each photo is reported once, against the first photo of another activity it resembles."""
    hashed = [f for f in photos if f.photo and f.photo.dhash]
    values = [
        (int(f.photo.dhash, 16), tuple(int(w, 16) for w in f.photo.crop_hashes))  # type: ignore[union-attr,arg-type]
        for f in hashed
    ]
    close: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (i, j), distance in near_pairs(values, NEAR_DUPLICATE_BITS).items():
        close[j].append((i, distance))
    for j, b in enumerate(hashed):
        for i, distance in sorted(close.get(j, ())):
            a = hashed[i]
            if a.activity == b.activity or _same_content(a, b):
                continue
            yield finding(
                "PHOTO-NEAR-DUPLICATE",
                f"与“{a.path}”几乎相同（差异 {distance}/64），却用于不同的活动。",
                fix="确认是否把同一场景的照片用在了两次活动中。",
                actual=str(distance),
                **where_of(b, ctx.rubric),
            )
            break


def _same_camera(
    ctx: CheckContext, photos: list[EvidenceFile], by_activity: dict[str, Activity]
) -> Iterator[Finding]:
    stamped = sorted(
        (f for f in photos if f.photo and f.photo.captured and (f.photo.make or f.photo.model)),
        key=lambda f: f.photo.captured,  # type: ignore[union-attr,return-value]
    )
    reported: set[tuple[str, str]] = set()
    window = dt.timedelta(minutes=SAME_EVENT_MINUTES)
    shots = [(f.photo.captured, (f.photo.make, f.photo.model), f) for f in stamped]  # type: ignore[union-attr]
    for i, (taken_a, camera_a, a) in enumerate(shots):
        for j in range(i + 1, len(shots)):
            taken_b, camera_b, b = shots[j]
            gap = taken_b - taken_a
            if gap > window:
                break
            if a.activity == b.activity or camera_a != camera_b or _same_content(a, b):
                continue
            pair = tuple(sorted((a.activity or "", b.activity or "")))
            if pair in reported:
                continue
            if _same_event(by_activity[a.activity], by_activity[b.activity]):  # type: ignore[index]
                continue
            reported.add(pair)  # type: ignore[arg-type]
            minutes = int(gap.total_seconds() // 60)
            yield finding(
                "PHOTO-SAME-EVENT",
                f"与“{a.path}”由同一相机在 {minutes} 分钟内拍摄，可能为同一活动。",
                fix="同一次活动不能拆成两次提交；如确为两次活动请忽略。",
                **where_of(b, ctx.rubric),
            )


__all__ = ["check_photo_files", "check_photo_counts", "check_duplicates", "near_duplicate_pairs"]
