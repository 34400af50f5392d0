"""Structural comparison of rubric parts that have no text to align: targets, bonus rules, thresholds,
material rules and a clause's other fields. Everything is compared by id, never by position."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from wenming_cli.diff.models import Change, ItemChange
from wenming_cli.models.common import format_points
from wenming_cli.models.comparison import COMPARISON_SIGNS
from wenming_cli.models.rubric import BonusRule, Clause, DateWindow, Rubric, Target, Thresholds

# Transcription metadata and printed sources: they say how a value was read, not what the rule is.
_SKIP = {"note", "quote", "source", "reason", "points_source", "grouping", "volunteer_source"}

_LABELS = {
    "photo": "照片",
    "pdf": "PDF",
    "report": "说明报告",
    "video": "视频",
    "formats": "格式",
    "size": "大小",
    "max_size": "大小",
    "min": "下限",
    "max": "上限",
    "byte_reading": "M 的读法",
    "min_per_activity": "每次活动最少张数",
    "max_per_activity": "每次活动最多张数",
    "caption_fields": "图片说明要素",
    "aliases": "别称",
    "volunteer_only": "仅志愿服务活动",
    "title_format": "标题格式",
    "prefix": "前缀",
    "requires_unit_name": "须含单位名称",
    "frontal_photo_required": "须有正面照",
    "burned_in_captions": "图上文字",
    "edits_forbidden": "禁止修图",
    "editor_names": "修图软件",
    "red_header_required": "须有红头页",
    "seal_page_required": "须有盖章页",
    "banned_phrases": "禁用套话",
    "min_measures": "最少举措条数",
    "headings_required": "须有小标题",
    "data_required": "须有数据",
    "max_chars": "字数上限",
    "coverage": "说明范围",
    "screenshots_accepted": "接受截图",
    "media_screenshot_required": "媒体报道须附截图",
    "default_min_activities": "未规定次数时最少活动次数",
    "activities_deadline": "活动完成期限",
    "submission_sheet_required": "须交资料提交表",
    "notes": "说明",
    "text": "原文",
    "kind": "类型",
    "start": "开始",
    "end": "截止",
    "end_date": "截止日期",
    "label": "名称",
    "scoring": "计分方式",
    "mode": "方式",
    "partial_share": "部分完成得分比例",
    "deduction": "每次扣分",
    "veto": "一票否决",
    "volunteer": "志愿服务",
    "evidence": "佐证要求",
    "deadline": "期限",
}
_COMPARISON = COMPARISON_SIGNS


def show(value: Any) -> str:
    """A value as a clerk reads it: points without trailing zeros, 是/否, lists joined with 、."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format_points(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(show(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k}={show(v)}" for k, v in value.items())
    return str(value)


def label_of(path: str) -> str:
    """`photo.size.max` → 照片·大小·上限; `notes[3]` → 说明第3条."""
    parts = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        parts.append(_LABELS.get(name, name) + (f"第{index.rstrip(']')}条" if index else ""))
    return "·".join(parts)


