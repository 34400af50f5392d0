"""Caption and activity rules: required fields, title format, dates, media screenshots, references."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator

from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, activity_where, id_examples
from wenming_cli.evidence.caption import PLACEHOLDER
from wenming_cli.models.finding import Finding
from wenming_cli.models.inventory import Activity
from wenming_cli.models.rubric import MaterialRules, Rubric
from wenming_cli.rubric.semantic import subject_exists


def _kw(rubric: Rubric, activity: Activity, path: str | None = None) -> dict[str, object]:
    return {
        "activity": activity.path,
        "path": path or activity.caption_path or activity.path,
        **activity_where(rubric, activity),
    }


def check_activities(ctx: CheckContext) -> Iterator[Finding]:
    screenshots = {f.subject for f in ctx.scan.inventory.files if f.role == "screenshot"}
    for activity in ctx.activities:
        rules = ctx.rules_for(activity.subject)
        if activity.caption_path is None:
            yield finding(
                "CAPTION-MISSING",
                "活动没有图片说明（活动说明.txt）。",
                fix="在活动文件夹中新建“活动说明.txt”，逐行写“" + _field_lines(rules) + "”。",
                **_kw(ctx.rubric, activity),
            )
        elif rules.photo is not None and not activity.caption_unreadable:
            yield from _fields(ctx, activity)
        if activity.date is None:
            start = ctx.period_for(activity.subject)[0]
            yield finding(
                "ACTIVITY-DATE-MISSING",
                "活动没有日期：图片说明里没有“时间”，文件夹名也不以日期开头。",
                fix=f"在活动说明.txt 中写“时间：{start.year}年{start.month}月{start.day}日”这样的日期，"
                f"或把文件夹命名为“{start.isoformat()} 活动名称”。",
                **_kw(ctx.rubric, activity),
            )
        elif not (period := ctx.period_for(activity.subject))[0] <= activity.date <= period[1]:
            start, end = period
            yield finding(
                "ACTIVITY-OUTSIDE-PERIOD",
                f"活动日期 {activity.date} 不在测评期 {start}—{end} 内，不计入。",
                fix=f"核对日期；{ctx.rubric.period_word}以外的活动不能作为本次材料。",
                expected=f"{start}—{end}",
                actual=str(activity.date),
                **_kw(ctx.rubric, activity),
            )
        else:
            yield from _late(ctx, activity)
        if activity.media and rules.media_screenshot_required and activity.subject not in screenshots:
            yield finding(
                "MEDIA-SCREENSHOT-MISSING",
                "图片说明写了有媒体报道，但本标准的“媒体报道”文件夹中没有截图。",
                fix="提供样报截图、视频截图或网页截图，相关内容用红框标注。",
                **_kw(ctx.rubric, activity),
            )
        for ref in (*activity.clauses, *activity.also):
            if not subject_exists(ctx.rubric, ref):
                yield finding(
                    "CAPTION-UNKNOWN-SUBJECT",
                    f"图片说明引用了不存在的编号“{ref}”。",
                    fix=f"写{id_examples(ctx.rubric)}。",
                    field=ref,
                    **_kw(ctx.rubric, activity),
                )
        yield from _foreign_clauses(ctx, activity)


def _field_lines(rules: MaterialRules) -> str:
    """“时间：… 地点：…”: the rubric's caption fields, else the two every activity needs."""
    labels = [f.label for f in rules.photo.caption_fields if not f.volunteer_only] if rules.photo else []
    return " ".join(f"{label}：…" for label in (labels or ["时间", "主题"]))


def _foreign_clauses(ctx: CheckContext, activity: Activity) -> Iterator[Finding]:
    """`条款：` names clauses of the activity's own standard; another standard's clause counts nowhere."""
    standard = ctx.rubric.standard(activity.subject)
    for ref in activity.clauses:
        owner = ctx.rubric.standard_of_clause(ref)
        if owner is None or (standard is not None and owner.number == standard.number) or ref == activity.subject:
            continue
        here = standard.ref if standard is not None else f"任务 {activity.subject}"
        yield finding(
            "CAPTION-CLAUSE-FOREIGN",
            f"图片说明的“条款：{ref}”属于{owner.ref}，不属于本文件夹（{here}），该活动不计入{ref}。",
            fix=f"把活动移到{owner.ref}的文件夹，或改用“同时用于：{ref}”。",
            expected=here,
            actual=ref,
            field=ref,
            **_kw(ctx.rubric, activity),
        )


