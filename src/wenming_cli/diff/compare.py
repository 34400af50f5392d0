"""`diff_rubrics`: align two rubrics and say what changed, as a RubricDiff."""

from __future__ import annotations

import difflib
from collections import Counter
from decimal import Decimal

from wenming_cli import material_text
from wenming_cli.diff import align as aligner
from wenming_cli.diff import fields
from wenming_cli.diff.alignfile import NO_RULES, Rules
from wenming_cli.diff.models import (
    AlignmentInfo,
    CategoryFlow,
    CategoryInfo,
    Change,
    ClauseInfo,
    ClausePair,
    Match,
    RubricDiff,
    RubricInfo,
    StandardInfo,
    StandardPair,
    TextOp,
)
from wenming_cli.diff.similarity import POINTS_IN_TEXT, display_text
from wenming_cli.models.rubric import Rubric, Standard

# Compared separately (text, points, methods) or not part of the rule at all (ids, metadata).
_CLAUSE_EXCLUDE = {
    "id",
    "text",
    "points",
    "methods",
    "evidence",
    "note",
    "points_source",
    "grouping",
    "volunteer_source",
}


def diff_rubrics(
    a: Rubric, b: Rubric, threshold: float = aligner.DEFAULT_THRESHOLD, rules: Rules = NO_RULES
) -> RubricDiff:
    """Everything that differs between A and B; `equivalent` when nothing but ids and titles does."""
    pairs = aligner.align_clauses(a, b, threshold, rules)
    info_a = {c.id: _clause_info(a, s, c.id) for s, c in aligner.slots(a)}
    info_b = {c.id: _clause_info(b, s, c.id) for s, c in aligner.slots(b)}
    matches = [_match(group, info_a, info_b, a, b) for group in aligner.groups(pairs)]
    matched_a = {p.a for p in pairs}
    matched_b = {p.b for p in pairs}
    only_a = [c for cid, c in info_a.items() if cid not in matched_a]
    only_b = [c for cid, c in info_b.items() if cid not in matched_b]
    std_pairs = _standard_pairs(pairs, a, b)

    flows = _flows(matches, only_a, only_b, a, b)
    diff = RubricDiff(
        a=_info(a),
        b=_info(b),
        alignment=_alignment_info(a, b, threshold, rules),
        matches=tuple(matches),
        only_a=tuple(only_a),
        only_b=tuple(only_b),
        standards_only_a=_unpaired(a, {p.a for p in std_pairs}),
        standards_only_b=_unpaired(b, {p.b for p in std_pairs}),
        standard_pairs=tuple(std_pairs),
        flows=tuple(flows),
        rubric_changes=tuple(_rubric_changes(a, b)),
        targets=tuple(fields.compare_targets(a, b)),
        bonuses=tuple(fields.compare_bonuses(a, b)),
        thresholds=tuple(fields.compare_thresholds(a.thresholds, b.thresholds)),
        material_rules=tuple(fields.compare_models(a.material_rules, b.material_rules)),
        equivalent=False,
    )
    return diff.model_copy(update={"equivalent": _equivalent(diff)})


def _info(r: Rubric) -> RubricInfo:
    return RubricInfo(
        id=r.id,
        city=r.city,
        title=r.title,
        edition=r.edition,
        total_points=r.total_points,
        categories=len(r.categories),
        standards=len(r.standards),
        clauses=sum(len(s.clauses) for s in r.standards),
        tasks=sum(len(tl.tasks) for tl in r.task_lists),
    )


def _category(r: Rubric, number: str) -> CategoryInfo:
    cat = next(c for c in r.categories if c.number == number)
    return CategoryInfo(number=cat.number, title=cat.title, points=cat.points)


def _clause_info(r: Rubric, s: Standard, clause_id: str) -> ClauseInfo:
    clause = next(c for c in s.clauses if c.id == clause_id)
    return ClauseInfo(
        id=clause.id,
        standard=s.number,
        ref=s.clause_ref(clause.id),
        standard_title=s.short_title,
        category=s.category,
        category_title=_category(r, s.category).title,
        points=clause.points,
        points_source=clause.points_source,
        methods=tuple(r.label("methods", m) for m in r.clause_methods(s, clause)),
        text=clause.text,
    )