def _reduce(value: Any) -> Any:
    """Drop metadata and empty values; a size bound or a one-key mapping becomes a single value."""
    if isinstance(value, dict):
        kept = {k: _reduce(v) for k, v in value.items() if k not in _SKIP and v not in (None, (), [])}
        if "value" in kept and "unit" in kept:
            strict = "不含" if kept.get("exclusive", True) else "含"
            return f"{show(kept['value'])}{kept['unit']}（{strict}）"
        if len(kept) == 1:
            return next(iter(kept.values()))
        return kept
    if isinstance(value, (list, tuple)):
        return tuple(_reduce(v) for v in value)
    return value


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """Leaves of nested data as `path -> shown value`. Items with ids are keyed by id, one leaf each;
    long texts (printed notes) are one leaf each, so a changed note does not hide the others."""
    value = _reduce(value)
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, child in value.items():
            out.update(flatten(child, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, tuple) and value and all(isinstance(v, dict) and "id" in v for v in value):
        for item in value:
            out[f"{prefix}.{item['id']}"] = _show_item({k: v for k, v in item.items() if k != "id"})
    elif isinstance(value, tuple) and any(isinstance(v, str) and len(v) > _SHORT for v in value):
        for i, item in enumerate(value, start=1):
            out[f"{prefix}[{i}]"] = show(item)
    elif isinstance(value, tuple) and any(isinstance(v, dict) for v in value):
        out[prefix] = "；".join(_show_item(v) if isinstance(v, dict) else show(v) for v in value)
    elif value not in (None, ()):
        words = _VALUES.get(prefix.rsplit(".", 1)[-1], {})
        out[prefix] = show(words.get(value, value) if isinstance(value, str) else value)
    return out


_SHORT = 30
# Closed sets of the schema, in a clerk's words (keyed by the field they appear in).
_VALUES = {
    "byte_reading": {
        "ambiguous": "未说明（十进制、二进制两种读法都按）",
        "decimal": "十进制（1M = 1,000,000 字节）",
        "binary": "二进制（1M = 1,048,576 字节）",
    },
    "kind": {
        "quarterly": "每季度",
        "by": "某日前完成",
        "window": "时间段内",
        "monthly": "每月",
        "year": "全年",
    },
    "mode": {"full": "全得或部分得分", "deduction": "扣分制"},
    "per": {"quarter": "每季度", "year": "每年", "period": "整个周期", "month": "每月"},
    "burned_in_captions": {"allowed": "允许", "forbidden": "不允许"},
}


def _show_item(item: Any) -> str:
    """One vocabulary-like item on one line: its label, then its other set fields."""
    if not isinstance(item, dict):
        return show(item)
    head = show(item.get("label", ""))
    rest = [
        f"{label_of(k)}：{show(v)}" if v is not True else label_of(k)
        for k, v in item.items()
        if k != "label" and v is not False
    ]
    if not head:
        return "，".join(rest)
    return head + (f"（{'；'.join(rest)}）" if rest else "")


def compare_flat(a: dict[str, str], b: dict[str, str], labels: dict[str, str] | None = None) -> list[Change]:
    labels = labels or {}
    keys = list(a) + [k for k in b if k not in a]
    return [
        Change(field=k, label=labels.get(k) or label_of(k), a=a.get(k), b=b.get(k))
        for k in keys
        if a.get(k) != b.get(k)
    ]


def compare_models(a: Any, b: Any, exclude: set[str] | None = None) -> list[Change]:
    """Field-by-field differences of two pydantic models (either may be None)."""

    def dump(model: Any) -> dict[str, str]:
        return flatten(model.model_dump(exclude=exclude)) if model is not None else {}

    return compare_flat(dump(a), dump(b))


def evidence_summary(rubric: Rubric, clause: Clause) -> str:
    """The evidence a clause's own words demand. Inferred requirements are a transcriber's reading,
    not the city's rule, so they are left out of the comparison."""
    parts = []
    for ev in clause.evidence:
        if ev.source != "stated":
            continue
        per = f"（{_VALUES['per'].get(ev.per, ev.per)}）" if ev.per else ""
        parts.append(f"{rubric.label('evidence_kinds', ev.kind)}至少 {ev.min_count} 份{per}")
    return "；".join(parts)


# -- targets ------------------------------------------------------------------------------------


def target_summary(rubric: Rubric, t: Target) -> str:
    text = f"{_COMPARISON[t.comparison]}{show(t.value)}%"
    if t.when is not None and t.value_when is not None:
        figure = rubric.label("figures", t.when.figure)
        text += f"（{figure}{_COMPARISON[t.when.comparison]}{show(t.when.value)}时为{show(t.value_when)}%）"
    return text


def _target_fields(rubric: Rubric, t: Target) -> dict[str, str]:
    fields = {
        "numerator": rubric.label("figures", t.numerator) if t.numerator else None,
        "denominator": rubric.label("figures", t.denominator) if t.denominator else None,
        "figure": rubric.label("figures", t.figure) if t.figure else None,
        "value": target_summary(rubric, t),
    }
    return {k: v for k, v in fields.items() if v is not None}


_TARGET_LABELS = {"numerator": "分子", "denominator": "分母", "figure": "数据项", "value": "要求"}


def _subject(rubric: Rubric, t: Target) -> str | None:
    if t.clause:
        std = next((s for s in rubric.standards if any(c.id == t.clause for c in s.clauses)), None)
        return std.clause_ref(t.clause) if std else t.clause
    return f"任务 {t.task}" if t.task else None


def compare_targets(a: Rubric, b: Rubric) -> list[ItemChange]:
    return _by_id(
        a,
        b,
        a.targets,
        b.targets,
        summary=target_summary,
        fields=_target_fields,
        labels=_TARGET_LABELS,
        subject=_subject,
    )


# -- bonus rules --------------------------------------------------------------------------------


def window_summary(w: DateWindow) -> str:
    if w.start is not None and w.end is not None:
        span = f"{w.start.isoformat()} 至 {w.end.isoformat()}"
    elif w.days_before_assessment is not None:
        span = f"测评前 {w.days_before_assessment} 天内"
    else:
        span = w.text
    return span + ("，以发文时间为准" if w.basis == "document_date" else f"，按 {w.basis}")


def bonus_summary(rubric: Rubric, bonus: BonusRule) -> str:
    vocab = "honour_levels" if bonus.kind == "honour" else "media_tiers"
    levels = "、".join(f"{rubric.label(vocab, lv.level)}每项 {show(lv.points)} 分" for lv in bonus.levels)
    return f"{bonus.window.text}：{levels}；最多 {show(bonus.cap)} 分"


def _bonus_fields(rubric: Rubric, bonus: BonusRule) -> dict[str, str]:
    fields = {
        "kind": "荣誉称号" if bonus.kind == "honour" else "经验推介",
        "window": window_summary(bonus.window),
        "cap": show(bonus.cap),
        "unit_only": show(bonus.unit_only),
        "same_content_once": show(bonus.same_content_once),
    }
    if bonus.methods:
        fields["methods"] = "、".join(rubric.label("methods", m) for m in bonus.methods)
    for level in bonus.levels:
        fields[f"levels.{level.level}"] = show(level.points)
    return fields


_BONUS_LABELS = {
    "kind": "类型",
    "window": "时间范围",
    "cap": "封顶分",
    "unit_only": "只计单位荣誉",
    "same_content_once": "同一内容只加一次",
    "methods": "考评方法",
}


def compare_bonuses(a: Rubric, b: Rubric) -> list[ItemChange]:
    def labels_for(rubric: Rubric, bonus: BonusRule) -> dict[str, str]:
        vocab = "honour_levels" if bonus.kind == "honour" else "media_tiers"
        return {f"levels.{lv.level}": f"{rubric.label(vocab, lv.level)}每项加分" for lv in bonus.levels}

    return _by_id(
        a,
        b,
        a.bonuses,
        b.bonuses,
        summary=bonus_summary,
        fields=_bonus_fields,
        labels=_BONUS_LABELS,
        extra_labels=labels_for,
    )


def _by_id(
    a: Rubric,
    b: Rubric,
    items_a: tuple[Any, ...],
    items_b: tuple[Any, ...],
    summary: Any,
    fields: Any,
    labels: dict[str, str],
    subject: Any = None,
    extra_labels: Any = None,
) -> list[ItemChange]:
    by_b = {item.id: item for item in items_b}
    ids = [i.id for i in items_a] + [i.id for i in items_b if i.id not in {x.id for x in items_a}]
    by_a = {item.id: item for item in items_a}
    out: list[ItemChange] = []
    for item_id in ids:
        ia, ib = by_a.get(item_id), by_b.get(item_id)
        names = dict(labels)
        for rubric, item in ((a, ia), (b, ib)):
            if item is not None and extra_labels is not None:
                names.update(extra_labels(rubric, item))
        both = ia is not None and ib is not None
        # An item on one side only is shown by its summary; field changes are for items on both.
        changes = compare_flat(fields(a, ia), fields(b, ib), names) if both else []
        if both and not changes:
            continue
        out.append(
            ItemChange(
                id=item_id,
                label=(ia or ib).label,
                status="changed" if both else "removed" if ib is None else "added",
                a_summary=summary(a, ia) if ia is not None else None,
                b_summary=summary(b, ib) if ib is not None else None,
                a_subject=subject(a, ia) if subject and ia is not None else None,
                b_subject=subject(b, ib) if subject and ib is not None else None,
                changes=tuple(changes),
            )
        )
    return out


# -- thresholds and material rules --------------------------------------------------------------


def compare_thresholds(a: Thresholds | None, b: Thresholds | None) -> list[Change]:
    def flat(t: Thresholds | None) -> tuple[dict[str, str], dict[str, str]]:
        if t is None:
            return {}, {}
        values = {"includes_bonus": show(t.includes_bonus)}
        names = {"includes_bonus": "总分含加分"}
        for title in t.titles:
            values[f"titles.{title.id}"] = show(title.min_points)
            names[f"titles.{title.id}"] = f"{title.label}分数线"
        return values, names

    (va, na), (vb, nb) = flat(a), flat(b)
    return compare_flat(va, vb, {**nb, **na})