def _late(ctx: CheckContext, activity: Activity) -> Iterator[Finding]:
    """After its own standard's or task's deadline: an error; after the check or assessment date: a
    warning naming both dates. Either way the activity counts nowhere (see coverage)."""
    assert activity.date is not None
    due = ctx.subject_due(activity.subject, activity.clauses)
    if activity.date > due:
        yield finding(
            "ACTIVITY-LATE",
            f"活动日期 {activity.date} 晚于截止日期 {due}，不计入任何测评标准或任务（含“同时用于”）。",
            fix="所有活动须在截止日期前完成；核对日期是否写错。",
            expected=f"≤ {due}",
            actual=str(activity.date),
            **_kw(ctx.rubric, activity),
        )
    for label, day in _reference_days(ctx):
        if activity.date > day:
            yield finding(
                "ACTIVITY-AFTER-CHECK",
                f"活动日期 {activity.date} 晚于{label} {day}"
                + ("，暂不计入。" if day == ctx.as_of else "。"),
                fix=f"核对活动日期；如果{label}有误，用 --as-of 或单位方案的 assessment_date 改正。",
                expected=f"≤ {day}",
                actual=str(activity.date),
                field=label,
                **_kw(ctx.rubric, activity),
            )


def _reference_days(ctx: CheckContext) -> list[tuple[str, dt.date]]:
    days = [("检查日期", ctx.as_of)]
    if (
        ctx.plan is not None
        and ctx.plan.assessment_date is not None
        and ctx.plan.assessment_date != ctx.as_of
    ):
        days.append(("测评日期", ctx.plan.assessment_date))
    return days


def _fields(ctx: CheckContext, activity: Activity) -> Iterator[Finding]:
    rules = ctx.rules_for(activity.subject).photo
    assert rules is not None
    values = {unicodedata.normalize("NFKC", k): v for k, v in activity.caption.items()}
    missing = []
    for spec in rules.caption_fields:
        if spec.volunteer_only and not activity.volunteer:
            continue
        value = next((values.get(k) for k in (spec.label, *spec.aliases, spec.id) if values.get(k)), None)
        if not value or not value.strip() or value.strip() == PLACEHOLDER:
            missing.append(spec.label)
    if missing:
        yield finding(
            "CAPTION-FIELD",
            f"图片说明缺少：{'、'.join(missing)}。",
            fix="在活动说明.txt 中补上这些要素，每项一行，如“地点：…”。",
            expected="、".join(
                spec.label for spec in rules.caption_fields if activity.volunteer or not spec.volunteer_only
            ),
            actual="缺少 " + "、".join(missing),
            **_kw(ctx.rubric, activity),
        )
    title_format = rules.title_format
    theme = values.get("主题") or values.get("theme") or values.get("标题") or values.get("活动名称")
    if title_format is not None and theme:
        names = ctx.unit_names()
        text = unicodedata.normalize("NFKC", theme).replace(" ", "")
        prefix = unicodedata.normalize("NFKC", title_format.prefix)
        ok = text.startswith(prefix)
        if ok and title_format.requires_unit_name and names:
            rest = text[len(prefix) :]
            ok = any(rest.startswith(unicodedata.normalize("NFKC", n)) and len(rest) > len(n) for n in names)
        if not ok:
            yield finding(
                "CAPTION-TITLE",
                f"活动主题“{theme}”不符合格式“{title_format.text}”。",
                fix=f"改为“{title_format.prefix}{names[0] if names else '单位名称'}活动名称”。",
                expected=title_format.text,
                actual=theme,
                **_kw(ctx.rubric, activity),
            )
