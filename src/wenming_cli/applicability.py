"""Which city tasks apply to a unit: the one rule that check, score and init all follow."""

from __future__ import annotations

from wenming_cli.models.rubric import Rubric, Task, TaskList
from wenming_cli.models.unit import UnitPlan


def task_applies(task_list: TaskList, task: Task, plan: UnitPlan | None) -> bool:
    """Whether a task is this unit's to do.

    - Without a unit plan every task is shown: nothing says which ones the unit may leave out.
    - A unit-plan list (Yiyang 附件2) applies task by task, when the plan assigns it or declares it
      not applicable (so that the reason is shown).
    - A category list (Yiyang 附件3: 第一至第五类) applies to the unit's category; a plan that gives no
      category gets every task, since leaving tasks out would flatter it.
    """
    if plan is None:
        return True
    if task_list.applies_to == "unit_plan":
        return any(a.subject == task.id for a in plan.assignments) or any(
            na.subject == task.id for na in plan.not_applicable
        )
    if not task_list.unit_categories or plan.unit.category is None:
        return True
    return plan.unit.category in task_list.unit_categories


def applicable_tasks(rubric: Rubric, plan: UnitPlan | None) -> list[tuple[TaskList, Task]]:
    """Every task of the rubric that applies to the unit, in printed order, with its list."""
    return [(tl, t) for tl in rubric.task_lists for t in tl.tasks if task_applies(tl, t, plan)]
