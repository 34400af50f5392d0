"""Rules a schema cannot express: sums, uniqueness, references between parts of a rubric and a plan."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from decimal import Decimal

from wenming_cli.checks.codes import CODES, code_matches
from wenming_cli.models.common import format_points
from wenming_cli.models.material import MaterialRules, QuarterlyStatement
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.rubric.features import check_features, check_plan_features
from wenming_cli.rubric.issue import Issue, Loc

_POINTS_IN_TEXT = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def printed_points(text: str) -> list[Decimal]:
    """Every "(N分)" printed in a text, full-width brackets and spaces accepted."""
    normalized = unicodedata.normalize("NFKC", text)
    return [Decimal(m.group(1)) for m in _POINTS_IN_TEXT.finditer(normalized)]


def _duplicates(values: list[object]) -> set[object]:
    return {v for v, n in Counter(values).items() if n > 1}


def check_rubric(rubric: Rubric) -> list[Issue]:
    issues: list[Issue] = []
    voc = rubric.vocabularies
    method_ids = {m.id for m in voc.methods}
    kinds = {k.id for k in voc.evidence_kinds}
    figures = {f.id for f in voc.figures}

    for name in ("methods", "evidence_kinds", "honour_levels", "media_tiers", "figures", "unit_categories"):
        ids = [e.id for e in getattr(voc, name)]
        for dup in _duplicates(ids):
            issues.append(Issue(("vocabularies", name), f"词表中的 id“{dup}”重复。"))

    cat_numbers = [c.number for c in rubric.categories]
    for dup in _duplicates(cat_numbers):
        issues.append(Issue(("categories",), f"测评项目编号 {dup} 重复。"))
    std_numbers = [s.number for s in rubric.standards]
    for i, s in enumerate(rubric.standards):
        if s.number in _duplicates(std_numbers):
            issues.append(Issue(("standards", i, "number"), f"测评标准编号 {s.number} 重复。"))

    clause_ids: list[str] = []
    for i, std in enumerate(rubric.standards):
        loc: Loc = ("standards", i)
        if std.category not in cat_numbers:
            issues.append(Issue((*loc, "category"), f"所属测评项目 {std.category} 不存在。"))
        for m in std.methods:
            if m not in method_ids:
                issues.append(Issue((*loc, "methods"), _unknown("考评方法", m, method_ids)))
        if not std.clauses:
            issues.append(Issue((*loc, "clauses"), "每条测评标准至少要有一个计分项。"))
        for j, clause in enumerate(std.clauses):
            cloc: Loc = (*loc, "clauses", j)
            clause_ids.append(clause.id)
            if not clause.id.startswith(f"{std.number}."):
                issues.append(Issue((*cloc, "id"), f"计分项 id“{clause.id}”应以“{std.number}.”开头。"))
            if clause.points < 0:
                issues.append(Issue((*cloc, "points"), "分值不能为负数。"))
            for m in clause.methods or ():
                if m not in method_ids:
                    issues.append(Issue((*cloc, "methods"), _unknown("考评方法", m, method_ids)))
            if clause.scoring.mode == "deduction" and not clause.scoring.deduction:
                issues.append(Issue((*cloc, "scoring"), "扣分制计分项须写明每次扣分（deduction）。"))
            for k, ev in enumerate(clause.evidence):
                for kind in (ev.kind, *ev.any_of):
                    if kind not in kinds:
                        issues.append(
                            Issue((*cloc, "evidence", k, "kind"), _unknown("证据类型", kind, kinds))
                        )
            printed = printed_points(clause.text)
            if printed and sum(printed, Decimal(0)) != clause.points:
                shown = "+".join(format_points(p) for p in printed)
                issues.append(
                    Issue(
                        (*cloc, "points"),
                        f"正文标注 {shown} 分，与分值 {format_points(clause.points)} 不符。",
                    )
                )
    for i, std in enumerate(rubric.standards):
        for j, clause in enumerate(std.clauses):
            if clause.id in _duplicates(clause_ids):
                issues.append(Issue(("standards", i, "clauses", j, "id"), f"计分项 id“{clause.id}”重复。"))

    for i, cat in enumerate(rubric.categories):
        total = sum((s.points for s in rubric.standards if s.category == cat.number), Decimal(0))
        if total != cat.points:
            issues.append(
                Issue(
                    ("categories", i, "points"),
                    f"测评项目{cat.number}“{cat.title}”标为 {format_points(cat.points)} 分，"
                    f"其下各计分项合计 {format_points(total)} 分。",
                )
            )
    cat_total = sum((c.points for c in rubric.categories), Decimal(0))
    if cat_total != rubric.total_points:
        issues.append(
            Issue(
                ("total_points",),
                f"总分标为 {format_points(rubric.total_points)}，各测评项目合计 {format_points(cat_total)}。",
            )
        )

    all_ids = set(clause_ids)
    task_ids: list[str] = []
    for li, tl in enumerate(rubric.task_lists):
        for ti, task in enumerate(tl.tasks):
            task_ids.append(task.id)
            for k, ev in enumerate(task.evidence):
                if any(kind not in kinds for kind in (ev.kind, *ev.any_of)):
                    issues.append(
                        Issue(
                            ("task_lists", li, "tasks", ti, "evidence", k, "kind"),
                            _unknown("证据类型", ev.kind, kinds),
                        )
                    )
            for n in task.standards:
                if n not in std_numbers:
                    issues.append(
                        Issue(("task_lists", li, "tasks", ti, "standards"), f"关联的测评标准 {n} 不存在。")
                    )
        for c in tl.unit_categories:
            if voc.unit_categories and c not in {u.id for u in voc.unit_categories}:
                issues.append(Issue(("task_lists", li, "unit_categories"), f"单位类别“{c}”未在词表中声明。"))
    for dup in _duplicates(task_ids):
        issues.append(Issue(("task_lists",), f"任务 id“{dup}”重复。"))

    for i, target in enumerate(rubric.targets):
        loc = ("targets", i)
        if target.clause and target.clause not in all_ids:
            issues.append(Issue((*loc, "clause"), f"指标所属计分项“{target.clause}”不存在。"))
        if target.task and target.task not in task_ids:
            issues.append(Issue((*loc, "task"), f"指标所属任务“{target.task}”不存在。"))
        if not target.clause and not target.task:
            issues.append(Issue(loc, "指标须写明所属计分项（clause）或任务（task）。"))
        used = [f for f in (target.numerator, target.denominator, target.figure) if f]
        if target.when:
            used.append(target.when.figure)
        for f in used:
            if f not in figures:
                issues.append(Issue(loc, _unknown("数据项", f, figures)))
        if not target.figure and not (target.numerator and target.denominator):
            issues.append(Issue(loc, "指标须写明 figure，或同时写明 numerator 和 denominator。"))
        if (target.when is None) != (target.value_when is None):
            issues.append(Issue(loc, "when 与 value_when 须同时出现。"))
        if target.unit == "%" and not Decimal(0) <= target.value <= Decimal(100):
            issues.append(Issue((*loc, "value"), "比例指标应在 0 到 100 之间（百分数）。"))
        if target.unit != "%" and not target.figure:
            issues.append(Issue((*loc, "unit"), "单位不是 % 的指标只比较一个数据项，须写 figure。"))
    for i, rel in enumerate(rubric.figure_relations):
        for f in (rel.left, rel.right):
            if f not in figures:
                issues.append(Issue(("figure_relations", i), _unknown("数据项", f, figures)))

    for i, bonus in enumerate(rubric.bonuses):
        loc = ("bonuses", i)
        vocab = voc.honour_levels if bonus.kind == "honour" else voc.media_tiers
        level_ids = {v.id for v in vocab}
        for j, level in enumerate(bonus.levels):
            if level.level not in level_ids:
                word = "荣誉级别" if bonus.kind == "honour" else "媒体层级"
                issues.append(Issue((*loc, "levels", j, "level"), _unknown(word, level.level, level_ids)))
            if level.points <= 0 or level.points > bonus.cap:
                issues.append(Issue((*loc, "levels", j, "points"), "每项加分应大于 0 且不超过封顶分。"))
        if bonus.cap <= 0:
            issues.append(Issue((*loc, "cap"), "封顶分应大于 0。"))
        w = bonus.window
        absolute = w.start is not None and w.end is not None
        if [absolute, w.days_before_assessment is not None, w.assessment_period].count(True) != 1:
            issues.append(
                Issue(
                    (*loc, "window"),
                    "时间范围须为 start/end（绝对）、days_before_assessment（相对）或"
                    " assessment_period: true（整个测评周期）之一。",
                )
            )
        if w.assessment_period and rubric.period is None:
            issues.append(
                Issue((*loc, "window"), "assessment_period: true 须在测评细则中写明 period（起止日期）。")
            )
        if absolute and w.start > w.end:  # type: ignore[operator]
            issues.append(Issue((*loc, "window"), "时间范围的开始晚于结束。"))

    issues += _quarterly_statement_issues(rubric, kinds)
    issues += check_features(rubric)
    if rubric.thresholds:
        max_total = rubric.total_points + sum((b.cap for b in rubric.bonuses), Decimal(0))
        previous = Decimal(-1)
        for i, title in enumerate(rubric.thresholds.titles):
            if not Decimal(0) < title.min_points <= max_total:
                issues.append(
                    Issue(
                        ("thresholds", "titles", i, "min_points"),
                        f"分数线应在 0 到 {format_points(max_total)} 之间。",
                    )
                )
            if title.min_points <= previous:
                issues.append(
                    Issue(("thresholds", "titles", i, "min_points"), "称号应按分数线从低到高排列。")
                )
            previous = title.min_points
    return issues


def _quarterly_statement_issues(rubric: Rubric, kinds: set[str]) -> list[Issue]:
    """The rubric's, each task list's and each task's own material rules."""
    places: list[tuple[Loc, MaterialRules | None]] = [(("material_rules",), rubric.material_rules)]
    for i, tl in enumerate(rubric.task_lists):
        places.append((("task_lists", i, "material_rules"), tl.material_rules))
        places += [
            (("task_lists", i, "tasks", j, "material_rules"), t.material_rules)
            for j, t in enumerate(tl.tasks)
        ]
    issues: list[Issue] = []
    for loc, rules in places:
        if rules is not None and rules.quarterly_statement is not None:
            issues += _one_quarterly_statement(
                rubric, kinds, rules.quarterly_statement, (*loc, "quarterly_statement")
            )
    return issues


