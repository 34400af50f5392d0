"""`wenming import SRC EVIDENCE` (propose a placement plan) and `wenming import --apply PLAN` (copy)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli.common import (
    DebugOpt,
    ForceOpt,
    RubricOpt,
    check_writable,
    format_option,
    formats_for,
    handle_errors,
    resolve_format,
    stderr_console,
    write_output,
    write_text_output,
)
from wenming_cli.errors import InvalidInput, UsageError
from wenming_cli.errors import outcome as exit_outcome
from wenming_cli.evidence import layout
from wenming_cli.fsio import inside
from wenming_cli.importer import apply as applying
from wenming_cli.importer import plan as plan_io
from wenming_cli.importer.options import DEFAULT_GAP_HOURS, DEFAULT_THRESHOLD, Options
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.render import import_view
from wenming_cli.rubric import registry

FormatChoice = format_option("import")


def _load(evidence: Path, rubric_ref: str | None) -> tuple[Rubric, str, UnitPlan | None]:
    unit_file = evidence / layout.UNIT_PLAN_NAME
    if unit_file.is_file():
        plan, plan_rubric, _ = registry.load_unit_plan(unit_file)
        if rubric_ref:
            return registry.load_rubric(rubric_ref), rubric_ref, plan
        return plan_rubric, plan.rubric, plan
    if not rubric_ref:
        raise UsageError(
            f"{evidence} 中没有 unit.yaml，不知道按哪个测评细则放置。",
            hint="用 --rubric 指定（如 yiyang-2021），或先运行 wenming init 建立证据文件夹。",
        )
    return registry.load_rubric(rubric_ref), rubric_ref, None


def _default_csv(src: Path) -> Path:
    base = src.resolve()
    stem = base.stem if base.is_file() else base.name
    return base.parent / f"{stem}-导入计划.csv"


def _propose(
    src: Path,
    evidence: Path,
    rubric_ref: str | None,
    department: str | None,
    gap: float,
    threshold: float,
    output: Path | None,
    force: bool,
) -> tuple[plan_io.ImportPlan, Path]:

    if not src.exists():
        raise InvalidInput(f"来源 {src} 不存在。")
    if src.is_file() and src.suffix.lower() != ".zip":
        raise UsageError(f"来源 {src} 不是文件夹，也不是 .zip 压缩包。", hint="rar/7z 请先解压。")
    if evidence.exists() and not evidence.is_dir():
        raise UsageError(f"{evidence} 不是文件夹。")
    if inside(evidence, src) or (src.is_dir() and inside(src, evidence)):
        raise UsageError("来源和证据文件夹不能相互包含。", hint="把部门交来的材料放在证据文件夹之外。")
    rubric, ref, unit = _load(evidence, rubric_ref)
    if department and unit is not None:
        from wenming_cli.importer.matching import find_department

        if find_department(unit, [department]) is None:
            known = "、".join(d.name for d in unit.departments) or "（无）"
            raise UsageError(f"unit.yaml 中没有部门“{department}”。", hint=f"可用：{known}")
    csv_path = output or _default_csv(src)
    if inside(csv_path, evidence) or inside(csv_path, src):
        raise UsageError(f"计划文件 {csv_path} 不能写在来源或证据文件夹里。", hint="用 -o 指定别处。")
    check_writable(csv_path, force, evidence)  # before the work, not after minutes of it
    options = Options(gap=dt.timedelta(hours=gap), threshold=threshold, department=department)
    result = _propose_with_progress(src, evidence, rubric, ref, unit, options)
    write_output(plan_io.to_csv(result), csv_path, force, evidence)
    return result, csv_path


def _propose_with_progress(src, evidence, rubric, ref, unit, options) -> plan_io.ImportPlan:  # noqa: ANN001
    from wenming_cli.importer.propose import propose  # reads the dump (Pillow…): when proposing only

    console = stderr_console()
    if not console.is_terminal:
        return propose(src, evidence, rubric, ref, unit, options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("读取材料"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("files", total=None)
        return propose(
            src,
            evidence,
            rubric,
            ref,
            unit,
            options,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _apply(plan_path: Path) -> tuple[applying.ApplyReport, str]:
    try:
        data = plan_path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"无法读取计划文件 {plan_path}：{exc.strerror or exc}。") from None
    try:
        plan = plan_io.from_csv(data)
    except plan_io.PlanFormatError as exc:
        where = f"第 {exc.line} 行：" if exc.line else ""
        raise InvalidInput(f"计划文件 {plan_path} {where}{exc.message}") from None
    evidence = Path(plan.evidence_root)
    if not evidence.is_dir():
        raise InvalidInput(
            f"计划中的证据文件夹 {evidence} 不存在。", hint="先运行 wenming init 建立证据文件夹。"
        )
    if not Path(plan.source_root).exists():
        raise InvalidInput(f"计划中的来源 {plan.source_root} 不存在：文件被移动过？请重新生成计划。")
    rubric, _, unit = _load(evidence, plan.rubric or None)
    return applying.apply(plan, rubric, unit), str(evidence)


def register(app: typer.Typer) -> int:
    @app.command("import")
    @handle_errors
    def import_(
        src: Annotated[
            Path | None, typer.Argument(help="部门交来的材料：文件夹或 .zip；不会被改动。")
        ] = None,
        evidence: Annotated[Path | None, typer.Argument(help="证据文件夹（生成计划时只读取）。")] = None,
        apply_plan: Annotated[
            Path | None, typer.Option("--apply", help="按核对过的计划（CSV）复制文件并起草活动说明。")
        ] = None,
        department: Annotated[
            str | None,
            typer.Option("--department", "-d", help="材料来自哪个部门（unit.yaml 中的部门名或别名）。"),
        ] = None,
        gap: Annotated[
            float, typer.Option("--gap", min=0.1, help="同一次活动相邻照片的最大间隔（小时）。")
        ] = DEFAULT_GAP_HOURS,
        threshold: Annotated[
            float, typer.Option("--threshold", min=0.0, max=1.0, help="置信度达到该值（0—1）才建议采用。")
        ] = DEFAULT_THRESHOLD,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="计划 CSV 的路径；默认在来源旁边。")
        ] = None,
        rubric: RubricOpt = None,
        fmt: FormatChoice = None,
        force: ForceOpt = False,
        debug: DebugOpt = False,
    ) -> int:
        """把部门交来的原始材料按测评标准和活动整理进证据文件夹：先生成计划，核对后 --apply 复制。"""
        chosen = resolve_format(fmt, None, allowed=formats_for("import"))
        if apply_plan is not None:
            if src is not None or evidence is not None:
                raise UsageError("--apply 只需要计划文件：来源和证据文件夹已记录在计划中。")
            report, root = _apply(apply_plan)
            write_text_output(import_view.render_apply(report, root, chosen), None, False)
            return exit_outcome(bool(report.refused))
        if src is None or evidence is None:
            raise UsageError("用法：wenming import 来源 证据文件夹，或 wenming import --apply 计划.csv")
        result, csv_path = _propose(src, evidence, rubric, department, gap, threshold, output, force)
        write_text_output(import_view.render_plan(result, chosen, str(csv_path)), None, False)
