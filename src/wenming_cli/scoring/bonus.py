"""特色加分: honours and experience promotion counted by the rubric's rules (pure).

A claim counts only with its proof in 加分/ (see `wenming_cli.proofs`). Each rule says which levels score, inside which window (absolute, or the days before the unit's
assessment date, both by the issuing document's date), up to which cap, and whether only unit honours
count and one content counts once. Every item that does not count says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from wenming_cli.models.common import format_points
from wenming_cli.models.rubric import BonusRule, Rubric
from wenming_cli.models.scorecard import BonusItem, BonusScore
from wenming_cli.models.unit import Honour, Promotion, UnitPlan
from wenming_cli.proofs import find_proof, missing_proof_text

ZERO = Decimal(0)


def window_bounds(
    rule: BonusRule, reference: dt.date, rubric: Rubric | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """The window's first and last day, both inclusive.

    A relative window (测评前一年内) is the `days` before the assessment date, the assessment date
    itself included: a document issued on the day still lies "within the year before".
    """
    w = rule.window
    if w.assessment_period and rubric is not None and rubric.period is not None:
        return rubric.period.start, rubric.period.end
    if w.days_before_assessment is not None:
        return reference - dt.timedelta(days=w.days_before_assessment), reference
    return w.start, w.end


def _vocabulary(rule: BonusRule) -> str:
    return "honour_levels" if rule.kind == "honour" else "media_tiers"


def score_rule(
    rule: BonusRule,
    rubric: Rubric,
    items: list[Honour] | list[Promotion],
    reference: dt.date,
    proofs: Sequence[str] = (),
) -> BonusScore:
    """Count one rule's items: level, holder, window, proof in 加分/, same content, then the cap,
    highest first. `proofs` are the files found in 加分/: a claim without its proof counts nothing."""
    start, end = window_bounds(rule, reference, rubric)
    level_points = {lv.level: lv.points for lv in rule.levels}
    vocab = _vocabulary(rule)
    known = {e.id for e in getattr(rubric.vocabularies, vocab)}

    drafts: list[dict] = []
    for item in items:
        level = item.level if isinstance(item, Honour) else item.tier
        worth = level_points.get(level)
        reason: str | None = None
        if level not in known:
            reason = f"级别“{level}”未在测评细则中声明，无法计分"
        elif worth is None:
            reason = f"{rubric.label(vocab, level)}不在该项加分范围内"
        elif rule.unit_only and item.holder == "personal":
            reason = "个人荣誉，只计单位荣誉" if rule.kind == "honour" else "个人经验推介，只计单位"
        elif (start is not None and item.document_date < start) or (
            end is not None and item.document_date > end
        ):
            reason = (
                f"发文日期{_cn_date(item.document_date)}不在加分期限（{_window_text(rule, start, end)}）内"
            )
        proof = find_proof(item, proofs)
        proof_missing = reason is None and proof is None
        if proof_missing:
            reason = missing_proof_text(item) + "，不计分"
        drafts.append(
            {"item": item, "level": level, "worth": worth, "reason": reason, "proof": proof, "missing": proof_missing}
        )

    # The same content counts once, at its highest level: keep the best of each group among the
    # items that would otherwise count.
    if rule.same_content_once:
        best: dict[str, dict] = {}
        for d in drafts:
            key = d["item"].content_key
            if d["reason"] is not None or not key:
                continue
            held = best.get(key)
            if held is None or (d["worth"], -d["item"].document_date.toordinal()) > (
                held["worth"],
                -held["item"].document_date.toordinal(),
            ):
                best[key] = d
        for d in drafts:
            key = d["item"].content_key
            if d["reason"] is None and key and best[key] is not d:
                kept = best[key]["item"]
                d["reason"] = f"与“{kept.name}”为同一内容，按最高分只计一次"

    # Apply the cap highest first, so the cap keeps the most valuable items.
    order = sorted(
        (d for d in drafts if d["reason"] is None),
        key=lambda d: (-d["worth"], d["item"].document_date),
    )
    running = ZERO
    counted: dict[int, tuple[Decimal, str | None]] = {}
    for d in order:
        room = rule.cap - running
        if room <= 0:
            counted[id(d)] = (ZERO, f"已达该项上限{format_points(rule.cap)}分，不再加分")
        elif d["worth"] > room:
            counted[id(d)] = (room, f"已达该项上限{format_points(rule.cap)}分，只计{format_points(room)}分")
            running += room
        else:
            counted[id(d)] = (d["worth"], None)
            running += d["worth"]

    result: list[BonusItem] = []
    for d in drafts:
        item = d["item"]
        points, note = counted.get(id(d), (ZERO, d["reason"]))
        result.append(
            BonusItem(
                kind=rule.kind,
                rule=rule.id,
                name=item.name,
                level=d["level"],
                level_label=rubric.label(_vocabulary(rule), d["level"]),
                document_date=item.document_date,
                document_number=item.document_number,
                issuer=item.issuer if isinstance(item, Honour) else item.outlet,
                holder=item.holder,
                content_key=item.content_key,
                level_points=d["worth"],
                points=points,
                counted=points > 0,
                reason=note,
                proof=d["proof"],
                proof_missing=d["missing"],
            )
        )
    return BonusScore(
        rule=rule.id,
        kind=rule.kind,
        label=rule.label,
        text=rule.text,
        window_text=rule.window.text,
        window_start=start,
        window_end=end,
        window_note=rule.window.note,
        cap=rule.cap,
        points=running,
        items=tuple(result),
    )


def score_bonus(
    rubric: Rubric, plan: UnitPlan | None, reference: dt.date, proofs: Sequence[str] = ()
) -> tuple[BonusScore, ...]:
    """Every bonus rule of the rubric, counted from the unit plan's honours and promotions that have
    their proof among `proofs` (the files in 加分/)."""
    out: list[BonusScore] = []
    for rule in rubric.bonuses:
        if plan is None:
            items: list = []
        else:
            items = list(plan.honours) if rule.kind == "honour" else list(plan.promotions)
        out.append(score_rule(rule, rubric, items, reference, proofs))
    return tuple(out)


def reference_date(plan: UnitPlan | None, as_of: dt.date) -> tuple[dt.date, str | None]:
    """The date a relative window counts back from: the plan's assessment date, else the check date."""
    if plan is not None and plan.assessment_date is not None:
        return plan.assessment_date, None
    return as_of, f"单位方案未给出测评日期（assessment_date），相对期限按检查日期{_cn_date(as_of)}计算。"


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _window_text(rule: BonusRule, start: dt.date | None, end: dt.date | None) -> str:
    if (rule.window.days_before_assessment is not None or rule.window.assessment_period) and start and end:
        return f"{rule.window.text}：{_cn_date(start)}至{_cn_date(end)}"
    return rule.window.text