def _one_quarterly_statement(
    rubric: Rubric, kinds: set[str], rule: QuarterlyStatement, loc: Loc
) -> list[Issue]:
    issues = [Issue((*loc, "kind"), _unknown("材料种类", rule.kind, kinds))] if rule.kind not in kinds else []
    lists = {tl.id for tl in rubric.task_lists}
    issues += [
        Issue((*loc, "task_lists"), f"任务清单“{t}”不存在。") for t in rule.task_lists if t not in lists
    ]
    issues += [Issue((*loc, "tasks"), f"任务“{t}”不存在。") for t in rule.tasks if rubric.task(t) is None]
    if not rule.tasks and not rule.task_lists:
        issues.append(Issue(loc, "请用 tasks 或 task_lists 写明哪些任务每季度要有情况说明。"))
    return issues


def _unknown(what: str, value: str, known: set[str]) -> str:
    near = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"是否想写“{near[0]}”？" if near else f"可用的有：{'、'.join(sorted(known)) or '（词表为空）'}。"
    return f"{what}“{value}”未在测评细则的词表中声明。{hint}"


def subject_exists(rubric: Rubric, subject: str) -> bool:
    return rubric.subject_kind(subject) is not None


def check_unit_plan(plan: UnitPlan, rubric: Rubric) -> list[Issue]:
    issues: list[Issue] = []
    dep_ids = {d.id for d in plan.departments}
    for dup in _duplicates([d.id for d in plan.departments]):
        issues.append(Issue(("departments",), f"部门 id“{dup}”重复。"))
    roster = plan.roster_names
    for dup in _duplicates(list(roster)):
        issues.append(
            Issue(("roster",), f"人员“{dup}”在名单中重复。", severity="warning", code="UNIT-ROSTER-DUPLICATE")
        )

    def person_issue(loc: Loc, name: str) -> None:
        if name in roster:
            return
        near = difflib.get_close_matches(name, roster, n=1, cutoff=0.3)
        hint = f"名单中最接近的是“{near[0]}”，请核对写法。" if near else "请把此人加入 roster 或改正姓名。"
        issues.append(
            Issue(
                loc,
                f"人员“{name}”不在本单位人员名单（roster）中。{hint}",
                severity="warning",
                code="UNIT-PERSON-UNKNOWN",
            )
        )

    for i, person in enumerate(plan.roster):
        if person.department and person.department not in dep_ids:
            issues.append(Issue(("roster", i, "department"), _unknown_dep(person.department, dep_ids)))
    for i, a in enumerate(plan.assignments):
        loc: Loc = ("assignments", i)
        if not subject_exists(rubric, a.subject) and a.subject not in {b.id for b in rubric.bonuses}:
            issues.append(
                Issue(
                    (*loc, "subject"), f"测评细则中没有“{a.subject}”（标准编号、计分项、任务或加分项 id）。"
                )
            )
        for d in a.departments:
            if d not in dep_ids:
                issues.append(Issue((*loc, "departments"), _unknown_dep(d, dep_ids)))
        for field in ("persons", "doers"):
            for j, name in enumerate(getattr(a, field)):
                person_issue((*loc, field, j), name)
    if plan.unit.category and rubric.vocabularies.unit_categories:
        if plan.unit.category not in {c.id for c in rubric.vocabularies.unit_categories}:
            issues.append(
                Issue(("unit", "category"), f"单位类别“{plan.unit.category}”不在测评细则的词表中。")
            )
    figure_ids = {f.id for f in rubric.vocabularies.figures}
    for key, value in plan.figures.items():
        if key not in figure_ids:
            issues.append(Issue(("figures", key), _unknown("数据项", key, figure_ids), point_at_key=True))
        elif value < 0:
            issues.append(Issue(("figures", key), "数据不能为负数。"))
    issues += check_plan_features(plan, rubric)
    issues += _check_ignore_and_select(plan)
    honour_levels = {v.id for v in rubric.vocabularies.honour_levels}
    for i, h in enumerate(plan.honours):
        if h.level not in honour_levels:
            issues.append(
                Issue(
                    ("honours", i, "level"),
                    _unknown("荣誉级别", h.level, honour_levels),
                    severity="warning",
                    code="UNIT-HONOUR-LEVEL",
                )
            )
    tiers = {v.id for v in rubric.vocabularies.media_tiers}
    for i, p in enumerate(plan.promotions):
        if p.tier not in tiers:
            issues.append(
                Issue(
                    ("promotions", i, "tier"),
                    _unknown("媒体层级", p.tier, tiers),
                    severity="warning",
                    code="UNIT-PROMOTION-TIER",
                )
            )
    for key, sa in plan.self_assessment.items():
        clause = rubric.clause(key)
        if clause is None:
            issues.append(
                Issue(("self_assessment", key), f"测评细则中没有计分项“{key}”。", point_at_key=True)
            )
        elif not Decimal(0) <= sa.points <= clause.points:
            issues.append(
                Issue(
                    ("self_assessment", key, "points"),
                    f"自评分应在 0 到 {format_points(clause.points)} 之间。",
                )
            )
    for i, na in enumerate(plan.not_applicable):
        if not subject_exists(rubric, na.subject):
            issues.append(Issue(("not_applicable", i, "subject"), f"测评细则中没有“{na.subject}”。"))
    for i, r in enumerate(plan.remedies):
        if not subject_exists(rubric, r.subject):
            issues.append(Issue(("remedies", i, "subject"), f"测评细则中没有“{r.subject}”。"))
    return issues


