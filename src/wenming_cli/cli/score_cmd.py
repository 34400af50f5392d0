"""`wenming score EVIDENCE`: points per clause and category, bonus and verdict."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from wenming_cli import scoring
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
    stderr_console,
    write_text_output,
)
from wenming_cli.cli.html_out import html_page
from wenming_cli.errors import InvalidInput, UsageError
from wenming_cli.errors import outcome as exit_outcome
from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import Scorecard
from wenming_cli.models.unit import UnitPlan
from wenming_cli.render import score_view

FormatChoice = format_option("score", batch=True)
OutputFile = output_option("score")

EvidenceArg = Annotated[Path, typer.Argument(help="佐证材料文件夹（根目录放 unit.yaml）。")]
EvidencesArg = Annotated[
    list[Path] | None,
    typer.Argument(help="佐证材料文件夹（根目录放 unit.yaml）；给出多个时逐个计分并输出汇总表。"),
]
QuickOpt = Annotated[bool, typer.Option("--quick", help="只做快速检查（不完整解码、不查近似重复）。")]


def evaluate(
    evidence: Path, rubric: str | None, as_of: dt.date, quick: bool
) -> tuple[CheckResult, UnitPlan | None, Rubric, Scorecard]:
    """Run the check, then score it: what score, gaps and report share."""
    try:
        from wenming_cli.checks.engine import run_check
    except ModuleNotFoundError as exc:  # the engine is a separate part of wenming
        if exc.name not in ("wenming_cli.checks", "wenming_cli.checks.engine"):
            raise
        raise InvalidInput("检查模块不可用，无法计分。", hint="请安装完整的 wenming。") from None
    if not evidence.exists():
        raise InvalidInput(f"找不到佐证材料文件夹 {evidence}。")
    from wenming_cli.checks.archive_input import open_evidence

    with open_evidence(evidence) as source:  # a zip archive is read through a temporary folder
        check, plan, rubric_model = run_check(source.folder, rubric_ref=rubric, as_of=as_of, quick=quick)
        check = source.annotate(check)
        return check, plan, rubric_model, scoring.score(rubric_model, plan, check)


def parse_points(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(f"{option} 应为分数，如 80 或 85.5，而不是“{text}”。") from None
    if not value.is_finite() or value < 0:
        raise UsageError(f"{option} 应为不小于 0 的分数。")
    return value


@handle_errors
def score(
    evidence: EvidencesArg = None,
    rubric: RubricOpt = None,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="为该文件夹下每个含 unit.yaml 的单位计分，输出汇总表（-o 汇总.xlsx）。"),
    ] = None,
    details: Annotated[bool, typer.Option("--details", help="多个单位时，在汇总表后附上每个单位的计分详情。")] = False,
    fail_under: Annotated[
        str | None,
        typer.Option("--fail-under", metavar="N", help="测评总分（按材料计分+加分）低于 N 分时退出码为 1。"),
    ] = None,
    quick: QuickOpt = False,
    fmt: FormatChoice = None,
    output: OutputFile = None,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    fail_on: FailOnOpt = FailOn.never,
) -> int:
    """按测评细则计分：每个计分项的得分、各测评项目小计、特色加分和评定。"""
    folders = list(evidence or [])
    if batch is not None or len(folders) > 1:
        from wenming_cli.cli.batch_out import run_batch_command

        return run_batch_command(
            folders, batch, command="score", rubric=rubric, quick=quick, workers=None, cache=True,
            fmt=fmt, output=output, force=force, as_of=as_date(as_of), fail_on=fail_on, details=details,
        )  # fmt: skip
    if not folders:
        raise typer.BadParameter("请给出佐证材料文件夹路径。", param_hint="EVIDENCE")
    evidence = folders[0]
    chosen = resolve_format(fmt, output, allowed=formats_for("score"))
    threshold = parse_points(fail_under, "--fail-under")
    if output is not None:
        check_writable(output, force, evidence)  # refuse before the long check, not after
    today = as_date(as_of)
    check, plan, rubric_model, card = evaluate(evidence, rubric, today, quick)
    notices.show(rubric, as_of, plan, rubric_model)
    if chosen == OutputFormat.html:
        text = html_page("score", check, rubric_model, plan, evidence, today, card)
    else:
        text = score_view.render_score(card, chosen)
    write_text_output(text, output, force, evidence)
    below = threshold is not None and card.total < threshold
    if below:
        stderr_console().print(
            f"测评总分 {score_view.p(card.total)} 分低于 --fail-under {score_view.p(threshold)} 分。",
            markup=False,
        )
    return exit_outcome(below or findings_reach((f.severity for f in check.findings), fail_on))


def register(app: typer.Typer) -> None:
    app.command("score")(score)