def _match(
    group: list[ClausePair],
    info_a: dict[str, ClauseInfo],
    info_b: dict[str, ClauseInfo],
    a: Rubric,
    b: Rubric,
) -> Match:
    ids_a = [cid for cid in info_a if any(p.a == cid for p in group)]
    ids_b = [cid for cid in info_b if any(p.b == cid for p in group)]
    side_a = tuple(info_a[i] for i in ids_a)
    side_b = tuple(info_b[i] for i in ids_b)
    text_a = " ".join(c.text for c in side_a)
    text_b = " ".join(c.text for c in side_b)
    points_a = sum((c.points for c in side_a), Decimal(0))
    points_b = sum((c.points for c in side_b), Decimal(0))
    changes: list[Change] = []
    if points_a != points_b:
        changes.append(Change(field="points", label="分值", a=fields.show(points_a), b=fields.show(points_b)))
    methods_a, methods_b = _methods(a, ids_a), _methods(b, ids_b)
    if set(methods_a) != set(methods_b):
        changes.append(
            Change(
                field="methods",
                label="考评方法",
                a="、".join(a.label("methods", m) for m in methods_a),
                b="、".join(b.label("methods", m) for m in methods_b),
            )
        )
    if len(ids_a) == 1 and len(ids_b) == 1:
        ca, cb = a.clause(ids_a[0]), b.clause(ids_b[0])
        changes += fields.compare_models(ca, cb, exclude=_CLAUSE_EXCLUDE)
        ev_a, ev_b = fields.evidence_summary(a, ca), fields.evidence_summary(b, cb)  # type: ignore[arg-type]
        if ev_a != ev_b:
            changes.append(Change(field="evidence", label="佐证要求", a=ev_a or None, b=ev_b or None))
    return Match(
        a=side_a,
        b=side_b,
        pairs=tuple(group),
        similarity=max(p.similarity for p in group),
        points_a=points_a,
        points_b=points_b,
        text_changed=_wording(text_a) != _wording(text_b),
        text_ops=tuple(text_ops(text_a, text_b)),
        changes=tuple(changes),
    )


def _wording(text: str) -> str:
    # Printed points are compared as points, not as words.
    return display_text(POINTS_IN_TEXT.sub("", text))


def _methods(r: Rubric, clause_ids: list[str]) -> list[str]:
    found: list[str] = []
    for s in r.standards:
        for c in s.clauses:
            if c.id in clause_ids:
                found += [m for m in r.clause_methods(s, c) if m not in found]
    return found


