"""A rubric's ids mapped to what they name, so lookups by id cost one dict access (`Rubric._index`)."""

from __future__ import annotations

from dataclasses import dataclass

from wenming_cli.models.rubric import Clause, Method, Rubric, Standard, Task, TaskList


@dataclass(frozen=True)
class RubricIndex:
    """A rubric's ids mapped to what they name. Where an id repeats (a validated rubric has none), the
    first in printed order wins, as a scan in printed order would find it."""

    standards: dict[str, Standard]
    clauses: dict[str, Clause]
    standard_of_clause: dict[str, Standard]
    tasks: dict[str, Task]
    task_lists: dict[str, TaskList]
    methods: dict[str, Method]
    order: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, rubric: Rubric) -> RubricIndex:
        standards: dict[str, Standard] = {}
        clauses: dict[str, Clause] = {}
        owners: dict[str, Standard] = {}
        order: dict[str, tuple[int, int]] = {}
        for i, standard in enumerate(rubric.standards):
            standards.setdefault(standard.number, standard)
            order.setdefault(standard.number, (0, i * 1000))
            for k, clause in enumerate(standard.clauses):
                clauses.setdefault(clause.id, clause)
                owners.setdefault(clause.id, standard)
                order.setdefault(clause.id, (0, i * 1000 + k + 1))
        tasks: dict[str, Task] = {}
        lists: dict[str, TaskList] = {}
        position = 0
        for task_list in rubric.task_lists:
            for task in task_list.tasks:
                tasks.setdefault(task.id, task)
                lists.setdefault(task.id, task_list)
                order.setdefault(task.id, (1, position))
                position += 1
        methods: dict[str, Method] = {}
        for method in rubric.vocabularies.methods:
            methods.setdefault(method.id, method)
        return cls(standards, clauses, owners, tasks, lists, methods, order)
