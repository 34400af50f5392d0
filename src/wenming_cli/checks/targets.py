"""Quantitative targets (量化指标) computed from the unit plan's figures."""

from __future__ import annotations

import math
from decimal import Decimal

from wenming_cli.checks.codes import finding
from wenming_cli.models.common import format_points
from wenming_cli.models.comparison import compare, sign
from wenming_cli.models.finding import Finding
from wenming_cli.models.results import TargetResult
from wenming_cli.models.rubric import Rubric, Target
from wenming_cli.models.unit import UnitPlan


def _where(target: Target, rubric: Rubric) -> dict[str, object]:
    return rubric.subject_fields(target.task or target.clause)


def evaluate_target(target: Target, figures: dict[str, Decimal]) -> TargetResult:
    """The ratio (or rate), the value that applies, whether it is met and how many people are short."""
    required = target.value
    note = None
    if target.when is not None and target.when.figure in figures:
        if compare(target.when.comparison, Decimal(figures[target.when.figure]), target.when.value):
            required = target.value_when if target.value_when is not None else required
            note = "条件成立，按特别要求计算"
    base = {
        "target": target.id,
        "label": target.label,
        "subject": target.task or target.clause or "",
        "comparison": target.comparison,
        "required": required,
        "unit": target.unit,
        "note": note,
    }
    if target.figure:
        if target.figure not in figures:
            return TargetResult(missing_figures=(target.figure,), **base)
        actual = Decimal(figures[target.figure])
        return TargetResult(actual=actual, met=compare(target.comparison, actual, required), **base)
    assert target.numerator and target.denominator
    missing = tuple(f for f in (target.numerator, target.denominator) if f not in figures)
    if missing:
        return TargetResult(missing_figures=missing, **base)
    num, den = figures[target.numerator], figures[target.denominator]
    if den == 0:
        return TargetResult(numerator=num, denominator=den, missing_figures=(target.denominator,), **base)
    actual = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"))
    met = compare(target.comparison, Decimal(num) * 100, required * den)
    short = None
    if not met and target.comparison in (">=", ">", "==") and num == int(num) and den == int(den):
        needed = math.ceil(required * den / 100)
        if target.comparison == ">" and needed * 100 == required * den:
            needed += 1
        short = max(needed - int(num), 0)
    return TargetResult(numerator=num, denominator=den, actual=actual, met=met, people_short=short, **base)


def check_targets(
    rubric: Rubric, plan: UnitPlan | None, subjects: set[str]
) -> tuple[list[TargetResult], list[Finding]]:
    """Targets of the clauses and of the tasks that apply; figure consistency as warnings."""
    results: list[TargetResult] = []
    findings: list[Finding] = []
    figures = dict(plan.figures) if plan is not None else {}
    label = {f.id: f.label for f in rubric.vocabularies.figures}
    for target in rubric.targets:
        if target.task and target.task not in subjects:
            continue
        result = evaluate_target(target, figures)
        results.append(result)
        where = _where(target, rubric)
        shown = f"{sign(target.comparison)}{format_points(result.required)}{target.unit}"
        if result.missing_figures:
            names = "、".join(label.get(f, f) for f in result.missing_figures)
            findings.append(
                finding(
                    "TARGET-FIGURES-MISSING",
                    f"“{target.label}”（要求 {shown}）无法计算：单位方案缺少或为零的数据：{names}。",
                    fix="在 unit.yaml 的 figures 中填写：" + "、".join(result.missing_figures) + "。",
                    expected=shown,
                    **where,
                )
            )
        elif result.met is False:
            more = f"，还需 {result.people_short} 人" if result.people_short else ""
            findings.append(
                finding(
                    "TARGET-UNMET",
                    f"“{target.label}”为 {format_points(result.actual)}{target.unit}，要求 {shown}{more}。",  # type: ignore[arg-type]
                    fix=f"再有 {result.people_short} 人达到要求后，更新 unit.yaml 的 figures。"
                    if result.people_short
                    else "查找原因并整改，更新 unit.yaml 的 figures。",
                    expected=shown,
                    actual=f"{format_points(result.actual)}{target.unit}",  # type: ignore[arg-type]
                    **where,
                )
            )
    for relation in rubric.figure_relations:
        if relation.left in figures and relation.right in figures:
            if not compare(
                relation.comparison, Decimal(figures[relation.left]), Decimal(figures[relation.right])
            ):
                findings.append(
                    finding(
                        "FIGURES-INCONSISTENT",
                        f"{label.get(relation.left, relation.left)}（{format_points(figures[relation.left])}）应"
                        f"{sign(relation.comparison)}{label.get(relation.right, relation.right)}"
                        f"（{format_points(figures[relation.right])}）。",
                        fix="核对 unit.yaml 中 figures 的数字。",
                        path="unit.yaml",
                    )
                )
    return results, findings
