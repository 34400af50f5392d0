"""Validation of the rubric features a third city needs: period, vetoes, on-site deductions,
per-category counts and file-name rules, and the unit plan's answers to them."""

from __future__ import annotations

from collections import Counter

from wenming_cli.models.rubric import MaterialRules, Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.rubric.issue import Issue


def check_features(rubric: Rubric) -> list[Issue]:
    issues: list[Issue] = []
    if rubric.period is not None and rubric.period.start > rubric.period.end:
        issues.append(Issue(("period",), "测评周期的开始日期晚于结束日期。"))
    for dup in [v for v, n in Counter(v.id for v in rubric.vetoes).items() if n > 1]:
        issues.append(Issue(("vetoes",), f"一票否决项 id“{dup}”重复。"))
    methods = {m.id for m in rubric.vocabularies.methods}
    for i, veto in enumerate(rubric.vetoes):
        for m in veto.methods:
            if m not in methods:
                issues.append(Issue(("vetoes", i, "methods"), f"考评方法“{m}”未在词表中声明。"))
    categories = {c.id for c in rubric.vocabularies.unit_categories}
    for i, s in enumerate(rubric.standards):
        for j, c in enumerate(s.clauses):
            for k, req in enumerate(c.evidence):
                issues += _by_category(
                    ("standards", i, "clauses", j, "evidence", k), req.by_category, categories
                )
    for li, tl in enumerate(rubric.task_lists):
        for ti, t in enumerate(tl.tasks):
            for k, req in enumerate(t.evidence):
                loc = ("task_lists", li, "tasks", ti, "evidence", k)
                issues += _by_category(loc, req.by_category, categories)
    return issues


def _by_category(loc: tuple, by_category: dict[str, int], categories: set[str]) -> list[Issue]:
    return [
        Issue((*loc, "by_category"), f"单位类别“{cat}”未在词表 unit_categories 中声明。")
        for cat in by_category
        if cat not in categories
    ]


def check_plan_features(plan: UnitPlan, rubric: Rubric) -> list[Issue]:
    issues: list[Issue] = []
    veto_ids = {v.id for v in rubric.vetoes}
    for key in plan.vetoes:
        if key not in veto_ids:
            known = "、".join(sorted(veto_ids)) or "（该测评细则没有一票否决项）"
            issues.append(
                Issue(("vetoes", key), f"测评细则中没有一票否决项“{key}”，可写：{known}。", point_at_key=True)
            )
    for key in plan.shortfalls:
        clause = rubric.clause(key)
        if clause is None:
            issues.append(Issue(("shortfalls", key), f"测评细则中没有计分项“{key}”。", point_at_key=True))
        elif clause.scoring.mode != "deduction":
            issues.append(
                Issue(("shortfalls", key), f"计分项“{key}”不是扣分制，不能记录扣分次数。", point_at_key=True)
            )
    return issues


def all_material_rules(rubric: Rubric) -> list[tuple[tuple, MaterialRules]]:
    """Every material-rule group with its location: the rubric's, each task list's and task's."""
    found: list[tuple[tuple, MaterialRules]] = [(("material_rules",), rubric.material_rules)]
    for li, tl in enumerate(rubric.task_lists):
        if tl.material_rules is not None:
            found.append((("task_lists", li, "material_rules"), tl.material_rules))
        for ti, t in enumerate(tl.tasks):
            if t.material_rules is not None:
                found.append((("task_lists", li, "tasks", ti, "material_rules"), t.material_rules))
    return found