def text_ops(a: str, b: str) -> list[TextOp]:
    """A character diff of two texts, with one- or two-character coincidences inside a change
    folded into it, so that a rewritten phrase reads as one replacement rather than confetti."""
    a, b = display_text(a), display_text(b)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    raw = [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    folded: list[list[str]] = []
    for k, (tag, ta, tb) in enumerate(raw):
        inside = 0 < k < len(raw) - 1
        if tag == "equal" and inside and len(ta) <= 2:
            tag = "replace"
        if tag != "equal" and folded and folded[-1][0] != "equal":
            folded[-1][1] += ta
            folded[-1][2] += tb
        else:
            folded.append([tag, ta, tb])
    ops = []
    for tag, ta, tb in folded:
        if tag != "equal":
            tag = "replace" if ta and tb else "delete" if ta else "insert"
        ops.append(TextOp(op=tag, a=ta, b=tb))  # type: ignore[arg-type]
    return ops


def _standard_pairs(pairs: list[ClausePair], a: Rubric, b: Rubric) -> list[StandardPair]:
    grouped: dict[tuple[str, str], list[ClausePair]] = {}
    for p in pairs:
        grouped.setdefault((aligner.standard_of(p.a, a), aligner.standard_of(p.b, b)), []).append(p)
    out = []
    order = lambda kv: (a.subject_order(kv[0][0]), b.subject_order(kv[0][1]))  # noqa: E731
    for (na, nb), group in sorted(grouped.items(), key=order):
        sa, sb = a.standard(na), b.standard(nb)
        assert sa is not None and sb is not None
        origins = {q.origin for q in group}
        out.append(
            StandardPair(
                a=na,
                b=nb,
                a_ref=sa.ref,
                b_ref=sb.ref,
                a_title=sa.short_title,
                b_title=sb.short_title,
                similarity=max(q.similarity for q in group),
                origin=next((o for o in ("reviewed", "pinned") if o in origins), "auto"),  # type: ignore[arg-type]
            )
        )
    return out


def _unpaired(r: Rubric, paired: set[str]) -> tuple[StandardInfo, ...]:
    return tuple(
        StandardInfo(
            number=s.number,
            ref=s.ref,
            title=s.short_title,
            category=s.category,
            category_title=_category(r, s.category).title,
            points=s.points,
        )
        for s in r.standards
        if s.number not in paired
    )


def _flows(
    matches: list[Match], only_a: list[ClauseInfo], only_b: list[ClauseInfo], a: Rubric, b: Rubric
) -> list[CategoryFlow]:
    """Points per (category of A, category of B). A match that spans categories counts under the
    category holding most of its points on each side, so every point is counted once."""

    def main_category(side: tuple[ClauseInfo, ...], r: Rubric) -> str:
        weight: Counter[str] = Counter()
        for c in side:
            weight[c.category] += c.points  # type: ignore[assignment]
        return min(weight, key=lambda k: (-weight[k], r.category_order(k)))

    totals: dict[tuple[str | None, str | None], list] = {}

    def add(key: tuple[str | None, str | None], pa: Decimal, pb: Decimal, na: int, nb: int) -> None:
        row = totals.setdefault(key, [Decimal(0), Decimal(0), 0, 0])
        row[0] += pa
        row[1] += pb
        row[2] += na
        row[3] += nb

    for m in matches:
        add((main_category(m.a, a), main_category(m.b, b)), m.points_a, m.points_b, len(m.a), len(m.b))
    for c in only_a:
        add((c.category, None), c.points, Decimal(0), 1, 0)
    for c in only_b:
        add((None, c.category), Decimal(0), c.points, 0, 1)
    order = sorted(
        totals,
        key=lambda k: (
            k[0] is None,
            a.category_order(k[0]) if k[0] is not None else 0,
            k[1] is None,
            b.category_order(k[1]) if k[1] is not None else 0,
        ),
    )
    return [
        CategoryFlow(
            a=_category(a, ka) if ka is not None else None,
            b=_category(b, kb) if kb is not None else None,
            points_a=totals[(ka, kb)][0],
            points_b=totals[(ka, kb)][1],
            clauses_a=totals[(ka, kb)][2],
            clauses_b=totals[(ka, kb)][3],
        )
        for ka, kb in order
    ]


def _rubric_changes(a: Rubric, b: Rubric) -> list[Change]:
    values = [
        ("total_points", "总分", fields.show(a.total_points), fields.show(b.total_points)),
        ("categories", "测评项目数", str(len(a.categories)), str(len(b.categories))),
        ("standards", "测评标准数", str(len(a.standards)), str(len(b.standards))),
        (
            "assessment_period_years",
            "创建周期（年）",
            str(a.assessment_period_years),
            str(b.assessment_period_years),
        ),
        ("period", "测评周期", material_text.period_text(a), material_text.period_text(b)),
        (
            "vetoes",
            "一票否决项",
            "；".join(v.text for v in a.vetoes) or "无",
            "；".join(v.text for v in b.vetoes) or "无",
        ),
        (
            "scoring",
            "扣分制计分项",
            str(sum(c.scoring.mode == "deduction" for s in a.standards for c in s.clauses)),
            str(sum(c.scoring.mode == "deduction" for s in b.standards for c in s.clauses)),
        ),
    ]
    return [Change(field=f, label=label, a=va, b=vb) for f, label, va, vb in values if va != vb]


def _alignment_info(a: Rubric, b: Rubric, threshold: float, rules: Rules) -> AlignmentInfo:
    precision = recall = None
    if rules.reviewed:
        auto = aligner.standard_pairs(aligner.align_clauses(a, b, threshold), a, b)
        precision, recall = (round(x, 3) for x in aligner.agreement(auto, rules))
    return AlignmentInfo(
        threshold=threshold,
        file=str(rules.path) if rules.path else None,
        pins=rules.pins,
        forbids=rules.forbids,
        reviewed=rules.reviewed,
        auto_precision=precision,
        auto_recall=recall,
    )


def _one_to_one(pairs: list[tuple[str, str]]) -> bool:
    left = Counter(x for x, _ in pairs)
    right = Counter(y for _, y in pairs)
    return all(n == 1 for n in left.values()) and all(n == 1 for n in right.values())


def _equivalent(d: RubricDiff) -> bool:
    """Same clauses, points, methods, categories, targets, bonuses, thresholds and material rules."""
    if d.only_a or d.only_b or d.changed_matches or d.rubric_changes:
        return False
    if d.targets or d.bonuses or d.thresholds or d.material_rules:
        return False
    if not _one_to_one([(p.a, p.b) for p in d.standard_pairs]):
        return False
    flows = [(f.a, f.b) for f in d.flows]
    if any(fa is None or fb is None or fa.points != fb.points for fa, fb in flows):
        return False
    return _one_to_one([(fa.number, fb.number) for fa, fb in flows])  # type: ignore[union-attr]