def _check_ignore_and_select(plan: UnitPlan) -> list[Issue]:
    """An `ignore` entry silences findings and `select` keeps only some: a misspelt code must not
    silently do nothing, and an entry with neither code nor path would silence every finding."""
    issues: list[Issue] = []
    known = sorted(CODES)

    def unknown(loc: Loc, pattern: str) -> None:
        near = difflib.get_close_matches(pattern.upper(), known, n=1, cutoff=0.6)
        hint = f"是否想写“{near[0]}”？" if near else "代码见 wenming check --list-codes。"
        issues.append(
            Issue(
                loc,
                f"“{pattern}”不是 wenming 的检查代码，这一项不起作用。{hint}",
                severity="warning",
                code="UNIT-CODE-UNKNOWN",
            )
        )

    for i, rule in enumerate(plan.ignore):
        if rule.code is None and rule.path is None:
            issues.append(
                Issue(
                    ("ignore", i),
                    "ignore 的每一项要写 code（检查代码）或 path（文件或文件夹），否则会忽略全部问题。",
                )
            )
        elif rule.code is not None and rule.code not in CODES:
            unknown(("ignore", i, "code"), rule.code)
    for i, pattern in enumerate(plan.select):
        if not any(code_matches(pattern, code) for code in CODES):
            unknown(("select", i), pattern)
    return issues


def _unknown_dep(dep: str, known: set[str]) -> str:
    near = difflib.get_close_matches(dep, sorted(known), n=1, cutoff=0.5)
    hint = f"是否想写“{near[0]}”？" if near else "请先在 departments 中声明。"
    return f"部门“{dep}”未在本单位的 departments 中声明。{hint}"
