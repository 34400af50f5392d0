"""The rubric's id lookups go through an index built once: they must answer as a scan in printed order."""

from __future__ import annotations

import pickle

import pytest

from wenming_cli.rubric.registry import load_rubric


def _scan_order(rubric, subject: str) -> tuple[int, int]:
    for i, s in enumerate(rubric.standards):
        if s.number == subject:
            return (0, i * 1000)
        for k, c in enumerate(s.clauses):
            if c.id == subject:
                return (0, i * 1000 + k + 1)
    tasks = [t.id for tl in rubric.task_lists for t in tl.tasks]
    return (1, tasks.index(subject)) if subject in tasks else (2, 0)


@pytest.mark.parametrize("ref", ["yiyang-2021", "yueyang-2022"])
def test_index_answers_as_the_printed_order_scan(ref: str) -> None:
    rubric = load_rubric(ref)
    ids = [*rubric.all_ids, "no-such-id", "", "1.99", rubric.standards[0].number + " "]
    methods = [m.id for m in rubric.vocabularies.methods] + ["no-such-method"]
    for subject in ids:
        assert rubric.subject_order(subject) == _scan_order(rubric, subject)
        assert rubric.standard(subject) is next((s for s in rubric.standards if s.number == subject), None)
        assert rubric.clause(subject) is next(
            (c for s in rubric.standards for c in s.clauses if c.id == subject), None
        )
        assert rubric.standard_of_clause(subject) is next(
            (s for s in rubric.standards if any(c.id == subject for c in s.clauses)), None
        )
        assert rubric.task(subject) is next(
            (t for tl in rubric.task_lists for t in tl.tasks if t.id == subject), None
        )
        assert rubric.task_list_of(subject) is next(
            (tl for tl in rubric.task_lists if any(t.id == subject for t in tl.tasks)), None
        )
    for method in methods:
        assert rubric.method(method) is next((m for m in rubric.vocabularies.methods if m.id == method), None)


def test_index_is_invisible_to_equality_dumps_and_pickles() -> None:
    used = load_rubric("yiyang-2021")
    used.subject_order("22")  # builds the index
    fresh = type(used).model_validate(used.model_dump())
    assert fresh == used and used == fresh
    assert "_index" not in used.model_dump() and "_index" not in dict(used)
    assert pickle.loads(pickle.dumps(used)).subject_order("22") == used.subject_order("22")
