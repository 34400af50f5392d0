"""material_rules.quarterly_statement (Yiyang 附件2 注5): a statement dated in each ended quarter per named task."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.rubric import registry
from wenming_cli.rubric.loader import load_rubric_file

EXAMPLE = Path(__file__).parents[1] / "examples" / "yiyang-party-school"
RUBRIC = Path(__file__).parents[1] / "rubrics" / "yiyang-2021.yaml"


def _statements(folder: Path, as_of: str) -> dict[tuple[str, str], dict]:
    result = CliRunner().invoke(app, ["check", str(folder), "--as-of", as_of, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)["findings"]
    return {(f["task"], f["period"]): f for f in found if f["code"].startswith("QUARTER-STATEMENT")}


def test_yiyang_names_the_quarterly_statement_of_its_task_list():
    rule = registry.load_rubric("yiyang-2021").material_rules.quarterly_statement
    assert rule is not None and rule.kind == "report" and rule.tasks == ("a2-1", "a2-2", "a2-3")
    seed = Path("/work/shared/seeds/000_9a418e0fb557243e.txt")
    if seed.is_file():
        assert rule.text in seed.read_text(encoding="utf-8")
    assert rule.source == "附件2 注5" and rule.note


def test_each_ended_quarter_needs_a_dated_statement_per_task(tmp_path: Path):
    folder = tmp_path / "ev"
    shutil.copytree(EXAMPLE, folder)
    task_dir = folder / "a2-1 学习宣传" / "说明报告"
    task_dir.mkdir(parents=True)
    (task_dir / "2021-02-10 第一季度情况说明.txt").write_text(
        "一、工作情况\n开展学习 3 次。\n", encoding="utf-8"
    )
    (task_dir / "情况说明（无日期）.txt").write_text("一、工作情况\n开展学习 2 次。\n", encoding="utf-8")
    rule = registry.load_rubric("yiyang-2021").material_rules.quarterly_statement
    got = _statements(folder, "2021-08-15")
    a21 = {period: f for (task, period), f in got.items() if task == "a2-1"}
    assert set(a21) == {"2021Q2", "2021Q3"}  # Q1 has its dated statement; the undated one counts nowhere
    assert a21["2021Q2"]["code"] == "QUARTER-STATEMENT-MISSING" and a21["2021Q2"]["severity"] == "error"
    assert a21["2021Q3"]["code"] == "QUARTER-STATEMENT-OPEN" and a21["2021Q3"]["severity"] == "info"
    assert "2021年第二季度" in a21["2021Q2"]["message"] and rule.text in a21["2021Q2"]["message"]
    assert {p for (t, p) in got if t == "a2-3"} == {"2021Q1", "2021Q2", "2021Q3"}  # Q4 has not begun
    assert {p for (t, p) in got if t == "a2-2"} == {"2021Q1"}  # due in the first quarter (第一季度)
    assert {t for t, _p in got} == {"a2-1", "a2-2", "a2-3"}  # not a2-4 (3-year honour) nor 附件3's tasks


def test_before_the_first_quarter_ends_nothing_is_an_error(tmp_path: Path):
    got = _statements(EXAMPLE, "2021-03-01")
    assert got and all(
        f["code"] == "QUARTER-STATEMENT-OPEN" and f["period"] == "2021Q1" for f in got.values()
    )


def test_a_rule_naming_an_unknown_task_list_is_a_rubric_error(tmp_path: Path):
    text = RUBRIC.read_text(encoding="utf-8")
    assert "    tasks: [a2-1, a2-2, a2-3]\n" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("    tasks: [a2-1, a2-2, a2-3]\n", "    tasks: [a2-9]\n    kind: reprot\n", 1).replace(
            "    kind: report\n    tasks", "    tasks", 1
        ),
        encoding="utf-8",
    )
    problems = [p.message for p in load_rubric_file(bad).problems if p.severity == "error"]
    assert any("a2-9" in m for m in problems) and any("reprot" in m for m in problems)


def test_a_task_lists_own_rule_is_checked_too(tmp_path: Path):
    text = RUBRIC.read_text(encoding="utf-8")
    head = "  - id: a3\n"
    assert head in text
    own = "    material_rules:\n      quarterly_statement: {text: 按季度说明, kind: report, tasks: [a3-9.9]}\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(head, head + own, 1), encoding="utf-8")
    problems = [p for p in load_rubric_file(bad).problems if p.severity == "error"]
    assert any("a3-9.9" in p.message for p in problems), problems
