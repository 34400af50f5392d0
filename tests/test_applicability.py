"""Which tasks apply to a unit: one rule for check, score and init (issue 11)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from wenming_cli.applicability import applicable_tasks, task_applies
from wenming_cli.checks.engine import run_check
from wenming_cli.models.unit import NotApplicable
from wenming_cli.rubric import registry
from wenming_cli.scoring import score

ROOT = Path(__file__).resolve().parents[1]
YIYANG_PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"


def _plan(**unit_update):
    plan, rubric, _ = registry.load_unit_plan(YIYANG_PLAN)
    return plan.model_copy(update={"unit": plan.unit.model_copy(update=unit_update)}), rubric


def test_unit_plan_list_applies_task_by_task_and_category_list_by_category() -> None:
    plan, rubric = _plan()
    a2 = next(tl for tl in rubric.task_lists if tl.applies_to == "unit_plan")
    a3 = next(tl for tl in rubric.task_lists if tl.applies_to == "unit_categories")
    assigned = {a.subject for a in plan.assignments}
    assert [t.id for t in a2.tasks if task_applies(a2, t, plan)] == [
        t.id for t in a2.tasks if t.id in assigned
    ]
    assert all(task_applies(a3, t, plan) for t in a3.tasks)  # category "1"
    other, _ = _plan(category="9")
    assert not any(task_applies(a3, t, other) for t in a3.tasks)
    # a unit without a category gets every category task: leaving them out would flatter it
    none, _ = _plan(category=None)
    assert all(task_applies(a3, t, none) for t in a3.tasks)
    # without a plan every task is shown
    assert len(applicable_tasks(rubric, None)) == sum(len(tl.tasks) for tl in rubric.task_lists)
    # a task the plan does not assign does not apply, unless the plan declares it not applicable
    # (then it applies, so that its reason is shown)
    dropped = plan.model_copy(
        update={"assignments": tuple(a for a in plan.assignments if a.subject != "a2-4")}
    )
    a24 = next(t for t in a2.tasks if t.id == "a2-4")
    assert not task_applies(a2, a24, dropped)
    na = dropped.model_copy(
        update={"not_applicable": (NotApplicable(subject="a2-4", reason="本单位无此职能"),)}
    )
    assert task_applies(a2, a24, na)


def test_check_score_and_init_agree_for_a_unit_without_category(tmp_path: Path) -> None:
    root = tmp_path / "e"
    root.mkdir()
    text = YIYANG_PLAN.read_text(encoding="utf-8").replace('  category: "1"\n', "")
    (root / "unit.yaml").write_text(text, encoding="utf-8")
    result, plan, rubric = run_check(root, as_of=dt.date(2021, 7, 10), quick=True)
    assert plan is not None and plan.unit.category is None
    expected = {t.id for _tl, t in applicable_tasks(rubric, plan)}
    checked = {c.subject for c in result.coverage if c.task}
    scored = {t.task for t in score(rubric, plan, result).tasks}
    assert checked == expected == scored
    assert any(t.startswith("a3-") for t in expected)
    from wenming_cli.evidence.skeleton import _applicable_tasks

    assert {t.id for t in _applicable_tasks(rubric, plan)} == expected
    shutil.rmtree(root)
