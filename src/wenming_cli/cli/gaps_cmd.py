"""`wenming gaps EVIDENCE`: what loses points, grouped by department and person, with deadlines."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli import notices
from wenming_cli.cli.common import (
    AsOfOpt,
    FailOn,
    FailOnOpt,
    ForceOpt,
    OutputFormat,
    RubricOpt,
    as_date,
    check_writable,
    findings_reach,
    format_option,
    formats_for,
    handle_errors,
    output_option,
    resolve_format,
    write_text_output,
)
from wenming_cli.cli.html_out import html_page
from wenming_cli.cli.score_cmd import EvidenceArg, QuickOpt, evaluate
from wenming_cli.errors import UsageError
from wenming_cli.errors import outcome as exit_outcome
from wenming_cli.models.finding import Severity
from wenming_cli.models.unit import UnitPlan
from wenming_cli.render import gaps_view
from wenming_cli.scoring import gaps as gaps_mod
from wenming_cli.scoring.baseline import BaselineError, compare_baseline

FormatChoice = format_option("gaps")
OutputFile = output_option("gaps")


def department_aliases(plan: UnitPlan | None, department: str) -> dict[str, str]:
    """Map every way a clerk may name the department (id, name, alias) to its id, or refuse."""
    if plan is None or not plan.departments:
        raise UsageError("单位方案没有列出部门（departments），无法按部门筛选。")
    names = {d.id: d.id for d in plan.departments}
    for d in plan.departments:
        names[d.name] = d.id
        names.update({a: d.id for a in d.aliases})
    if department not in names:
        near = difflib.get_close_matches(department, list(names), n=1, cutoff=0.3)
        hint = f"是否想写“{near[0]}”？" if near else "可用：" + "、".join(d.name for d in plan.departments)
        raise UsageError(f"单位方案中没有部门“{department}”。", hint=hint)
    return names


def check_person(plan: UnitPlan | None, person: str) -> None:
    known = set(plan.roster_names) if plan else set()
    if plan:
        known |= {x for a in plan.assignments for x in (*a.persons, *a.doers)}
    if person not in known:
        near = difflib.get_close_matches(person, sorted(known), n=1, cutoff=0.3)
        hint = f"是否想写“{near[0]}”？" if near else None
        raise UsageError(f"单位方案中没有责任人“{person}”。", hint=hint)


def read_baseline(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UsageError(f"找不到上次结果文件 {path}。") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(
            f"上次结果文件 {path} 不是有效的 JSON：{exc}", hint="请用 --format json 保存的结果。"
        ) from None


@handle_errors
def gaps(
    evidence: EvidenceArg,
    rubric: RubricOpt = None,
    department: Annotated[
        str | None, typer.Option("--department", "-d", help="只列出该部门（id、名称或别名）的待整改事项。")
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="只列出该责任人或执行人的待整改事项。")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="上次运行的 JSON 结果（--format json）：标出新增和已解决的问题。"),
    ] = None,
    quick: QuickOpt = False,
    fmt: FormatChoice = None,
    output: OutputFile = None,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    fail_on: FailOnOpt = FailOn.error,
) -> int:
    """列出丢分的计分项和未完成的任务：风险分从大到小，按责任部门和责任人分组，标出逾期。"""
    chosen = resolve_format(fmt, output, allowed=formats_for("gaps"))
    if output is not None:
        check_writable(output, force, evidence)
    previous = read_baseline(baseline) if baseline is not None else None
    today = as_date(as_of)
    check, plan, rubric_model, card = evaluate(evidence, rubric, today, quick)
    notices.show(rubric, as_of, plan, rubric_model)
    aliases = department_aliases(plan, department) if department else None
    if person:
        check_person(plan, person)
    report = gaps_mod.build_gaps(card, today)
    if previous is not None:
        keys = [f.key for f in check.findings if f.severity != Severity.info]
        try:
            report = compare_baseline(report, keys, previous, str(baseline))
        except BaselineError as exc:
            raise UsageError(
                f"上次结果文件 {baseline}：{exc}。",
                hint="用同一单位、同一测评细则的 check、score 或 gaps --format json 结果。",
            ) from None
    if department or person:
        report = gaps_mod.filter_gaps(report, department, person, aliases)
    if chosen == OutputFormat.html:
        text = html_page("gaps", check, rubric_model, plan, evidence, today, card, report)
    else:
        text = gaps_view.render_gaps(report, chosen, check.findings)
    write_text_output(text, output, force, evidence)
    return exit_outcome(findings_reach((g.severity for g in report.gaps), fail_on))


def register(app: typer.Typer) -> None:
    app.command("gaps")(gaps)
