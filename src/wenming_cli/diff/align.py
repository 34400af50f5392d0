"""Align two rubrics clause by clause, by content rather than by number.

Each clause of A is paired with the clause of B it is most like, and each clause of B with the clause
of A it is most like, when that similarity reaches the threshold. The union of both directions gives
one-to-many and many-to-one pairs where a city merged or split standards; an alignment file then pins
or forbids pairs, or fixes a standard's partners outright.
"""

from __future__ import annotations

from collections.abc import Iterable

from wenming_cli.diff.alignfile import NO_RULES, Rules
from wenming_cli.diff.models import ClausePair, Origin
from wenming_cli.diff.similarity import similarity_matrix
from wenming_cli.models.rubric import Clause, Rubric, Standard

# Tuned on Yiyang 2021 against Yueyang (precision 0.98, recall 0.95 at standard level, see
# tests/test_diff.py); unrelated clauses of the two seeds score below 0.12, true partners above 0.25.
DEFAULT_THRESHOLD = 0.2

Slot = tuple[Standard, Clause]


def slots(rubric: Rubric) -> list[Slot]:
    return [(s, c) for s in rubric.standards for c in s.clauses]


def align_clauses(
    a: Rubric, b: Rubric, threshold: float = DEFAULT_THRESHOLD, rules: Rules = NO_RULES
) -> list[ClausePair]:
    """Clause pairs of A and B, in A's printed order."""
    sa, sb = slots(a), slots(b)
    sim = similarity_matrix([c.text for _, c in sa], [c.text for _, c in sb])

    def allowed(i: int, j: int) -> bool:
        return rules.allows(sa[i][1].id, sb[j][1].id, sa[i][0].number, sb[j][0].number)

    chosen: dict[tuple[int, int], Origin] = {}  # (index in A, index in B)
    for i in range(len(sa)):
        for j in _best(((j, sim[i][j]) for j in range(len(sb)) if allowed(i, j)), threshold):
            chosen[(i, j)] = "auto"
    for j in range(len(sb)):
        for i in _best(((i, sim[i][j]) for i in range(len(sa)) if allowed(i, j)), threshold):
            chosen[(i, j)] = "auto"

    index_a = {c.id: i for i, (_, c) in enumerate(sa)}
    index_b = {c.id: j for j, (_, c) in enumerate(sb)}
    for ca, cb in rules.pin_clauses:
        chosen[(index_a[ca], index_b[cb])] = "pinned"
    wanted: list[tuple[tuple[str, str], Origin]] = [(p, "pinned") for p in _ordered(rules.pin_standards, a, b)]
    wanted += [(p, "reviewed") for p in _ordered(rules.reviewed_pairs, a, b)]
    for (na, nb), origin in wanted:
        between = [
            (i, j)
            for i in range(len(sa))
            if sa[i][0].number == na
            for j in range(len(sb))
            if sb[j][0].number == nb
        ]
        if between and not any(p in chosen for p in between):
            # A pinned pair of standards whose clauses share few words: link their closest clauses.
            chosen[max(between, key=lambda p: sim[p[0]][p[1]])] = origin

    return [
        ClausePair(a=sa[i][1].id, b=sb[j][1].id, similarity=round(sim[i][j], 3), origin=origin)
        for (i, j), origin in sorted(chosen.items())
    ]


def _best(candidates: Iterable[tuple[int, float]], threshold: float) -> list[int]:
    scored = list(candidates)
    if not scored:
        return []
    top = max(score for _, score in scored)
    if top < threshold:
        return []
    return [k for k, score in scored if score == top]


def _ordered(pairs: Iterable[tuple[str, str]], a: Rubric, b: Rubric) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda p: (a.subject_order(p[0]), b.subject_order(p[1])))


def standard_pairs(pairs: Iterable[ClausePair], a: Rubric, b: Rubric) -> set[tuple[str, str]]:
    """Standards (ids as printed) linked by at least one clause pair."""
    return {(standard_of(p.a, a), standard_of(p.b, b)) for p in pairs}


def standard_of(clause_id: str, rubric: Rubric) -> str:
    """The id of the standard a clause belongs to, looked up in its rubric."""
    standard = rubric.standard_of_clause(clause_id)
    assert standard is not None, clause_id
    return standard.number


def groups(pairs: list[ClausePair]) -> list[list[ClausePair]]:
    """Connected groups of pairs: the clauses of A and B that belong together, in A's order."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for p in pairs:
        parent[find(("a", p.a))] = find(("b", p.b))
    grouped: dict[tuple[str, str], list[ClausePair]] = {}
    for p in pairs:
        grouped.setdefault(find(("a", p.a)), []).append(p)
    return list(grouped.values())


def agreement(predicted: set[tuple[str, str]], rules: Rules) -> tuple[float, float]:
    """Precision and recall of standard pairs against a reviewed list, over the standards it covers."""
    judged = {p for p in predicted if rules.covers(*p)}
    truth = set(rules.reviewed_pairs)
    hits = len(judged & truth)
    precision = hits / len(judged) if judged else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall
